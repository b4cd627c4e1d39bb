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
    FINITE_DIFFERENCES("finite differences");

    private final String label;

    Oracle(String label) {
        this.label = label;
    }

    /** @return the name used in reports */
    public String label() {
        return label;
    }
}
