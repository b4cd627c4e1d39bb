package org.dualad.dual;

import java.util.Objects;
import java.util.function.Function;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.util.MathArrays;

/**
 * A dual number v + t&epsilon; whose parts are themselves field elements of any type T: duals over
 * duals give third and higher derivatives, and other modules can put a dual inside a tape or a
 * complex step.
 *
 * <p>f(v + t&epsilon;) = f(v) + t f'(v) &epsilon;, where f(v) is T's own function and f'(v) is
 * computed by T's own arithmetic in the careful forms of {@link Differentiable}'s table (the generic
 * table {@code FieldRules}: scaled where a plain form over- or underflows, and chosen so that T's
 * derivatives of f'(v), the second derivatives of a nested dual, are accurate too). A test
 * enumerates every {@link Op} and checks the two tables against each other and against a
 * 60-digit reference over the edge grid of the double range.
 *
 * <h2>Nesting without perturbation confusion</h2>
 * A derivative taken inside another one ({@link #derivative(Function, RealFieldElement)}) runs the
 * inner function on {@code FieldDual<T>}, where T is the outer number type. An outer variable x of
 * type T cannot enter the inner function without being lifted by {@link #constant}, which gives it
 * a zero inner tangent. The type system keeps the two perturbations apart, so the classic
 * d/dx [ x &middot; (d/dy (x + y))(1) ] at x = 1 is 1, not 2:
 * <pre>{@code
 * Dual x = Dual.variable(1);
 * Dual inner = FieldDual.derivative(y -> FieldDual.constant(x).add(y), Dual.constant(1));
 * x.multiply(inner).tangent();   // 1.0
 * }</pre>
 *
 * <p>A tangent that is exactly zero (a constant, or {@link #of} with T's zero, either sign) is
 * stored as absent and contributes nothing, even through an infinite derivative, as in every
 * DualAD type. A tangent that is zero in value but carries T's own derivatives (a Dual 0 + 1&epsilon;)
 * is not zero and is kept. Immutable; {@code equals} compares both
 * parts with T's {@code equals}.
 *
 * @param <T> the type of the value and the tangent
 */
public final class FieldDual<T extends RealFieldElement<T>> implements RealFieldElement<FieldDual<T>>,
        Rule.Target<FieldDual<T>> {
    private final T value;
    /** null means exactly zero: a constant's tangent. */
    private final T tangent;

    private FieldDual(T value, T tangent) {
        this.value = value;
        this.tangent = tangent;
    }

    /**
     * Creates value + tangent &epsilon;.
     *
     * @param value the real part
     * @param tangent the &epsilon; part
     * @param <T> the part type
     * @return the dual
     */
    public static <T extends RealFieldElement<T>> FieldDual<T> of(T value, T tangent) {
        Objects.requireNonNull(value, "of: value must not be null");
        Objects.requireNonNull(tangent, "of: tangent must not be null");
        return new FieldDual<>(value, isZero(tangent) ? null : tangent);
    }

    /** True for T's zero of either sign: equal to the field's zero, or its negation is. */
    private static <T extends RealFieldElement<T>> boolean isZero(T t) {
        if (t.getReal() != 0) {
            return false;
        }
        T zero = t.getField().getZero();
        return t.equals(zero) || t.add(0.0).equals(zero) || t.negate().add(0.0).equals(zero);
    }

    /**
     * Creates an independent variable: value + 1&epsilon;.
     *
     * @param value the point
     * @param <T> the part type
     * @return the seeded dual
     */
    public static <T extends RealFieldElement<T>> FieldDual<T> variable(T value) {
        return new FieldDual<>(Objects.requireNonNull(value, "value"), value.getField().getOne());
    }

    /**
     * Lifts a value of the outer type into this level as a constant: value + 0&epsilon;.
     *
     * @param value the constant
     * @param <T> the part type
     * @return the dual
     */
    public static <T extends RealFieldElement<T>> FieldDual<T> constant(T value) {
        return new FieldDual<>(Objects.requireNonNull(value, "value"), null);
    }

    /**
     * The derivative of f at x, one level above T's own perturbations: f runs on
     * {@code FieldDual<T>} seeded at x, and the tangent of its result comes back as a T, carrying
     * whatever derivatives T carries. Safe to nest (see the class comment).
     *
     * @param f the function (a lambda is fine)
     * @param x the point
     * @param <T> the outer number type
     * @return f'(x)
     */
    public static <T extends RealFieldElement<T>> T derivative(Function<FieldDual<T>, FieldDual<T>> f, T x) {
        Objects.requireNonNull(f, "derivative: f must not be null");
        FieldDual<T> y = Objects.requireNonNull(f.apply(variable(x)), "derivative: f returned null");
        return y.tangent();
    }

    /** @return the real part v (of type T) */
    public T value() {
        return value;
    }

    /** @return the tangent t (of type T), T's zero for a constant */
    public T tangent() {
        return tangent == null ? value.getField().getZero() : tangent;
    }

    @Override
    public double getReal() {
        return value.getReal();
    }

    @Override
    public Field<FieldDual<T>> getField() {
        Field<T> f = value.getField();
        return SimpleField.of(constant(f.getZero()), constant(f.getOne()));
    }

    private FieldDual<T> with(T v, T t) {
        return new FieldDual<>(v, t);
    }

    /** v' = f(v), t' = t f'(v); skips the derivative when t is zero. */
    private FieldDual<T> chain(T fv, T dfv) {
        if (tangent == null) {
            return new FieldDual<>(fv, null);
        }
        // outside the domain (a NaN value from a non-NaN argument) the derivative is NaN too,
        // although formulas like log' = 1/x stay finite there
        if (Double.isNaN(fv.getReal()) && !Double.isNaN(value.getReal())) {
            return new FieldDual<>(fv, tangent.multiply(nanOf(value)));
        }
        return new FieldDual<>(fv, tangent.multiply(dfv));
    }

    /**
     * A NaN-valued T that is NaN in every part of every order where v moves, and 0 where v does not
     * (the zero policy): exp(NaN v). NaN v alone is NaN only in v's nonzero parts, so a nested
     * dual's third derivative of sqrt(-1 + t), whose x'' is 0, read 0 through it.
     */
    private static <T extends RealFieldElement<T>> T nanOf(T v) {
        return v.multiply(Double.NaN).exp();
    }

    /** t' = gx tx + gy ty, with absent tangents skipped. */
    private T combine(T gx, FieldDual<T> y, T gy) {
        if (tangent == null) {
            return y.tangent == null ? null : y.tangent.multiply(gy);
        }
        return y.tangent == null ? tangent.multiply(gx) : tangent.multiply(gx).add(y.tangent.multiply(gy));
    }

    private static <T> T plus(T a, T b, boolean negateB, java.util.function.BinaryOperator<T> add,
                              java.util.function.UnaryOperator<T> neg) {
        if (a == null) {
            return b == null ? null : (negateB ? neg.apply(b) : b);
        }
        return b == null ? a : add.apply(a, negateB ? neg.apply(b) : b);
    }

    /**
     * A custom {@link Rule} over T: the value is the rule applied to the T values (in T's own way),
     * the tangent &Sigma; t_i (df/dx_i)(v), each partial derivative being the rule
     * {@link Rule#derivative(int)} applied to the T values. So a {@code FieldDual<Dual>} (second
     * derivatives) needs the rule's Hessian, and a third level refuses clearly.
     *
     * @param rule the rule
     * @param args its arguments, args[0] == this (not modified)
     * @return rule(args)
     */
    @Override
    public FieldDual<T> applyRule(Rule rule, FieldDual<T>[] args) {
        int k = args.length;
        T[] v = MathArrays.buildArray(value.getField(), k);
        for (int i = 0; i < k; i++) {
            v[i] = args[i].value;
        }
        T fv = rule.apply(v);
        T t = null;
        for (int i = 0; i < k; i++) {
            if (args[i].tangent != null) {
                T term = args[i].tangent.multiply(rule.derivative(i).apply(v));
                t = t == null ? term : t.add(term);
            }
        }
        return new FieldDual<>(fv, t);
    }

    // ---------------------------------------------------------------- arithmetic

    @Override
    public FieldDual<T> add(FieldDual<T> y) {
        return with(value.add(y.value), plus(tangent, y.tangent, false, T::add, T::negate));
    }

    @Override
    public FieldDual<T> subtract(FieldDual<T> y) {
        return with(value.subtract(y.value), plus(tangent, y.tangent, true, T::add, T::negate));
    }

    @Override
    public FieldDual<T> multiply(FieldDual<T> y) {
        return with(value.multiply(y.value), combine(y.value, y, value));
    }

    @Override
    public FieldDual<T> divide(FieldDual<T> y) {
        // divide, not multiply by 1/y: 1/y overflows for a subnormal y where x/y does not
        T q = value.divide(y.value);
        return with(q, combine(y.value.reciprocal(), y, FieldRules.divideBySlope(value, y.value, q)));
    }

    @Override
    public FieldDual<T> negate() {
        return with(value.negate(), tangent == null ? null : tangent.negate());
    }

    @Override
    public FieldDual<T> multiply(int n) {
        return with(value.multiply(n), tangent == null ? null : tangent.multiply(n));
    }

    @Override
    public FieldDual<T> add(double c) {
        return with(value.add(c), tangent);
    }

    @Override
    public FieldDual<T> subtract(double c) {
        return with(value.subtract(c), tangent);
    }

    @Override
    public FieldDual<T> multiply(double c) {
        return with(value.multiply(c), tangent == null ? null : tangent.multiply(c));
    }

    @Override
    public FieldDual<T> divide(double c) {
        return with(value.divide(c), tangent == null ? null : tangent.divide(c));
    }

    @Override
    public FieldDual<T> reciprocal() {
        T r = value.reciprocal();
        return chain(r, r.multiply(r).negate());
    }

    @Override
    public FieldDual<T> scalb(int n) {
        return with(value.scalb(n), tangent == null ? null : tangent.scalb(n));
    }

    // ---------------------------------------------------------------- powers and roots

    @Override
    public FieldDual<T> sqrt() {
        T s = value.sqrt();
        // + 0.0 turns sqrt(-0.0) = -0.0 into +0.0 (the table's +inf at both zeros), a no-op elsewhere
        return chain(s, s.add(0.0).multiply(2).reciprocal());
    }

    @Override
    public FieldDual<T> cbrt() {
        T c = value.cbrt();
        if (value.getReal() == 0) {
            // 1/(3 c^2) has a 0 * inf tangent at 0; (1/3) x^(-2/3) gives the table's +inf, -inf
            return chain(c, value.add(0.0).pow(-2.0 / 3).divide(3));
        }
        if (Double.isInfinite(value.getReal()) && !Double.isNaN(c.getReal())) {
            return chain(c, value.getField().getZero()); // the limit, as rootN's
        }
        // c/(3x), as rootN's slope: 1/(3 c^2)'s derivative took on twice c's error (8.7 ulps)
        return chain(c, FieldRules.rootNSlope(value, c, 3));
    }

    @Override
    public FieldDual<T> rootN(int n) {
        if (n == 1) {
            return this;
        }
        T r = value.rootN(n);
        if (value.getReal() == 0) {
            // (1/n) x^(1/n - 1) at +0: +inf, with second derivative -inf (a constant +inf had 0)
            return chain(r, value.add(0.0).pow(1.0 / n - 1).divide(n));
        }
        if (Double.isInfinite(value.getReal()) && !Double.isNaN(r.getReal())) {
            return chain(r, value.getField().getZero()); // the limit, as sqrt's 0.5 / inf
        }
        return chain(r, FieldRules.rootNSlope(value, r, n));
    }

    @Override
    public FieldDual<T> pow(double p) {
        if (p == 0) {
            return with(value.getField().getOne(), null);
        }
        if (p == 1) {
            return this;
        }
        return chain(value.pow(p), FieldRules.powSlope(value, p));
    }

    @Override
    public FieldDual<T> pow(int n) {
        if (n == 0) {
            return with(value.getField().getOne(), null);
        }
        if (n == 1) {
            return this;
        }
        return chain(value.pow(n), value.pow(n - 1).multiply(n));
    }

    @Override
    public FieldDual<T> pow(FieldDual<T> e) {
        T g0 = value.pow(e.value);
        // y x^(y-1) in T's arithmetic everywhere: a shortcut on the real part of y (0 for y = 0,
        // 1 for y = 1) would drop the derivatives T carries for y (d/dy of y x^(y-1) is 1/x at
        // y = 0). Only 0^0, where the general form is 0 * inf, takes the convention's 0.
        T gx = FieldRules.powBaseSlope(value, e.value, g0);
        T gy = value.getReal() == 0 && e.getReal() > 0 ? value.getField().getZero() : g0.multiply(value.log());
        return with(g0, combine(gx, e, gy));
    }

    // ---------------------------------------------------------------- exponentials and logarithms

    @Override
    public FieldDual<T> exp() {
        T e = value.exp();
        return chain(e, e);
    }

    @Override
    public FieldDual<T> expm1() {
        return chain(value.expm1(), value.exp());
    }

    @Override
    public FieldDual<T> log() {
        return chain(value.log(), logSlope(value));
    }

    @Override
    public FieldDual<T> log1p() {
        return chain(value.log1p(), logSlope(value.add(1)));
    }

    /** log10(x): derivative 1/(x ln 10). */
    public FieldDual<T> log10() {
        return chain(value.log().divide(Math.log(10)), FieldRules.log10Slope(value));
    }

    // ---------------------------------------------------------------- trigonometric

    @Override
    public FieldDual<T> sin() {
        return chain(value.sin(), value.cos());
    }

    @Override
    public FieldDual<T> cos() {
        return chain(value.cos(), value.sin().negate());
    }

    @Override
    public FieldDual<T> tan() {
        T t = value.tan();
        return chain(t, t.multiply(t).add(1));
    }

    @Override
    public FieldDual<T> asin() {
        return chain(value.asin(), oneMinusSquare().sqrt().reciprocal());
    }

    @Override
    public FieldDual<T> acos() {
        return chain(value.acos(), oneMinusSquare().sqrt().reciprocal().negate());
    }

    @Override
    public FieldDual<T> atan() {
        return chain(value.atan(), FieldRules.atanSlope(value));
    }

    /**
     * 1/b for a logarithm's argument: +&infin; at &plusmn;0 and NaN below, as the double rules.
     * At 0 it is 1/(b + 0.0), not a constant +&infin;: + 0.0 turns -0.0 into +0.0, and the
     * reciprocal keeps T's own derivative there (log'' = -1/x^2 = -&infin;, which a constant lost).
     */
    private T logSlope(T b) {
        double r = b.getReal();
        return r >= 0 ? b.add(0.0).reciprocal() : constantLike(Double.NaN);
    }

    /** A constant of T with the given value. */
    private T constantLike(double c) {
        return value.getField().getZero().add(c);
    }

    /**
     * 1 - v^2: as (1 - v)(1 + v) near &plusmn;1 (accurate value there), as 1 - v v elsewhere (the
     * product form's tangent -t(1 + v) + (1 - v)t cancels to -2vt and loses digits for small v).
     */
    private T oneMinusSquare() {
        return Math.abs(value.getReal()) < 0.5 ? value.multiply(value).negate().add(1)
                : value.negate().add(1).multiply(value.add(1));
    }

    /** atan2(this, x): partials x/r^2 and -this/r^2; 0 at the origin. */
    @Override
    public FieldDual<T> atan2(FieldDual<T> x) {
        T g0 = value.atan2(x.value);
        double yv = value.getReal();
        double xv = x.value.getReal();
        if (Double.isNaN(yv) || Double.isNaN(xv)) {
            T nan = g0.getField().getZero().add(Double.NaN);
            return with(g0, combine(nan, x, nan));
        }
        if (Double.isInfinite(yv) || Double.isInfinite(xv)) {
            // NaN, as the double table (x/r^2 is inf/inf)
            T nan = g0.getField().getZero().add(Double.NaN);
            return with(g0, combine(nan, x, nan));
        }
        if (yv == 0 && xv == 0) { // the origin: the conventions table
            return with(g0, null);
        }
        T[] g = FieldRules.atan2Partials(value, x.value);
        return with(g0, combine(g[0], x, g[1]));
    }

    // ---------------------------------------------------------------- hyperbolic

    @Override
    public FieldDual<T> sinh() {
        return chain(value.sinh(), value.cosh());
    }

    @Override
    public FieldDual<T> cosh() {
        return chain(value.cosh(), value.sinh());
    }

    @Override
    public FieldDual<T> tanh() {
        T t = value.tanh();
        return chain(t, FieldRules.tanhSlope(value, t));
    }

    @Override
    public FieldDual<T> asinh() {
        return chain(value.asinh(), FieldRules.asinhSlope(value));
    }

    @Override
    public FieldDual<T> acosh() {
        // T's acosh may not be NaN below 1 (FastMath.acosh(-1e150) = -inf): the domain is checked here
        T v = value.getReal() < 1 ? value.multiply(Double.NaN) : value.acosh();
        return chain(v, FieldRules.acoshSlope(value));
    }

    @Override
    public FieldDual<T> atanh() {
        if (Math.abs(value.getReal()) > 1) {
            return chain(value.atanh(), constantLike(Double.NaN));
        }
        return chain(value.atanh(), oneMinusSquare().reciprocal());
    }

    // ---------------------------------------------------------------- piecewise

    @Override
    public FieldDual<T> abs() {
        double s = Math.signum(value.getReal());
        return with(value.abs(), tangent == null ? null : tangent.multiply(s));
    }

    @Override
    public FieldDual<T> floor() {
        return with(value.floor(), null);
    }

    @Override
    public FieldDual<T> ceil() {
        return with(value.ceil(), null);
    }

    @Override
    public FieldDual<T> rint() {
        return with(value.rint(), null);
    }

    @Override
    public long round() {
        return value.round();
    }

    @Override
    public FieldDual<T> signum() {
        return with(value.signum(), null);
    }

    @Override
    public FieldDual<T> copySign(FieldDual<T> s) {
        return copySign(s.getReal());
    }

    @Override
    public FieldDual<T> copySign(double s) {
        // the sign decided on doubles as every mode decides it (a NaN sign or value counts as positive)
        boolean flipped = Values.copySignSlope(value.getReal(), Values.copySign(value.getReal(), s)) < 0;
        T r = flipped ? value.negate() : value;
        return with(r, tangent == null ? null : flipped ? tangent.negate() : tangent);
    }

    @Override
    public FieldDual<T> remainder(double c) {
        T r = value.remainder(c);
        return with(r, tangent != null && Double.isNaN(r.getReal()) ? tangent.multiply(nanOf(value)) : tangent);
    }

    @Override
    public FieldDual<T> remainder(FieldDual<T> y) {
        T r = value.remainder(y.value);
        double n = Math.rint((value.getReal() - r.getReal()) / y.getReal());
        if (Double.isNaN(r.getReal())) {
            return with(r, combine(nanOf(value), y, nanOf(y.value)));
        }
        return with(r, combine(value.getField().getOne(), y, constantLike(-n)));
    }

    @Override
    public FieldDual<T> hypot(FieldDual<T> y) {
        T h = value.hypot(y.value);
        double xv = value.getReal();
        double yv = y.value.getReal();
        if (Double.isNaN(h.getReal())) {
            return with(h, combine(h, y, h));
        }
        if (h.getReal() == 0) {
            return with(h, null);
        }
        if (Double.isInfinite(xv) || Double.isInfinite(yv)) {
            // the double table's convention: the infinite argument's sign, 0 for a finite one
            T zero = h.getField().getZero();
            return with(h, combine(zero.add(Double.isInfinite(xv) ? Math.signum(xv) : 0), y,
                    zero.add(Double.isInfinite(yv) ? Math.signum(yv) : 0)));
        }
        T[] g = FieldRules.hypotPartials(value, y.value);
        return with(h, combine(g[0], y, g[1]));
    }

    // ---------------------------------------------------------------- linear combinations

    // The value is T's own linear combination of the values (compensated for DualAD's types and
    // Commons Math's), the tangent the composed sum's: the same value as T computes it.

    @Override
    public FieldDual<T> linearCombination(FieldDual<T>[] a, FieldDual<T>[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero(); // the empty sum, as in every type
        }
        T[] av = MathArrays.buildArray(value.getField(), a.length);
        T[] bv = MathArrays.buildArray(value.getField(), a.length);
        FieldDual<T> sum = a[0].multiply(b[0]);
        for (int i = 0; i < a.length; i++) {
            av[i] = a[i].value;
            bv[i] = b[i].value;
            if (i > 0) {
                sum = sum.add(a[i].multiply(b[i]));
            }
        }
        return new FieldDual<>(av[0].linearCombination(av, bv), sum.tangent);
    }

    @Override
    public FieldDual<T> linearCombination(double[] a, FieldDual<T>[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero();
        }
        T[] bv = MathArrays.buildArray(value.getField(), a.length);
        FieldDual<T> sum = b[0].multiply(a[0]);
        for (int i = 0; i < a.length; i++) {
            bv[i] = b[i].value;
            if (i > 0) {
                sum = sum.add(b[i].multiply(a[i]));
            }
        }
        return new FieldDual<>(bv[0].linearCombination(a, bv), sum.tangent);
    }

    @Override
    public FieldDual<T> linearCombination(FieldDual<T> a1, FieldDual<T> b1, FieldDual<T> a2, FieldDual<T> b2) {
        return new FieldDual<>(a1.value.linearCombination(a1.value, b1.value, a2.value, b2.value),
                a1.multiply(b1).add(a2.multiply(b2)).tangent);
    }

    @Override
    public FieldDual<T> linearCombination(double a1, FieldDual<T> b1, double a2, FieldDual<T> b2) {
        return new FieldDual<>(b1.value.linearCombination(a1, b1.value, a2, b2.value),
                b1.multiply(a1).add(b2.multiply(a2)).tangent);
    }

    @Override
    public FieldDual<T> linearCombination(FieldDual<T> a1, FieldDual<T> b1, FieldDual<T> a2, FieldDual<T> b2,
                                          FieldDual<T> a3, FieldDual<T> b3) {
        return new FieldDual<>(a1.value.linearCombination(a1.value, b1.value, a2.value, b2.value, a3.value, b3.value),
                a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3)).tangent);
    }

    @Override
    public FieldDual<T> linearCombination(double a1, FieldDual<T> b1, double a2, FieldDual<T> b2,
                                          double a3, FieldDual<T> b3) {
        return new FieldDual<>(b1.value.linearCombination(a1, b1.value, a2, b2.value, a3, b3.value),
                b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3)).tangent);
    }

    @Override
    public FieldDual<T> linearCombination(FieldDual<T> a1, FieldDual<T> b1, FieldDual<T> a2, FieldDual<T> b2,
                                          FieldDual<T> a3, FieldDual<T> b3, FieldDual<T> a4, FieldDual<T> b4) {
        return new FieldDual<>(a1.value.linearCombination(a1.value, b1.value, a2.value, b2.value, a3.value, b3.value,
                a4.value, b4.value), a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3)).add(a4.multiply(b4)).tangent);
    }

    @Override
    public FieldDual<T> linearCombination(double a1, FieldDual<T> b1, double a2, FieldDual<T> b2,
                                          double a3, FieldDual<T> b3, double a4, FieldDual<T> b4) {
        return new FieldDual<>(b1.value.linearCombination(a1, b1.value, a2, b2.value, a3, b3.value, a4, b4.value),
                b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3)).add(b4.multiply(a4)).tangent);
    }

    // ---------------------------------------------------------------- object

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldDual && value.equals(((FieldDual<?>) o).value)
                && tangent().equals(((FieldDual<?>) o).tangent());
    }

    @Override
    public int hashCode() {
        return 31 * value.hashCode() + tangent().hashCode();
    }

    /** @return e.g. {@code FieldDual[Dual[1.0 + 1.0ε] + Dual[1.0 + 0.0ε]δ]} */
    @Override
    public String toString() {
        return "FieldDual[" + value + " + " + tangent() + "δ]";
    }
}
