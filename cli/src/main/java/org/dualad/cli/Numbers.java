package org.dualad.cli;

/** How the command prints numbers for people (JSON goes through Jackson instead). */
final class Numbers {
    private Numbers() {
    }

    /**
     * The shortest text that reads back as the same double ({@link Double#toString}), except that
     * an integer of magnitude below 1e15 prints without ".0": 64, -3, 0.5, 1.0E-20, NaN.
     *
     * @param v the number
     * @return its text
     */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            if (v == 0 && 1 / v < 0) {
                return "-0";
            }
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
