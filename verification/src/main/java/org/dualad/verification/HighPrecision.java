package org.dualad.verification;

import java.util.Arrays;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.dfp.Dfp;
import org.dualad.dual.Rule;
import org.ejml.data.DMatrixRMaj;

/**
 * A number of the high-precision oracle: a value with its gradient and (at order 2) its Hessian
 * with respect to n variables, every part a {@link Dfp} of ~64 significant digits (see
 * {@link HighPrecisionField}). It implements {@code RealFieldElement} completely, so the same
 * generic function every DualAD mode runs runs on it, and its derivatives are the function's exact
 * derivatives to about 40 digits.
 *
 * <h2>Independence</h2>
 * Every rule here was derived for this class from the calculus, not taken from DualAD's rule table
 * ({@code org.dualad.dual.Differentiable}): an oracle must not share the formulas it checks. Each
 * operation z = &phi;(x) (or &phi;(x, y)) evaluates &phi; and its first and second partial
 * derivatives in Dfp ({@link HighPrecisionMath}) and applies the second-order chain rule
 * z' = &phi;' x', z'' = &phi;' x'' + &phi;'' x' x'^T (and its two-argument form).
 *
 * <h2>Where a derivative does not exist</h2>
 * A derivative that does not depend on a variable at all is an exact (structural) zero, whatever
 * the partials are: a constant through sqrt at 0 contributes nothing. Elsewhere the oracle claims
 * no number it cannot justify: at a kink or a jump (|x| at 0, floor at an integer, rint at a
 * half-integer, signum at 0, copySign at a zero, remainder where x/y is half-way, atan2 and hypot at
 * the origin, atan2 across its cut) the derivatives are NaN, and a partial that is infinite times a
 * tangent that is zero only numerically is NaN (0 &times; &infin;). At a domain boundary (sqrt, cbrt and
 * powers at 0, asin and acos at &plusmn;1, acosh at 1, atanh at &plusmn;1, log at 0) the
 * one-sided derivative is used, which is infinite for these functions except x^c at 0 for c &gt; 1.
 *
 * <h2>Accuracy</h2>
 * Inputs are the doubles rounded once to the field's digits, through their exact decimal expansion
 * (Dfp's own double constructor rounds several times, through a division and a rounded power of
 * two, to about the same 1e-61 but not correctly rounded): exact for
 * every double whose expansion fits in 61 digits (1 &plusmn; 2^-52, 0.1, 1e22 at the default 64),
 * rounded once, to 1e-61 relative, otherwise (subnormals need up to 767 digits). Values and
 * derivatives are meant to be right to 40 significant digits or better: at an edge grid of about
 * 40 arguments (zeros, subnormals, 1 &plusmn; 2^-52, 1e&plusmn;8, 1e&plusmn;154, 1e&plusmn;300,
 * &plusmn;MAX_VALUE and ordinary points) every function's value, first and second derivative agree
 * between 64 and 128 digits to 1e-40 relative, and the rounded values are within Math's documented
 * error of Math's. sin, cos and tan reduce their argument exactly, whatever its size (an argument
 * that is the rounding of a double is reduced as that double: sin(1e300) is right). A result
 * rounded to double is the correctly rounded exact value unless that lies within about 1e-40
 * relative of a rounding boundary, and unless a cancellation inside f loses more than 24 of the
 * 64 digits.
 *
 * <h2>Rounding noise</h2>
 * Each part also carries a first-order estimate, in units of u = 2^-53, of the absolute error a
 * double-precision evaluation of the same operations accumulates for that part (value, forward- or
 * reverse-mode derivative): every operation costs one unit of its result and of each product it
 * forms, and below the normal range at least half a subnormal's ulp, 2^-1022 units (floor, ceil,
 * rint and signum none: their results are exact), its partial derivatives
 * are assumed correct to one unit plus the effect of rounding their argument, and earlier errors
 * propagate through the absolute partial derivatives (sums of |partial products| along paths). A
 * second partial derivative computed in double is off by one unit plus what its argument's error
 * moves it by, which the third partial derivatives measure (|phi'''| times the argument's
 * absolute noise and one rounding of it); every operation supplies them, so a second partial
 * that cancels (tanh'' where tanh saturates, d2 atan2 / dx dy where |x| is near |y|) gets the
 * noise it has; a custom {@link Rule}'s are central differences of its Hessian (about 8 digits,
 * enough for an estimate). The estimate stays first order in u (products of two errors are
 * dropped), so it is an estimate, not a bound. Where an argument that carries noise meets a jump
 * or kink (floor of an integer, the sign of 0), the double evaluation may land on either side:
 * the value's estimate is then infinite (no bound), except for abs, which moves by at most its
 * argument's noise. An argument without noise (an exact input) stays exact through them. A derivative that exists beside such a kink (d/dy copySign(x, y) at x = 0 with
 * noise) gets an infinite estimate too, not NaN. See {@link #valueNoise()}.
 *
 * <p>Instances are immutable. Combining elements of two different fields throws
 * {@link IllegalArgumentException}.
 */
public final class HighPrecision implements RealFieldElement<HighPrecision>, Rule.Target<HighPrecision> {
    private static final double U = 0x1p-53;

    private final HighPrecisionField field;
    private final Dfp v;
    /** Gradient entries; null where structurally zero. */
    private final Dfp[] g;
    /** Packed upper triangle of the Hessian (null at order 1); null entries structurally zero. */
    private final Dfp[] h;
    private final double nv;
    private final double[] ng;
    private final double[] nh;
    /**
     * |phi_xxx|, |phi_xxy|, |phi_xyy|, |phi_yyy| of the operation phi(x, y) that made this number
     * (x its first argument; a unary phi has only the first; NaN read as infinite), which its
     * Hessian noise used; null for an input, a constant, an order-1 number, or an operation whose
     * third partials all vanish. Kept so tests can check them against differences of second
     * derivatives.
     */
    final double[] third;

    private HighPrecision(HighPrecisionField field, Dfp v, Dfp[] g, Dfp[] h, double nv, double[] ng, double[] nh,
                          double[] third) {
        this.field = field;
        this.v = v;
        this.g = g;
        this.h = h;
        this.nv = nv;
        this.ng = ng;
        this.nh = nh;
        this.third = third;
    }

    static HighPrecision constant(HighPrecisionField field, Dfp c) {
        int n = field.variables();
        boolean second = field.order() == 2;
        return new HighPrecision(field, c, new Dfp[n], second ? new Dfp[n * (n + 1) / 2] : null, 0, new double[n],
                second ? new double[n * (n + 1) / 2] : null, null);
    }

    static HighPrecision variable(HighPrecisionField field, int i, Dfp x) {
        HighPrecision c = constant(field, x);
        c.g[i] = field.math().one();
        return c;
    }

    // ---------------------------------------------------------------- accessors

    /** @return the value, ~64 significant digits */
    public Dfp value() {
        return v;
    }

    /**
     * @param i the variable, 0 &le; i &lt; n
     * @return d value / d x_i
     * @throws IllegalArgumentException if i is out of range
     */
    public Dfp derivative(int i) {
        checkIndex(i, "derivative");
        return g[i] == null ? field.math().zero() : g[i];
    }

    /**
     * @param i the first variable
     * @param j the second variable
     * @return d^2 value / d x_i d x_j
     * @throws IllegalArgumentException if an index is out of range
     * @throws IllegalStateException if the field is of order 1
     */
    public Dfp secondDerivative(int i, int j) {
        checkIndex(i, "secondDerivative");
        checkIndex(j, "secondDerivative");
        if (h == null) {
            throw new IllegalStateException("secondDerivative: this number is of order 1; make its field with order 2");
        }
        Dfp e = h[index(Math.min(i, j), Math.max(i, j))];
        return e == null ? field.math().zero() : e;
    }

    /** @return the gradient rounded to doubles (n entries) */
    public double[] gradient() {
        double[] r = new double[g.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = g[i] == null ? 0 : HighPrecisionMath.toDouble(g[i]);
        }
        return r;
    }

    /**
     * @return the n x n Hessian rounded to doubles, exactly symmetric
     * @throws IllegalStateException if the field is of order 1
     */
    public DMatrixRMaj hessian() {
        if (h == null) {
            throw new IllegalStateException("hessian: this number is of order 1; make its field with order 2");
        }
        int n = g.length;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                Dfp e = h[index(i, j)];
                double d = e == null ? 0 : HighPrecisionMath.toDouble(e);
                m.unsafe_set(i, j, d);
                m.unsafe_set(j, i, d);
            }
        }
        return m;
    }

    /**
     * The rounding-noise estimate of the value: roughly, a double evaluation of the same
     * operations is off by up to a small multiple of {@code valueNoise() * 2^-53}. Where the
     * estimate is small against |value| the computation is well conditioned.
     *
     * @return the estimate of the absolute error, in units of u = 2^-53
     */
    public double valueNoise() {
        return nv;
    }

    /** @return the rounding-noise estimate of each gradient entry, in units of u = 2^-53 (n entries) */
    public double[] gradientNoise() {
        return ng.clone();
    }

    /**
     * @return the rounding-noise estimate of each Hessian entry, in units of u = 2^-53
     * @throws IllegalStateException if the field is of order 1
     */
    public DMatrixRMaj hessianNoise() {
        if (h == null) {
            throw new IllegalStateException("hessianNoise: this number is of order 1; make its field with order 2");
        }
        int n = g.length;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                m.unsafe_set(i, j, nh[index(i, j)]);
                m.unsafe_set(j, i, nh[index(i, j)]);
            }
        }
        return m;
    }

    @Override
    public double getReal() {
        return HighPrecisionMath.toDouble(v);
    }

    @Override
    public HighPrecisionField getField() {
        return field;
    }

    private void checkIndex(int i, String method) {
        if (i < 0 || i >= g.length) {
            throw new IllegalArgumentException(method + ": index " + i + " is outside 0.." + (g.length - 1));
        }
    }

    private int index(int i, int j) {
        int n = g.length;
        return i * n - i * (i - 1) / 2 + (j - i);
    }

    private HighPrecisionMath m() {
        return field.math();
    }

    private HighPrecision same(HighPrecision other, String method) {
        if (other.field != field) {
            throw new IllegalArgumentException(method + ": the operands belong to different HighPrecisionFields ("
                    + field + " and " + other.field + "); make both from one field");
        }
        return other;
    }

    private Dfp dfp(double c) {
        return m().of(c);
    }

    // ---------------------------------------------------------------- the chain rule

    /**
     * z = phi(x) with phi' = f1, phi'' = f2 and phi''' = f3 (f2 and f3 ignored at order 1; f3 only
     * for the Hessian's noise).
     */
    private HighPrecision unary(Dfp f0, Dfp f1, Dfp f2, Dfp f3) {
        return compose(f0, f1, null, f2, null, null, new Dfp[] {f3}, null);
    }

    /**
     * z = phi(this, y) with partials px, py, second partials pxx, pxy, pyy and third partials
     * {pxxx, pxxy, pxyy, pyyy} (null: all zero; used only for the Hessian's noise); y null: a
     * unary phi, py and the y partials unused, third {pxxx}. Structural zeros stay structural;
     * the noise estimate follows the rules in the class comment.
     */
    private HighPrecision compose(Dfp f0, Dfp px, Dfp py, Dfp pxx, Dfp pxy, Dfp pyy, Dfp[] third, HighPrecision y) {
        int n = g.length;
        Dfp[] gz = new Dfp[n];
        double[] ngz = new double[n];
        double aPx = mag(px);
        double aPy = y == null ? 0 : mag(py);
        if (f0.isNaN()) {
            // outside the domain, or NaN in: no derivative either
            Dfp nan = m().nan();
            px = nan;
            py = nan;
            pxx = nan;
            pxy = nan;
            pyy = nan;
        }
        boolean second = h != null;
        double aPxx = mag(pxx);
        double aPxy = y == null ? 0 : mag(pxy);
        double aPyy = y == null ? 0 : mag(pyy);
        double ax = mag(v);
        double ay = y == null ? 0 : mag(y.v);
        // a rule's partial is off by one unit plus the effect of rounding its arguments
        double ex = rounding(aPx) + mul(aPxx, ax) + mul(aPxy, ay);
        double ey = y == null ? 0 : rounding(aPy) + mul(aPxy, ax) + mul(aPyy, ay);
        double nvy = y == null ? 0 : y.nv;
        double[] gxAbs = new double[n];
        double[] gyAbs = new double[n];
        for (int i = 0; i < n; i++) {
            Dfp gx = g[i];
            Dfp gy = y == null ? null : y.g[i];
            gxAbs[i] = mag(gx);
            gyAbs[i] = mag(gy);
            Dfp t = null;
            if (gx != null) {
                t = px.multiply(gx);
            }
            if (gy != null) {
                Dfp s = py.multiply(gy);
                t = t == null ? s : t.add(s);
            }
            gz[i] = t;
            if (t != null) {
                ngz[i] = mul(aPx, ng[i]) + (y == null ? 0 : mul(aPy, y.ng[i]))
                        + mul(mul(aPxx, gxAbs[i]) + mul(aPxy, gyAbs[i]), nv)
                        + mul(mul(aPxy, gxAbs[i]) + mul(aPyy, gyAbs[i]), nvy)
                        + mul(ex, gxAbs[i]) + rounding(mul(aPx, gxAbs[i]))
                        + mul(ey, gyAbs[i]) + rounding(mul(aPy, gyAbs[i]));
                ngz[i] = unbounded(ngz[i], t);
            }
        }
        Dfp[] hz = null;
        double[] nhz = null;
        double[] t3 = second ? thirdMagnitudes(third, f0.isNaN()) : null;
        if (second) {
            // each second partial's error from its arguments' (the rounding of each, and its noise)
            double dx = ax + nv;
            double dy = ay + nvy;
            double e3xx = 0;
            double e3xy = 0;
            double e3yy = 0;
            if (t3 != null) {
                e3xx = mul(t3[0], dx) + (y == null ? 0 : mul(t3[1], dy));
                e3xy = y == null ? 0 : mul(t3[1], dx) + mul(t3[2], dy);
                e3yy = y == null ? 0 : mul(t3[2], dx) + mul(t3[3], dy);
            }
            hz = new Dfp[h.length];
            nhz = new double[h.length];
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    int k = index(i, j);
                    Dfp hx = h[k];
                    Dfp hy = y == null ? null : y.h[k];
                    Dfp t = null;
                    if (hx != null) {
                        t = px.multiply(hx);
                    }
                    if (hy != null) {
                        Dfp s = py.multiply(hy);
                        t = t == null ? s : t.add(s);
                    }
                    Dfp gxi = g[i];
                    Dfp gxj = g[j];
                    Dfp gyi = y == null ? null : y.g[i];
                    Dfp gyj = y == null ? null : y.g[j];
                    if (gxi != null && gxj != null) {
                        Dfp s = pxx.multiply(gxi).multiply(gxj);
                        t = t == null ? s : t.add(s);
                    }
                    if (gxi != null && gyj != null) {
                        Dfp s = pxy.multiply(gxi).multiply(gyj);
                        t = t == null ? s : t.add(s);
                    }
                    if (gyi != null && gxj != null) {
                        Dfp s = pxy.multiply(gyi).multiply(gxj);
                        t = t == null ? s : t.add(s);
                    }
                    if (gyi != null && gyj != null) {
                        Dfp s = pyy.multiply(gyi).multiply(gyj);
                        t = t == null ? s : t.add(s);
                    }
                    hz[k] = t;
                    if (t != null) {
                        double hxAbs = mag(hx);
                        double hyAbs = mag(hy);
                        double ngxi = ng[i];
                        double ngxj = ng[j];
                        double ngyi = y == null ? 0 : y.ng[i];
                        double ngyj = y == null ? 0 : y.ng[j];
                        double products = mul(aPxx, mul(gxAbs[i], gxAbs[j]))
                                + mul(aPxy, mul(gxAbs[i], gyAbs[j]) + mul(gyAbs[i], gxAbs[j]))
                                + mul(aPyy, mul(gyAbs[i], gyAbs[j]));
                        // each second partial's own rounding (one unit, or half a subnormal's ulp)
                        double rounded = mul(rounding(aPxx), mul(gxAbs[i], gxAbs[j]))
                                + mul(rounding(aPxy), mul(gxAbs[i], gyAbs[j]) + mul(gyAbs[i], gxAbs[j]))
                                + mul(rounding(aPyy), mul(gyAbs[i], gyAbs[j]));
                        double moved = mul(e3xx, mul(gxAbs[i], gxAbs[j]))
                                + mul(e3xy, mul(gxAbs[i], gyAbs[j]) + mul(gyAbs[i], gxAbs[j]))
                                + mul(e3yy, mul(gyAbs[i], gyAbs[j]));
                        nhz[k] = mul(aPx, nh[k]) + (y == null ? 0 : mul(aPy, y.nh[k]))
                                + mul(aPxx, mul(gxAbs[i], ngxj) + mul(ngxi, gxAbs[j]))
                                + mul(aPxy, mul(gxAbs[i], ngyj) + mul(ngxi, gyAbs[j])
                                        + mul(gyAbs[i], ngxj) + mul(ngyi, gxAbs[j]))
                                + mul(aPyy, mul(gyAbs[i], ngyj) + mul(ngyi, gyAbs[j]))
                                + mul(mul(aPxx, nv) + mul(aPxy, nvy), hxAbs)
                                + mul(mul(aPxy, nv) + mul(aPyy, nvy), hyAbs)
                                + mul(ex, hxAbs) + rounding(mul(aPx, hxAbs))
                                + mul(ey, hyAbs) + rounding(mul(aPy, hyAbs))
                                + rounded + 3 * rounding(products) + moved;
                        nhz[k] = unbounded(nhz[k], t);
                    }
                }
            }
        }
        double nvz = mul(aPx, nv) + mul(aPy, nvy) + rounding(mag(f0));
        if (Double.isNaN(nvz) && !f0.isNaN()) {
            // a kink or jump (a NaN partial) met by an argument that carries noise: the double
            // evaluation's argument may lie on either side, so nothing bounds the value's error
            nvz = Double.POSITIVE_INFINITY;
        }
        return new HighPrecision(field, f0, gz, hz, nvz, ngz, nhz, t3);
    }

    /**
     * A derivative's noise estimate: NaN (a kink's or jump's partial, which has no value, met by
     * an argument that carries noise or by another path) becomes infinite (no bound) where the
     * derivative itself exists, as the value's does; a NaN derivative keeps its NaN.
     */
    private static double unbounded(double noise, Dfp derivative) {
        return Double.isNaN(noise) && !derivative.isNaN() ? Double.POSITIVE_INFINITY : noise;
    }

    /**
     * The magnitudes of the third partials (four; a unary's one), NaN read as infinite: a second
     * partial that has no derivative moves by an unknown amount when its argument does. Null
     * when there are none or all vanish, or when z is NaN (no derivatives at all).
     */
    private static double[] thirdMagnitudes(Dfp[] third, boolean nanValue) {
        if (third == null || nanValue) {
            return null;
        }
        double[] t = new double[4];
        boolean any = false;
        for (int k = 0; k < third.length; k++) {
            double a = mag(third[k]);
            t[k] = Double.isNaN(a) ? Double.POSITIVE_INFINITY : a;
            any |= t[k] != 0;
        }
        return any ? t : null;
    }

    /** This number with another value-noise estimate (the parts are immutable and shared). */
    private HighPrecision withValueNoise(double noise) {
        return new HighPrecision(field, v, g, h, noise, ng, nh, third);
    }

    /**
     * A custom {@link Rule} of one or two arguments, evaluated from doubles: its value, gradient and
     * (at order 2) Hessian at the arguments rounded to double, converted exactly, then the same
     * chain rule as every other operation. So the result is only as precise as the rule at a
     * double point (about 16 digits, or the rule's own accuracy), not 40 digits, and its noise
     * estimate counts the rule's results as one rounding each: the oracle stays consistent with
     * the modes but is no independent reference for that node. Before using the derivatives the
     * oracle compares them with finite differences of the rule's value ({@link RuleCheck}) and
     * throws, naming the rule, if they disagree.
     *
     * @param rule the rule
     * @param args its arguments, args[0] == this (not modified)
     * @return rule(args)
     * @throws UnsupportedOperationException for a rule of more than two arguments, or without
     *     second derivatives at order 2
     * @throws IllegalStateException if the rule's derivatives disagree with finite differences
     */
    @Override
    public HighPrecision applyRule(Rule rule, HighPrecision[] args) {
        int k = args.length;
        if (k > 2) {
            throw new UnsupportedOperationException("HighPrecision: custom rule " + rule.name() + " takes " + k
                    + " arguments; the high-precision oracle applies rules of one or two (use the complex step)");
        }
        HighPrecision y = k == 2 ? same(args[1], rule.name()) : null;
        boolean second = h != null;
        if (second && rule.order() < 2) {
            throw new UnsupportedOperationException("HighPrecision: custom rule " + rule.name()
                    + " supplies no second derivatives, which the order-2 oracle (Hessians, Laplacians) needs");
        }
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = HighPrecisionMath.toDouble(args[i].v);
        }
        RuleCheck.verifyAt(rule, p, "high precision");
        double f0 = rule.value(p);
        double[] gr = rule.gradient(p);
        double[] hr = second ? rule.hessian(p) : new double[k * k];
        Dfp[] third = second ? ruleThirdPartials(rule, p) : null;
        if (k == 1) {
            return compose(dfp(f0), dfp(gr[0]), null, dfp(hr[0]), null, null, third, null);
        }
        return compose(dfp(f0), dfp(gr[0]), dfp(gr[1]), dfp(hr[0]), dfp(hr[1]), dfp(hr[3]), third, y);
    }

    /**
     * A rule's third partials, for the Hessian's noise only: central differences of its Hessian
     * along each argument (step 2^-14 max(1, |p_i|)), about 8 digits, which a noise estimate
     * does not need more of. {pxxx, pxxy, pxyy, pyyy}: d/dx of h_xx, d/dy of h_xx (d/dx of h_xy
     * differs only by the differences' error), d/dx of h_yy, d/dy of h_yy. Where the Hessian is
     * not finite at a step (an edge of the rule's domain) the partial is NaN, read as unbounded.
     */
    private Dfp[] ruleThirdPartials(Rule rule, double[] p) {
        int k = p.length;
        double[][] slope = new double[k][];
        for (int i = 0; i < k; i++) {
            double step = 0x1p-14 * Math.max(1, Math.abs(p[i]));
            double[] up = p.clone();
            double[] down = p.clone();
            up[i] += step;
            down[i] -= step;
            slope[i] = new double[k * k];
            double[] hu;
            double[] hd;
            try {
                hu = rule.hessian(up);
                hd = rule.hessian(down);
            } catch (RuntimeException e) {
                java.util.Arrays.fill(slope[i], Double.NaN); // outside the rule's domain: unbounded
                continue;
            }
            for (int e = 0; e < k * k; e++) {
                slope[i][e] = (hu[e] - hd[e]) / (up[i] - down[i]);
            }
        }
        if (k == 1) {
            return new Dfp[] {dfp(slope[0][0])};
        }
        return new Dfp[] {dfp(slope[0][0]), dfp(slope[1][0]), dfp(slope[0][3]), dfp(slope[1][3])};
    }

    /**
     * |a| as a double, 0 for a structural (or exact) zero; NaN stays NaN. A non-zero below the
     * double range reads as the smallest subnormal, not 0: a noise estimate must not take a
     * factor that a double evaluation rounds to 0 (exp(-750)) for a path that contributes nothing.
     */
    private static double mag(Dfp a) {
        if (a == null) {
            return 0;
        }
        if (a.isNaN()) {
            return Double.NaN;
        }
        if (a.isInfinite()) {
            return Double.POSITIVE_INFINITY;
        }
        // Dfp.toDouble takes ~150 microseconds; parsing the digits ~3
        double d = Math.abs(HighPrecisionMath.toDouble(a));
        return d == 0 && !a.isZero() ? Double.MIN_VALUE : d;
    }

    /**
     * The units of u that rounding a double of magnitude m costs: one unit of m, and at least
     * half a subnormal's ulp (2^-1075 = 2^-1022 u), since below the normal range gradual underflow
     * rounds to fixed absolute steps, not relative ones (a subnormal exp(-740) keeps a few
     * significant bits). A zero is exact.
     */
    private static double rounding(double m) {
        return m == 0 ? 0 : Math.max(m, Double.MIN_NORMAL);
    }

    /** A product where an exact zero wins, as a structurally zero path contributes nothing. */
    private static double mul(double a, double b) {
        return a == 0 || b == 0 ? 0 : a * b;
    }

    /** A linear map z = c x (c exact): its noise is that of x scaled, plus one rounding of c x. */
    private HighPrecision scaled(Dfp c) {
        return unary(v.multiply(c), c, m().zero(), m().zero());
    }

    // ---------------------------------------------------------------- arithmetic

    @Override
    public HighPrecision add(HighPrecision a) {
        same(a, "add");
        Dfp one = m().one();
        Dfp zero = m().zero();
        return compose(v.add(a.v), one, one, zero, zero, zero, null, a);
    }

    @Override
    public HighPrecision subtract(HighPrecision a) {
        same(a, "subtract");
        Dfp one = m().one();
        Dfp zero = m().zero();
        return compose(v.subtract(a.v), one, one.negate(), zero, zero, zero, null, a);
    }

    @Override
    public HighPrecision negate() {
        return scaled(m().one().negate());
    }

    @Override
    public HighPrecision multiply(int n) {
        return scaled(m().of((long) n));
    }

    @Override
    public HighPrecision multiply(HighPrecision a) {
        same(a, "multiply");
        Dfp zero = m().zero();
        return compose(v.multiply(a.v), a.v, v, zero, m().one(), zero, null, a);
    }

    @Override
    public HighPrecision divide(HighPrecision a) {
        same(a, "divide");
        Dfp r = m().one().divide(a.v);          // 1/y
        Dfp q = v.multiply(r);                  // x/y
        Dfp r2 = r.multiply(r);
        Dfp r3 = r2.multiply(r);
        Dfp zero = m().zero();
        // x/y: d3/dx dy2 = 2/y^3, d3/dy3 = -6x/y^4
        return compose(q, r, q.multiply(r).negate(), zero, r2.negate(), q.multiply(r2).multiply(2),
                new Dfp[] {zero, zero, r3.multiply(2), q.multiply(r3).multiply(-6)}, a);
    }

    @Override
    public HighPrecision reciprocal() {
        Dfp r = m().one().divide(v);
        Dfp r2 = r.multiply(r);
        return unary(r, r2.negate(), r2.multiply(r).multiply(2), r2.multiply(r2).multiply(-6));
    }

    @Override
    public HighPrecision add(double a) {
        return unary(v.add(dfp(a)), m().one(), m().zero(), m().zero());
    }

    @Override
    public HighPrecision subtract(double a) {
        return unary(v.subtract(dfp(a)), m().one(), m().zero(), m().zero());
    }

    @Override
    public HighPrecision multiply(double a) {
        return scaled(dfp(a));
    }

    @Override
    public HighPrecision divide(double a) {
        Dfp r = m().one().divide(dfp(a));
        return unary(v.divide(dfp(a)), r, m().zero(), m().zero());
    }

    @Override
    public HighPrecision scalb(int n) {
        return scaled(m().powInt(m().one().multiply(2), n));
    }

    // ---------------------------------------------------------------- piecewise

    @Override
    public HighPrecision abs() {
        if (v.isNaN()) {
            return unary(v, v, v, v);
        }
        if (v.isZero()) {
            // no derivative at the kink, but |x| moves by at most what x does: the argument's noise
            return unary(m().zero(), m().nan(), m().nan(), m().nan()).withValueNoise(nv);
        }
        boolean negative = v.strictlyNegative();
        return unary(v.abs(), negative ? m().one().negate() : m().one(), m().zero(), m().zero());
    }

    @Override
    public HighPrecision floor() {
        Dfp f = m().integerPart(v, 'f');
        return piecewiseConstant(f, HighPrecisionMath.finite(v) && f.equals(v));
    }

    @Override
    public HighPrecision ceil() {
        Dfp c = m().integerPart(v, 'c');
        return piecewiseConstant(c, HighPrecisionMath.finite(v) && c.equals(v));
    }

    @Override
    public HighPrecision rint() {
        Dfp r = m().integerPart(v, 'r');
        boolean jump = HighPrecisionMath.finite(v) && v.subtract(m().integerPart(v, 'f')).equals(m().one().divide(2));
        return piecewiseConstant(r, jump);
    }

    @Override
    public HighPrecision signum() {
        if (v.isNaN()) {
            return unary(v, v, v, v);
        }
        if (v.isZero()) {
            return piecewiseConstant(v, true);
        }
        return piecewiseConstant(v.strictlyNegative() ? m().one().negate() : m().one(), false);
    }

    /**
     * A locally constant value: derivatives 0, or NaN at a jump. Its value is exact in double
     * (an integer or a sign of a double), so it adds no rounding: its noise is 0, or infinite at a
     * jump met by an argument that carries noise.
     */
    private HighPrecision piecewiseConstant(Dfp value, boolean jump) {
        Dfp d = jump || !HighPrecisionMath.finite(v) ? m().nan() : m().zero();
        return unary(value, d, d, d).withValueNoise(d.isNaN() && nv != 0 ? Double.POSITIVE_INFINITY : 0);
    }

    @Override
    public long round() {
        return (long) HighPrecisionMath.toDouble(m().integerPart(v.add(m().one().divide(2)), 'f'));
    }

    @Override
    public HighPrecision copySign(HighPrecision s) {
        same(s, "copySign");
        boolean negative = !s.v.isNaN() && HighPrecisionMath.signBit(s.v); // a NaN sign counts as positive
        Dfp sigma = negative ? m().one().negate() : m().one();
        Dfp value = negative ? v.abs().negate() : v.abs();
        Dfp nan = m().nan();
        Dfp zero = m().zero();
        if (v.isNaN() || s.v.isNaN()) {
            return compose(v.isNaN() ? v : value, nan, nan, nan, nan, nan, null, s);
        }
        Dfp px = v.isZero() ? nan : (v.strictlyNegative() ? sigma.negate() : sigma);
        Dfp py = s.v.isZero() && !v.isZero() ? nan : zero;
        Dfp pxx = v.isZero() ? nan : zero;
        Dfp pxy = v.isZero() || s.v.isZero() ? nan : zero;
        // piecewise linear: its third partials vanish where its second do, and have none where they have none
        return compose(value, px, py, pxx, pxy, py, new Dfp[] {pxx, pxy, pxy, py}, s);
    }

    @Override
    public HighPrecision copySign(double s) {
        return copySign(field.constant(s));
    }

    @Override
    public HighPrecision remainder(HighPrecision a) {
        same(a, "remainder");
        Dfp[] rn = m().remainder(v, a.v);
        Dfp nan = m().nan();
        if (rn[1].isNaN() || m().remainderTie(v, a.v)) {
            return compose(rn[0], nan, nan, nan, nan, nan, null, a);
        }
        Dfp zero = m().zero();
        return compose(rn[0], m().one(), rn[1].negate(), zero, zero, zero, null, a);
    }

    @Override
    public HighPrecision remainder(double a) {
        return remainder(field.constant(a));
    }

    // ---------------------------------------------------------------- powers and roots

    @Override
    public HighPrecision sqrt() {
        Dfp s = m().sqrt(v);
        if (v.isZero()) {
            return unary(s, posInf(), negInf(), posInf());
        }
        Dfp f1 = m().one().divide(s.multiply(2));
        Dfp f2 = f1.divide(v.multiply(2)).negate();
        return unary(s, f1, f2, f2.multiply(-3).divide(v.multiply(2)));
    }

    @Override
    public HighPrecision cbrt() {
        return rootN(3);
    }

    @Override
    public HighPrecision rootN(int n) {
        Dfp r = m().rootN(v, n);
        if (n == 0) {
            return unary(r, m().nan(), m().nan(), m().nan());
        }
        if (v.isZero()) {
            // one-sided at 0 for even n; a vertical tangent for odd n (second derivative: no limit)
            if (n == 1) {
                return unary(r, m().one(), m().zero(), m().zero());
            }
            Dfp nan = m().nan();
            return n > 0 ? unary(r, posInf(), n % 2 == 0 ? negInf() : nan, n % 2 == 0 ? posInf() : nan)
                    : unary(r, nan, nan, nan);
        }
        // (x^(1/n))' = r / (n x), '' = r (1 - n) / (n x)^2, ''' = r (1 - n)(1 - 2n) / (n x)^3
        Dfp nx = v.multiply(n);
        Dfp f1 = r.divide(nx);
        Dfp f2 = f1.multiply(1 - n).divide(nx);
        return unary(r, f1, f2, f2.multiply(1 - 2 * n).divide(nx));
    }

    @Override
    public HighPrecision pow(int n) {
        return powConstant(m().of((long) n));
    }

    @Override
    public HighPrecision pow(double p) {
        if (Double.isNaN(p) || Double.isInfinite(p)) {
            Dfp r = m().of(Math.pow(getReal(), p));
            return unary(r, m().nan(), m().nan(), m().nan());
        }
        return powConstant(dfp(p));
    }

    /** x^c for a constant c. */
    private HighPrecision powConstant(Dfp c) {
        HighPrecisionMath mm = m();
        Dfp value = mm.pow(v, c);
        if (c.isZero()) {
            return unary(value, mm.zero(), mm.zero(), mm.zero());
        }
        Dfp one = mm.one();
        Dfp c1 = c.subtract(one);
        Dfp cc1 = c.multiply(c1);
        if (mm.isInteger(c)) {
            Dfp cc2 = cc1.multiply(c.subtract(2));
            Dfp f1 = c.multiply(mm.pow(v, c1));
            Dfp f2 = cc1.isZero() ? mm.zero() : cc1.multiply(mm.pow(v, c.subtract(2)));
            Dfp f3 = cc2.isZero() ? mm.zero() : cc2.multiply(mm.pow(v, c.subtract(3)));
            return unary(value, f1, f2, f3);
        }
        if (v.isZero()) {
            return unary(value, boundaryFirst(c), boundarySecond(c), boundaryThird(c));
        }
        if (!HighPrecisionMath.finite(v) || v.strictlyNegative()) {
            return unary(value, mm.nan(), mm.nan(), mm.nan());
        }
        Dfp f1 = c.multiply(value).divide(v);
        Dfp f2 = cc1.multiply(value).divide(v.multiply(v));
        return unary(value, f1, f2, f2.multiply(c.subtract(2)).divide(v));
    }

    /** d/dx x^c at x = 0+ for non-integer c (one-sided: the domain is x &ge; 0). */
    private Dfp boundaryFirst(Dfp c) {
        HighPrecisionMath mm = m();
        if (c.greaterThan(mm.one())) {
            return mm.zero();
        }
        if (c.equals(mm.one())) {
            return mm.one();
        }
        return c.strictlyPositive() ? posInf() : mm.nan();
    }

    /** d^2/dx^2 x^c at x = 0+ (c not an integer, or the exponent of two variables). */
    private Dfp boundarySecond(Dfp c) {
        HighPrecisionMath mm = m();
        Dfp two = mm.one().multiply(2);
        if (c.greaterThan(two)) {
            return mm.zero();
        }
        if (c.equals(two)) {
            return two;
        }
        if (c.equals(mm.one())) {
            return mm.zero();
        }
        if (c.greaterThan(mm.one())) {
            return posInf();
        }
        return c.strictlyPositive() ? negInf() : mm.nan();
    }

    /**
     * |d^3/dx^3 x^c| at x = 0+ (c not an integer, or the exponent of two variables): 0 for c &gt; 3
     * and c in {1, 2}, 6 at 3, infinite for other c in (0, 3), none (NaN) for c &le; 0.
     */
    private Dfp boundaryThird(Dfp c) {
        HighPrecisionMath mm = m();
        Dfp three = mm.of(3L);
        if (c.greaterThan(three)) {
            return mm.zero();
        }
        if (c.equals(three)) {
            return mm.of(6L);
        }
        if (c.equals(mm.one()) || c.equals(mm.of(2L))) {
            return mm.zero();
        }
        return c.strictlyPositive() ? posInf() : mm.nan();
    }

    @Override
    public HighPrecision pow(HighPrecision e) {
        same(e, "pow");
        HighPrecisionMath mm = m();
        Dfp y = e.v;
        Dfp value = mm.pow(v, y);
        Dfp nan = mm.nan();
        Dfp zero = mm.zero();
        if (!HighPrecisionMath.finite(v) || !HighPrecisionMath.finite(y)) {
            return compose(value, nan, nan, nan, nan, nan, null, e);
        }
        if (v.strictlyPositive()) {
            Dfp one = mm.one();
            Dfp lg = mm.log(v);
            Dfp vx = value.divide(v);
            Dfp px = y.multiply(vx);
            Dfp py = value.multiply(lg);
            Dfp pxx = y.multiply(y.subtract(one)).multiply(vx).divide(v);
            Dfp pxy = vx.multiply(one.add(y.multiply(lg)));
            Dfp pyy = py.multiply(lg);
            // x^(y-3) y (y-1)(y-2), x^(y-2) (2y - 1 + y (y-1) L), x^(y-1) L (2 + y L), x^y L^3 with L = log x
            Dfp[] third = {pxx.multiply(y.subtract(2)).divide(v),
                vx.divide(v).multiply(y.multiply(2).subtract(one).add(y.multiply(y.subtract(one)).multiply(lg))),
                vx.multiply(lg).multiply(y.multiply(lg).add(2)),
                pyy.multiply(lg)};
            return compose(value, px, py, pxx, pxy, pyy, third, e);
        }
        if (v.isZero()) {
            if (y.isZero()) {
                return compose(value, zero, nan, zero, nan, nan, new Dfp[] {zero, nan, nan, nan}, e);
            }
            if (y.strictlyNegative()) {
                return compose(value, nan, nan, nan, nan, nan, null, e);
            }
            // along x the one-sided limits of y x^(y-1) and y (y-1) x^(y-2); along y, x^y = 0
            return compose(value, boundaryFirst(y), zero, boundarySecond(y), nan, zero,
                    new Dfp[] {boundaryThird(y), nan, nan, zero}, e);
        }
        if (!mm.isInteger(y)) {
            return compose(value, nan, nan, nan, nan, nan, null, e);
        }
        // x < 0, y an integer: defined along x only. x^(y-1) as x^y / x: for |y| beyond the
        // working digits y - 1 rounds back to y and would lose its parity, so its sign
        Dfp one = mm.one();
        Dfp px = y.multiply(value).divide(v);
        Dfp yy1 = y.multiply(y.subtract(one));
        Dfp pxx = yy1.isZero() ? zero : yy1.multiply(value).divide(v).divide(v);
        Dfp yy2 = yy1.multiply(y.subtract(2));
        Dfp pxxx = yy2.isZero() ? zero : yy2.multiply(value).divide(v).divide(v).divide(v);
        return compose(value, px, nan, pxx, nan, nan, new Dfp[] {pxxx, nan, nan, nan}, e);
    }

    // ---------------------------------------------------------------- exp and log

    @Override
    public HighPrecision exp() {
        Dfp e = m().exp(v);
        return unary(e, e, e, e);
    }

    @Override
    public HighPrecision expm1() {
        Dfp e = m().exp(v);
        return unary(m().expm1(v), e, e, e);
    }

    @Override
    public HighPrecision log() {
        Dfp r = m().one().divide(v);
        Dfp r2 = r.multiply(r);
        return unary(m().log(v), r, r2.negate(), r2.multiply(r).multiply(2));
    }

    @Override
    public HighPrecision log1p() {
        Dfp r = m().one().divide(m().one().add(v));
        Dfp r2 = r.multiply(r);
        return unary(m().log1p(v), r, r2.negate(), r2.multiply(r).multiply(2));
    }

    /**
     * log10(x) = log(x) / log(10), with its derivatives (not part of {@code RealFieldElement} in
     * Commons Math 3, offered for functions that use it on this type).
     *
     * @return the base-10 logarithm
     */
    public HighPrecision log10() {
        Dfp ln10 = m().log(m().of(10L));
        Dfp r = m().one().divide(v).divide(ln10);
        Dfp rv = m().one().divide(v);
        return unary(m().log(v).divide(ln10), r, r.multiply(rv).negate(), r.multiply(rv).multiply(rv).multiply(2));
    }

    // ---------------------------------------------------------------- trigonometric

    @Override
    public HighPrecision sin() {
        Dfp[] sc = m().sinCos(v);
        return unary(sc[0], sc[1], sc[0].negate(), sc[1].negate());
    }

    @Override
    public HighPrecision cos() {
        Dfp[] sc = m().sinCos(v);
        return unary(sc[1], sc[0].negate(), sc[1].negate(), sc[0]);
    }

    @Override
    public HighPrecision tan() {
        Dfp[] sc = m().sinCos(v);
        Dfp t = sc[0].divide(sc[1]);
        Dfp sec2 = m().one().divide(sc[1].multiply(sc[1]));
        // tan''' = 2 sec^2 (1 + 3 tan^2)
        return unary(t, sec2, t.multiply(sec2).multiply(2),
                sec2.multiply(2).multiply(m().one().add(t.multiply(t).multiply(3))));
    }

    @Override
    public HighPrecision asin() {
        Dfp r = m().one().divide(m().sqrt(m().one().subtract(v).multiply(m().one().add(v))));
        Dfp r3 = r.multiply(r).multiply(r);
        // asin''' = (1 + 2 x^2) / (1 - x^2)^(5/2)
        Dfp r5 = r3.multiply(r).multiply(r);
        return unary(m().asin(v), r, v.multiply(r3), r5.multiply(v.multiply(v).multiply(2).add(1)));
    }

    @Override
    public HighPrecision acos() {
        Dfp r = m().one().divide(m().sqrt(m().one().subtract(v).multiply(m().one().add(v))));
        Dfp r3 = r.multiply(r).multiply(r);
        return unary(m().acos(v), r.negate(), v.multiply(r3).negate(),
                r3.multiply(r).multiply(r).multiply(v.multiply(v).multiply(2).add(1)).negate());
    }

    @Override
    public HighPrecision atan() {
        Dfp r = m().one().divide(m().one().add(v.multiply(v)));
        Dfp r2 = r.multiply(r);
        // atan''' = (6 x^2 - 2) / (1 + x^2)^3
        Dfp r3 = r2.multiply(r);
        return unary(m().atan(v), r, v.multiply(r2).multiply(-2), r3.multiply(v.multiply(v).multiply(6).subtract(2)));
    }

    /** atan2(this, x): the angle of the point (x, this). */
    @Override
    public HighPrecision atan2(HighPrecision x) {
        same(x, "atan2");
        HighPrecisionMath mm = m();
        Dfp y = v;
        Dfp value = mm.atan2(y, x.v);
        Dfp nan = mm.nan();
        Dfp r2 = x.v.multiply(x.v).add(y.multiply(y));
        if (r2.isZero() || !HighPrecisionMath.finite(r2)) {
            return compose(value, nan, nan, nan, nan, nan, null, x);
        }
        Dfp inv = mm.one().divide(r2);
        Dfp inv2 = inv.multiply(inv);
        Dfp xy2 = x.v.multiply(y).multiply(2);
        Dfp py = x.v.multiply(inv);                 // d/d this
        Dfp px = y.multiply(inv).negate();          // d/dx
        Dfp pyy = xy2.multiply(inv2).negate();
        Dfp pxx = xy2.multiply(inv2);
        Dfp pxy = y.multiply(y).subtract(x.v.multiply(x.v)).multiply(inv2);
        // third partials, this = y first: d3/dy3 = 2x (3y^2 - x^2) / r2^3 = -d3/dx2 dy,
        // d3/dy2 dx = 2y (3x^2 - y^2) / r2^3 = -d3/dx3
        Dfp inv3 = inv2.multiply(inv);
        Dfp yy3 = y.multiply(y).multiply(3);
        Dfp xx3 = x.v.multiply(x.v).multiply(3);
        Dfp pyyy = x.v.multiply(2).multiply(yy3.subtract(x.v.multiply(x.v))).multiply(inv3);
        Dfp pyyx = y.multiply(2).multiply(xx3.subtract(y.multiply(y))).multiply(inv3);
        Dfp pxxx = pyyx.negate();
        if (y.isZero() && x.v.strictlyNegative()) {
            // on the cut: the angle jumps from pi to -pi as this crosses 0
            return compose(value, nan, px, nan, nan, pxx, new Dfp[] {nan, nan, nan, pxxx}, x);
        }
        return compose(value, py, px, pyy, pxy, pxx, new Dfp[] {pyyy, pyyx, pyyy.negate(), pxxx}, x);
    }

    @Override
    public HighPrecision hypot(HighPrecision y) {
        same(y, "hypot");
        Dfp r = m().hypot(v, y.v);
        Dfp nan = m().nan();
        if (r.isZero() || !HighPrecisionMath.finite(r)) {
            return compose(r, nan, nan, nan, nan, nan, null, y);
        }
        Dfp r3 = r.multiply(r).multiply(r);
        Dfp r5 = r3.multiply(r).multiply(r);
        Dfp xx = v.multiply(v);
        Dfp yy = y.v.multiply(y.v);
        // -3x y^2, y (2x^2 - y^2), x (2y^2 - x^2), -3x^2 y, each over r^5
        Dfp[] third = {v.multiply(yy).multiply(-3).divide(r5), y.v.multiply(xx.multiply(2).subtract(yy)).divide(r5),
            v.multiply(yy.multiply(2).subtract(xx)).divide(r5), xx.multiply(y.v).multiply(-3).divide(r5)};
        return compose(r, v.divide(r), y.v.divide(r), yy.divide(r3), v.multiply(y.v).divide(r3).negate(),
                xx.divide(r3), third, y);
    }

    // ---------------------------------------------------------------- hyperbolic

    @Override
    public HighPrecision sinh() {
        Dfp s = m().sinh(v);
        Dfp c = m().cosh(v);
        return unary(s, c, s, c);
    }

    @Override
    public HighPrecision cosh() {
        Dfp c = m().cosh(v);
        Dfp s = m().sinh(v);
        return unary(c, s, c, s);
    }

    @Override
    public HighPrecision tanh() {
        Dfp t = m().tanh(v);
        Dfp c = m().cosh(v);
        Dfp sech2 = m().one().divide(c.multiply(c));
        // tanh''' = sech^2 (6 tanh^2 - 2)
        return unary(t, sech2, t.multiply(sech2).multiply(-2), sech2.multiply(t.multiply(t).multiply(6).subtract(2)));
    }

    @Override
    public HighPrecision asinh() {
        Dfp r = m().one().divide(m().sqrt(m().one().add(v.multiply(v))));
        Dfp r3 = r.multiply(r).multiply(r);
        // asinh''' = (2 x^2 - 1) / (1 + x^2)^(5/2)
        Dfp r5 = r3.multiply(r).multiply(r);
        return unary(m().asinh(v), r, v.multiply(r3).negate(), r5.multiply(v.multiply(v).multiply(2).subtract(1)));
    }

    @Override
    public HighPrecision acosh() {
        Dfp r = m().one().divide(m().sqrt(v.subtract(m().one()).multiply(v.add(m().one()))));
        Dfp r3 = r.multiply(r).multiply(r);
        // acosh''' = (2 x^2 + 1) / (x^2 - 1)^(5/2)
        Dfp r5 = r3.multiply(r).multiply(r);
        return unary(m().acosh(v), r, v.multiply(r3).negate(), r5.multiply(v.multiply(v).multiply(2).add(1)));
    }

    @Override
    public HighPrecision atanh() {
        Dfp r = m().one().divide(m().one().subtract(v).multiply(m().one().add(v)));
        Dfp r2 = r.multiply(r);
        // atanh''' = (2 + 6 x^2) / (1 - x^2)^3
        Dfp r3 = r2.multiply(r);
        return unary(m().atanh(v), r, v.multiply(r2).multiply(2), r3.multiply(v.multiply(v).multiply(6).add(2)));
    }

    // ---------------------------------------------------------------- linear combinations

    @Override
    public HighPrecision linearCombination(HighPrecision[] a, HighPrecision[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("linearCombination: a has length " + a.length + " but b has length "
                    + b.length + "; pass one coefficient per term");
        }
        HighPrecision sum = field.getZero();
        for (int i = 0; i < a.length; i++) {
            sum = sum.add(a[i].multiply(b[i]));
        }
        return sum;
    }

    @Override
    public HighPrecision linearCombination(double[] a, HighPrecision[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("linearCombination: a has length " + a.length + " but b has length "
                    + b.length + "; pass one coefficient per term");
        }
        HighPrecision sum = field.getZero();
        for (int i = 0; i < a.length; i++) {
            sum = sum.add(b[i].multiply(a[i]));
        }
        return sum;
    }

    @Override
    public HighPrecision linearCombination(HighPrecision a1, HighPrecision b1, HighPrecision a2, HighPrecision b2) {
        return a1.multiply(b1).add(a2.multiply(b2));
    }

    @Override
    public HighPrecision linearCombination(double a1, HighPrecision b1, double a2, HighPrecision b2) {
        return b1.multiply(a1).add(b2.multiply(a2));
    }

    @Override
    public HighPrecision linearCombination(HighPrecision a1, HighPrecision b1, HighPrecision a2, HighPrecision b2,
                                           HighPrecision a3, HighPrecision b3) {
        return linearCombination(a1, b1, a2, b2).add(a3.multiply(b3));
    }

    @Override
    public HighPrecision linearCombination(double a1, HighPrecision b1, double a2, HighPrecision b2, double a3,
                                           HighPrecision b3) {
        return linearCombination(a1, b1, a2, b2).add(b3.multiply(a3));
    }

    @Override
    public HighPrecision linearCombination(HighPrecision a1, HighPrecision b1, HighPrecision a2, HighPrecision b2,
                                           HighPrecision a3, HighPrecision b3, HighPrecision a4, HighPrecision b4) {
        return linearCombination(a1, b1, a2, b2, a3, b3).add(a4.multiply(b4));
    }

    @Override
    public HighPrecision linearCombination(double a1, HighPrecision b1, double a2, HighPrecision b2, double a3,
                                           HighPrecision b3, double a4, HighPrecision b4) {
        return linearCombination(a1, b1, a2, b2, a3, b3).add(b4.multiply(a4));
    }

    // ---------------------------------------------------------------- object

    private Dfp posInf() {
        return m().field().newDfp((byte) 1, Dfp.INFINITE);
    }

    private Dfp negInf() {
        return m().field().newDfp((byte) -1, Dfp.INFINITE);
    }

    /** Equal when of the same field with equal value and derivatives (Dfp equality: NaN is unequal). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HighPrecision)) {
            return false;
        }
        HighPrecision x = (HighPrecision) o;
        return field == x.field && v.equals(x.v) && parts(g, x.g) && (h == null || parts(h, x.h));
    }

    private boolean parts(Dfp[] a, Dfp[] b) {
        for (int i = 0; i < a.length; i++) {
            Dfp p = a[i] == null ? m().zero() : a[i];
            Dfp q = b[i] == null ? m().zero() : b[i];
            if (!p.equals(q)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = v.hashCode();
        for (Dfp d : g) {
            hash = 31 * hash + (d == null || d.isZero() ? 0 : d.hashCode());
        }
        return hash;
    }

    /** @return e.g. {@code HighPrecision[1.5, gradient [2., 0]]} with every digit */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("HighPrecision[").append(v).append(", gradient ");
        String[] parts = new String[g.length];
        for (int i = 0; i < g.length; i++) {
            parts[i] = g[i] == null ? "0" : g[i].toString();
        }
        s.append(Arrays.toString(parts));
        if (h != null) {
            s.append(", Hessian ").append(hessian());
        }
        return s.append(']').toString();
    }
}
