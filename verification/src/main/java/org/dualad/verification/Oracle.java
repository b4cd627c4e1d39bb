package org.dualad.verification;

/** The reference a check compares against. */
public enum Oracle {
    /**
     * Complex step ({@link Oracles#complexStepGradient} and friends): exact to rounding for
     * real-analytic functions, compared with the check's {@link Tolerance} alone.
     */
    COMPLEX_STEP("complex step"),
    /**
     * Finite differences ({@link Oracles#finiteDifferenceGradientWithError} and friends):
     * approximate, so each entry may also differ by the estimate's own error bound.
     */
    FINITE_DIFFERENCES("finite differences"),
    /**
     * The high-precision oracle ({@link Oracles#highPrecisionGradient} and friends, on
     * {@link HighPrecision}): f's exact derivatives to about 40 digits, rounded once, from rules
     * written independently of DualAD's. Compared with the check's {@link Tolerance} alone. Not
     * among a check's default oracles (it costs one pass of f on 64-digit numbers); choose it with
     * {@code .oracles(...)}. At a kink it has no derivative (NaN), so such a check fails there.
     */
    HIGH_PRECISION("high precision");

    private final String label;

    Oracle(String label) {
        this.label = label;
    }

    /** @return the name used in reports */
    public String label() {
        return label;
    }
}
