package org.dualad.verification;

/**
 * How far a derivative may be from its oracle: an entry a passes against the oracle's e when
 * |a - e| &le; absolute + relative &times; max(|a|, |e|) (plus the oracle's own error bound for
 * finite differences). NaN never passes; equal infinities do.
 *
 * @param relative the relative tolerance, &ge; 0
 * @param absolute the absolute tolerance, &ge; 0 (covers entries that cancel to about 0)
 */
public record Tolerance(double relative, double absolute) {
    /**
     * The default, 1e-12 relative and 1e-12 absolute: AD modes and the complex step agree to a
     * few ulps on well-conditioned code; cancellation inside f can cost a few digits more.
     */
    public static final Tolerance DEFAULT = new Tolerance(1e-12, 1e-12);

    /**
     * @param relative the relative tolerance
     * @param absolute the absolute tolerance
     * @throws IllegalArgumentException if either is negative or NaN
     */
    public Tolerance {
        if (!(relative >= 0) || !(absolute >= 0)) {
            throw new IllegalArgumentException("Tolerance: relative and absolute must be >= 0, got "
                    + relative + " and " + absolute);
        }
    }

    /**
     * @param actual the derivative being checked
     * @param expected the oracle's value
     * @return the allowed absolute difference
     */
    public double allowed(double actual, double expected) {
        return absolute + relative * Math.max(Math.abs(actual), Math.abs(expected));
    }

    @Override
    public String toString() {
        return "|actual - expected| <= " + absolute + " + " + relative + " * max(|actual|, |expected|)";
    }
}
