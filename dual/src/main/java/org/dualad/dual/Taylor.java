package org.dualad.dual;

import java.util.Arrays;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.util.MathArrays;

/**
 * A truncated Taylor polynomial u(t) = u<sub>0</sub> + u<sub>1</sub> t + ... + u<sub>k</sub>
 * t<sup>k</sup> of any order k: univariate Taylor mode, k-th derivatives in one pass.
 *
 * <p>The coefficients are normalized, u<sub>j</sub> = u<sup>(j)</sup>(0) / j!. Seeding
 * {@link #variable(double, int) x + t} and evaluating f gives the coefficients of f(x + t), so
 * f<sup>(j)</sup>(x) = j! f<sub>j</sub>; seeding x<sub>i</sub> + v<sub>i</sub> t on several inputs
 * gives the Taylor coefficients of the directional function t &rarr; f(x + t v)
 * ({@link Forward#taylor}).
 *
 * <h2>Rules</h2>
 * Every elementary function is one recurrence written once in this class, O(k<sup>2</sup>) per
 * operation (O(k) for linear ones), from the ordinary differential equation the function
 * satisfies (Griewank and Walther, <i>Evaluating Derivatives</i>, ch. 13):
 * <ul>
 *   <li>products: the Cauchy product w<sub>j</sub> = &Sigma;<sub>i&le;j</sub> u<sub>i</sub>
 *       v<sub>j-i</sub>; quotients solve it for the unknown coefficient;</li>
 *   <li>y' = g u' (exp, sin/cos, sinh/cosh, tan, tanh): y<sub>j</sub> = (1/j)
 *       &Sigma;<sub>i=1..j</sub> i u<sub>i</sub> g<sub>j-i</sub>;</li>
 *   <li>y' w = u' (log, log1p, atan, asin, acos, asinh, acosh, atanh): y<sub>j</sub> =
 *       (j u<sub>j</sub> - &Sigma;<sub>i=1..j-1</sub> i y<sub>i</sub> w<sub>j-i</sub>) / (j
 *       w<sub>0</sub>);</li>
 *   <li>u y' = p u' y (x<sup>p</sup>, roots): y<sub>j</sub> = (1/j) &Sigma;<sub>i=1..j</sub>
 *       (p i - (j - i)) (u<sub>i</sub>/u<sub>0</sub>) y<sub>j-i</sub>; integer powers by repeated
 *       squaring, exact at u<sub>0</sub> = 0. Where y<sub>0</sub> or a ratio u<sub>i</sub>/u<sub>0</sub>
 *       leaves the double range (u<sub>0</sub> = 0, subnormal, or a power that under- or
 *       overflows), from f's derivatives at u<sub>0</sub> instead (Faa di Bruno, O(k<sup>3</sup>)),
 *       so the first two agree with every other mode's and sqrt'(0) = +&infin; holds here too.</li>
 * </ul>
 * The value coefficient y<sub>0</sub> is always the library's value of f(u<sub>0</sub>), so the
 * value part agrees bitwise with every other DualAD mode.
 *
 * <h2>Conventions</h2>
 * A polynomial whose higher coefficients are all exactly zero is a constant and stays one through
 * every function, even at a point where the function's derivative is infinite (the zero-tangent
 * policy of {@link Chain}). At a kink the conventions of {@link Differentiable} hold: |x|, floor,
 * ceil, rint and signum have all higher coefficients 0 at their jumps and at 0; atan2 and hypot
 * are constant at the origin. Elsewhere the recurrences need f analytic at the point: at a
 * non-analytic point (sqrt at 0 with a moving argument) the coefficients are the IEEE results
 * (infinities, NaN), never an exception. NaN in, NaN out.
 *
 * <pre>{@code
 * Taylor x = Taylor.variable(0, 4);     // 0 + t, order 4
 * x.exp().derivative(3);                 // 1.0 = exp'''(0)
 * x.sin().coefficients();                // [0.0, 1.0, 0.0, -0.1666..., 0.0]
 * }</pre>
 *
 * <p>Immutable. {@code equals} and {@code hashCode} compare the coefficients bitwise. Two
 * polynomials of different orders cannot be combined: that throws
 * {@link IllegalArgumentException} naming both orders.
 */
public final class Taylor implements RealFieldElement<Taylor>, Rule.Target<Taylor> {
    /** The largest order accepted: beyond it j! overflows a double anyway (171! = inf). */
    public static final int MAX_ORDER = 170;

    private static final double LN10 = 2.302585092994046;

    /** Fields of the orders most used, shared (immutable). */
    private static final Field<Taylor>[] FIELDS = fields(32);

    /**
     * Kinds of {@link #wideSlope}: w = 1 + u^2, sqrt(1 - u^2), sqrt(1 + u^2), sqrt(u^2 - 1), 1 - u^2,
     * and atan's 1 + v^2 with v = -1/u.
     */
    private static final int ATAN = 0;
    private static final int ASIN = 1;
    private static final int ASINH = 2;
    private static final int ACOSH = 3;
    private static final int ATANH = 4;
    private static final int ATAN_OF_RECIPROCAL = 5;

    private final double[] c;

    private Taylor(double[] c) {
        this.c = c;
    }

    // ---------------------------------------------------------------- factories

    /**
     * The independent variable x + t of order k: its k-th coefficients give f's derivatives at x.
     *
     * @param x the point
     * @param order k &ge; 0
     * @return x + t, truncated after t<sup>k</sup>
     */
    public static Taylor variable(double x, int order) {
        double[] c = new double[checkOrder(order, "variable") + 1];
        c[0] = x;
        if (order > 0) {
            c[1] = 1;
        }
        return new Taylor(c);
    }

    /**
     * A constant of order k: all higher coefficients 0.
     *
     * @param value the constant
     * @param order k &ge; 0
     * @return the constant polynomial
     */
    public static Taylor constant(double value, int order) {
        double[] c = new double[checkOrder(order, "constant") + 1];
        c[0] = value;
        return new Taylor(c);
    }

    /**
     * A polynomial from its normalized coefficients (c<sub>j</sub> = u<sup>(j)</sup>/j!).
     *
     * @param coefficients c<sub>0</sub> ... c<sub>k</sub>, at least one (copied)
     * @return the polynomial of order coefficients.length - 1
     */
    public static Taylor of(double... coefficients) {
        if (coefficients == null || coefficients.length == 0) {
            throw new IllegalArgumentException("Taylor.of: coefficients must hold at least the value c0, got "
                    + (coefficients == null ? "null" : "an empty array"));
        }
        checkOrder(coefficients.length - 1, "of");
        return new Taylor(coefficients.clone());
    }

    private static int checkOrder(int order, String method) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("Taylor." + method + ": order must be in [0, " + MAX_ORDER
                    + "], got " + order);
        }
        return order;
    }

    // ---------------------------------------------------------------- accessors

    /** @return k, the highest power of t kept */
    public int order() {
        return c.length - 1;
    }

    /** @return u<sub>0</sub>, the value */
    public double value() {
        return c[0];
    }

    @Override
    public double getReal() {
        return c[0];
    }

    /**
     * The normalized coefficient u<sub>j</sub> = u<sup>(j)</sup>(0) / j!.
     *
     * @param j 0 &le; j &le; {@link #order()}
     * @return u<sub>j</sub>
     */
    public double coefficient(int j) {
        checkIndex(j, "coefficient");
        return c[j];
    }

    /**
     * The j-th derivative with respect to t, j! u<sub>j</sub>.
     *
     * @param j 0 &le; j &le; {@link #order()}
     * @return u<sup>(j)</sup>(0)
     */
    public double derivative(int j) {
        checkIndex(j, "derivative");
        double d = c[j];
        for (int i = 2; i <= j; i++) {
            d *= i;
        }
        return d;
    }

    /** @return a copy of u<sub>0</sub> ... u<sub>k</sub> */
    public double[] coefficients() {
        return c.clone();
    }

    /** @return every derivative u, u', ..., u<sup>(k)</sup> at t = 0 */
    public double[] derivatives() {
        double[] d = c.clone();
        double factorial = 1;
        for (int j = 2; j < d.length; j++) {
            factorial *= j;
            d[j] *= factorial;
        }
        return d;
    }

    private void checkIndex(int j, String method) {
        if (j < 0 || j >= c.length) {
            throw new IllegalArgumentException("Taylor." + method + ": j must be in [0, " + order() + "], got " + j);
        }
    }

    @Override
    public Field<Taylor> getField() {
        int k = order();
        return k < FIELDS.length ? FIELDS[k] : SimpleField.of(constant(0, k), constant(1, k));
    }

    @SuppressWarnings("unchecked")
    private static Field<Taylor>[] fields(int n) {
        Field<Taylor>[] f = new Field[n];
        for (int k = 0; k < n; k++) {
            f[k] = SimpleField.of(constant(0, k), constant(1, k));
        }
        return f;
    }

    // ---------------------------------------------------------------- linear operations, O(k)

    @Override
    public Taylor add(double a) {
        double[] r = c.clone();
        r[0] += a;
        return new Taylor(r);
    }

    @Override
    public Taylor subtract(double a) {
        return add(-a);
    }

    @Override
    public Taylor multiply(double a) {
        double[] r = new double[c.length];
        r[0] = c[0] * a;
        for (int j = 1; j < r.length; j++) {
            r[j] = Chain.term(a, c[j]);
        }
        return new Taylor(r);
    }

    @Override
    public Taylor multiply(int n) {
        return multiply((double) n);
    }

    @Override
    public Taylor divide(double a) {
        double[] r = new double[c.length];
        r[0] = c[0] / a;
        for (int j = 1; j < r.length; j++) {
            // a zero coefficient stays zero even for a = 0 (the constant does not move)
            r[j] = c[j] == 0 ? 0 : c[j] / a;
        }
        return new Taylor(r);
    }

    @Override
    public Taylor add(Taylor a) {
        double[] b = same(a, "add");
        double[] r = new double[c.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = c[j] + b[j];
        }
        return new Taylor(r);
    }

    @Override
    public Taylor subtract(Taylor a) {
        double[] b = same(a, "subtract");
        double[] r = new double[c.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = c[j] - b[j];
        }
        return new Taylor(r);
    }

    @Override
    public Taylor negate() {
        double[] r = new double[c.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = -c[j];
        }
        return new Taylor(r);
    }

    @Override
    public Taylor scalb(int n) {
        double[] r = new double[c.length];
        for (int j = 0; j < r.length; j++) {
            r[j] = Math.scalb(c[j], n);
        }
        return new Taylor(r);
    }

    // ---------------------------------------------------------------- products and quotients, O(k^2)

    @Override
    public Taylor multiply(Taylor a) {
        return new Taylor(times(c, same(a, "multiply")));
    }

    @Override
    public Taylor divide(Taylor a) {
        double[] v = same(a, "divide");
        double[] y = quotient(c, v);
        if (!SeriesChecks.normalQuotient(y, v[0], 0) && (SeriesChecks.abnormal(c) || SeriesChecks.abnormal(v) || SeriesChecks.lost(v, y, y, 1) || SeriesChecks.divisionLost(c, v, y, v[0], 0, 0))
                && wide(v) && allFinite(c)
                && !isConstant(v)) {
            // u / v = u v^-1 with v^-1's binomial series, apart from the double range
            WideSeries r = WideSeries.onePlusPower(WideSeries.relative(v), -1);
            return new Taylor(WideSeries.of(c, 0).times(r).rounded(y[0], 1 / v[0], v[0], -1));
        }
        return new Taylor(y);
    }

    @Override
    public Taylor reciprocal() {
        double[] one = new double[c.length];
        one[0] = 1;
        double[] w = quotient(one, c);
        if (!SeriesChecks.normalQuotient(w, c[0], 0) && (SeriesChecks.abnormal(c) || SeriesChecks.lost(c, w, w, 1) || SeriesChecks.divisionLost(one, c, w, c[0], 0, 0))
                && wide(c) && !isConstant(c)) {
            // a product u_i w_(j-i) out of the range before its division by u0: u^-1's binomial series
            return relativePower(w[0], -1);
        }
        return new Taylor(w);
    }

    /** The Cauchy product; a coefficient times an exactly-zero one is zero (Chain's policy). */
    private static double[] times(double[] u, double[] v) {
        int n = u.length;
        double[] w = new double[n];
        w[0] = u[0] * v[0];
        for (int j = 1; j < n; j++) {
            double s = 0;
            for (int i = 0; i <= j; i++) {
                s += Chain.term(u[i], v[j - i]);
            }
            w[j] = s;
        }
        return w;
    }

    /**
     * The Cauchy product, and lost[0] set where it may have lost a term that a later product needs
     * ({@link SeriesChecks#lost}).
     */
    private static double[] times(double[] u, double[] v, boolean[] lost) {
        double[] w = times(u, v);
        lost[0] = lost[0] || SeriesChecks.lost(u, v, w, 0);
        return w;
    }

    /** w = u / v: solves the Cauchy product v w = u for one coefficient at a time. */
    private static double[] quotient(double[] u, double[] v) {
        int n = u.length;
        double[] w = new double[n];
        w[0] = u[0] / v[0];
        if (isConstant(u) && isConstant(v)) {
            return w;
        }
        // by a constant 0, a coefficient that is exactly 0 stays 0 (x / c has x's partial 1/c, and
        // 0 times it is 0 under the zero policy, as in every mode) where 0 / 0 would be NaN
        boolean byZero = v[0] == 0 && isConstant(v);
        for (int j = 1; j < n; j++) {
            double s = u[j];
            for (int i = 1; i <= j; i++) {
                s -= Chain.term(v[i], w[j - i]);
            }
            w[j] = byZero && s == 0 ? 0 : s / v[0];
        }
        return w;
    }

    /** 1 / v, and lost[0] set as {@link #times(double[], double[], boolean[])} sets it. */
    private static double[] reciprocal(double[] v, boolean[] lost) {
        double[] one = new double[v.length];
        one[0] = 1;
        double[] w = quotient(one, v);
        // v w = 1: each w_j (j >= 1) is - sum_{i>=1} v_i w_(j-i) / v0
        lost[0] = lost[0] || w[0] == 0 || SeriesChecks.lost(v, w, w, 1);
        return w;
    }

    // ---------------------------------------------------------------- powers and roots

    @Override
    public Taylor sqrt() {
        double y0 = Math.sqrt(c[0]);
        if (isConstant(c)) {
            return constant(y0, order());
        }
        double[] y = new double[c.length];
        y[0] = y0;
        // y^2 = u: 2 y0 yj = uj - sum_{i=1}^{j-1} yi y(j-i)
        double lo = Double.POSITIVE_INFINITY; // the smallest and largest |sum|, for the check below
        double hi = 0;
        for (int j = 1; j < y.length; j++) {
            double s = c[j];
            for (int i = 1; i < j; i++) {
                s -= y[i] * y[j - i];
            }
            // + 0.0: at u0 = -0.0 the derivatives are sqrt'(0) = +inf's, as in every mode
            y[j] = s / (2 * (y0 + 0.0));
            double a = Math.abs(s);
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        // every sum and coefficient a normal double (y_j = s_j / 2y0): nothing left the range
        double d = 2 * y0;
        boolean normal = lo >= Double.MIN_NORMAL && hi <= Double.MAX_VALUE && lo / d >= Double.MIN_NORMAL && hi / d <= Double.MAX_VALUE;
        if (!normal && (SeriesChecks.abnormal(c) || SeriesChecks.lost(y, y, y, 1) || SeriesChecks.divisionLost(c, y, y, d, 1, 1)) && wide(c) && c[0] > 0) {
            // a product y_i y_(j-i) out of the range before its division by 2 y0
            return relativePower(y0, 0.5);
        }
        return new Taylor(y);
    }

    @Override
    public Taylor cbrt() {
        return power(Math.cbrt(c[0]), 1.0 / 3, 3);
    }

    @Override
    public Taylor rootN(int n) {
        if (n == 1) {
            return this;
        }
        return power(Values.realRoot(c[0], n), 1.0 / n, n);
    }

    @Override
    public Taylor pow(double p) {
        if (p == Math.rint(p) && Math.abs(p) <= 64) {
            return pow((int) p);
        }
        return power(Math.pow(c[0], p), p, 0);
    }

    @Override
    public Taylor pow(int n) {
        // a subnormal coefficient has lost digits before any product: counted with the products' losses
        boolean[] lost = {SeriesChecks.abnormal(c)};
        double[] y = power(c, Math.abs((long) n), lost);
        if (n < 0) {
            y = reciprocal(y, lost);
        }
        // the value part as every other mode computes it
        y[0] = n == 2 ? c[0] * c[0] : n == 0 ? 1 : n == 1 ? c[0] : Math.pow(c[0], n);
        if ((lost[0] || !allFinite(y)) && allFinite(c) && c[0] != 0) {
            // u^2, u^4, ... left the range where u^n does not ((1e150 + 1e158 t)^-2, whose
            // coefficients are near 1e-300), or dropped a term that a later square multiplies by
            // a huge one (u^7's t^3 coefficient at 1.2e-108 + 1.8e53 t read 4.0e-271, not 4.7e-271):
            // the recurrence, or the binomial series apart from the double range
            return power(y[0], n, 0);
        }
        return new Taylor(y);
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** u^n by repeated squaring: exact Cauchy products, no division by u0 (fine at u0 = 0). */
    private static double[] power(double[] u, long n, boolean[] lost) {
        double[] result = null; // 1, until the first factor
        double[] base = u;
        long e = n;
        if (e == 0) {
            result = new double[u.length];
            result[0] = 1;
        }
        while (e > 0) {
            if ((e & 1) == 1) {
                result = result == null ? base.clone() : times(result, base, lost);
            }
            e >>= 1;
            if (e > 0) {
                base = times(base, base, lost);
            }
        }
        return result;
    }

    /**
     * u^p with y0 given, through u y' = p u' y; root: n for the real n-th root (p = 1/n, defined
     * for u0 &lt; 0 when n is odd; a negative n is the reciprocal of the |n|-th), 0 for a power.
     */
    private Taylor power(double y0, double p, int root) {
        if (isConstant(c)) {
            return constant(y0, order());
        }
        if (Double.isNaN(y0)) {
            return nanLike(); // outside the domain (an even root of a negative number)
        }
        int n = c.length;
        double[] y = new double[n];
        y[0] = y0;
        double u0 = c[0];
        // ui / u0 first: ui y(j-i) / u0 would overflow for a huge u0 where the result does not
        double[] r = new double[n];
        boolean inRange = FieldRules.normal(y0);
        // (p i - (j - i)) r_i is not 0 below 2^-60 |r_i| (p's rounding): with no r_i below 2^-960, no factor is subnormal
        boolean tiny = false;
        for (int i = 1; i < n; i++) {
            r[i] = c[i] / u0;
            inRange &= c[i] == 0 || FieldRules.normal(r[i]) || Double.isInfinite(c[i]) || Double.isNaN(r[i]);
            tiny |= Math.abs(r[i]) < 0x1p-960 && r[i] != 0;
        }
        if (!inRange) {
            // every coefficient of the recurrence is a multiple of y0 and of u_i / u0: at u0 = 0,
            // or where y0 or a ratio leaves the range of normal doubles, it would read 0 or inf, or
            // lose digits, where f's derivatives do not
            return wide(c) ? relativePower(y0, p) : composedPower(y0, p, root);
        }
        for (int j = 1; j < n; j++) {
            double s = 0;
            for (int i = 1; i <= j; i++) {
                s += Chain.term((p * i - (j - i)) * r[i], y[j - i]);
            }
            y[j] = s / j;
        }
        if ((tiny || SeriesChecks.lost(r, y, y, 1)) && wide(c)) {
            // a term or coefficient out of the range that a later one needs: (1e-105 + u2 t^2)^-0.5
            // with u2 = -1.7e177 has y_2 = inf but y_3 = -2.5e175, which the recurrence read -inf
            return relativePower(y0, p);
        }
        return new Taylor(y);
    }

    /** Whether {@link #relativePower} can run on u: u0 finite and not 0, every coefficient finite. */
    private static boolean wide(double[] u) {
        return Double.isFinite(u[0]) && u[0] != 0 && allFinite(u);
    }

    /**
     * u^p at a finite u0 other than 0, where the recurrence leaves the range: u0^p (1 + eps)^p with
     * eps = (u - u0) / u0, by the binomial series y_j = u0^p &Sigma;_k binomial(p, k) (eps<sup>k</sup>)_j,
     * every step in {@link WideSeries} numbers (a double and an exponent apart), and each y_j rounded to a
     * double once, with u0^p's exponent: eps's coefficients (u_i / u0 = 1e237 / 1e-120), their
     * powers and u0^p (1e-900) may each be far out of the double range where y_j is not. Faa di
     * Bruno on u - u0 in doubles met (u - u0)^k and u0^(p - k) out of the range in turn:
     * (1e-300 + 1e160 t)^3's t^2 coefficient, 3e20, read +inf, and u^7's t^4 coefficient at
     * 1.6e-120 + 1.6e4 t - 1.4e237 t^2 read 2.5e-124 where it is 4.4e-124 (21 u0^5 underflowed to
     * 0 beside (u - u0)^2's overflow).
     */
    private Taylor relativePower(double y0, double p) {
        return new Taylor(WideSeries.onePlusPower(WideSeries.relative(c), p).rounded(y0, y0, c[0], p));
    }

    /**
     * u^e with e moving on a positive u0 as u0^e0 (1 + eps)^e0 exp((e - e0) log u), eps = (u - u0) /
     * u0, every series in {@link WideSeries} numbers and each coefficient rounded once (see
     * {@link #relativePower}): where the double forms met a term out of the range.
     */
    private Taylor widePow(double y0, double[] ec) {
        double e0 = ec[0];
        WideSeries eps = WideSeries.relative(c);
        // (e - e0) log u = (e - e0) (log u0 + log(1 + eps))
        WideSeries log = WideSeries.log1p(eps);
        log.add(0, Math.log(c[0]), 0);
        WideSeries x = WideSeries.exp(WideSeries.of(ec, 1).times(log));
        WideSeries b = WideSeries.onePlusPower(eps, e0);
        return new Taylor(b.times(x).rounded(y0, y0, c[0], e0));
    }

    /**
     * u^p by Faa di Bruno from f's derivatives at u0: y_j = &Sigma;_{k=1..j} a<sub>k</sub>
     * (&delta;<sup>k</sup>)_j with &delta; = u - u0 and a<sub>k</sub> = f<sup>(k)</sup>(u0) / k! =
     * binomial(p, k) u0<sup>p-k</sup>, each with its exponents kept apart as the rule table forms
     * them ({@link Values#powTerm}; for a root, r binomial(1/n, k) u0<sup>-k</sup> from the root r
     * itself, since 1/n - k rounded is off by |ln u0| ulps), so that no intermediate leaves the range
     * unless a<sub>k</sub> does: sqrt'(0) = +inf, as the rule table's. O(k<sup>3</sup>), only where
     * neither the recurrence nor {@link #relativePower} can run: at u0 = 0 (no eps = (u - u0) / u0),
     * an infinite u0, or with an infinite or NaN coefficient.
     */
    private Taylor composedPower(double y0, double p, int root) {
        int n = c.length;
        double u0 = c[0];
        // an odd root below 0 is -(-u)^p: its k-th derivative carries (-1)^(k+1); -0.0 counts as 0
        boolean negative = (root & 1) == 1 && u0 < 0;
        double base = negative ? -u0 : u0 + 0.0;
        double[] delta = c.clone();
        delta[0] = 0;
        double[] dk = delta;
        double[] y = new double[n];
        y[0] = y0;
        double binomial = 1;
        for (int k = 1; k < n; k++) {
            double last = binomial;
            double step = (p - (k - 1)) / k;
            binomial = last * step;
            double a;
            if (root != 0 && base != 0 && Double.isFinite(base)) {
                // binomial(1/n, k) |r| u0^-k: the root's own digits, u0^-k with its exponent apart
                a = Values.monomial(Math.abs(y0) * binomial, base, -k);
            } else if (Double.isFinite(last) && Double.isFinite(step)) {
                // binomial(p, k) as its two last factors: their product may overflow where a_k does not
                a = binomial == 0 ? 0 : Values.powTerm(last, step, base, p, k);
            } else {
                a = Chain.term(binomial, Math.pow(base, p - k));
            }
            if (negative && (k & 1) == 0) {
                a = -a;
            }
            if (k > 1) {
                dk = times(dk, delta);
            }
            for (int j = k; j < n; j++) {
                y[j] += Chain.term(a, dk[j]);
            }
        }
        return new Taylor(y);
    }

    /**
     * u^e with both moving: u^e0 exp((e - e0) log u) for a positive u0, else exp(e log u), with the
     * value pow(u0, e0). A constant exponent is {@link #pow(double)}; a base 0 with a moving
     * exponent gives IEEE results.
     */
    @Override
    public Taylor pow(Taylor e) {
        double[] ec = same(e, "pow");
        if (isConstant(ec)) {
            return pow(ec[0]);
        }
        double y0 = Math.pow(c[0], ec[0]);
        if (y0 != y0 || !(c[0] > 0) || !Double.isFinite(ec[0])) {
            double[] z = times(ec, log().c);
            return new Taylor(expSeries(y0, z));
        }
        // u^e0 u^(e - e0): the first by the constant power's own forms (f's derivatives at u0
        // where its recurrence leaves the range), the second exp((e - e0) log u) with value 1.
        // exp(e log u) multiplied every coefficient by an underflowed u0^e0 ((1e-300 + t)^(3 + t)'s
        // t^3 coefficient, 1, read 0) and, near a small u0, summed the log series' large terms
        // ((1e-8 + t)^(1 + t)'s third derivative 3e-9 off, its second 2e-11; now to the last digits)
        double[] rest = ec.clone();
        rest[0] = 0;
        boolean[] lost = new boolean[1];
        double[] lc = log().c;
        double[] z = times(rest, lc, lost);
        double[] ex = expSeries(1, z);
        double[] pc = pow(ec[0]).c;
        double[] y = times(pc, ex, lost);
        y[0] = y0;
        // (z and y are checked by their products, lost; log's ratios u_i / u0 here)
        if ((lost[0] || SeriesChecks.ratiosOut(c) || !FieldRules.normal(y0) || SeriesChecks.abnormal(lc) || SeriesChecks.abnormal(ex) || SeriesChecks.abnormal(pc) || SeriesChecks.abnormal(ec))
                && allFinite(c) && allFinite(ec)) {
            // a term out of the range on the way ((1.9e29 + 1.8e167 t + ...)^(-10.8 - 1.4 t + ...) read -inf
            // where the t^4 coefficient is 3.7e238): every series in numbers with their exponent apart
            return widePow(y0, ec);
        }
        return new Taylor(y);
    }

    // ---------------------------------------------------------------- exponentials and logarithms

    @Override
    public Taylor exp() {
        double y0 = Math.exp(c[0]);
        if (isConstant(c)) {
            return constant(y0, order());
        }
        return new Taylor(checkedExp(y0, expSeries(y0, c)));
    }

    @Override
    public Taylor expm1() {
        double y0 = Math.expm1(c[0]);
        if (isConstant(c)) {
            return constant(y0, order());
        }
        double e = Math.exp(c[0]);
        double[] y = checkedExp(e, expSeries(e, c));
        y[0] = y0;
        return new Taylor(y);
    }

    /**
     * y = exp(u)'s series as expSeries formed it, or, where a term u_i y_(j-i) or exp(u0) itself
     * left the range on the way, exp(u0) exp(u - u0) with the second apart from the double range
     * and exp(u0) = exp(r) 2^k applied last.
     */
    private double[] checkedExp(double y0, double[] y) {
        // exp(u0) is never 0: a 0 underflowed, and u_i y_(j-i) with it
        if ((y0 == 0 || SeriesChecks.unsure(y) && SeriesChecks.lost(c, y, y, 1)) && allFinite(c)) {
            double[] w = wideExp(y0);
            return w != null ? w : y;
        }
        return y;
    }

    /** exp(u0) exp(u - u0), the second apart from the double range; null beyond exp(+-2^20 ln 2). */
    private double[] wideExp(double y0) {
        // exp(u0) = exp(r) 2^k with r = u0 - k ln 2 (Cody and Waite's two-part ln 2: k ln2Hi exact)
        double k = Math.rint(c[0] * 1.4426950408889634);
        if (!(Math.abs(k) < 0x1p20)) {
            return null;
        }
        double r = (c[0] - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
        return WideSeries.exp(WideSeries.of(c, 1)).rounded(y0, Math.exp(r), (int) k);
    }

    /**
     * y' = y u' with y0 given: yj = (1/j) sum i ui y(j-i). A subnormal y0 (x^y at the smallest x)
     * runs the recurrence 2^64 times larger and each coefficient is scaled back once, where it
     * would round every coefficient it entered; an infinite y0 runs it for e = y / y0 (e0 = 1) and
     * applies y0 last, where it would meet infinities of both signs.
     */
    private static double[] expSeries(double y0, double[] u) {
        int n = u.length;
        boolean infinite = Double.isInfinite(y0);
        boolean subnormal = y0 != 0 && Math.abs(y0) < Double.MIN_NORMAL;
        double[] y = new double[n];
        y[0] = infinite ? 1 : subnormal ? Math.scalb(y0, 64) : y0;
        for (int j = 1; j < n; j++) {
            double s = 0;
            for (int i = 1; i <= j; i++) {
                s += Chain.term(i * u[i], y[j - i]);
            }
            y[j] = s / j;
        }
        if (infinite || subnormal) {
            y[0] = y0;
            for (int j = 1; j < n; j++) {
                y[j] = infinite ? Chain.term(y0, y[j]) : Math.scalb(y[j], -64);
            }
        }
        return y;
    }

    @Override
    public Taylor log() {
        return logarithm(Math.log(c[0]), c, 1);
    }

    @Override
    public Taylor log1p() {
        double[] w = c.clone();
        w[0] = 1 + c[0];
        return logarithm(Math.log1p(c[0]), w, 1);
    }

    /**
     * log10(x). Not in {@link RealFieldElement} 3.6.1, offered as in {@link Differentiable}.
     *
     * @return log10 of this
     */
    public Taylor log10() {
        return logarithm(Math.log10(c[0]), c, LN10);
    }

    /** y = log(w) / scale with y0 given: y' w = w' / scale. */
    private Taylor logarithm(double y0, double[] w, double scale) {
        if (isConstant(c)) {
            return constant(y0, order());
        }
        if (Double.isNaN(y0)) {
            return nanLike(); // outside the domain the derivatives are NaN too, as in every mode
        }
        double[] u = new double[w.length];
        for (int j = 1; j < u.length; j++) {
            u[j] = w[j] / scale;
        }
        double[] y = inverseSeries(y0, u, w);
        // an input coefficient is exact even when subnormal; its ratio to w0 is what may leave the range
        if ((SeriesChecks.ratiosOut(w) || !SeriesChecks.normalQuotient(y, 1, 1) && (SeriesChecks.abnormal(w) || SeriesChecks.lost(y, w, y, 1))) && wide(w) && w[0] > 0) {
            // a ratio w_i / w0 or a term y_i w_(j-i) out of the range: log w0 + log(1 + eps) apart from it
            return new Taylor(WideSeries.log1p(WideSeries.relative(w)).rounded(y0, 1 / scale, 0, 0));
        }
        return new Taylor(y);
    }

    /**
     * y' w = u' with y0 given: yj = (j uj - sum_{i=1}^{j-1} i yi w(j-i)) / (j w0), with u and w
     * divided by w0 first where w0 is a normal number: a term yi w(j-i) can overflow where the
     * coefficient does not (log(1e150 + 1e200 t)'s fourth, -2.5e199, read -inf).
     */
    private static double[] inverseSeries(double y0, double[] u, double[] w) {
        int n = u.length;
        double w0 = w[0];
        double[] un = u;
        double[] wn = w;
        double d = w0;
        if (FieldRules.normal(w0)) {
            un = new double[n];
            wn = new double[n];
            for (int j = 1; j < n; j++) {
                un[j] = u[j] / w0;
                wn[j] = w[j] / w0;
            }
            d = 1;
        }
        double[] y = new double[n];
        y[0] = y0;
        for (int j = 1; j < n; j++) {
            double s = j * un[j];
            for (int i = 1; i < j; i++) {
                s -= Chain.term(i * y[i], wn[j - i]);
            }
            y[j] = s / (j * d);
        }
        return y;
    }

    // ---------------------------------------------------------------- trigonometric and hyperbolic

    @Override
    public Taylor sin() {
        return sinCos(false)[0];
    }

    @Override
    public Taylor cos() {
        return sinCos(false)[1];
    }

    @Override
    public Taylor sinh() {
        return sinCos(true)[0];
    }

    @Override
    public Taylor cosh() {
        return sinCos(true)[1];
    }

    /** s' = c u', c' = -s u' (circular) or +s u' (hyperbolic), computed together. */
    private Taylor[] sinCos(boolean hyperbolic) {
        double a = c[0];
        double s0 = hyperbolic ? Math.sinh(a) : Math.sin(a);
        double c0 = hyperbolic ? Math.cosh(a) : Math.cos(a);
        int k = order();
        if (isConstant(c)) {
            return new Taylor[] {constant(s0, k), constant(c0, k)};
        }
        double sign = hyperbolic ? 1 : -1;
        double[] s = new double[c.length];
        double[] co = new double[c.length];
        s[0] = s0;
        co[0] = c0;
        for (int j = 1; j < s.length; j++) {
            double ss = 0;
            double cs = 0;
            for (int i = 1; i <= j; i++) {
                double iu = i * c[i];
                ss += Chain.term(iu, co[j - i]);
                cs += Chain.term(iu, s[j - i]);
            }
            s[j] = ss / j;
            co[j] = sign * cs / j;
        }
        if ((SeriesChecks.unsure(s) || SeriesChecks.unsure(co)) && (SeriesChecks.lost(c, co, s, 1) || SeriesChecks.lost(c, s, co, 1)) && allFinite(c)
                && Double.isFinite(s0) && Double.isFinite(c0)) {
            return wideSinCos(s0, c0, hyperbolic);
        }
        return new Taylor[] {new Taylor(s), new Taylor(co)};
    }

    /**
     * f(u0 + delta) = f(u0) g(delta) + f'(u0) h(delta) from delta's own sine and cosine series apart
     * from the double range: where a term of one series left the range that the other needs (sin's
     * t^4 at 1.5e-192 - 1.1e-173 t + 1.2e94 t^3 read 4.9e-272 for 2.0e-271: cos's t coefficient
     * underflowed). Its own method, so that sinCos stays small enough to inline.
     */
    private Taylor[] wideSinCos(double s0, double c0, boolean hyperbolic) {
        WideSeries[] d = WideSeries.sinCos(WideSeries.of(c, 1), hyperbolic);
        double[] s = d[1].combine(s0, c0, d[0]).rounded(s0, 1, 0, 0);
        double[] co = d[1].combine(c0, (hyperbolic ? 1 : -1) * s0, d[0]).rounded(c0, 1, 0, 0);
        return new Taylor[] {new Taylor(s), new Taylor(co)};
    }

    @Override
    public Taylor tan() {
        double y0 = Math.tan(c[0]);
        return tangentLike(y0, 1 + y0 * y0, 0, 1);
    }

    @Override
    public Taylor tanh() {
        double y0 = Math.tanh(c[0]);
        // sech^2, not 1 - y0^2: y0 rounds to 1 for large |u0| and 1 - y0^2 keeps no digit
        double sech = 1 / Math.cosh(c[0]);
        return tangentLike(y0, sech * sech, sech, -1);
    }

    /**
     * y' = g u' with g = g0 + sign (y^2 - y0^2) built as y grows (tan: 1 + y^2, tanh: 1 - y^2);
     * root: 0, or g0's square root (sech, whose square underflows from |u0| = 353).
     */
    private Taylor tangentLike(double y0, double g0, double root, double sign) {
        if (isConstant(c)) {
            return constant(y0, order());
        }
        int n = c.length;
        double[] y = new double[n];
        double[] g = new double[n];
        y[0] = y0;
        g[0] = g0;
        for (int j = 1; j < n; j++) {
            double s = 0;
            for (int i = 1; i <= j; i++) {
                s += Chain.term(i * c[i], g[j - i]);
            }
            y[j] = s / j;
            double q = 0;
            for (int i = 0; i <= j; i++) {
                q += y[i] * y[j - i];
            }
            g[j] = sign * q;
        }
        // g0 = 0 underflowed (sech^2 beyond |u0| = 353): every coefficient with it
        if ((g0 == 0 || (SeriesChecks.unsure(y) || SeriesChecks.unsure(g)) && (SeriesChecks.lost(c, g, y, 1) || SeriesChecks.lost(y, y, g, 0))) && allFinite(c)
                && Double.isFinite(y0) && (FieldRules.finiteNonZero(g0) || FieldRules.finiteNonZero(root))) {
            // a term out of the range on the way: the same recurrence apart from the double range
            return new Taylor(WideSeries.tangent(WideSeries.of(c, 1), y0, g0, root, sign).rounded(y0, 1, 0));
        }
        return new Taylor(y);
    }

    @Override
    public Taylor atan() {
        double a = c[0];
        if (Math.abs(a) > 1) {
            // atan(u) = +-pi/2 - atan(1/u): with v = 1/u, 1 + v^2 is near 1 where 1 + u^2 (and its
            // products of u's coefficients) can overflow where atan's derivatives do not
            double[] v = reciprocal().negate().c; // d/dt atan(u) = -d/dt atan(1/u)
            double[] w = times(v, v);
            w[0] = Math.fma(v[0], v[0], 1);
            return inverse(Math.atan(a), v, w, ATAN_OF_RECIPROCAL);
        }
        // w = 1 + u^2
        double[] w = times(c, c);
        w[0] = Math.fma(a, a, 1);
        return inverse(Math.atan(a), c, w, ATAN);
    }

    @Override
    public Taylor asin() {
        return inverse(Math.asin(c[0]), c, sqrtSeries(oneMinusSquare(c)), ASIN);
    }

    @Override
    public Taylor acos() {
        double[] u = c.clone();
        for (int j = 0; j < u.length; j++) {
            u[j] = -u[j];
        }
        return inverse(Math.acos(c[0]), u, sqrtSeries(oneMinusSquare(c)), ASIN);
    }

    @Override
    public Taylor asinh() {
        return inverse(Values.asinhValue(c[0]), c, hypotSeries(constantLike(1), c), ASINH);
    }

    @Override
    public Taylor acosh() {
        double a = c[0];
        double y0 = a >= 1 ? Values.acoshValue(a) : Double.NaN;
        // w = sqrt((u - 1)(u + 1)), scaled by a power of two so that the product cannot overflow
        double s = a > 2 && a < Double.POSITIVE_INFINITY ? Math.scalb(1.0, Math.getExponent(a)) : 1;
        double[] m = c.clone();
        double[] p = c.clone();
        for (int j = 0; j < m.length; j++) {
            m[j] /= s;
            p[j] /= s;
        }
        m[0] -= 1 / s;
        p[0] += 1 / s;
        double[] w = sqrtSeries(times(m, p));
        for (int j = 0; j < w.length; j++) {
            w[j] *= s;
        }
        return inverse(y0, c, w, ACOSH);
    }

    @Override
    public Taylor atanh() {
        double a = c[0];
        return inverse(Math.abs(a) > 1 ? Double.NaN : Values.atanhValue(a), c, oneMinusSquare(c), ATANH);
    }

    /** y with y0 given and y' w = u' (u the argument's coefficients, possibly negated). */
    private Taylor inverse(double y0, double[] u, double[] w, int kind) {
        if (isConstant(c)) {
            return constant(y0, order());
        }
        if (Double.isNaN(y0)) {
            return nanLike(); // outside the domain the derivatives are NaN too, as in every mode
        }
        double[] y = inverseSeries(y0, u, w);
        if ((SeriesChecks.farApart(u) || SeriesChecks.ratiosOut(w) || SeriesChecks.abnormal(w) || SeriesChecks.unsure(y) && SeriesChecks.lost(y, w, y, 1))
                && allFinite(kind == ATAN_OF_RECIPROCAL ? c : u)
                && Double.isFinite(y0) && FieldRules.finiteNonZero(w[0])) {
            // a term out of the range on the way (in w, the argument's own series, or y's): the
            // same series apart from the double range, atan's -1/u included (rounded to doubles,
            // a subnormal coefficient of it had lost its digits)
            WideSeries a = kind == ATAN_OF_RECIPROCAL ? negativeReciprocal(c) : WideSeries.of(u, 0);
            return new Taylor(WideSeries.inverse(y0, a, wideSlope(a, u[0], kind)).rounded(y0, 1, 0));
        }
        return new Taylor(y);
    }

    /** -1/u (u0 finite, not 0) apart from the double range: -(1/u0) (1 + eps)^-1. */
    private static WideSeries negativeReciprocal(double[] u) {
        WideSeries r = WideSeries.onePlusPower(WideSeries.relative(u), -1);
        int k = FieldRules.exponent(u[0]);
        double mf = -1 / Math.scalb(u[0], -k);
        WideSeries v = new WideSeries(u.length);
        for (int j = 0; j < u.length; j++) {
            v.add(j, mf * r.m[j], r.e[j] - k);
        }
        return v;
    }

    /**
     * The inverse functions' w (y' w = u') apart from the double range, for a (acos's -u: the same
     * w; atan's -1/u) whose value is u0.
     */
    private static WideSeries wideSlope(WideSeries a, double u0, int kind) {
        WideSeries sq = a.times(a);
        int n = a.m.length;
        WideSeries w = new WideSeries(n);
        for (int j = 1; j < n; j++) {
            w.add(j, (kind == ASIN || kind == ATANH ? -1 : 1) * sq.m[j], sq.e[j]);
        }
        switch (kind) {
            case ATAN, ATAN_OF_RECIPROCAL -> w.add(0, Math.fma(u0, u0, 1), 0);
            case ASIN, ATANH -> w.add(0, Math.fma(-u0, u0, 1), 0);
            case ASINH -> {
                w.add(0, sq.m[0], sq.e[0]);
                w.add(0, 1, 0);
            }
            default -> {
                // (u0 - 1)(u0 + 1): u0 - 1 is exact near 1, where u0^2 - 1 cancels
                int k = FieldRules.exponent(u0);
                w.add(0, Math.scalb(u0 - 1, -k) * Math.scalb(u0 + 1, -k), 2 * k);
            }
        }
        return kind == ASIN || kind == ASINH || kind == ACOSH ? WideSeries.sqrt(w) : w;
    }

    /**
     * 1 - u^2: its value rounded once (fma, as the rule table forms it: no cancellation near
     * |u0| = 1), its higher coefficients those of -u^2 (the product (1 - u)(1 + u) cancels them
     * near u0 = 0: asin'' at 1e-8 lost 8 digits, at 1e-300 read 0).
     */
    private static double[] oneMinusSquare(double[] u) {
        double[] w = times(u, u);
        for (int j = 1; j < w.length; j++) {
            w[j] = -w[j];
        }
        w[0] = Math.fma(-u[0], u[0], 1);
        return w;
    }

    /** The square root of a series: 2 y0 yj = uj - sum_{i=1}^{j-1} yi y(j-i). */
    private static double[] sqrtSeries(double[] u) {
        double[] y = new double[u.length];
        y[0] = Math.sqrt(u[0]);
        for (int j = 1; j < y.length; j++) {
            double s = u[j];
            for (int i = 1; i < j; i++) {
                s -= y[i] * y[j - i];
            }
            y[j] = s / (2 * y[0]);
        }
        return y;
    }

    /**
     * sqrt(u^2 + v^2) as |A + i B| in {@link #frame}'s terms. The series of u^2 + v^2 under a
     * square root cancels the motion along (u0, v0) against the root's own terms and loses every
     * digit past the first derivative near the origin (x.hypot(x) at 1e-8: a third derivative of
     * -9.4 where it is 0); here no term cancels another, and the bend B^2 / A is added last.
     */
    private static double[] hypotSeries(double[] u, double[] v) {
        double[][] frame = frame(u, v);
        double[] along = frame[0];
        double[] across = frame[1];
        double[] r = frame[2];
        int n = u.length;
        // h = A + T / (1 + S) with R = B / A, T = B R (= B^2 / A) and S = sqrt(1 + R^2): each of
        // them of its own size, where A R^2 would square a ratio that can leave the range
        double[] t = times(across, r);
        double[] sq = times(r, r);
        sq[0] = 1; // r0 = 0
        double[] den = sqrtSeries(sq);
        den[0] = 2;
        double[] bend = quotient(t, den);
        for (int j = 1; j < n; j++) {
            along[j] += bend[j];
        }
        return along;
    }

    /**
     * The motion of the point (u, v) along and across the direction of (u0, v0), {A, B, B / A}:
     * A = c.w and B = c x w for the unit vector c, so A0 = h0 = hypot(u0, v0) and B0 = 0. Each
     * coefficient comes from fused multiply-adds, so it keeps its digits however much u's and v's
     * parts cancel, and the direction from u0 and v0 scaled by a power of two, so that subnormal
     * ones keep theirs.
     */
    private static double[][] frame(double[] u, double[] v) {
        double big = Math.max(Math.abs(u[0]), Math.abs(v[0]));
        double s = big > 0 && big < Double.POSITIVE_INFINITY ? Math.scalb(1.0, Math.getExponent(big)) : 1;
        double us = u[0] / s;
        double vs = v[0] / s;
        double hs = Math.hypot(us, vs);
        int n = u.length;
        double[] along = new double[n];
        double[] across = new double[n];
        double[] alongScaled = new double[n];
        double[] acrossScaled = new double[n];
        along[0] = Math.hypot(u[0], v[0]);
        alongScaled[0] = hs;
        for (int j = 1; j < n; j++) {
            double uj = u[j] / s;
            double vj = v[j] / s;
            if (s < 1 && Double.isFinite(uj) && Double.isFinite(vj)) {
                // a small point: the products in units of s, where us v[j] could underflow first
                alongScaled[j] = cross(us, uj, -vs, vj) / hs;
                acrossScaled[j] = cross(us, vj, vs, uj) / hs;
                along[j] = alongScaled[j] * s;
                across[j] = acrossScaled[j] * s;
            } else {
                along[j] = cross(us, u[j], -vs, v[j]) / hs;
                across[j] = cross(us, v[j], vs, u[j]) / hs;
                alongScaled[j] = along[j] / s;
                acrossScaled[j] = across[j] / s;
            }
        }
        // B / A in units of s, where A0 = h0 itself may overflow (hypot(MAX, MAX))
        return new double[][] {along, across, quotient(acrossScaled, alongScaled)};
    }

    /**
     * a d - b c to within about an ulp of the result, however much its terms cancel (Kahan's fused
     * multiply-add form); where a term is not finite, the two products under the zero policy.
     * Near-parallel motion is across's cancelling case, and its square is the series' curvature.
     */
    private static double cross(double a, double d, double b, double c) {
        double w = b * c;
        double x = Math.fma(a, d, -w) + Math.fma(-b, c, w);
        return Double.isFinite(x) ? x : Chain.term(a, d) - Chain.term(b, c);
    }

    private double[] constantLike(double value) {
        double[] k = new double[c.length];
        k[0] = value;
        return k;
    }

    // ---------------------------------------------------------------- two-argument functions

    /**
     * atan2(this, x), the angle of the point (x, this): its value at t = 0 plus atan(B / A), where
     * A and B are the motion along and across the direction of (x0, this0) ({@link #hypotSeries}'s
     * frame), so that motion along that direction leaves every higher coefficient exactly 0; constant
     * at the origin, NaN partials at an infinite argument (the conventions table).
     */
    @Override
    public Taylor atan2(Taylor x) {
        double[] xc = same(x, "atan2");
        double g0 = Math.atan2(c[0], xc[0]);
        int k = order();
        if ((c[0] == 0 && xc[0] == 0) || (isConstant(c) && isConstant(xc))) {
            return constant(g0, k);
        }
        if (Double.isInfinite(c[0]) || Double.isInfinite(xc[0])) {
            // the table's NaN partials at an infinite argument: 0 up to the order where either
            // argument starts to move (the zero policy), NaN from there on
            double[] r = new double[k + 1];
            r[0] = g0;
            boolean moved = false;
            for (int j = 1; j <= k; j++) {
                moved |= c[j] != 0 || xc[j] != 0;
                r[j] = moved ? Double.NaN : 0;
            }
            return new Taylor(r);
        }
        double[] r = frame(xc, c)[2];
        double[] w = times(r, r);
        w[0] = 1; // r0 = 0
        double[] y = inverseSeries(g0, r, w);
        if ((SeriesChecks.farApart(c) || SeriesChecks.farApart(xc) || SeriesChecks.abnormal(r) || SeriesChecks.abnormal(y)) && allFinite(c) && allFinite(xc)) {
            // the frame or a term out of the range on the way: the same forms apart from it
            WideSeries[] f = wideFrame(xc, c);
            WideSeries wr = WideSeries.quotient(f[1], f[0]);
            WideSeries ww = wr.times(wr);
            ww.add(0, 1, 0);
            return new Taylor(WideSeries.inverse(g0, wr, ww).rounded(g0, 1, 0));
        }
        return new Taylor(y);
    }

    /** hypot(this, y), without overflow or underflow; constant at the origin (the convention). */
    @Override
    public Taylor hypot(Taylor y) {
        double[] yc = same(y, "hypot");
        double h = Math.hypot(c[0], yc[0]);
        if (h == 0 || (isConstant(c) && isConstant(yc))) {
            return constant(h, order());
        }
        if (Double.isInfinite(c[0]) || Double.isInfinite(yc[0])) {
            // the table's convention: first partial +-1 for an infinite argument, 0 for a finite
            // one, second partials 0, so the series is linear in u and v (the recurrence's
            // inf / inf would make every coefficient NaN)
            double gx = Values.hypotSlopeAtInfinity(c[0]);
            double gy = Values.hypotSlopeAtInfinity(yc[0]);
            double[] r = new double[c.length];
            r[0] = h;
            for (int j = 1; j < r.length; j++) {
                r[j] = Chain.term(gx, c[j]) + Chain.term(gy, yc[j]);
            }
            return new Taylor(r);
        }
        double[] r = hypotSeries(c, yc);
        if ((SeriesChecks.farApart(c) || SeriesChecks.farApart(yc) || SeriesChecks.abnormal(r)) && allFinite(c) && allFinite(yc)) {
            // the frame or a term out of the range on the way: the same forms apart from it
            return new Taylor(wideHypot(c, yc).rounded(h, 1, 0));
        }
        return new Taylor(r);
    }

    /** {@link #hypotSeries} apart from the double range: A + T / (1 + S) with R = B / A, T = B R, S = sqrt(1 + R^2). */
    private static WideSeries wideHypot(double[] u, double[] v) {
        WideSeries[] f = wideFrame(u, v);
        WideSeries r = WideSeries.quotient(f[1], f[0]);
        WideSeries t = f[1].times(r);
        WideSeries sq = r.times(r);
        sq.add(0, 1, 0); // r0 = 0
        WideSeries den = WideSeries.sqrt(sq);
        den.add(0, 1, 0); // 1 + S
        WideSeries bend = WideSeries.quotient(t, den);
        return f[0].combine(1, 1, bend);
    }

    /**
     * {@link #frame}'s motion along and across (u0, v0), {A, B}, apart from the double range: each
     * coefficient the same fused cross product of the direction with u_j and v_j scaled to their
     * larger exponent, which is kept apart.
     */
    private static WideSeries[] wideFrame(double[] u, double[] v) {
        int n = u.length;
        int k = FieldRules.exponent(Math.max(Math.abs(u[0]), Math.abs(v[0])));
        double hs = Math.hypot(Math.scalb(u[0], -k), Math.scalb(v[0], -k));
        WideSeries along = new WideSeries(n);
        WideSeries across = new WideSeries(n);
        along.add(0, hs, k);
        for (int j = 1; j < n; j++) {
            // along: u0 u_j + v0 v_j, across: u0 v_j - v0 u_j, over h0 = hs 2^k
            along.add(j, scaledCross(u[0], u[j], -v[0], v[j]) / hs, crossExponent(u[0], u[j], v[0], v[j]) - k);
            across.add(j, scaledCross(u[0], v[j], v[0], u[j]) / hs, crossExponent(u[0], v[j], v[0], u[j]) - k);
        }
        return new WideSeries[] {along, across};
    }

    /** The exponent E of a d - b c's larger product (of the exponents of its factors), 0 if both vanish. */
    private static int crossExponent(double a, double d, double b, double c) {
        boolean p = a != 0 && d != 0;
        boolean q = b != 0 && c != 0;
        int ep = p ? FieldRules.exponent(a) + FieldRules.exponent(d) : Integer.MIN_VALUE;
        int eq = q ? FieldRules.exponent(b) + FieldRules.exponent(c) : Integer.MIN_VALUE;
        return p || q ? Math.max(ep, eq) : 0;
    }

    /**
     * (a d - b c) 2^-E with E = {@link #crossExponent}: each factor's mantissa, the smaller product's
     * exponent difference folded into one of its factors, and Kahan's fused cross product, so that
     * the difference keeps its digits however far apart the four exponents are.
     */
    private static double scaledCross(double a, double d, double b, double c) {
        if ((a == 0 || d == 0) && (b == 0 || c == 0)) {
            return 0;
        }
        int e = crossExponent(a, d, b, c);
        double ma = a == 0 || d == 0 ? 0 : Math.scalb(a, -FieldRules.exponent(a));
        double md = a == 0 || d == 0 ? 0 : Math.scalb(Math.scalb(d, -FieldRules.exponent(d)),
                Math.max(-1100, FieldRules.exponent(a) + FieldRules.exponent(d) - e));
        double mb = b == 0 || c == 0 ? 0 : Math.scalb(b, -FieldRules.exponent(b));
        double mc = b == 0 || c == 0 ? 0 : Math.scalb(Math.scalb(c, -FieldRules.exponent(c)),
                Math.max(-1100, FieldRules.exponent(b) + FieldRules.exponent(c) - e));
        return cross(ma, md, mb, mc);
    }

    // ---------------------------------------------------------------- piecewise

    /** |u|: the sign of u0 times u, a constant 0 at u0 = 0 (|x|' = 0 at 0). */
    @Override
    public Taylor abs() {
        double a = c[0];
        if (a > 0) {
            return this;
        }
        if (a < 0) {
            return negate();
        }
        // a NaN constant stays a constant, as through every function
        return a == 0 ? constant(0, order()) : isConstant(c) ? constant(Math.abs(a), order()) : nanLike();
    }

    @Override
    public Taylor floor() {
        return constant(Math.floor(c[0]), order());
    }

    @Override
    public Taylor ceil() {
        return constant(Math.ceil(c[0]), order());
    }

    @Override
    public Taylor rint() {
        return constant(Math.rint(c[0]), order());
    }

    @Override
    public long round() {
        return Math.round(c[0]);
    }

    @Override
    public Taylor signum() {
        return constant(Math.signum(c[0]), order());
    }

    @Override
    public Taylor copySign(Taylor sign) {
        return copySign(same(sign, "copySign")[0]);
    }

    @Override
    public Taylor copySign(double sign) {
        // a NaN sign or value counts as positive (Values.copySign), so no NaN's sign bit decides
        return Values.copySignSlope(c[0], Values.copySign(c[0], sign)) < 0 ? negate() : this;
    }

    /** The IEEE remainder u - n a: the same higher coefficients as u (NaN where the value is). */
    @Override
    public Taylor remainder(double a) {
        double r = Math.IEEEremainder(c[0], a);
        if (Double.isNaN(r)) {
            return isConstant(c) ? constant(r, order()) : nanLike();
        }
        double[] y = c.clone();
        y[0] = r;
        return new Taylor(y);
    }

    /** u - n y with n = rint(u0 / y0) held fixed: derivative 1 in u, -n in y. */
    @Override
    public Taylor remainder(Taylor a) {
        double[] b = same(a, "remainder");
        double r = Math.IEEEremainder(c[0], b[0]);
        if (Double.isNaN(r)) {
            return isConstant(c) && isConstant(b) ? constant(r, order()) : nanLike();
        }
        double n = Math.rint((c[0] - r) / b[0]);
        double[] y = new double[c.length];
        y[0] = r;
        for (int j = 1; j < y.length; j++) {
            y[j] = c[j] - Chain.term(n, b[j]);
        }
        return new Taylor(y);
    }

    private Taylor nanLike() {
        double[] y = new double[c.length];
        Arrays.fill(y, Double.NaN);
        return new Taylor(y);
    }

    // ---------------------------------------------------------------- linear combinations

    // The constant coefficient is MathArrays.linearCombination's compensated value, as in every
    // mode (Differentiable); the others are the composed sum's.

    @Override
    public Taylor linearCombination(Taylor[] a, Taylor[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero(); // the empty sum, as in every type
        }
        double[] av = new double[a.length];
        double[] bv = new double[a.length];
        Taylor sum = a[0].multiply(b[0]);
        for (int i = 0; i < a.length; i++) {
            av[i] = a[i].c[0];
            bv[i] = b[i].c[0];
            if (i > 0) {
                sum = sum.add(a[i].multiply(b[i]));
            }
        }
        return sum.withValue(MathArrays.linearCombination(av, bv));
    }

    @Override
    public Taylor linearCombination(double[] a, Taylor[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero();
        }
        double[] bv = new double[a.length];
        Taylor sum = b[0].multiply(a[0]);
        for (int i = 0; i < a.length; i++) {
            bv[i] = b[i].c[0];
            if (i > 0) {
                sum = sum.add(b[i].multiply(a[i]));
            }
        }
        return sum.withValue(MathArrays.linearCombination(a, bv));
    }

    @Override
    public Taylor linearCombination(Taylor a1, Taylor b1, Taylor a2, Taylor b2) {
        return a1.multiply(b1).add(a2.multiply(b2))
                .withValue(MathArrays.linearCombination(a1.c[0], b1.c[0], a2.c[0], b2.c[0]));
    }

    @Override
    public Taylor linearCombination(double a1, Taylor b1, double a2, Taylor b2) {
        return b1.multiply(a1).add(b2.multiply(a2)).withValue(MathArrays.linearCombination(a1, b1.c[0], a2, b2.c[0]));
    }

    @Override
    public Taylor linearCombination(Taylor a1, Taylor b1, Taylor a2, Taylor b2, Taylor a3, Taylor b3) {
        return a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3))
                .withValue(MathArrays.linearCombination(a1.c[0], b1.c[0], a2.c[0], b2.c[0], a3.c[0], b3.c[0]));
    }

    @Override
    public Taylor linearCombination(double a1, Taylor b1, double a2, Taylor b2, double a3, Taylor b3) {
        return b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3))
                .withValue(MathArrays.linearCombination(a1, b1.c[0], a2, b2.c[0], a3, b3.c[0]));
    }

    @Override
    public Taylor linearCombination(Taylor a1, Taylor b1, Taylor a2, Taylor b2, Taylor a3, Taylor b3,
                                    Taylor a4, Taylor b4) {
        return a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3)).add(a4.multiply(b4))
                .withValue(MathArrays.linearCombination(a1.c[0], b1.c[0], a2.c[0], b2.c[0], a3.c[0], b3.c[0],
                        a4.c[0], b4.c[0]));
    }

    @Override
    public Taylor linearCombination(double a1, Taylor b1, double a2, Taylor b2, double a3, Taylor b3,
                                    double a4, Taylor b4) {
        return b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3)).add(b4.multiply(a4))
                .withValue(MathArrays.linearCombination(a1, b1.c[0], a2, b2.c[0], a3, b3.c[0], a4, b4.c[0]));
    }

    /** This series with its constant coefficient replaced by v. */
    private Taylor withValue(double v) {
        double[] d = c.clone();
        d[0] = v;
        return new Taylor(d);
    }

    // ---------------------------------------------------------------- helpers

    /** True when every coefficient past the value is exactly zero: the polynomial does not move. */
    private static boolean isConstant(double[] u) {
        for (int j = 1; j < u.length; j++) {
            if (u[j] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A custom {@link Rule} of k arguments: y = f(x(t)) with y<sub>0</sub> = f(x<sub>0</sub>),
     * y<sub>1</sub> = &Sigma; g<sub>i</sub> x<sub>i,1</sub> and y<sub>2</sub> = &Sigma;
     * g<sub>i</sub> x<sub>i,2</sub> + &frac12; &Sigma; h<sub>ij</sub> x<sub>i,1</sub>
     * x<sub>j,1</sub>. A rule carries derivatives to order 1 or 2 only, so an order above the
     * rule's refuses: Taylor coefficients of every order need f's derivatives of every order.
     *
     * @param rule the rule
     * @param args its arguments, args[0] == this, all of one order (not modified)
     * @return rule(args), of this order
     * @throws UnsupportedOperationException if this order exceeds {@link Rule#order()}
     */
    @Override
    public Taylor applyRule(Rule rule, Taylor[] args) {
        int k = args.length;
        int n = c.length - 1;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            same(args[i], rule.name());
            p[i] = args[i].c[0];
        }
        if (n > rule.order()) {
            throw new UnsupportedOperationException(rule.name() + ": a Taylor polynomial of order " + n
                    + " needs derivatives to order " + n + ", but the custom rule supplies them to order " + rule.order()
                    + "; use order <= " + rule.order() + " (Forward.derivatives/taylor need every order of a built-in"
                    + " function)");
        }
        double[] r = new double[n + 1];
        r[0] = rule.value(p);
        if (n >= 1) {
            double[] g = rule.gradient(p);
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < k; i++) {
                s1 += Chain.term(g[i], args[i].c[1]);
                if (n >= 2) {
                    s2 += Chain.term(g[i], args[i].c[2]);
                }
            }
            r[1] = s1;
            if (n >= 2) {
                double[] h = rule.hessian(p);
                double q = 0;
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < k; j++) {
                        q += Chain.term(h[i * k + j], args[i].c[1] * args[j].c[1]);
                    }
                }
                r[2] = s2 + 0.5 * q;
            }
        }
        return new Taylor(r);
    }

    private double[] same(Taylor a, String method) {
        if (a.c.length != c.length) {
            throw new IllegalArgumentException("Taylor." + method + ": orders differ, " + order() + " and "
                    + a.order() + "; combine polynomials of one order (seed every input with the same k)");
        }
        return a.c;
    }

    // ---------------------------------------------------------------- value semantics

    @Override
    public boolean equals(Object o) {
        return o instanceof Taylor && Arrays.equals(c, ((Taylor) o).c);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(c);
    }

    /** @return e.g. {@code Taylor[1.0 + 2.0t + 0.5t^2]} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Taylor[").append(c[0]);
        for (int j = 1; j < c.length; j++) {
            b.append(Format.term(c[j], j == 1 ? "t" : "t^" + j));
        }
        return b.append(']').toString();
    }
}
