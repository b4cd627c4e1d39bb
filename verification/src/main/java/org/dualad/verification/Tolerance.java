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

    /**
     * The rule itself, for one entry.
     *
     * @param actual the derivative being checked
     * @param expected the oracle's value
     * @param bound the oracle's own error bound (finite differences), else 0
     * @return true when |actual - expected| &le; {@link #allowed} + bound and neither is NaN
     *     (equal infinities pass)
     */
    public boolean accepts(double actual, double expected, double bound) {
        return absoluteError(actual, expected) <= allowed(actual, expected) + bound
                && !Double.isNaN(actual) && !Double.isNaN(expected);
    }

    /**
     * @param actual a value
     * @param expected its reference
     * @return |actual - expected|, 0 when they are equal (equal infinities too)
     */
    public static double absoluteError(double actual, double expected) {
        return actual == expected ? 0 : Math.abs(actual - expected);
    }

    /**
     * The relative error every check reports.
     *
     * @param actual a value
     * @param expected its reference
     * @return |actual - expected| / max(|actual|, |expected|), 0 when they are equal
     */
    public static double relativeError(double actual, double expected) {
        double abs = absoluteError(actual, expected);
        return abs == 0 ? 0 : abs / Math.max(Math.abs(actual), Math.abs(expected));
    }

    @Override
    public String toString() {
        return "|actual - expected| <= " + absolute + " + " + relative + " * max(|actual|, |expected|)";
    }
}
