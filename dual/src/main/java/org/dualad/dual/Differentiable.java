package org.dualad.dual;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.util.MathArrays;

/**
 * The derivative rules of every elementary function, written once.
 *
 * <p>A number type that carries derivatives (a dual, a hyper-dual, a tape variable, the forward
 * Laplacian) implements only two hooks:
 * <ul>
 *   <li>{@link #compose(Op, double, double, double, double)}: apply a unary f given f(a), f'(a), f''(a) at
 *       a = {@link #value()}; for a dual a + b&epsilon; that is f(a) + b f'(a) &epsilon;.</li>
 *   <li>{@link #compose(Op, Differentiable, double, double, double, double, double, double)}: the same
 *       for a binary g(x, y) given its value and its first and second partial derivatives.</li>
 * </ul>
 * Both hooks are told which {@link Op} they apply, so a tape can record, print and replay it; the
 * rules read the value through {@link #value()}, leaving {@link #getReal()} to user code (a tape
 * treats a user's {@code getReal()} as a branch decision).
 * Every method of {@link RealFieldElement} is a default method here that evaluates its rule on
 * {@code double}s and calls a hook; a type overrides a default only to be faster (plain
 * arithmetic), never to change a rule. The tape, the hybrid modes and the forward Laplacian compose
 * the very same rules, so a new function is one default method plus one test row.
 *
 * <h2>Accuracy</h2>
 * Every value and first and second derivative a rule hands to its hook is within 4 ulps of the
 * true value (below MIN_NORMAL: within 4 MIN_VALUE) wherever that is a finite double, the right
 * infinity where it overflows and a zero where it underflows; tested against a 60-digit reference
 * at &plusmn;0, &plusmn;MIN_VALUE, &plusmn;MIN_NORMAL, &plusmn;1e-300, &plusmn;1e-154, &plusmn;1e-8,
 * &plusmn;(1 &plusmn; 2^-52), &plusmn;1, &plusmn;2, &plusmn;1e8, &plusmn;1e154, &plusmn;1.34e154,
 * &plusmn;1e300, &plusmn;MAX_VALUE, &plusmn;&infin; and NaN (binary rules on every pair). Where a
 * plain formula would over- or underflow in an intermediate (1/h for a subnormal h, x^2 beyond
 * 1.34e154, y x^(y-1) with a huge x^(y-1)), the rule keeps exponents apart by exact scaling with
 * powers of two.
 *
 * <h2>Conventions at kinks and domain edges</h2>
 * One rule per function, shared by every mode. This table is the one source of the conventions
 * ({@code ConventionsAbstractTest} tests it row by row, for every number type; docs/conventions.md
 * reproduces it):
 * <table>
 *   <caption>derivative conventions</caption>
 *   <tr><th>function</th><th>point</th><th>derivative used</th></tr>
 *   <tr><td>|x|</td><td>x = 0</td><td>0 (the sign of x, signum(0) = 0)</td></tr>
 *   <tr><td>sqrt, cbrt, rootN (n &gt; 1)</td><td>x = 0</td><td>+&infin; (f'' = -&infin;)</td></tr>
 *   <tr><td>rootN (n &lt; 0)</td><td>x = 0</td><td>none: the value is 1/x's pole, &plusmn;&infin;, and
 *       the derivatives IEEE's r/(n x) and r(1 - n)/(n x)^2 (rootN(-1) at +0: -&infin;, +&infin;);
 *       rootN(0) is NaN everywhere</td></tr>
 *   <tr><td>x^p, p constant</td><td>x = 0</td><td>the limit: 0 for p &gt; 1, 1 for p = 1, +&infin;
 *       for 0 &lt; p &lt; 1; x^0 = 1 has derivative 0 everywhere, 0^0 included</td></tr>
 *   <tr><td>x^y, both variable</td><td>x = 0, y &gt; 0</td><td>d/dx as for constant p;
 *       d/dy = 0 (the limit of x^y log x)</td></tr>
 *   <tr><td>x^y, both variable</td><td>x &lt; 0</td><td>d/dx = y x^(y-1); d/dy = NaN (x^y is not
 *       real-differentiable in y there); use pow(double) or pow(int) for a constant exponent</td></tr>
 *   <tr><td>atan2(y, x), hypot(x, y)</td><td>the origin</td><td>all partials 0 (as |x| at 0)</td></tr>
 *   <tr><td>atan2(y, x)</td><td>an infinite argument</td><td>NaN partials (x/r^2 is inf/inf in IEEE
 *       arithmetic; a 0 there would make the two reverse tapes disagree downstream)</td></tr>
 *   <tr><td>rootN, n &ne; 1, 2, 3</td><td>x = &plusmn;&infin;</td><td>NaN derivatives (r/(n x) is
 *       inf/inf), unlike sqrt and cbrt, whose 1/(2 sqrt x) is 0</td></tr>
 *   <tr><td>hypot(x, y)</td><td>an infinite argument</td><td>first partial &plusmn;1 (its sign) for an
 *       infinite argument, 0 for a finite one; second partials 0</td></tr>
 *   <tr><td>floor, ceil, rint, signum</td><td>everywhere, jumps included</td><td>0</td></tr>
 *   <tr><td>remainder(x, y) = x - n y</td><td>everywhere, jumps included</td><td>d/dx = 1,
 *       d/dy = -n with n = rint(x / y)</td></tr>
 *   <tr><td>copySign(x, s)</td><td>everywhere</td><td>d/dx = &plusmn;1 (the sign applied; a
 *       NaN s counts as positive), d/ds = 0</td></tr>
 *   <tr><td>asin, acos</td><td>x = &plusmn;1</td><td>&plusmn;&infin; (the one-sided limit)</td></tr>
 *   <tr><td>acosh</td><td>x = 1</td><td>+&infin;</td></tr>
 *   <tr><td>atanh</td><td>x = &plusmn;1</td><td>+&infin;</td></tr>
 *   <tr><td>log, log1p, log10</td><td>x = &plusmn;0 (x = -1 for log1p)</td><td>+&infin; (value -&infin;); below, NaN</td></tr>
 *   <tr><td>max/min written by your code with a comparison</td><td>a tie</td><td>the branch your
 *       code takes</td></tr>
 * </table>
 * Outside a function's domain the value is NaN and so are its derivatives. NaN and infinities
 * propagate as IEEE arithmetic does; nothing here throws for a value.
 *
 * @param <T> the implementing number type
 */
public interface Differentiable<T extends Differentiable<T>> extends RealFieldElement<T> {

    /**
     * The real part, as the rules read it. Unlike {@link #getReal()}, a call here is never a user's
     * branch decision.
     *
     * @return the value a
     */
    double value();

    /** The real part, as user code reads it (to branch, print or compare). */
    @Override
    default double getReal() {
        return value();
    }

    /**
     * Applies a unary function f through its value and derivatives at a = {@link #value()}.
     *
     * @param op which function this is (a tape records it; a dual ignores it)
     * @param c the function's constant parameter (the c of x + c, the p of x^p, the n of rootN),
     *     0 where it has none
     * @param f0 f(a)
     * @param f1 f'(a)
     * @param f2 f''(a)
     * @return f(this), carrying whatever derivative information this type carries
     */
    T compose(Op op, double c, double f0, double f1, double f2);

    /**
     * Applies a binary function g(x, y), x = this, through its value and partial derivatives at
     * (x, y) = ({@link #value()}, {@code y.value()}).
     *
     * @param op which function this is
     * @param y the second argument
     * @param g0 g(x, y)
     * @param gx dg/dx
     * @param gy dg/dy
     * @param gxx d2g/dx2
     * @param gxy d2g/dxdy
     * @param gyy d2g/dy2
     * @return g(this, y)
     */
    T compose(Op op, T y, double g0, double gx, double gy, double gxx, double gxy, double gyy);

    /**
     * The highest order of derivatives this type carries: 1 for first-order types (duals, the
     * reverse tapes), 2 for types that also carry second derivatives (a hyper-dual, the hybrid
     * tape, the forward Laplacian). A {@link Rule} reads it to decide whether it must supply its
     * second derivatives (and refuses, naming itself and the type, when it has none). A
     * second-order type must override this: the default hooks pass NaN second derivatives where
     * the type says 1.
     *
     * @return 1 or 2
     */
    default int derivativeOrder() {
        return 1;
    }

    /**
     * Applies a user's one-argument {@link Rule} at a = {@link #value()}, given f(a), f'(a) and
     * f''(a) (NaN where the rule has no second derivative and {@link #derivativeOrder()} is 1).
     * The default is the unary hook with {@link Op#CUSTOM}; a tape that records ops overrides it
     * to keep the rule with its node.
     *
     * @param rule the rule
     * @param f0 f(a)
     * @param f1 f'(a)
     * @param f2 f''(a)
     * @return rule(this)
     */
    default T compose(Rule rule, double f0, double f1, double f2) {
        return compose(Op.CUSTOM, 0, f0, f1, f2);
    }

    /**
     * Applies a user's {@link Rule} of k arguments (this is args[0]) given its value, its gradient
     * and its Hessian at the arguments' values. The default: k = 1 is the one-argument hook, k = 2
     * the binary hook with {@link Op#CUSTOM}; k &gt; 2 is the sum of k one-argument terms (the
     * first carrying f's value, the others -0.0, which adds exactly) and, given h, one binary term
     * per non-zero h_ij, i &lt; j: the value, gradient and Hessian of the sum are f's, since every
     * term has value 0 but the first (so k + (nonzero pairs) operations, and as many tape nodes).
     *
     * @param rule the rule
     * @param args its k arguments, args[0] == this (not modified)
     * @param f0 the value
     * @param g the k partial derivatives (not modified)
     * @param h the k x k symmetric Hessian, row-major, or null when {@link #derivativeOrder()} is
     *     1 (not modified)
     * @return rule(args)
     */
    default T compose(Rule rule, T[] args, double f0, double[] g, double[] h) {
        int k = args.length;
        double nan = Double.NaN;
        if (k == 1) {
            return args[0].compose(rule, f0, g[0], h == null ? nan : h[0]);
        }
        if (k == 2) {
            return args[0].compose(Op.CUSTOM, args[1], f0, g[0], g[1],
                    h == null ? nan : h[0], h == null ? nan : h[1], h == null ? nan : h[3]);
        }
        T sum = args[0].compose(Op.CUSTOM, 0, f0, g[0], h == null ? nan : h[0]);
        for (int i = 1; i < k; i++) {
            sum = sum.add(args[i].compose(Op.CUSTOM, 0, -0.0, g[i], h == null ? nan : h[i * k + i]));
        }
        if (h != null) {
            for (int i = 0; i < k; i++) {
                for (int j = i + 1; j < k; j++) {
                    double hij = h[i * k + j];
                    if (hij != 0) { // NaN is kept
                        sum = sum.add(args[i].compose(Op.CUSTOM, args[j], -0.0, 0, 0, 0, hij, 0));
                    }
                }
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- arithmetic

    /** x + y: partials 1, 1. */
    @Override
    default T add(T y) {
        return compose(Op.ADD, y, value() + y.value(), 1, 1, 0, 0, 0);
    }

    /** x - y: partials 1, -1. */
    @Override
    default T subtract(T y) {
        return compose(Op.SUBTRACT, y, value() - y.value(), 1, -1, 0, 0, 0);
    }

    /** x y: partials y, x; d2/dxdy = 1. */
    @Override
    default T multiply(T y) {
        double a = value();
        double b = y.value();
        return compose(Op.MULTIPLY, y, a * b, b, a, 0, 1, 0);
    }

    /** x / y: partials 1/y, -x/y^2; second partials 0, -1/y^2, 2x/y^3. */
    @Override
    default T divide(T y) {
        double a = value();
        double b = y.value();
        // divide, not multiply by 1/y: 1/y overflows for a subnormal y where x/y does not
        return compose(Op.DIVIDE, y, a / b, 1 / b, Values.quotientSlope(a, b), 0, Values.quotientMixed(b),
                Values.quotientCurvature(a, b));
    }

    /** -x. */
    @Override
    default T negate() {
        return compose(Op.NEGATE, 0, -value(), -1, 0);
    }

    /** x + c. */
    @Override
    default T add(double c) {
        return compose(Op.ADD_CONSTANT, c, value() + c, 1, 0);
    }

    /** x - c. */
    @Override
    default T subtract(double c) {
        return compose(Op.SUBTRACT_CONSTANT, c, value() - c, 1, 0);
    }

    /** c x. */
    @Override
    default T multiply(double c) {
        return compose(Op.MULTIPLY_CONSTANT, c, value() * c, c, 0);
    }

    /** n x. */
    @Override
    default T multiply(int n) {
        return multiply((double) n);
    }

    /** x / c. */
    @Override
    default T divide(double c) {
        return compose(Op.DIVIDE_CONSTANT, c, value() / c, 1 / c, 0);
    }

    /** 1 / x: derivative -1/x^2, second derivative 2/x^3. */
    @Override
    default T reciprocal() {
        double a = value();
        double r = 1 / a;
        // x^-2 and x^-3 from x's own exponent: the rounded 1/x, cubed, triples its error
        return compose(Op.RECIPROCAL, 0, r, Values.monomial(-1, a, -2), Values.monomial(2, a, -3));
    }

    /** x * 2^n, exactly. */
    @Override
    default T scalb(int n) {
        return compose(Op.SCALB, n, Math.scalb(value(), n), Math.scalb(1.0, n), 0);
    }

    // ---------------------------------------------------------------- powers and roots

    /** sqrt(x): derivative 1/(2 sqrt x), +&infin; at 0. */
    @Override
    default T sqrt() {
        double s = Math.sqrt(value());
        // the table's +inf at x = 0 holds for -0.0 too (0.5 / sqrt(-0.0) would be -inf)
        if (s == 0) {
            return compose(Op.SQRT, 0, s, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        }
        double f1 = 0.5 / s;
        return compose(Op.SQRT, 0, s, f1, -f1 / (2 * value()));
    }

    /** cbrt(x): derivative 1/(3 cbrt(x)^2), +&infin; at 0; defined for negative x. */
    @Override
    default T cbrt() {
        double c = Math.cbrt(value());
        if (c == 0) { // the table's +inf, -inf for both zeros
            return compose(Op.CBRT, 0, c, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        }
        double a = value();
        // c/(3x), rootN's form: 1/(3 c^2) takes twice the root's error (f' up to 3.5 ulps, f'' 4.2; now
        // 1.9 and 3.3); at infinity the limit 0, where c/x is inf/inf
        double f1 = Double.isInfinite(a) ? 0 : c / a / 3;
        return compose(Op.CBRT, 0, c, f1, -2 * f1 / (3 * a));
    }

    /**
     * The real n-th root, negative x allowed for odd n: derivative r/(n x), +&infin; at 0 for n &gt; 1;
     * for n &lt; 0 the reciprocal of the |n|-th root (at 0 its pole, derivatives as 1/x's), n = 0 NaN.
     */
    @Override
    default T rootN(int n) {
        double a = value();
        double r = Values.realRoot(a, n);
        if (n == 1) {
            return compose(Op.ROOT_N, n, a, 1, 0);
        }
        if (a == 0 && n > 0) {
            return compose(Op.ROOT_N, n, r, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        }
        // r / (n x) and (1 - n) r / (n x)^2 with the exponents kept apart: n x overflows for x > MAX / n
        return compose(Op.ROOT_N, n, r, Values.monomial(r, n, -1, a, -1), Values.monomial(r * (1.0 - n), n, -2, a, -2));
    }

    /** x^p for a constant p; see the conventions table for x = 0. */
    @Override
    default T pow(double p) {
        double a = value();
        if (p == 0) {
            return compose(Op.POW_CONSTANT, p, 1, 0, 0);
        }
        if (p == 1) {
            return compose(Op.POW_CONSTANT, p, a, 1, 0);
        }
        if (p == 2) {
            return compose(Op.POW_CONSTANT, p, a * a, 2 * a, 2);
        }
        return compose(Op.POW_CONSTANT, p, Math.pow(a, p), Values.powTerm(p, 1, a, p, 1), Values.powTerm(p, p - 1, a, p, 2));
    }

    /** x^n for a constant integer n. */
    @Override
    default T pow(int n) {
        double a = value();
        switch (n) {
            case 0:
                return compose(Op.POW_INT, n, 1, 0, 0);
            case 1:
                return compose(Op.POW_INT, n, a, 1, 0);
            case 2:
                return compose(Op.POW_INT, n, a * a, 2 * a, 2);
            default:
                return compose(Op.POW_INT, n, Math.pow(a, n), Values.powTerm(n, 1, a, n, 1), Values.powTerm(n, n - 1.0, a, n, 2));
        }
    }

    /**
     * x^y with both variable: dg/dx = y x^(y-1), dg/dy = x^y log x. At x = 0 with y &gt; 0 the
     * y-partials are 0 (the limit); for x &lt; 0 they are NaN.
     */
    @Override
    default T pow(T e) {
        double x = value();
        double y = e.value();
        double g0 = Math.pow(x, y);
        double gx;
        double gxx;
        if (y == 0) {
            gx = 0;
            gxx = 0;
        } else if (y == 1) {
            gx = 1;
            gxx = 0;
        } else {
            gx = Values.powTerm(y, 1, x, y, 1);
            gxx = Values.powTerm(y, y - 1, x, y, 2);
        }
        double gy;
        double gxy;
        double gyy;
        if (x == 0 && y > 0) {
            gy = 0;
            gyy = 0;
            gxy = y > 1 ? 0 : Double.NEGATIVE_INFINITY;
        } else {
            double l = Math.log(x);
            gy = Values.powTerm(l, 1, x, y, 0);
            gyy = Values.powTerm(l, l, x, y, 0);
            double c = Math.fma(y, l, 1);
            if (Math.abs(c) < 0.25 * Math.abs(y * l) && Math.abs(l) > 2 && Math.abs(l) < 700) {
                // 1 + y log x cancels (y log x near -1) and keeps y times log's rounding, up to 0.5 ulp
                // of |log x|: log x = l + d with d = x exp(-l) - 1 to about 1e-16, below that where
                // |l| > 2 (x = 3.9e22, y = -0.0199: 14 ulps -> 1)
                c = Math.fma(y, Math.fma(x, Math.exp(-l), -1), c);
            }
            // where y log x overflows the 1 is lost anyway, and the factors stay apart
            gxy = Double.isInfinite(c) && Double.isFinite(y) ? Values.powTerm(y, l, x, y, 1) : Values.powTerm(c, 1, x, y, 1);
        }
        return compose(Op.POW, e, g0, gx, gy, gxx, gxy, gyy);
    }

    // ---------------------------------------------------------------- exponentials and logarithms

    /** exp(x): every derivative is exp(x). */
    @Override
    default T exp() {
        double e = Math.exp(value());
        return compose(Op.EXP, 0, e, e, e);
    }

    /** exp(x) - 1, accurate near 0: derivative exp(x). */
    @Override
    default T expm1() {
        double a = value();
        double e = Math.exp(a);
        return compose(Op.EXPM1, 0, Math.expm1(a), e, e);
    }

    /** log(x): derivative 1/x (+&infin; at 0). */
    @Override
    default T log() {
        double a = value();
        double r = logSlope(a);
        // -x^-2 from x's exponent: squaring the rounded 1/x doubles its error, and 1/x is subnormal beyond 4.5e307
        return compose(Op.LOG, 0, Math.log(a), r, a > 0 ? Values.monomial(-1, a, -2) : -r * r);
    }

    /** log(1 + x), accurate near 0: derivative 1/(1 + x). */
    @Override
    default T log1p() {
        double a = value();
        double r = logSlope(1 + a);
        return compose(Op.LOG1P, 0, Math.log1p(a), r, -r * r);
    }

    /** log10(x): derivative 1/(x ln 10). Not in {@link RealFieldElement} 3.6.1, offered for symmetry. */
    default T log10() {
        double a = value();
        if (!(a > 0)) { // the table's +inf at both zeros, NaN below
            double r = logSlope(a);
            return compose(Op.LOG10, 0, Math.log10(a), r, -r * r);
        }
        // 1/(x ln 10) in one piece: 1/x overflows for x below 5.6e-309 where the slope does not
        return compose(Op.LOG10, 0, Math.log10(a), Values.monomial(1, a, -1, 2.302585092994046, -1), Values.monomial(-1, a, -2, 2.302585092994046, -1));
    }

    // ---------------------------------------------------------------- trigonometric

    /** sin(x): derivative cos(x). */
    @Override
    default T sin() {
        double a = value();
        double s = Math.sin(a);
        return compose(Op.SIN, 0, s, Math.cos(a), -s);
    }

    /** cos(x): derivative -sin(x). */
    @Override
    default T cos() {
        double a = value();
        double c = Math.cos(a);
        return compose(Op.COS, 0, c, -Math.sin(a), -c);
    }

    /** tan(x): derivative 1 + tan^2 x. */
    @Override
    default T tan() {
        double t = Math.tan(value());
        double f1 = 1 + t * t;
        return compose(Op.TAN, 0, t, f1, 2 * t * f1);
    }

    /** asin(x): derivative 1/sqrt(1 - x^2), +&infin; at &plusmn;1. */
    @Override
    default T asin() {
        double a = value();
        double w = Math.fma(-a, a, 1); // 1 - x^2 rounded once: the product form rounds 1 + x first
        double s = Math.sqrt(w);
        return compose(Op.ASIN, 0, Math.asin(a), 1 / s, a / (w * s));
    }

    /** acos(x): derivative -1/sqrt(1 - x^2), -&infin; at &plusmn;1. */
    @Override
    default T acos() {
        double a = value();
        double w = Math.fma(-a, a, 1); // 1 - x^2 rounded once, as asin's
        double s = Math.sqrt(w);
        return compose(Op.ACOS, 0, Math.acos(a), -1 / s, -a / (w * s));
    }

    /** atan(x): derivative 1/(1 + x^2). */
    @Override
    default T atan() {
        double a = value();
        if (Math.abs(a) <= 1) {
            double d = Math.fma(a, a, 1);
            return compose(Op.ATAN, 0, Math.atan(a), 1 / d, -2 * a / (d * d));
        }
        // 1 + x^2 = x^2 (1 + x^-2): x^2 overflows from 1.34e154, -2x/(1 + x^2)^2 meets inf * 0
        double t = 1 / a;
        double s = Math.fma(t, t, 1);
        return compose(Op.ATAN, 0, Math.atan(a), Values.monomial(1, a, -2, s, -1), Values.monomial(-2, a, -3, s, -2));
    }

    /**
     * atan2(this, x), the angle of the point (x, this): d/dthis = x/r^2, d/dx = -this/r^2; all
     * partials 0 at the origin (see the conventions table).
     */
    @Override
    default T atan2(T x) {
        double y = value();
        double xx = x.value();
        double g0 = Math.atan2(y, xx);
        if (Double.isNaN(g0)) {
            return compose(Op.ATAN2, x, g0, g0, g0, g0, g0, g0);
        }
        if (Double.isInfinite(y) || Double.isInfinite(xx)) {
            // NaN, as x/r^2 is in IEEE arithmetic there (inf/inf): a 0 partial on a node fed by an
            // infinite partial would make the op tape (which skips zero adjoints) and the edge
            // tape (0 * inf = NaN) disagree
            double nan = Double.NaN;
            return compose(Op.ATAN2, x, g0, nan, nan, nan, nan, nan);
        }
        if (y == 0 && xx == 0) { // the origin: the conventions table
            return compose(Op.ATAN2, x, g0, 0, 0, 0, 0, 0);
        }
        // scaled by the larger argument's exponent, exactly: x^2 + y^2 and its square overflow or
        // underflow (and 1/r overflows for subnormal arguments) long before the partials do
        int k = FieldRules.exponent(Math.max(Math.abs(y), Math.abs(xx)));
        double u = Math.scalb(xx, -k);
        double w = Math.scalb(y, -k);
        // r^2 = u^2 + w^2 to twice the precision (each square and the sum's rounding kept), so
        // that r^4 is rounded once: the second partials, five roundings from the arguments, read
        // up to 4.4 ulps off with r^2 and r^4 rounded in turn
        double uu = u * u;
        double ww = w * w;
        double r2 = uu + ww;
        double r2lo = (Math.max(uu, ww) - r2 + Math.min(uu, ww)) + Math.fma(u, u, -uu) + Math.fma(w, w, -ww);
        double r4 = Math.fma(r2, r2, 2 * r2 * r2lo);
        // here "this" plays y and the argument plays x; the numerators from the unscaled arguments
        // (a subnormal y scaled by the radius stays subnormal, and its quotient would round twice)
        return compose(Op.ATAN2, x, g0, scaledRatio(1, xx, 1, r2, -2 * k), scaledRatio(-1, y, 1, r2, -2 * k),
                scaledRatio(-2, xx, y, r4, -4 * k), Math.scalb(differenceOfSquares(w, u) / r4, -2 * k),
                scaledRatio(2, xx, y, r4, -4 * k));
    }

    // ---------------------------------------------------------------- hyperbolic

    /** sinh(x): derivative cosh(x). */
    @Override
    default T sinh() {
        double a = value();
        double s = Math.sinh(a);
        return compose(Op.SINH, 0, s, Math.cosh(a), s);
    }

    /** cosh(x): derivative sinh(x). */
    @Override
    default T cosh() {
        double a = value();
        double c = Math.cosh(a);
        return compose(Op.COSH, 0, c, Math.sinh(a), c);
    }

    /** tanh(x): derivative 1 - tanh^2 x = 1 / cosh^2 x. */
    @Override
    default T tanh() {
        double a = value();
        double t = Math.tanh(a);
        double f1 = Values.sechSquared(a);
        return compose(Op.TANH, 0, t, f1, -2 * t * f1);
    }

    /** asinh(x): derivative 1/sqrt(1 + x^2). */
    @Override
    default T asinh() {
        double a = value();
        double f0 = Values.asinhValue(a);
        if (!(Math.abs(a) > 1)) {
            double d = Math.fma(a, a, 1);
            double s = Math.sqrt(d);
            return compose(Op.ASINH, 0, f0, 1 / s, -a / (d * s));
        }
        // sqrt(1 + x^2) = |x| sqrt(1 + x^-2): x^2 overflows from 1.34e154 where the slope is 1/|x|;
        // (1 + x^-2)^-1.5 as exp(-1.5 log1p(x^-2)), one rounding near 1, not s^-3 from a rounded s
        // (which, with x^-2's own rounding, put f'' up to 5.3 ulps off)
        double t = 1 / a;
        double s = Math.sqrt(Math.fma(t, t, 1));
        double w = Math.exp(-1.5 * Math.log1p(t * t));
        return compose(Op.ASINH, 0, f0, Values.monomial(1, Math.abs(a), -1, s, -1),
                Values.monomial(-Math.signum(a), a, -2) * w);
    }

    /** acosh(x): derivative 1/sqrt(x^2 - 1), +&infin; at 1. */
    @Override
    default T acosh() {
        double a = value();
        if (!(a >= 1)) { // outside the domain (NaN included): FastMath.acosh(-1e150) would be -inf
            return compose(Op.ACOSH, 0, Double.NaN, Double.NaN, Double.NaN);
        }
        double f0 = Values.acoshValue(a);
        if (a < 2) {
            double w = (a - 1) * (a + 1); // a - 1 is exact here (Sterbenz): no cancellation near 1
            double s = Math.sqrt(w);
            return compose(Op.ACOSH, 0, f0, 1 / s, -a / (w * s));
        }
        // sqrt(x^2 - 1) = x sqrt(1 - x^-2): x^2 overflows from 1.34e154 where the slope is 1/x
        double t = 1 / a;
        double s = Math.sqrt(Math.fma(-t, t, 1));
        return compose(Op.ACOSH, 0, f0, Values.monomial(1, a, -1, s, -1), Values.monomial(-1, a, -2, s, -3));
    }

    /** atanh(x): derivative 1/(1 - x^2), +&infin; at &plusmn;1. */
    @Override
    default T atanh() {
        double a = value();
        // outside [-1, 1] the value is NaN and so is the derivative (1/(1 - a^2) would be finite)
        double f1 = Math.abs(a) > 1 ? Double.NaN : 1 / Math.fma(-a, a, 1); // 1 - x^2 rounded once
        return compose(Op.ATANH, 0, Values.atanhValue(a), f1, 2 * a * f1 * f1);
    }

    // ---------------------------------------------------------------- piecewise

    /** |x|: derivative signum(x), 0 at 0. */
    @Override
    default T abs() {
        double a = value();
        return compose(Op.ABS, 0, Math.abs(a), Math.signum(a), 0);
    }

    /** floor(x): derivative 0, jumps included. */
    @Override
    default T floor() {
        return compose(Op.FLOOR, 0, Math.floor(value()), 0, 0);
    }

    /** ceil(x): derivative 0, jumps included. */
    @Override
    default T ceil() {
        return compose(Op.CEIL, 0, Math.ceil(value()), 0, 0);
    }

    /** rint(x): derivative 0, jumps included. */
    @Override
    default T rint() {
        return compose(Op.RINT, 0, Math.rint(value()), 0, 0);
    }

    /** Math.round of the value: a plain {@code long}, no derivative. */
    @Override
    default long round() {
        return Math.round(value());
    }

    /** signum(x): derivative 0. */
    @Override
    default T signum() {
        return compose(Op.SIGNUM, 0, Math.signum(value()), 0, 0);
    }

    /**
     * |x| with the sign of s: derivative &plusmn;1 in x, 0 in s. A NaN s counts as positive
     * ({@link StrictMath#copySign}), and a NaN x as positive for the derivative, so that no result
     * depends on a NaN's sign bit.
     */
    @Override
    default T copySign(T s) {
        double a = value();
        double r = Values.copySign(a, s.value());
        return compose(Op.COPY_SIGN, s, r, Values.copySignSlope(a, r), 0, 0, 0, 0);
    }

    /** |x| with the sign of s: derivative &plusmn;1; a NaN s counts as positive, as above. */
    @Override
    default T copySign(double s) {
        double a = value();
        double r = Values.copySign(a, s);
        return compose(Op.COPY_SIGN_CONSTANT, s, r, Values.copySignSlope(a, r), 0);
    }

    /** IEEE remainder x - n c, n = rint(x / c): derivative 1. */
    @Override
    default T remainder(double c) {
        double r = Math.IEEEremainder(value(), c);
        // remainder by 0 (or of an infinity) is NaN, and so is its derivative
        return Double.isNaN(r) ? compose(Op.REMAINDER_CONSTANT, c, r, Double.NaN, Double.NaN)
                : compose(Op.REMAINDER_CONSTANT, c, r, 1, 0);
    }

    /** IEEE remainder x - n y, n = rint(x / y): partials 1 and -n. */
    @Override
    default T remainder(T y) {
        double a = value();
        double b = y.value();
        double r = Math.IEEEremainder(a, b);
        double n = Math.rint((a - r) / b);
        if (Double.isNaN(r)) {
            return compose(Op.REMAINDER, y, r, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return compose(Op.REMAINDER, y, r, 1, -n, 0, 0, 0);
    }

    /** hypot(x, y) = sqrt(x^2 + y^2) without overflow: partials x/h, y/h; 0 at the origin. */
    @Override
    default T hypot(T y) {
        double a = value();
        double b = y.value();
        double h = Math.hypot(a, b);
        if (Double.isNaN(h)) {
            return compose(Op.HYPOT, y, h, h, h, h, h, h);
        }
        if (h == 0 || Double.isInfinite(a) || Double.isInfinite(b)) {
            double gx = h == 0 ? 0 : Values.hypotSlopeAtInfinity(a);
            double gy = h == 0 ? 0 : Values.hypotSlopeAtInfinity(b);
            return compose(Op.HYPOT, y, h, gx, gy, 0, 0, 0);
        }
        // scaled by the larger argument's exponent, exactly: 1/h overflows for subnormal arguments,
        // h overflows for finite ones near MAX_VALUE, 1/h^3 underflows beyond 1e103
        int k = FieldRules.exponent(Math.max(Math.abs(a), Math.abs(b)));
        double u = Math.scalb(a, -k);
        double w = Math.scalb(b, -k);
        // the larger square inside the fma: r^2 within 0.75 ulp, not 1.5 (the second partials read 4.1 ulps off)
        double big = Math.max(Math.abs(u), Math.abs(w));
        double small = Math.min(Math.abs(u), Math.abs(w));
        double r2 = Math.fma(big, big, small * small);
        double hs = Math.sqrt(r2);
        double h3 = r2 * hs;
        return compose(Op.HYPOT, y, h, u / hs, w / hs, scaledRatio(1, b, b, h3, -3 * k),
                scaledRatio(-1, a, b, h3, -3 * k), scaledRatio(1, a, a, h3, -3 * k));
    }

    // ---------------------------------------------------------------- linear combinations

    // The value is Commons Math's compensated MathArrays.linearCombination (as accurate as if
    // computed in twice the precision, then rounded: DerivativeStructure's value, bit for bit);
    // the derivatives are composed from this type's own multiply and add, which is exact to
    // rounding for a bilinear form. The op tape (Var) records the same value through a linear
    // rule, so that a replay computes it again at a new point.

    /** sum a[i] b[i]: the compensated value, the derivatives of the composed sum. */
    @Override
    default T linearCombination(T[] a, T[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero(); // the empty sum
        }
        double[] av = new double[a.length];
        double[] bv = new double[a.length];
        T sum = a[0].multiply(b[0]);
        for (int i = 0; i < a.length; i++) {
            av[i] = a[i].value();
            bv[i] = b[i].value();
            if (i > 0) {
                sum = sum.add(a[i].multiply(b[i]));
            }
        }
        return withValue(sum, MathArrays.linearCombination(av, bv));
    }

    /** sum a[i] b[i] with constant a. */
    @Override
    default T linearCombination(double[] a, T[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero();
        }
        double[] bv = new double[a.length];
        T sum = b[0].multiply(a[0]);
        for (int i = 0; i < a.length; i++) {
            bv[i] = b[i].value();
            if (i > 0) {
                sum = sum.add(b[i].multiply(a[i]));
            }
        }
        return withValue(sum, MathArrays.linearCombination(a, bv));
    }

    /** a1 b1 + a2 b2. */
    @Override
    default T linearCombination(T a1, T b1, T a2, T b2) {
        return withValue(a1.multiply(b1).add(a2.multiply(b2)),
                MathArrays.linearCombination(a1.value(), b1.value(), a2.value(), b2.value()));
    }

    /** a1 b1 + a2 b2 with constant a. */
    @Override
    default T linearCombination(double a1, T b1, double a2, T b2) {
        return withValue(b1.multiply(a1).add(b2.multiply(a2)),
                MathArrays.linearCombination(a1, b1.value(), a2, b2.value()));
    }

    /** a1 b1 + a2 b2 + a3 b3. */
    @Override
    default T linearCombination(T a1, T b1, T a2, T b2, T a3, T b3) {
        return withValue(a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3)),
                MathArrays.linearCombination(a1.value(), b1.value(), a2.value(), b2.value(), a3.value(), b3.value()));
    }

    /** a1 b1 + a2 b2 + a3 b3 with constant a. */
    @Override
    default T linearCombination(double a1, T b1, double a2, T b2, double a3, T b3) {
        return withValue(b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3)),
                MathArrays.linearCombination(a1, b1.value(), a2, b2.value(), a3, b3.value()));
    }

    /** a1 b1 + a2 b2 + a3 b3 + a4 b4. */
    @Override
    default T linearCombination(T a1, T b1, T a2, T b2, T a3, T b3, T a4, T b4) {
        return withValue(a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3)).add(a4.multiply(b4)),
                MathArrays.linearCombination(a1.value(), b1.value(), a2.value(), b2.value(), a3.value(), b3.value(),
                        a4.value(), b4.value()));
    }

    /** a1 b1 + a2 b2 + a3 b3 + a4 b4 with constant a. */
    @Override
    default T linearCombination(double a1, T b1, double a2, T b2, double a3, T b3, double a4, T b4) {
        return withValue(b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3)).add(b4.multiply(a4)),
                MathArrays.linearCombination(a1, b1.value(), a2, b2.value(), a3, b3.value(), a4, b4.value()));
    }

    /**
     * y with the value v and y's derivatives: y + c for the constant c = v - y (an add of a
     * constant has partial 1, so every derivative part is y's exactly).
     */
    private T withValue(T y, double v) {
        return y.compose(Op.ADD_CONSTANT, v - y.value(), v, 1, 0);
    }

    // ---------------------------------------------------------------- value kernels

    /**
     * a^2 - b^2: (a - b)(a + b) where a - b is exact (|a| and |b| within a factor of 2 of each other,
     * Sterbenz), else one fma with the smaller square rounded (within 0.75 ulp where the product
     * of two rounded factors is within 1.5).
     */
    private static double differenceOfSquares(double a, double b) {
        double ma = Math.abs(a);
        double mb = Math.abs(b);
        if (ma <= 2 * mb && mb <= 2 * ma) {
            return (a - b) * (a + b);
        }
        return ma > mb ? Math.fma(a, a, -(b * b)) : -Math.fma(b, b, -(a * a));
    }

    /**
     * c a b / d 2^s with a and b taken apart from their exponents, for d in [1, 64): a product of
     * arguments that a radius scaled down to a subnormal would have rounded twice.
     */
    private static double scaledRatio(double c, double a, double b, double d, int s) {
        if (a == 0 || b == 0) { // a signed zero, without the other factor's chance to overflow
            return c * Math.copySign(0.0, a) * Math.copySign(1, b);
        }
        int ea = FieldRules.exponent(a);
        int eb = FieldRules.exponent(b);
        return Math.scalb(c * Math.scalb(a, -ea) * Math.scalb(b, -eb) / d, s + ea + eb);
    }

    /**
     * 1/b for a logarithm's argument b: +&infin; at &plusmn;0 (the convention, whatever the sign
     * of zero) and NaN for b &lt; 0, where the logarithm itself is NaN.
     */
    private static double logSlope(double b) {
        return b > 0 ? 1 / b : b == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    }
}
