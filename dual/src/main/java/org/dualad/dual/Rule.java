package org.dualad.dual;

import java.lang.reflect.Array;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.util.Decimal64;

/**
 * A user's derivative rule: a function of k scalar inputs given by its value, its gradient and,
 * optionally, its Hessian on doubles, callable from generic code exactly like {@code sin}:
 * {@code rule.apply(x)} for any number type T.
 *
 * <pre>{@code
 * Rule logGamma = Rule.unary("logGamma", Gamma::logGamma, Gamma::digamma, Gamma::trigamma);
 * static <T extends RealFieldElement<T>> T f(T[] x) { return logGamma.apply(x[0]).multiply(x[1]); }
 * Forward.gradient(F::f, 2.5, 3);   // [3 digamma(2.5), logGamma(2.5)]
 * }</pre>
 *
 * <h2>How each number type applies it</h2>
 * <ul>
 *   <li>Every {@link Differentiable} (Dual, MultiDual, HyperDual, the reverse and hybrid tapes,
 *       the forward Laplacian): the rule is evaluated on doubles at the arguments' values and the
 *       results handed to the type's hook {@link Differentiable#compose(Rule, double, double, double)}
 *       (one argument) or {@link Differentiable#compose(Rule, Differentiable[], double, double[], double[])}
 *       (k arguments): the rule table's own path, so the chain rule, the zero policy and the
 *       recording are the type's. The op tape ({@code Var}) records the rule itself: a replay
 *       re-evaluates it at the new point, and graphs and errors show its {@link #name()}.</li>
 *   <li>A type of {@link Differentiable#derivativeOrder()} 2 (HyperDual, HVar, the forward Laplacian,
 *       the Hessian kernels of {@code Forward.hessian}) needs the second derivatives: a rule without
 *       them throws {@link UnsupportedOperationException} naming the rule and the type. No
 *       finite-difference fallback is taken: a Hessian would silently lose eight digits.</li>
 *   <li>{@link Target} types (FieldDual, Taylor, the complex-step and high-precision oracles of the
 *       verification module) implement {@link Target#applyRule}: they evaluate the rule and its
 *       {@link #derivative partial-derivative rules} on their own parts.</li>
 *   <li>Commons Math's {@link DerivativeStructure}: a one-argument rule through
 *       {@code DerivativeStructure.compose}, when the structure's order is at most the rule's
 *       {@link #order()}; {@link Decimal64} (values only): the value. Any other type, or a
 *       structure of a higher order or with a k-argument rule, throws
 *       {@link IllegalArgumentException} naming the rule and the type.</li>
 * </ul>
 *
 * <h2>Values the rule returns</h2>
 * Where the value is NaN (outside the function's domain, or a NaN argument) every derivative is
 * taken as NaN too, as for the built-in functions: NaN propagates and nothing throws (a
 * {@link #linear} rule keeps its constant derivatives, as a built-in sum does). A gradient
 * or Hessian of the wrong length (or null) is a bug in the rule: {@link IllegalStateException}
 * naming the rule, the point and the expected length. The Hessian is k x k, row-major; only the
 * entries on and above the diagonal (i &le; j) are read, so it is symmetric by construction.
 *
 * <p>Immutable and stateless (given stateless functions): one rule serves every thread. Equality
 * is identity: two rules with the same name are different rules.
 */
public final class Rule {

    /**
     * A number type outside the double rule table ({@link Differentiable}) that applies a custom
     * rule on its own parts: {@link FieldDual}, {@link Taylor}, and the verification oracles.
     *
     * @param <T> the number type
     */
    public interface Target<T extends RealFieldElement<T>> {
        /**
         * Applies rule to args (args[0] is this number).
         *
         * @param rule the rule
         * @param args its {@link Rule#arity()} arguments, all of this type (not modified)
         * @return rule(args)
         */
        T applyRule(Rule rule, T[] args);
    }

    private final String name;
    private final int arity;
    /** 0 (values only: a derivative rule past the supplied order), 1 or 2. */
    private final int order;
    /** The one-argument form, null for a k-argument rule. */
    private final DoubleUnaryOperator f;
    private final DoubleUnaryOperator df;
    private final DoubleUnaryOperator d2f;
    /** The k-argument form (one-argument rules have it too, for the array API). */
    private final ToDoubleFunction<double[]> value;
    private final Function<double[], double[]> gradient;
    private final Function<double[], double[]> hessian;
    /** Made by {@link #linear}: constant gradient, zero Hessian. */
    private final boolean linear;

    private Rule(String name, int arity, int order, DoubleUnaryOperator f, DoubleUnaryOperator df,
                 DoubleUnaryOperator d2f, ToDoubleFunction<double[]> value, Function<double[], double[]> gradient,
                 Function<double[], double[]> hessian) {
        this(name, arity, order, f, df, d2f, value, gradient, hessian, false);
    }

    private Rule(String name, int arity, int order, DoubleUnaryOperator f, DoubleUnaryOperator df,
                 DoubleUnaryOperator d2f, ToDoubleFunction<double[]> value, Function<double[], double[]> gradient,
                 Function<double[], double[]> hessian, boolean linear) {
        this.linear = linear;
        this.name = name;
        this.arity = arity;
        this.order = order;
        this.f = f;
        this.df = df;
        this.d2f = d2f;
        this.value = value;
        this.gradient = gradient;
        this.hessian = hessian;
    }

    // ---------------------------------------------------------------- factories

    /**
     * A function of one argument with its first derivative (no second: Hessian modes refuse it).
     *
     * @param name the name graphs, traces and errors show, e.g. "logGamma"
     * @param f x &rarr; f(x)
     * @param df x &rarr; f'(x)
     * @return the rule
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if name is blank
     */
    public static Rule unary(String name, DoubleUnaryOperator f, DoubleUnaryOperator df) {
        return unary(name, f, df, null, 1);
    }

    /**
     * A function of one argument with its first and second derivatives: every mode, Hessians and
     * Laplacians included.
     *
     * @param name the name graphs, traces and errors show, e.g. "logGamma"
     * @param f x &rarr; f(x)
     * @param df x &rarr; f'(x)
     * @param d2f x &rarr; f''(x)
     * @return the rule
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if name is blank
     */
    public static Rule unary(String name, DoubleUnaryOperator f, DoubleUnaryOperator df, DoubleUnaryOperator d2f) {
        return unary(name, f, df, Objects.requireNonNull(d2f, "Rule.unary: d2f must not be null"), 2);
    }

    private static Rule unary(String name, DoubleUnaryOperator f, DoubleUnaryOperator df, DoubleUnaryOperator d2f,
                              int order) {
        checkName(name, "unary");
        Objects.requireNonNull(f, "Rule.unary: f must not be null");
        Objects.requireNonNull(df, "Rule.unary: df must not be null");
        return new Rule(name, 1, order, f, df, d2f, x -> f.applyAsDouble(x[0]),
                x -> new double[] {df.applyAsDouble(x[0])},
                d2f == null ? null : x -> new double[] {d2f.applyAsDouble(x[0])});
    }

    /**
     * A function of two arguments with its two first partial derivatives.
     *
     * @param name the name graphs, traces and errors show
     * @param f (x, y) &rarr; f
     * @param fx (x, y) &rarr; df/dx
     * @param fy (x, y) &rarr; df/dy
     * @return the rule
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if name is blank
     */
    public static Rule binary(String name, DoubleBinaryOperator f, DoubleBinaryOperator fx, DoubleBinaryOperator fy) {
        checkName(name, "binary");
        requireAll("binary", f, fx, fy);
        return new Rule(name, 2, 1, null, null, null, x -> f.applyAsDouble(x[0], x[1]),
                x -> new double[] {fx.applyAsDouble(x[0], x[1]), fy.applyAsDouble(x[0], x[1])}, null);
    }

    /**
     * A function of two arguments with its first and second partial derivatives.
     *
     * @param name the name graphs, traces and errors show
     * @param f (x, y) &rarr; f
     * @param fx df/dx
     * @param fy df/dy
     * @param fxx d2f/dx2
     * @param fxy d2f/dxdy
     * @param fyy d2f/dy2
     * @return the rule
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if name is blank
     */
    public static Rule binary(String name, DoubleBinaryOperator f, DoubleBinaryOperator fx, DoubleBinaryOperator fy,
                              DoubleBinaryOperator fxx, DoubleBinaryOperator fxy, DoubleBinaryOperator fyy) {
        checkName(name, "binary");
        requireAll("binary", f, fx, fy, fxx, fxy, fyy);
        return new Rule(name, 2, 2, null, null, null, x -> f.applyAsDouble(x[0], x[1]),
                x -> new double[] {fx.applyAsDouble(x[0], x[1]), fy.applyAsDouble(x[0], x[1])},
                x -> {
                    double xy = fxy.applyAsDouble(x[0], x[1]);
                    return new double[] {fxx.applyAsDouble(x[0], x[1]), xy, xy, fyy.applyAsDouble(x[0], x[1])};
                });
    }

    /**
     * A function of k arguments with its gradient.
     *
     * @param name the name graphs, traces and errors show
     * @param arity k &ge; 1
     * @param value x &rarr; f(x), x of length k (the array is the rule's to read, not to keep)
     * @param gradient x &rarr; the k partial derivatives
     * @return the rule
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if name is blank or arity &lt; 1
     */
    public static Rule of(String name, int arity, ToDoubleFunction<double[]> value,
                          Function<double[], double[]> gradient) {
        return of(name, arity, value, gradient, null, 1);
    }

    /**
     * A function of k arguments with its gradient and Hessian.
     *
     * @param name the name graphs, traces and errors show
     * @param arity k &ge; 1
     * @param value x &rarr; f(x)
     * @param gradient x &rarr; the k partial derivatives
     * @param hessian x &rarr; the k x k second partial derivatives, row-major (entries below the
     *     diagonal are not read)
     * @return the rule
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if name is blank or arity &lt; 1
     */
    public static Rule of(String name, int arity, ToDoubleFunction<double[]> value,
                          Function<double[], double[]> gradient, Function<double[], double[]> hessian) {
        return of(name, arity, value, gradient, Objects.requireNonNull(hessian, "Rule.of: hessian must not be null"), 2);
    }

    /**
     * A function whose derivatives are constants: the given gradient at every point and a zero
     * Hessian. Its value may be computed more carefully than the gradient suggests (DualAD's own
     * {@code linearCombination} on the op tape is one: the products' sum, compensated with their
     * factors, which enter with gradient 0). Sparsity detection treats its nodes as linear, so it
     * adds no Hessian entry; every other mode applies it as any rule, except that its gradient
     * stays the given one where its value is NaN (other rules give NaN derivatives there), as a
     * built-in sum keeps its partials: d/dy (log(x) + 2y) is 2 at x = -1.
     *
     * @param name the name graphs, traces and errors show
     * @param value x &rarr; f(x), x of length k = gradient.length
     * @param gradient the k partial derivatives (copied)
     * @return the rule, of order 2
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if name is blank or gradient is empty
     */
    public static Rule linear(String name, ToDoubleFunction<double[]> value, double... gradient) {
        checkName(name, "linear");
        requireAll("linear", value, gradient);
        int k = gradient.length;
        if (k < 1) {
            throw new IllegalArgumentException("Rule.linear: gradient must have at least 1 entry, got 0");
        }
        double[] g = gradient.clone();
        return new Rule(name, k, 2, null, null, null, value, x -> g.clone(), x -> new double[k * k], true);
    }

    /** @return true for a rule made by {@link #linear}: constant gradient, zero Hessian */
    public boolean isLinear() {
        return linear;
    }

    private static Rule of(String name, int arity, ToDoubleFunction<double[]> value,
                           Function<double[], double[]> gradient, Function<double[], double[]> hessian, int order) {
        checkName(name, "of");
        if (arity < 1) {
            throw new IllegalArgumentException("Rule.of: arity must be at least 1, got " + arity);
        }
        requireAll("of", value, gradient);
        return new Rule(name, arity, order, null, null, null, value, gradient, hessian);
    }

    private static void checkName(String name, String method) {
        Objects.requireNonNull(name, () -> "Rule." + method + ": name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Rule." + method + ": name must not be blank");
        }
    }

    private static void requireAll(String method, Object... fs) {
        for (int i = 0; i < fs.length; i++) {
            if (fs[i] == null) {
                throw new NullPointerException("Rule." + method + ": function argument " + (i + 2) + " must not be null");
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    /** @return the name graphs, traces and error messages show */
    public String name() {
        return name;
    }

    /** @return k, the number of arguments */
    public int arity() {
        return arity;
    }

    /**
     * @return the highest order of derivatives supplied: 2 with a Hessian, 1 without (0 for a
     *     {@link #derivative} rule of a rule without a Hessian's derivative, i.e. values only)
     */
    public int order() {
        return order;
    }

    /**
     * f at x, on doubles.
     *
     * @param x the k arguments (not modified)
     * @return f(x)
     * @throws IllegalArgumentException if x does not have k entries
     */
    public double value(double... x) {
        return value.applyAsDouble(point(x, "value").clone());
    }

    /**
     * The gradient at x as the rule supplies it, NaN throughout where f(x) is NaN (except for a
     * {@link #linear} rule, whose gradient is constant).
     *
     * @param x the k arguments (not modified)
     * @return a new array of the k partial derivatives
     * @throws IllegalArgumentException if x does not have k entries
     * @throws UnsupportedOperationException if the rule supplies no derivatives ({@link #order()} 0)
     * @throws IllegalStateException if the rule's gradient has the wrong length
     */
    public double[] gradient(double... x) {
        double[] p = point(x, "gradient").clone();
        double[] g = checkedGradient(p);
        if (noDerivatives(value.applyAsDouble(p))) {
            java.util.Arrays.fill(g, Double.NaN);
        }
        return g;
    }

    /**
     * f at x and its gradient, each function evaluated once (where {@link #value} and
     * {@link #gradient} one after the other evaluate f twice): what a replay asks of a rule at
     * every new point.
     *
     * @param x the k arguments (not modified)
     * @param gradient receives the k partial derivatives, NaN throughout where f(x) is NaN (a
     *     {@link #linear} rule's constant ones everywhere)
     * @return f(x)
     * @throws IllegalArgumentException if x or gradient does not have k entries
     * @throws UnsupportedOperationException if the rule supplies no derivatives ({@link #order()} 0)
     * @throws IllegalStateException if the rule's gradient has the wrong length
     */
    public double valueAndGradient(double[] x, double[] gradient) {
        double[] p = point(x, "valueAndGradient");
        Objects.requireNonNull(gradient, () -> name + ".valueAndGradient: gradient must not be null");
        if (gradient.length != arity) {
            throw new IllegalArgumentException(name + ".valueAndGradient: gradient has length " + gradient.length
                    + " but the rule takes " + arity + (arity == 1 ? " argument" : " arguments"));
        }
        double f0 = value.applyAsDouble(p.clone());
        double[] g = checkedGradient(p.clone());
        if (noDerivatives(f0)) {
            java.util.Arrays.fill(gradient, Double.NaN);
        } else {
            System.arraycopy(g, 0, gradient, 0, arity);
        }
        return f0;
    }

    /**
     * The Hessian at x, k x k row-major, symmetric (the upper triangle as supplied, mirrored), NaN
     * throughout where f(x) is NaN.
     *
     * @param x the k arguments (not modified)
     * @return a new array of k*k second partial derivatives
     * @throws IllegalArgumentException if x does not have k entries
     * @throws UnsupportedOperationException if the rule supplies no second derivatives
     * @throws IllegalStateException if the rule's Hessian has the wrong length
     */
    public double[] hessian(double... x) {
        double[] p = point(x, "hessian").clone();
        double[] h = checkedHessian(p, "Rule.hessian");
        if (noDerivatives(value.applyAsDouble(p))) {
            java.util.Arrays.fill(h, Double.NaN);
        }
        return h;
    }

    /**
     * The rule of the partial derivative df/dx_i: its value is the i-th gradient entry, its
     * gradient the i-th Hessian row (order one less than this rule's). The number types that
     * carry derivatives as numbers of another type (FieldDual, the oracles) apply these.
     *
     * @param i the argument, 0 &le; i &lt; k
     * @return the rule of df/dx_i, named "logGamma'" (one argument) or "d f/dx2"
     * @throws IllegalArgumentException if i is out of range
     * @throws UnsupportedOperationException if this rule supplies no derivatives
     */
    public Rule derivative(int i) {
        if (i < 0 || i >= arity) {
            throw new IllegalArgumentException("Rule.derivative: i is " + i + " but " + name + " takes " + arity
                    + (arity == 1 ? " argument" : " arguments") + "; pass 0 <= i < " + arity);
        }
        if (order == 0) {
            throw noDerivative(name, "derivative");
        }
        String dn = arity == 1 ? name + "'" : "d" + name + "/dx" + (i + 1);
        ToDoubleFunction<double[]> v = x -> {
            double[] g = checkedGradient(x);
            return noDerivatives(value.applyAsDouble(x)) ? Double.NaN : g[i];
        };
        Function<double[], double[]> row = order < 2 ? null : x -> {
            double[] h = checkedHessian(x, name);
            double[] r = new double[arity];
            for (int j = 0; j < arity; j++) {
                r[j] = h[i * arity + j];
            }
            return r;
        };
        return new Rule(dn, arity, order - 1, null, null, null, v, row, null);
    }

    /** @return e.g. {@code Rule[logGamma, 1 argument, derivatives to order 2]} */
    @Override
    public String toString() {
        return "Rule[" + name + ", " + arity + (arity == 1 ? " argument" : " arguments") + ", derivatives to order "
                + order + "]";
    }

    // ---------------------------------------------------------------- application

    /**
     * rule(x) for a one-argument rule, in x's number type.
     *
     * @param x the argument
     * @param <T> the number type
     * @return rule(x)
     * @throws IllegalArgumentException if the rule takes another number of arguments, or T is a
     *     type no rule reaches (see the class comment)
     * @throws UnsupportedOperationException if T needs derivatives of a higher order than supplied
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T extends RealFieldElement<T>> T apply(T x) {
        Objects.requireNonNull(x, () -> name + ": x must not be null");
        if (arity != 1) {
            throw wrongCount(1);
        }
        if (x instanceof Differentiable) {
            return (T) applyUnary((Differentiable) x);
        }
        T[] args = (T[]) Array.newInstance(x.getClass(), 1);
        args[0] = x;
        return applyOther(args);
    }

    /**
     * rule(x, y) for a two-argument rule.
     *
     * @param x the first argument
     * @param y the second argument
     * @param <T> the number type
     * @return rule(x, y)
     * @throws IllegalArgumentException if the rule takes another number of arguments, or T is a
     *     type no rule reaches
     * @throws UnsupportedOperationException if T needs derivatives of a higher order than supplied
     */
    @SuppressWarnings("unchecked")
    public <T extends RealFieldElement<T>> T apply(T x, T y) {
        Objects.requireNonNull(x, () -> name + ": x must not be null");
        if (arity != 2) {
            throw wrongCount(2);
        }
        T[] args = (T[]) Array.newInstance(x.getClass(), 2);
        args[0] = x;
        args[1] = same(y, x, 1);
        return applyTyped(args);
    }

    /**
     * rule(args) for a k-argument rule.
     *
     * @param args the k arguments, all of one number type (not modified)
     * @param <T> the number type
     * @return rule(args)
     * @throws IllegalArgumentException if args does not hold k arguments of one type, or T is a
     *     type no rule reaches
     * @throws UnsupportedOperationException if T needs derivatives of a higher order than supplied
     */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public final <T extends RealFieldElement<T>> T apply(T... args) {
        Objects.requireNonNull(args, () -> name + ": args must not be null");
        if (args.length != arity) {
            throw wrongCount(args.length);
        }
        if (arity == 1) {
            return apply(args[0]);
        }
        T x = Objects.requireNonNull(args[0], () -> name + ": argument 1 must not be null");
        // a copy typed by the arguments' class: generic callers pass RealFieldElement[] arrays,
        // which a type's hook over its own array type could not take
        T[] typed = (T[]) Array.newInstance(x.getClass(), arity);
        typed[0] = x;
        for (int i = 1; i < arity; i++) {
            typed[i] = same(args[i], x, i);
        }
        return applyTyped(typed);
    }

    private <T> T same(T y, T x, int i) {
        Objects.requireNonNull(y, () -> name + ": argument " + (i + 1) + " must not be null");
        if (y.getClass() != x.getClass()) {
            throw new IllegalArgumentException(name + ": argument " + (i + 1) + " is a " + y.getClass().getSimpleName()
                    + " but argument 1 is a " + x.getClass().getSimpleName() + "; pass arguments of one number type");
        }
        return y;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T extends RealFieldElement<T>> T applyTyped(T[] args) {
        if (args[0] instanceof Differentiable) {
            return (T) applyMany((Differentiable[]) args);
        }
        return applyOther(args);
    }

    /** One argument of the rule table's types: f, f', f'' on doubles, then the type's hook. */
    private <D extends Differentiable<D>> D applyUnary(D x) {
        double a = x.value();
        boolean second = secondOrder(x);
        double f0;
        double f1;
        double f2 = Double.NaN;
        if (f != null) {
            f0 = f.applyAsDouble(a);
            f1 = df.applyAsDouble(a);
            if (second) {
                f2 = d2f.applyAsDouble(a);
            }
        } else {
            double[] p = {a};
            f0 = value.applyAsDouble(p);
            f1 = checkedGradient(p)[0];
            if (second) {
                f2 = checkedHessian(p, name)[0];
            }
        }
        if (noDerivatives(f0)) { // outside the domain: no derivative, as for the built-in functions
            f1 = Double.NaN;
            f2 = Double.NaN;
        }
        try {
            return x.compose(this, f0, f1, f2);
        } catch (RuntimeException e) {
            throw named(e);
        }
    }

    /** k arguments of the rule table's types. */
    private <D extends Differentiable<D>> D applyMany(D[] args) {
        int k = arity;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = args[i].value();
        }
        boolean second = secondOrder(args[0]);
        double f0 = value.applyAsDouble(p.clone());
        double[] g = checkedGradient(p.clone());
        double[] h = second ? checkedHessian(p.clone(), name) : null;
        if (noDerivatives(f0)) {
            java.util.Arrays.fill(g, Double.NaN);
            if (h != null) {
                java.util.Arrays.fill(h, Double.NaN);
            }
        }
        try {
            return args[0].compose(this, args, f0, g, h);
        } catch (RuntimeException e) {
            throw named(e);
        }
    }

    private boolean secondOrder(Differentiable<?> x) {
        if (order == 0) {
            throw noDerivative(name, x.getClass().getSimpleName());
        }
        if (x.derivativeOrder() < 2) {
            return false;
        }
        if (order < 2) {
            throw new UnsupportedOperationException(name + ": " + x.getClass().getSimpleName()
                    + " needs second derivatives (a Hessian, a Laplacian or a hyper-dual), but the rule supplies only"
                    + " first derivatives; build it with its second derivatives (Rule.unary(name, f, df, d2f),"
                    + " Rule.binary with fxx, fxy, fyy, or Rule.of with a Hessian)");
        }
        return true;
    }

    /**
     * Names the rule in the errors a type's hook throws (mixed tapes, stale variables); other
     * exception classes, and messages that already name it, pass unchanged.
     */
    private RuntimeException named(RuntimeException e) {
        String m = e.getMessage();
        if (m != null && m.contains(name)) {
            return e;
        }
        if (e.getClass() == IllegalArgumentException.class) {
            return new IllegalArgumentException(name + " (custom rule): " + m, e);
        }
        if (e.getClass() == IllegalStateException.class) {
            return new IllegalStateException(name + " (custom rule): " + m, e);
        }
        return e;
    }

    /** Types outside the rule table: a Target, a DerivativeStructure, a Decimal64. */
    @SuppressWarnings("unchecked")
    private <T extends RealFieldElement<T>> T applyOther(T[] args) {
        T x = args[0];
        if (x instanceof Target) {
            return ((Target<T>) x).applyRule(this, args);
        }
        if (x instanceof Decimal64) {
            double[] p = new double[arity];
            for (int i = 0; i < arity; i++) {
                p[i] = args[i].getReal();
            }
            return (T) new Decimal64(value.applyAsDouble(p));
        }
        if (x instanceof DerivativeStructure) {
            return (T) onStructure((DerivativeStructure) x);
        }
        throw new IllegalArgumentException(name + ": a custom rule cannot be applied to " + x.getClass().getName()
                + "; it applies to DualAD's number types, to Commons Math's DerivativeStructure (one-argument rules)"
                + " and Decimal64, and to types implementing Rule.Target");
    }

    private DerivativeStructure onStructure(DerivativeStructure x) {
        int o = x.getOrder();
        if (arity != 1 || o > order) {
            throw new IllegalArgumentException(name + ": DerivativeStructure of order " + o + " needs "
                    + (arity != 1 ? "a one-argument rule, but the rule takes " + arity + " arguments"
                    : "derivatives to order " + o + ", but the rule supplies them to order " + order));
        }
        double[] p = {x.getValue()};
        double[] fs = new double[o + 1];
        fs[0] = value.applyAsDouble(p.clone());
        if (o >= 1) {
            fs[1] = checkedGradient(p.clone())[0];
        }
        if (o >= 2) {
            fs[2] = checkedHessian(p.clone(), name)[0];
        }
        if (noDerivatives(fs[0])) {
            java.util.Arrays.fill(fs, 1, fs.length, Double.NaN);
        }
        return x.compose(fs);
    }

    // ---------------------------------------------------------------- checked evaluation

    /**
     * Whether a value means "no derivative here": NaN, outside the domain, as for the built-in
     * functions. Not for a linear rule: its derivatives are constants, kept where its value is NaN
     * as a built-in sum or constant multiple keeps its partials (the NaN travels through the
     * value, and through the derivatives of the arguments that carry it).
     */
    private boolean noDerivatives(double f0) {
        return Double.isNaN(f0) && !linear;
    }

    private double[] point(double[] x, String method) {
        Objects.requireNonNull(x, () -> name + "." + method + ": x must not be null");
        if (x.length != arity) {
            throw new IllegalArgumentException(name + "." + method + ": x has length " + x.length + " but the rule takes "
                    + arity + (arity == 1 ? " argument" : " arguments"));
        }
        return x;
    }

    private double[] checkedGradient(double[] x) {
        if (order == 0) {
            throw noDerivative(name, "gradient");
        }
        double[] g = gradient.apply(x);
        if (g == null || g.length != arity) {
            throw new IllegalStateException(name + ": the rule's gradient returned "
                    + (g == null ? "null" : g.length + (g.length == 1 ? " value" : " values")) + " at "
                    + java.util.Arrays.toString(x) + ", expected " + arity + " (one partial derivative per argument)");
        }
        return g.clone();
    }

    private double[] checkedHessian(double[] x, String who) {
        if (order < 2 || hessian == null) {
            throw new UnsupportedOperationException(who + ": " + name + " supplies no second derivatives");
        }
        double[] h = hessian.apply(x);
        int k = arity;
        if (h == null || h.length != k * k) {
            throw new IllegalStateException(name + ": the rule's Hessian returned "
                    + (h == null ? "null" : h.length + (h.length == 1 ? " value" : " values")) + " at "
                    + java.util.Arrays.toString(x) + ", expected " + k * k + " (k x k row-major, k = " + k + ")");
        }
        double[] s = h.clone();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                s[i * k + j] = s[j * k + i];
            }
        }
        return s;
    }

    private IllegalArgumentException wrongCount(int got) {
        return new IllegalArgumentException(name + ": called with " + got + (got == 1 ? " argument" : " arguments")
                + " but the rule takes " + arity);
    }

    private static UnsupportedOperationException noDerivative(String name, String who) {
        return new UnsupportedOperationException(name + ": " + who + " needs a derivative of " + name
                + ", past the order of derivatives its rule supplies (nested FieldDual or a Taylor order above the"
                + " rule's); supply second derivatives, or use fewer levels");
    }
}
