package org.dualad.dual;

/**
 * Value kernels shared by the rule table ({@link Differentiable}) and {@link Taylor}, so that the
 * value of a function is the same double in every mode: careful forms where the library's
 * (FastMath's asinh and acosh, pow with a rounded 1/n) overflow or lose digits; and the terms of
 * powers' derivatives with their exponents kept apart ({@link #monomial}, {@link #powTerm}), so
 * that Taylor mode's higher derivatives of x<sup>p</sup> leave the range only where the rule
 * table's first two do.
 */
final class Values {
    private Values() {
    }

    /**
     * |a| with the sign of s, a NaN s counting as positive ({@link StrictMath#copySign}): Java
     * does not fix a NaN's sign bit, and inf - inf or 0 * inf may carry either in compiled code, a
     * replay or a fresh recording, so copySign must not read it.
     */
    static double copySign(double a, double s) {
        return StrictMath.copySign(a, s);
    }

    /**
     * hypot's first partial in an argument a where an argument is infinite (the conventions
     * table): +-1, a's sign, for an infinite a, 0 for a finite one; every second partial is 0.
     * One rule for the rule table and Taylor mode.
     */
    static double hypotSlopeAtInfinity(double a) {
        return Double.isInfinite(a) ? Math.signum(a) : 0;
    }

    /**
     * d/dx copySign(x, s) given x = a and the result r: +1 where the sign was kept, -1 where it
     * was flipped; a NaN a counts as positive, as a NaN sign does, so that the slope (and a
     * recording's decision) never depends on a NaN's sign bit.
     */
    static double copySignSlope(double a, double r) {
        long sa = a != a ? 0 : Double.doubleToRawLongBits(a);
        return (sa ^ Double.doubleToRawLongBits(r)) >= 0 ? 1 : -1;
    }

    /**
     * The real n-th root: exact library roots for n = 2 and 3, odd roots of negative numbers
     * negative, even roots of negative numbers (-&infin; included) NaN, as sqrt's. Other n: the
     * root of the mantissa times 2^(e/n), exactly split: pow(x, 1/n) with the rounded 1/n is off by
     * |ln x| ulps/2n (70 ulps for the fifth root of 1e300). A negative n is the reciprocal of the
     * |n|-th root; n = 0 is NaN.
     */
    static double realRoot(double a, int n) {
        if (n == 0) {
            return Double.NaN; // there is no 0th root (pow(x, 1/0) would read 0, 1 or inf by |x|)
        }
        if (n < 0 && n != Integer.MIN_VALUE) {
            // x^(1/n) = 1 / x^(1/|n|): the positive root's digits, one more rounding (pow with a
            // rounded -1/3 lost 13 digits at 1e-300)
            return 1 / realRoot(a, -n);
        }
        switch (n) {
            case 2:
                return Math.sqrt(a);
            case 3:
                return Math.cbrt(a);
            default:
                if ((n & 1) == 0 && a < 0) {
                    return Double.NaN;
                }
                double m = Math.abs(a);
                if (n >= 4 && n <= 1023 && m > 0 && m < Double.POSITIVE_INFINITY) {
                    int q = Math.floorDiv(FieldRules.exponent(m), n);
                    double r = Math.scalb(Math.pow(Math.scalb(m, -q * n), 1.0 / n), q); // m 2^-qn in [1, 2^n)
                    return Math.copySign(r, a);
                }
                return Math.copySign(Math.pow(m, 1.0 / n), a);
        }
    }

    /**
     * asinh(x) without overflow or cancellation (FastMath.asinh squares x, which overflows from
     * 1.34e154): log(2|x|) beyond 2^28, log(2|x| + 1/(|x| + sqrt(x^2 + 1))) beyond 2, and
     * log1p(|x| + x^2/(1 + sqrt(1 + x^2))) below, odd in x.
     */
    static double asinhValue(double a) {
        double m = Math.abs(a);
        double r;
        if (!(m < 0x1p28)) { // NaN and infinities too
            r = Math.log(m) + 0.6931471805599453;
        } else if (m > 2) {
            r = Math.log(2 * m + 1 / (Math.sqrt(m * m + 1) + m));
        } else if (m < 0x1p-28) {
            return a;
        } else {
            double m2 = m * m;
            r = Math.log1p(m + m2 / (1 + Math.sqrt(1 + m2)));
        }
        return Math.copySign(r, a);
    }

    /**
     * acosh(x) for x &gt;= 1: log1p(t + sqrt(2t + t^2)) with t = x - 1 exact below 2
     * (FastMath.acosh, log(x + sqrt(x^2 - 1)), loses every digit at 1 + 2^-52),
     * log(2x - 1/(x + sqrt(x^2 - 1))) up to 2^28 and log(2x) beyond (x^2 overflows from 1.34e154).
     */
    static double acoshValue(double a) {
        if (a < 2) {
            double t = a - 1;
            return Math.log1p(t + Math.sqrt(2 * t + t * t));
        }
        if (a < 0x1p28) {
            return Math.log(2 * a - 1 / (a + Math.sqrt(a * a - 1)));
        }
        return Math.log(a) + 0.6931471805599453;
    }

    /**
     * atanh(x) = log1p(2x/(1 - x))/2, written as log1p(2x + 2x^2/(1 - x))/2 below 1/2 (FastMath's
     * log((1 + x)/(1 - x))/2 above 0.15 loses a few digits to the rounded quotient); odd in x.
     */
    static double atanhValue(double a) {
        double m = Math.abs(a);
        double r;
        if (m < 0.5) {
            double t = m + m;
            r = 0.5 * Math.log1p(t + t * m / (1 - m));
        } else {
            r = 0.5 * Math.log1p((m + m) / (1 - m));
        }
        return Math.copySign(r, a);
    }

    /** ln 2's leading 32 bits (fdlibm's ln2_hi): 64 times it is a multiple of 2^-26, so -2|x| + 64 LN2_HI is exact. */
    static final double LN2_HI = 0x1.62e42feep-1;
    /** expm1(64 (ln 2 - LN2_HI)): the factor the exponential of the exact sum still owes. */
    static final double SCALED_EXP_CORRECTION = Math.expm1(64 * 1.9082149292705877e-10);

    /**
     * tanh's slope sech^2 x = 4e/(1 + e)^2 with e = exp(-2|x|) in (0, 1]: not (1 - t)(1 + t),
     * which loses every digit once t = tanh x rounds towards 1, nor 1/cosh^2, whose cosh overflows
     * from |x| = 710. Beyond |x| = 354.2 e is subnormal, and a subnormal e rounded by exp has its
     * error multiplied by 4 (up to 2 ulps of the slope, and tanh'' = -2 t sech^2 takes it on);
     * there (1 + e)^2 = 1 and 4e is formed as 2^-64 (4 exp(-2|x| + 64 ln 2)), the scaled
     * exponential normal, so that the slope is rounded once, into the subnormal range (within
     * 1 ulp, where it was 2; and not 0 up to |x| = 373.3, where exp(-2|x|) is 0 from 372.6).
     */
    static double sechSquared(double a) {
        double m = Math.abs(a);
        double e = Math.exp(-2 * m);
        if (e >= Double.MIN_NORMAL) {
            double d = 1 + e;
            return 4 * e / (d * d);
        }
        double s = Math.exp(-2 * m + 64 * LN2_HI);
        return 4 * (s + s * SCALED_EXP_CORRECTION) * 0x1p-64;
    }

    // The quotient rule's partials of a / b: the plain forms while every step is a normal number,
    // else the exponents kept apart (q = a / b or 1 / b subnormal, q / b overflowing where a / b^2
    // does not). Differentiable.divide's, and the slow path of the types that write division out.

    /** d(a/b)/db = -a/b^2. */
    static double quotientSlope(double a, double b) {
        double q = a / b;
        double gy = -q / b;
        return FieldRules.normal(q) && FieldRules.normal(gy) ? gy : monomial(-1, a, 1, b, -2);
    }

    /** d2(a/b)/da db = -1/b^2. */
    static double quotientMixed(double b) {
        double inv = 1 / b;
        double gxy = -inv / b;
        return FieldRules.normal(inv) && FieldRules.normal(gxy) ? gxy : monomial(-1, b, -2);
    }

    /** d2(a/b)/db2 = 2a/b^3. */
    static double quotientCurvature(double a, double b) {
        double q = a / b;
        double gyy = 2 * (q / b) / b;
        return FieldRules.normal(q) && FieldRules.normal(gyy) ? gyy : monomial(2, a, 1, b, -3);
    }

    /** c a^pa, see {@link #monomial(double, double, int, double, int)}. */
    static double monomial(double c, double a, int pa) {
        return monomial(c, a, pa, 1, 0);
    }

    /**
     * c a^pa b^pb for small integer powers, the mantissas multiplied and the exponents added apart,
     * so that no intermediate overflows or underflows unless the result does: a few roundings
     * (each power is one Math.pow of a number in [1, 2)). Zeros and infinities go through the
     * plain formula, which is then exact in IEEE arithmetic.
     */
    static double monomial(double c, double a, int pa, double b, int pb) {
        if (!(FieldRules.finiteNonZero(c) && FieldRules.finiteNonZero(a) && FieldRules.finiteNonZero(b))) {
            boolean zero = c == 0 || a == 0 && pa > 0 || b == 0 && pb > 0;
            boolean pole = a == 0 && pa < 0 || b == 0 && pb < 0;
            if (zero && !pole && Double.isFinite(c) && Double.isFinite(a) && Double.isFinite(b)) {
                // a zero factor: the result is 0 even where another finite factor's power overflows
                return c * Math.copySign(1, a) * Math.copySign(1, b) * 0.0;
            }
            return c * Math.pow(a, pa) * Math.pow(b, pb);
        }
        int ec = FieldRules.exponent(c);
        int ea = FieldRules.exponent(a);
        int eb = FieldRules.exponent(b);
        double m = Math.scalb(c, -ec) * Math.pow(Math.scalb(a, -ea), pa) * Math.pow(Math.scalb(b, -eb), pb);
        return Math.scalb(m, ec + ea * pa + eb * pb);
    }

    /**
     * c1 c2 x^(y - k) for an integer k >= 0: the terms of x^y's derivatives (k = 0, 1, 2 in the rule
     * table, every order in Taylor mode). Math.pow(x, y - k) is right
     * while y - k is exact and nothing over- or underflows; otherwise x = m 2^e and
     * x^(y-k) = m^y m^-k 2^(e y - e k), with e y split exactly (by fma) into an integer and a
     * fraction: y - k rounded (y = 1/3) is off by |ln x| ulps, and y x^(y-1) meets an infinite
     * x^(y-1) where the product is finite (y = 1e-8, x = 1e-310).
     */
    static double powTerm(double c1, double c2, double x, double y, int k) {
        return powTerm(c1, c2, x, y, k, 0);
    }

    /**
     * c1 c2 x^(y - k) 2^shift, the power of two applied with the exponents, so that the term may be
     * out of the double range before the shift (Taylor mode's coefficients in a rescaled t).
     */
    static double powTerm(double c1, double c2, double x, double y, int k, int shift) {
        if (shift != 0 && !(FieldRules.finiteNonZero(c1) && FieldRules.finiteNonZero(c2) && FieldRules.finiteNonZero(x)
                && Double.isFinite(y))) {
            return Math.scalb(powTerm(c1, c2, x, y, k, 0), shift); // 0, inf or NaN: no shift changes it
        }
        if (!(FieldRules.finiteNonZero(c1) && FieldRules.finiteNonZero(c2) && FieldRules.finiteNonZero(x) && Double.isFinite(y))) {
            double pw = Math.pow(x, y - k);
            if (pw == 0 && Double.isFinite(c1) && Double.isFinite(c2)) {
                // x^(y-k) is exactly 0 (x = 0, y > k): so is the term, even where c1 c2 overflows
                return pw * Math.signum(c1) * Math.signum(c2);
            }
            return c1 * c2 * pw;
        }
        double q = y - k;
        double c = c1 * c2;
        if (q + k == y && y - q == k) {
            double pw = Math.pow(x, q);
            double plain = c * pw;
            if (shift == 0 && FieldRules.normal(c) && FieldRules.normal(pw) && FieldRules.normal(plain)) {
                return plain;
            }
        }
        double sign = 1;
        double m = x;
        if (x < 0) {
            if (y != Math.rint(y)) {
                return Double.NaN;
            }
            // (-1)^(y - k); beyond 2^53 every double is even, and y - k is then odd for odd k
            boolean yOdd = Math.abs(y) < 0x1p53 && ((long) y & 1) != 0;
            if (yOdd ^ (k & 1) != 0) {
                sign = -1;
            }
            m = -x;
        }
        int e1 = FieldRules.exponent(c1);
        int e2 = FieldRules.exponent(c2);
        double mc = Math.scalb(c1, -e1) * Math.scalb(c2, -e2);
        int e = FieldRules.exponent(m);
        m = Math.scalb(m, -e);
        if (m > 1.4142135623730951) { // centred in [1/sqrt 2, sqrt 2): |y ln m| <= 355 below
            m *= 0.5;
            e++;
        }
        double mk = k == 0 ? 1 : k == 1 ? m : k == 2 ? m * m : Math.pow(m, k);
        if (Math.abs(y) <= 1024) {
            double n = Math.rint(e * y);
            double f = Math.fma(e, y, -n); // e y - n, |f| <= 1/2, rounded once
            double p = Math.pow(m, y);
            int ep = FieldRules.exponent(p);
            double mant = mc * Math.scalb(p, -ep) * Math.pow(2, f) / mk;
            return sign * Math.scalb(mant, (int) Math.max(-4000, Math.min(4000, e1 + e2 + ep + (long) n - (long) e * k + shift)));
        }
        // |y| > 1024: x^y = (x^(y/2))^2, y/2 exact; if x^(y/2) over- or underflows, so does the term
        double h = Math.pow(Math.abs(x), 0.5 * y);
        if (h == 0 || Double.isInfinite(h)) {
            return sign * mc * h; // taken as it is, shift or not: |x^y| beyond 2^2048 or below 2^-2048
        }
        int eh = FieldRules.exponent(h);
        double mh = Math.scalb(h, -eh);
        double mant = mc * mh * mh / mk;
        return sign * Math.scalb(mant, (int) Math.max(-4000, Math.min(4000, e1 + e2 + 2L * eh - (long) e * k + shift)));
    }
}
