package org.dualad.dual;

/**
 * Whether one of {@link Taylor}'s recurrences in doubles left the double range on the way: a
 * coefficient or a term that is not a normal double where a later one needs it. The checks are
 * cheap passes over a result; where one fires, Taylor forms the series again in
 * {@link WideSeries}. Static, on primitive arrays (u, v: a product's factors; w, y: its result).
 */
final class SeriesChecks {
    private SeriesChecks() {
    }

    /** True when a coefficient is neither 0 nor a normal double (it left the range on the way). */
    static boolean abnormal(double[] a) {
        boolean any = false;
        for (double v : a) {
            long e = Double.doubleToRawLongBits(v) & 0x7FF0000000000000L; // 0: zero or subnormal; all ones: inf, NaN
            any |= e == 0x7FF0000000000000L | e == 0 & v != 0;
        }
        return any;
    }

    /**
     * True when a coefficient is 0 or not a normal double: one test of its exponent bits, so that a
     * series none of whose coefficients is (the usual case) skips {@link #lost}'s search at once.
     */
    static boolean unsure(double[] a) {
        boolean any = false;
        for (double x : a) {
            long e = Double.doubleToRawLongBits(x) & 0x7FF0000000000000L;
            any |= e == 0 | e == 0x7FF0000000000000L;
        }
        return any;
    }

    /**
     * Whether w_j = sum_{i = from .. j} of terms in u_i v_(j-i) lost a term that a later product may need: a
     * coefficient that is not 0 and not a normal double (a subnormal one kept a few digits, an
     * infinite one hides the rest), or one that is exactly 0 although a product of two non-zero
     * coefficients near the subnormal range went into it (it underflowed: u0^2 at 1e-200). A
     * product that underflowed beside a normal coefficient is below its last digit, so only zero
     * coefficients are searched.
     */
    static boolean lost(double[] u, double[] v, double[] w, int from) {
        boolean bad = false;
        boolean zero = false;
        for (double x : w) {
            long e = Double.doubleToRawLongBits(x) & 0x7FF0000000000000L; // 0: zero or subnormal; all ones: inf, NaN
            bad |= e == 0x7FF0000000000000L | e == 0 & x != 0;
            zero |= x == 0;
        }
        if (bad || !zero) {
            return bad;
        }
        for (int j = 0; j < w.length; j++) {
            if (w[j] == 0) {
                for (int i = from; i <= j; i++) {
                    // a term near or below the subnormal range; a 0 that normal terms cancel to is exact
                    if (u[i] != 0 && v[j - i] != 0 && Math.abs(u[i] * v[j - i]) < 0x1p-1000) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * For y_j = (num_j - &Sigma;_{i=1..j-last} a_i y_(j-i)) / d from index from on: true where the
     * sum before the division was not a normal number (y_j d below 2^-1022: its terms' underflow,
     * negligible beside a normal sum, is not beside a subnormal one that a tiny d then magnifies),
     * or where y_j is 0 from a sum that was not (the division underflowed, and a later coefficient
     * may multiply y_j by a huge one).
     */
    static boolean divisionLost(double[] num, double[] a, double[] y, double d, int from, int last) {
        boolean out = false;
        for (int j = from; j < y.length; j++) {
            if (y[j] != 0) {
                out |= Math.abs(y[j] * d) < Double.MIN_NORMAL;
            } else {
                // 0 from a sum that cancelled exactly, or from one that the division underflowed
                double sum = num[j];
                for (int i = 1; i <= j - last; i++) {
                    sum -= a[i] * y[j - i];
                }
                out |= sum != 0;
            }
        }
        return out;
    }

    /**
     * The usual case, at the cost of one pass: every y_j (j &gt;= from) and y_j d (the sum before a
     * division by d) is a normal double, so that nothing left the range on the way and no further
     * check is needed (zeros, even exact ones, send the caller to its finer checks).
     */
    static boolean normalQuotient(double[] y, double d, int from) {
        // the smallest and largest magnitude (Math.min and max carry a NaN through)
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int j = from; j < y.length; j++) {
            double a = Math.abs(y[j]);
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        double ad = Math.abs(d);
        return lo >= Double.MIN_NORMAL && hi <= Double.MAX_VALUE && lo * ad >= Double.MIN_NORMAL && hi * ad <= Double.MAX_VALUE;
    }

    /** True when a ratio u_i / u0 (i &gt;= 1, u_i not 0) may be beyond the normal range (by exponents). */
    static boolean ratiosOut(double[] u) {
        boolean out = false;
        int e0 = Math.getExponent(u[0]);
        for (int i = 1; i < u.length; i++) {
            int d = Math.getExponent(u[i]) - e0; // a subnormal u_i reads -1023: counted as far below
            out |= u[i] != 0 & (d < -1020 | d > 1020);
        }
        return out;
    }

    /** True when a non-zero coefficient is beyond 2^+-400 (a product of three may leave the range). */
    static boolean farApart(double[] u) {
        boolean far = false;
        for (double x : u) {
            int e = Math.getExponent(x);
            far |= x != 0 & (e > 400 | e < -400);
        }
        return far;
    }
}
