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
    HIGH_PRECISION("high precision"),
    /**
     * Commons Math's {@code DerivativeStructure} of order 2 ({@link Oracles#derivativeStructureGradient}
     * and friends): exact to rounding, with Commons Math's own implementation of every rule, so it
     * shares none of DualAD's. Compared with the check's {@link Tolerance} alone. Its conventions at
     * kinks differ from DualAD's (|x|' = 1 at 0), so a check there fails. The {@code dualad check}
     * command's reference.
     */
    DERIVATIVE_STRUCTURE("DerivativeStructure");

    private final String label;

    Oracle(String label) {
        this.label = label;
    }

    /** @return the name used in reports */
    public String label() {
        return label;
    }
}
