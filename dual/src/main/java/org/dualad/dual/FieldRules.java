package org.dualad.dual;

import org.apache.commons.math3.RealFieldElement;

/**
 * The first derivatives of the elementary functions at a point of any {@link RealFieldElement}
 * type T, in the careful forms of {@link Differentiable}'s double table. {@link FieldDual} chains
 * them: f(v + t&epsilon;) = f(v) + t f'(v) &epsilon; with f'(v) a T, so that T's own derivatives of
 * f'(v) (a nested dual's) are f'' and higher. That is why each form is chosen for its own
 * derivatives as well as its value: a quotient rule that cancels (x/h for hypot) or an
 * intermediate that overflows (1/cosh^2 for tanh beyond 710) would be exact in value and wrong one
 * level up.
 *
 * <p>The double table cannot be reused here as it stands (its kernels compute doubles, and a T
 * carries more than a double); the two are checked against each other and against a 60-digit
 * reference, op by op, over the edge grid ({@code FieldRulesTest}). Scaling by a power of two
 * ({@link RealFieldElement#scalb}) is exact in every T and carries T's derivatives along, so the
 * double table's exponent-splitting forms translate directly.
 */
final class FieldRules {
    private FieldRules() {
    }

    /**
     * The binary exponent of a finite nonzero v, subnormals included (getExponent says -1023 for
     * all of those). Shared with the double rule table ({@link Differentiable}).
     */
    static int exponent(double v) {
        int e = Math.getExponent(v);
        return e >= Double.MIN_EXPONENT ? e : Math.getExponent(v * 0x1p64) - 64;
    }

    /** True for a normal finite number: no step of a plain formula lost digits to underflow or overflow there. */
    static boolean normal(double v) {
        double m = Math.abs(v);
        return m >= Double.MIN_NORMAL && m <= Double.MAX_VALUE;
    }

    /** True for a finite number other than zero. */
    static boolean finiteNonZero(double v) {
        return v != 0 && Double.isFinite(v);
    }

    /**
     * d/dy x/y = -q/y with q = x/y; where q or the result is not a normal number, -x/y^2 with the
     * exponents of x and y kept apart (q subnormal loses digits that dividing by a small y shows).
     */
    static <T extends RealFieldElement<T>> T divideBySlope(T x, T y, T q) {
        double qv = q.getReal();
        double xv = x.getReal();
        double yv = y.getReal();
        if (normal(qv) && normal(qv / yv) || !finiteNonZero(xv) || !finiteNonZero(yv)) {
            return q.divide(y).negate();
        }
        // a subnormal x is made normal by 2^64 only: its full exponent (up to 2^1074) would carry
        // T's derivatives of x out of the range (x = 4.9e-322 + t)
        int ex = Math.abs(xv) < Double.MIN_NORMAL ? -64 : exponent(xv);
        int ey = exponent(yv);
        T ys = scale(y, -ey);
        return scale(scale(x, -ex).divide(ys.multiply(ys)).negate(), ex - 2 * ey);
    }

    /**
     * d/dx x^(1/n) = r/(n x), as (r/x)/n: n r^(n-1) overflows for x near MAX, and r^(n-1) carries
     * |n - 1| times r's error (up to 14 ulps at n = 17). Below |x| = 1 (2^-500 for n &gt;= 2) the
     * quotient's own derivative r'/(n x) - r/(n x^2) would meet inf - inf, so there
     * (1 &lt;= |n| &lt;= 250):
     * <ul>
     *   <li>where x^(1/n - 2), the second derivative, is in range, x is scaled by 2^(n k) and r by
     *       2^k, exactly, to near 2^-250, and the quotient scaled back;</li>
     *   <li>below that, 1/(n r^(n-1)), whose derivative overflows cleanly, with its value moved to
     *       the double r/(n x) (a constant shift: the derivative is left as it is). For n &lt; 0 it
     *       read &plusmn;&infin; as a second derivative of 4.5e307 (u^2 underflowing in its
     *       reciprocal's derivative), which the scaled quotient now gives.</li>
     * </ul>
     */
    static <T extends RealFieldElement<T>> T rootNSlope(T x, T r, int n) {
        double m = Math.abs(x.getReal());
        if (m >= 1 || n >= 2 && m >= 0x1p-500) {
            return r.divide(x).divide(n);
        }
        boolean scalable = n != 0 && Math.abs(n) <= 250 && m > 0 && m < Double.POSITIVE_INFINITY;
        if (scalable && (2 - 1.0 / n) * Math.log(m) > Math.log(2.0 * Math.abs(n - 1) / ((double) n * n)) - 709) {
            int k = Integer.signum(n) * ((-exponent(m) - 250) / Math.abs(n) + 1);
            return scale(scale(r, k).divide(scale(x, n * k)).divide(n), (n - 1) * k);
        }
        T s = r.pow(n - 1).multiply(n).reciprocal();
        if (!scalable) {
            return s;
        }
        double v = r.getReal() / x.getReal() / n;
        return Double.isFinite(v) ? s.add(v - s.getReal()) : s;
    }

    /**
     * d/dx x^p = p x^(p-1) as p m^(p-1) 2^(e(p-1)) with x = m 2^e: the rounded p - 1 (p = 1/3) is
     * off by |ln x| ulps in x^(p-1), and x^(p-1) overflows where p x^(p-1) does not (p = 1e-8).
     * e (p - 1) = e p - e is split exactly (by fma) into an integer and a fraction.
     */
    static <T extends RealFieldElement<T>> T powSlope(T x, double p) {
        double xv = x.getReal();
        int e = finiteNonZero(xv) ? exponent(xv) : 0;
        // the scaling multiplies T's own derivatives by 2^-e on the way: not for subnormal x,
        // where 2^1074 would overflow them; and not needed where p - 1 is exact
        if (exactMinusOne(p) || e == 0 || Math.abs(p) > 1024) {
            return x.pow(p - 1).multiply(p);
        }
        if (e < Double.MIN_EXPONENT) {
            // subnormal x: p x^p / x (x^p is normal for |p| < 1, where p - 1 rounds; no cancellation
            // in its own derivative p (p - 1) x^p / x^2 away from p = 1), p first: x^p / x
            // overflows where p x^p / x does not (p = 1e-8 at x = 6e-317: 1.7e308, not inf)
            return x.pow(p).multiply(p).divide(x);
        }
        double n = Math.rint(e * p);
        double f = Math.fma(e, p, -n);
        return scale(scale(x, -e).pow(p - 1).multiply(p * Math.pow(2, f)), (int) n - e);
    }

    /**
     * d/dx x^y = y x^y / x while x^y is a normal number (x^(y-1) has a rounded y - 1), else
     * y x^(y-1); 0 at 0^0 (the convention, where the general form is 0 &middot; &infin;). Each form
     * is x^y's derivative as a function in T, so T's own derivatives of it are right at every order.
     */
    static <T extends RealFieldElement<T>> T powBaseSlope(T x, T y, T g0) {
        if (y.getReal() == 0 && x.getReal() == 0) {
            return x.getField().getZero();
        }
        if (Double.isNaN(g0.getReal()) && !Double.isNaN(x.getReal()) && !Double.isNaN(y.getReal())) {
            return g0; // a negative base with a non-integer exponent: outside the domain
        }
        if (y.getReal() == 0 && Double.isInfinite(1 / x.getReal())) {
            // y x^(y-1) at y = 0 where x^-1 overflows (a subnormal x): 0 with d/dy = 1/x, right to the
            // first order in T only; elsewhere the general form, whose higher orders in T carry the
            // variation of x^(y-1) too (y / x dropped it: a triply nested dual's third derivative of
            // x^y through y = 0 read -0.0183 for -0.0308)
            return y.divide(x);
        }
        // y x^y / x only where y - 1 rounds (its own derivative cancels as y nears 1); beyond 2^53
        // y - 1 is y, an even number, and x^(y-1) would lose the sign of a negative x
        if (!exactMinusOne(y.getReal()) && finiteNonZero(x.getReal())) {
            return g0.multiply(y).divide(x);
        }
        return x.pow(y.subtract(1)).multiply(y);
    }

    /** True when p - 1 is exact in double arithmetic (then x^(p-1) has no rounded exponent). */
    private static boolean exactMinusOne(double p) {
        double q = p - 1;
        return q + 1 == p && p - q == 1;
    }

    /**
     * 1/(x ln 10): as (1/x)/ln 10 for |x| &gt;= 1 and 1/(x ln 10) below, where 1/x overflows
     * first; +&infin; at both zeros (+ 0.0 turns -0.0 into +0.0), NaN below 0.
     */
    static <T extends RealFieldElement<T>> T log10Slope(T x) {
        double r = x.getReal();
        T ln10 = x.getField().getZero().add(10).log(); // in T's precision (a Dfp's 60 digits)
        if (r >= 1) {
            return x.reciprocal().divide(ln10);
        }
        return r >= 0 ? x.add(0.0).multiply(ln10).reciprocal() : x.getField().getZero().add(Double.NaN);
    }

    /** 1/(1 + x^2), beyond |x| = 1 as t^2/(1 + t^2) with t = 1/x: x^2 overflows, and its derivative underflows to 0. */
    static <T extends RealFieldElement<T>> T atanSlope(T x) {
        if (!(Math.abs(x.getReal()) > 1)) {
            return x.multiply(x).add(1).reciprocal();
        }
        T t = x.reciprocal();
        T t2 = t.multiply(t);
        return t2.divide(t2.add(1));
    }

    /** 1/sqrt(1 + x^2), beyond |x| = 1 as |t|/sqrt(1 + t^2) with t = 1/x (x^2 overflows from 1.34e154). */
    static <T extends RealFieldElement<T>> T asinhSlope(T x) {
        if (!(Math.abs(x.getReal()) > 1)) {
            return x.multiply(x).add(1).sqrt().reciprocal();
        }
        T t = x.reciprocal();
        return t.abs().divide(t.multiply(t).add(1).sqrt());
    }

    /** 1/sqrt(x^2 - 1): below 2 as ((x - 1)(x + 1))^-1/2 (x - 1 exact), beyond as t/sqrt(1 - t^2) with t = 1/x. */
    static <T extends RealFieldElement<T>> T acoshSlope(T x) {
        if (!(x.getReal() >= 2)) {
            return x.subtract(1).multiply(x.add(1)).sqrt().reciprocal();
        }
        T t = x.reciprocal();
        return t.divide(t.multiply(t).negate().add(1).sqrt());
    }

    /**
     * sech^2 x = 4e/(1 + e)^2 with e = exp(-2|x|) in (0, 1]: 1/cosh^2 has cosh overflow from
     * |x| = 710 (and its derivative inf/inf), 1 - tanh^2 loses every digit once tanh rounds to 1.
     */
    static <T extends RealFieldElement<T>> T tanhSlope(T x, T t) {
        if (Math.abs(x.getReal()) < 0.5) {
            // 1 - t^2 here: the exponential form's own derivative 4e'(1 - e)/(1 + e)^3 cancels as e nears 1
            return t.multiply(t).negate().add(1);
        }
        T e = x.abs().multiply(-2).exp();
        if (!(Math.abs(e.getReal()) < Double.MIN_NORMAL)) {
            T d = e.add(1);
            return e.multiply(4).divide(d.multiply(d));
        }
        // a subnormal e keeps only a few digits and 4e four times its error: 2^-64 (4 exp(-2|x| + 64 ln 2)),
        // rounded once into the range by scale (Values.sechSquared, the rule table's form)
        T s = x.abs().multiply(-2).add(64 * Values.LN2_HI).exp();
        return scale(s.add(s.multiply(Values.SCALED_EXP_CORRECTION)).multiply(4), -64);
    }

    /**
     * The partials of atan2(y, x) = the angle of (x, y): {d/dy, d/dx} = {x, -y}/(x^2 + y^2),
     * through arguments scaled exactly by the larger one's exponent k (x^2 + y^2 over- or
     * underflows long before the partials do), each numerator scaled by its own exponent (a
     * subnormal y scaled by k stays subnormal and its quotient would round twice). The caller
     * handles the origin and infinite arguments.
     */
    static <T extends RealFieldElement<T>> T[] atan2Partials(T y, T x) {
        int k = exponent(Math.max(Math.abs(x.getReal()), Math.abs(y.getReal())));
        T u = scale(x, -k);
        T w = scale(y, -k);
        T r2 = u.multiply(u).add(w.multiply(w));
        T[] g = org.apache.commons.math3.util.MathArrays.buildArray(x.getField(), 2);
        g[0] = overRadius(x, r2, -2 * k);
        g[1] = overRadius(y, r2, -2 * k).negate();
        return g;
    }

    /** a / r2 2^s with a's exponent kept apart. */
    private static <T extends RealFieldElement<T>> T overRadius(T a, T r2, int s) {
        double av = a.getReal();
        if (!finiteNonZero(av)) {
            return scale(a.divide(r2), s);
        }
        if (Math.abs(av) < Double.MIN_NORMAL) {
            // subnormal: 2^64 makes it normal; its full exponent (2^1074) would overflow T's derivatives
            return scale(a.scalb(64).divide(r2), s - 64);
        }
        int ea = exponent(av);
        return scale(scale(a, -ea).divide(r2), ea + s);
    }

    /**
     * The partials of hypot(x, y): {x, y}/h as {sign(L), q sign(L)}/sqrt(1 + q^2) with L the
     * larger argument and q = S/L the ratio of the smaller to it. No overflow or underflow, and
     * their own derivatives come as products (x/h differentiated by the quotient rule,
     * 1/h - x^2/h^3, cancels to y^2/h^3 and loses digits when |y| &lt;&lt; |x|). The caller
     * handles the origin and infinite arguments.
     */
    static <T extends RealFieldElement<T>> T[] hypotPartials(T x, T y) {
        boolean xLarger = Math.abs(x.getReal()) >= Math.abs(y.getReal());
        T large = xLarger ? x : y;
        T q = (xLarger ? y : x).divide(large);
        T inv = q.multiply(q).add(1).sqrt().reciprocal();
        if (large.getReal() < 0) {
            inv = inv.negate();
        }
        T[] g = org.apache.commons.math3.util.MathArrays.buildArray(x.getField(), 2);
        g[xLarger ? 0 : 1] = inv;
        g[xLarger ? 1 : 0] = q.multiply(inv);
        return g;
    }

    /**
     * x 2^k exactly in T, in steps of at most 2^1000 either way: T's own scalb (the rule table's)
     * multiplies T's derivatives by the double 2^k, which is 0 below 2^-1074 and infinite above
     * 2^1023 where x 2^k and its derivatives need not be (a FieldDual over Dual lost the second
     * derivative of 1e-200 / (1e100 + t) so). Each step moves every part toward its end value, so
     * none leaves the range unless that does.
     */
    static <T extends RealFieldElement<T>> T scale(T x, int k) {
        T r = x;
        int left = k;
        while (left > 1000 || left < -1000) {
            int step = left > 0 ? 1000 : -1000;
            r = r.scalb(step);
            left -= step;
        }
        return r.scalb(left);
    }
}
