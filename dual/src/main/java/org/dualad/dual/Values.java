package org.dualad.dual;

/**
 * Value kernels shared by the rule table ({@link Differentiable}) and {@link Taylor}, so that the
 * value of a function is the same double in every mode: careful forms where the library's
 * (FastMath's asinh and acosh, pow with a rounded 1/n) overflow or lose digits.
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
     * |ln x| ulps/2n (70 ulps for the fifth root of 1e300).
     */
    static double realRoot(double a, int n) {
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
}
