package org.dualad.dual;

/** Shared pieces of the number types' {@code toString}. */
final class Format {
    private Format() {
    }

    /** " + 2.0ε", " - 2.0ε", " + NaNε": one signed term of a printed dual. */
    static String term(double coefficient, String unit) {
        boolean negative = coefficient < 0 || (coefficient == 0 && 1 / coefficient < 0);
        return (negative ? " - " : " + ") + Math.abs(coefficient) + unit;
    }
}
