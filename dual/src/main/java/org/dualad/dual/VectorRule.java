package org.dualad.dual;

import java.util.Objects;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;

/**
 * A black-box block f: R<sup>n</sup> &rarr; R<sup>m</sup> given by its value and its derivative
 * products on {@code double} arrays, usable from generic user code in every first-order mode as if
 * it were one operation.
 *
 * <p>The user supplies
 * <ul>
 *   <li>{@code value(x)}: y = f(x), m values;</li>
 *   <li>{@code jvp(x, y, dx)}: the Jacobian-vector product J(x) dx, m values (forward mode);</li>
 *   <li>{@code vjp(x, y, ybar)}: the vector-Jacobian product ybar<sup>T</sup> J(x), n values
 *       (reverse mode);</li>
 *   <li>optionally, through {@link #withSecondOrder}, the second derivative along two directions
 *       D&sup2;f(x)[u, v], m values (second order: {@link HyperDual}).</li>
 * </ul>
 * and calls {@link #apply(RealFieldElement[])} from a function written once over
 * {@code RealFieldElement}:
 *
 * <pre>{@code
 * // (x0, x1) -> (x0 x1, x0 + x1)
 * static final VectorRule PRODUCT_AND_SUM = VectorRule.of("productAndSum", 2, 2,
 *         x -> new double[] {x[0] * x[1], x[0] + x[1]},
 *         (x, y, dx) -> new double[] {x[1] * dx[0] + x[0] * dx[1], dx[0] + dx[1]},
 *         (x, y, w) -> new double[] {w[0] * x[1] + w[1], w[0] * x[0] + w[1]});
 *
 * static <T extends RealFieldElement<T>> T f(T[] x) {
 *     T[] y = PRODUCT_AND_SUM.apply(x);
 *     return y[0].multiply(y[1]);
 * }
 * }</pre>
 *
 * <h2>What each number type does</h2>
 * <ul>
 *   <li>{@link Dual}: one {@code jvp} with the tangents of x. {@link MultiDual}: one {@code jvp}
 *       per direction in the union of the inputs' tangent windows.</li>
 *   <li>{@link HyperDual}: y = f(a), the e1 and e2 parts by {@code jvp}, the e1e2 part by
 *       J d + D&sup2;f[b, c]; without a second-order form it throws
 *       {@link UnsupportedOperationException} naming the rule.</li>
 *   <li>Types implementing {@link VectorComposable} (the reverse-mode variables of the
 *       {@code reverse} module) record the block as one node per output plus one side record; the
 *       backward sweep calls {@code vjp} once with the outputs' adjoints. A replayed
 *       {@code Recording} refuses a function that applies a vector rule (see there).</li>
 *   <li>Commons Math's {@code Decimal64}: values only.</li>
 *   <li>Every other type (the hybrid module's second-order types, {@link FieldDual},
 *       {@code DerivativeStructure}, the complex step): {@link UnsupportedOperationException} naming
 *       the rule and the type. (The matrix operations of {@link Matrices} fall back to field
 *       arithmetic for those instead.)</li>
 * </ul>
 * If every tangent (adjoint) reaching the block is exactly 0, the block's tangents (the adjoints it
 * passes on) are 0 without calling the user's code: the zero policy of {@link Chain}.
 *
 * <p>Immutable and thread-safe if the user's functions are (they must not keep state between
 * calls; they may be called from several threads at once). Arrays handed to the user's functions
 * must not be modified by them, and the arrays they return are owned by the caller.
 */
public final class VectorRule {
    /** The value of the block. */
    @FunctionalInterface
    public interface Value {
        /**
         * @param x the point, n values (do not modify)
         * @return f(x), m values
         */
        double[] apply(double[] x);
    }

    /** The Jacobian-vector product of the block. */
    @FunctionalInterface
    public interface Jvp {
        /**
         * @param x the point, n values (do not modify)
         * @param y f(x), m values (do not modify)
         * @param dx a direction, n values (do not modify)
         * @return J(x) dx, m values
         */
        double[] apply(double[] x, double[] y, double[] dx);
    }

    /** The vector-Jacobian product of the block. */
    @FunctionalInterface
    public interface Vjp {
        /**
         * @param x the point, n values (do not modify)
         * @param y f(x), m values (do not modify)
         * @param ybar the adjoints of the outputs, m values (do not modify)
         * @return ybar<sup>T</sup> J(x), n values
         */
        double[] apply(double[] x, double[] y, double[] ybar);
    }

    /** The second derivative of the block along two directions. */
    @FunctionalInterface
    public interface SecondOrder {
        /**
         * @param x the point, n values (do not modify)
         * @param y f(x), m values (do not modify)
         * @param u the first direction, n values (do not modify)
         * @param v the second direction, n values (do not modify)
         * @return D&sup2;f(x)[u, v] = &Sigma;<sub>i,k</sub> &part;&sup2;f/&part;x<sub>i</sub>&part;x<sub>k</sub> u<sub>i</sub> v<sub>k</sub>, m values
         */
        double[] apply(double[] x, double[] y, double[] u, double[] v);
    }

    /**
     * The block linearized at one point: its value there and its derivative products. The tapes
     * keep one per application and call {@link #vjp} in the backward sweep; the matrix operations
     * keep their factorization in it, so a sweep does not factor again.
     */
    public abstract static class Linearization {
        final VectorRule rule;

        Linearization(VectorRule rule) {
            this.rule = rule;
        }

        /** @return the rule this is a linearization of */
        public final VectorRule rule() {
            return rule;
        }

        /**
         * @param j an output index in [0, m)
         * @return output j of f at the point
         */
        public abstract double output(int j);

        /**
         * J(x) dx.
         *
         * @param dx a direction, n values (not modified)
         * @return m values, owned by the caller
         * @throws IllegalStateException if the user's jvp returns null or the wrong length
         */
        public final double[] jvp(double[] dx) {
            return rule.checked("jvp", computeJvp(dx), rule.m, "outputs");
        }

        /**
         * ybar<sup>T</sup> J(x).
         *
         * @param ybar the outputs' adjoints, m values (not modified)
         * @return n values, owned by the caller
         * @throws IllegalStateException if the user's vjp returns null or the wrong length
         */
        public final double[] vjp(double[] ybar) {
            return rule.checked("vjp", computeVjp(ybar), rule.n, "inputs");
        }

        /**
         * D&sup2;f(x)[u, v].
         *
         * @param u first direction, n values (not modified)
         * @param v second direction, n values (not modified)
         * @return m values, owned by the caller
         * @throws UnsupportedOperationException if the rule has no second-order form
         * @throws IllegalStateException if the user's function returns null or the wrong length
         */
        public final double[] secondOrder(double[] u, double[] v) {
            if (!rule.hasSecondOrder()) {
                throw rule.noSecondOrder("HyperDual");
            }
            return rule.checked("secondOrder", computeSecondOrder(u, v), rule.m, "outputs");
        }

        /**
         * @return an estimate of the bytes this linearization keeps alive (what a tape holding it
         *     costs beyond its nodes)
         */
        public abstract long bytes();

        abstract double[] computeJvp(double[] dx);

        abstract double[] computeVjp(double[] ybar);

        double[] computeSecondOrder(double[] u, double[] v) {
            throw rule.noSecondOrder("HyperDual");
        }
    }

    /** Makes the linearization at a point (package-private: user rules and matrix rules). */
    interface Kernel {
        Linearization linearize(VectorRule rule, double[] x);
    }

    private final String name;
    private final int n;
    private final int m;
    private final Kernel kernel;
    private final boolean secondOrder;

    VectorRule(String name, int n, int m, Kernel kernel, boolean secondOrder) {
        this.name = name;
        this.n = n;
        this.m = m;
        this.kernel = kernel;
        this.secondOrder = secondOrder;
    }

    /**
     * A rule from its value and its two first-order products.
     *
     * @param name the name shown in graphs, traces and errors (not empty)
     * @param n the number of inputs, at least 1
     * @param m the number of outputs, at least 1
     * @param value y = f(x)
     * @param jvp J(x) dx
     * @param vjp ybar<sup>T</sup> J(x)
     * @return the rule
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if name is empty or n or m is below 1
     */
    public static VectorRule of(String name, int n, int m, Value value, Jvp jvp, Vjp vjp) {
        check(name, n, m);
        Objects.requireNonNull(value, "VectorRule.of: value is null");
        Objects.requireNonNull(jvp, "VectorRule.of: jvp is null");
        Objects.requireNonNull(vjp, "VectorRule.of: vjp is null");
        return new VectorRule(name, n, m, new UserKernel(value, jvp, vjp, null), false);
    }

    /**
     * This rule with a second-order form, so that {@link HyperDual} can run it. (The kernels of
     * {@link Forward#hessian} and the hybrid module's types still refuse it: they carry more than
     * two directions per number.)
     *
     * @param second D&sup2;f(x)[u, v]
     * @return a new rule with the same name, value and first-order products
     * @throws NullPointerException if second is null
     * @throws UnsupportedOperationException on a rule of {@link Matrices}
     */
    public VectorRule withSecondOrder(SecondOrder second) {
        Objects.requireNonNull(second, "withSecondOrder: second is null");
        if (!(kernel instanceof UserKernel)) {
            throw new UnsupportedOperationException("withSecondOrder: the rule '" + name + "' is built in");
        }
        UserKernel k = (UserKernel) kernel;
        return new VectorRule(name, n, m, new UserKernel(k.value, k.jvp, k.vjp, second), true);
    }

    private static void check(String name, int n, int m) {
        Objects.requireNonNull(name, "VectorRule.of: name is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("VectorRule.of: name is empty; give the rule a name for graphs and errors");
        }
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("VectorRule.of: rule '" + name + "' has " + n + " inputs and " + m
                    + " outputs; both must be at least 1");
        }
    }

    /** @return the rule's name */
    public String name() {
        return name;
    }

    /** @return n, the number of inputs */
    public int inputs() {
        return n;
    }

    /** @return m, the number of outputs */
    public int outputs() {
        return m;
    }

    /** @return true if a second-order form was supplied ({@link #withSecondOrder}) */
    public boolean hasSecondOrder() {
        return secondOrder;
    }

    /**
     * Evaluates the block at x and keeps what its derivative products need (for the tapes).
     *
     * @param x the point, n values (copied)
     * @return the linearization
     * @throws IllegalArgumentException if x has the wrong length
     * @throws IllegalStateException if the user's value function returns null or the wrong length
     */
    public Linearization linearize(double[] x) {
        Objects.requireNonNull(x, "linearize: x is null");
        if (x.length != n) {
            throw new IllegalArgumentException("linearize: x has length " + x.length + " but the vector rule '" + name
                    + "' has " + n + " inputs");
        }
        return kernel.linearize(this, x.clone());
    }

    /** linearize without the copy and the check, for callers that made x themselves. */
    Linearization at(double[] x) {
        return kernel.linearize(this, x);
    }

    /**
     * Applies the block to x in the mode of T (see the class comment).
     *
     * @param <T> the number type
     * @param x the inputs, n numbers (not modified)
     * @return the m outputs
     * @throws NullPointerException if x or an element is null
     * @throws IllegalArgumentException if x does not have n elements
     * @throws UnsupportedOperationException if T cannot carry this rule's derivatives
     * @throws IllegalStateException if the user's code returns null or the wrong length
     */
    @SuppressWarnings("unchecked")
    public <T extends RealFieldElement<T>> T[] apply(T[] x) {
        if (x == null) {
            throw new NullPointerException("apply: x is null (vector rule '" + name + "' expects " + n + " inputs)");
        }
        if (x.length != n) {
            throw new IllegalArgumentException("apply: x has length " + x.length + " but the vector rule '" + name
                    + "' has " + n + " inputs");
        }
        for (int i = 0; i < n; i++) {
            if (x[i] == null) {
                throw new NullPointerException("apply: x[" + i + "] is null (vector rule '" + name + "')");
            }
        }
        T first = x[0];
        if (first instanceof Dual) {
            return (T[]) ForwardVector.dual(this, (Dual[]) (Object[]) x);
        }
        if (first instanceof MultiDual) {
            return (T[]) ForwardVector.multiDual(this, (MultiDual[]) (Object[]) x);
        }
        if (first instanceof HyperDual) {
            if (!secondOrder) {
                throw noSecondOrder("HyperDual");
            }
            return (T[]) ForwardVector.hyperDual(this, (HyperDual[]) (Object[]) x);
        }
        if (first instanceof VectorComposable) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                // the rules' read, not a user's (a tape counts getReal() as a possible branch)
                v[i] = x[i] instanceof Differentiable ? ((Differentiable<?>) x[i]).value() : x[i].getReal();
            }
            T[] y = MathArrays.buildArray(first.getField(), m);
            ((VectorComposable<T>) first).composeVector(at(v), x, y);
            return y;
        }
        if (first instanceof org.apache.commons.math3.util.Decimal64) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = x[i].getReal();
            }
            Linearization lin = at(v);
            T[] y = MathArrays.buildArray(first.getField(), m);
            for (int j = 0; j < m; j++) {
                y[j] = (T) new org.apache.commons.math3.util.Decimal64(lin.output(j));
            }
            return y;
        }
        throw new UnsupportedOperationException("apply: the vector rule '" + name + "' cannot run on "
                + first.getClass().getSimpleName() + ": its derivatives are given on doubles, and this number type"
                + " carries what they do not give (second order, or a non-double point); it runs on Dual, MultiDual,"
                + " HyperDual (with withSecondOrder), the reverse-mode variables and Decimal64");
    }

    UnsupportedOperationException noSecondOrder(String type) {
        return new UnsupportedOperationException("apply: the vector rule '" + name + "' has no second-order form, so "
                + type + " (second derivatives) cannot run it; supply one with withSecondOrder, or take second"
                + " derivatives by a first-order mode over the gradient");
    }

    double[] checked(String what, double[] r, int expected, String of) {
        if (r == null) {
            throw new IllegalStateException(what + " of the vector rule '" + name + "' returned null; expected "
                    + expected + " values (one per " + of.substring(0, of.length() - 1) + ")");
        }
        if (r.length != expected) {
            throw new IllegalStateException(what + " of the vector rule '" + name + "' returned " + r.length
                    + " values; expected length " + expected + " (the rule has " + expected + " " + of + ")");
        }
        return r;
    }

    /** @return e.g. {@code VectorRule[productAndSum: 2 -> 2]} */
    @Override
    public String toString() {
        return "VectorRule[" + name + ": " + n + " -> " + m + "]";
    }

    /** The user's functions, held for {@link #withSecondOrder}. */
    private static final class UserKernel implements Kernel {
        final Value value;
        final Jvp jvp;
        final Vjp vjp;
        final SecondOrder second;

        UserKernel(Value value, Jvp jvp, Vjp vjp, SecondOrder second) {
            this.value = value;
            this.jvp = jvp;
            this.vjp = vjp;
            this.second = second;
        }

        @Override
        public Linearization linearize(VectorRule rule, double[] x) {
            return new UserLinearization(rule, x, value, jvp, vjp, second);
        }
    }

    /** A user rule at a point: x and y, handed to the user's products. */
    private static final class UserLinearization extends Linearization {
        private final double[] x;
        private final double[] y;
        private final Jvp jvp;
        private final Vjp vjp;
        private final SecondOrder second;

        UserLinearization(VectorRule rule, double[] x, Value value, Jvp jvp, Vjp vjp, SecondOrder second) {
            super(rule);
            this.x = x;
            this.y = rule.checked("value", value.apply(x), rule.m, "outputs");
            this.jvp = jvp;
            this.vjp = vjp;
            this.second = second;
        }

        @Override
        public double output(int j) {
            return y[j];
        }

        @Override
        public long bytes() {
            return 8L * (x.length + y.length) + 64;
        }

        @Override
        double[] computeJvp(double[] dx) {
            return jvp.apply(x, y, dx);
        }

        @Override
        double[] computeVjp(double[] ybar) {
            return vjp.apply(x, y, ybar);
        }

        @Override
        double[] computeSecondOrder(double[] u, double[] v) {
            return second.apply(x, y, u, v);
        }
    }
}
