package org.dualad.dual;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.apache.commons.math3.analysis.solvers.BaseUnivariateSolver;
import org.apache.commons.math3.util.Decimal64;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.VectorFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Derivatives of implicitly defined functions: x*(p) with g(x*, p) = 0 (a root) or
 * x* = T(x*, p) (a fixed point), found by any solver on doubles, differentiated by the
 * implicit-function theorem without differentiating (or unrolling) the solver's iterations.
 *
 * <h2>How</h2>
 * Given p in any number type, {@link #root(VectorMap, Solver, RealFieldElement[]) root} solves
 * on doubles for x* at the value p<sub>0</sub> of p, computes J<sub>0</sub> = &part;g/&part;x at
 * (x*, p<sub>0</sub>) by forward mode, inverts it once (EJML's LU with partial pivoting by
 * magnitude), and then takes K <i>chord</i> steps in the number type of p, starting from the
 * constant x*:
 * <pre>
 *     x<sub>0</sub> = x*,   x<sub>k+1</sub> = x<sub>k</sub> - J<sub>0</sub><sup>-1</sup> g(x<sub>k</sub>, p).
 * </pre>
 * The first step has the derivative -J<sub>0</sub><sup>-1</sup> &part;g/&part;p, the
 * implicit-function theorem's (its adjoint is the theorem's vector-Jacobian product: &lambda; =
 * J<sub>0</sub><sup>-T</sup> w, then back through &part;g/&part;p). Each further step makes
 * one more derivative order exact: the error x<sub>k</sub>(p) - x*(p) contracts by a factor
 * O(|p - p<sub>0</sub>|) per step, so K steps give every derivative up to order K. Because the
 * steps are ordinary arithmetic on p's number type, the result works in every mode with no tape
 * machinery of its own: {@link Dual}, {@link MultiDual}, {@link HyperDual}, {@link Taylor},
 * {@link FieldDual}, reverse-mode variables, forward-over-reverse Hessians, forward Laplacians,
 * Commons Math's {@code DerivativeStructure}. The value part is x* improved by K chord steps.
 *
 * <h2>Order and cost</h2>
 * The <i>order</i> K is the number of chord steps: K steps make every derivative up to order K
 * exact at the solver's x* (their error is proportional to the solver's). By default K is
 * {@link #defaultOrder(RealFieldElement) one more than the order of p's number type} where this
 * package knows it (2 for Dual and MultiDual, 3 for HyperDual, k + 1 for a Taylor polynomial or a
 * DerivativeStructure of order k): the extra step evaluates the derivatives at the once-corrected
 * x*, which squares the solver's error in them. For any other type (reverse-mode variables,
 * forward-over-reverse and forward-Laplacian numbers) it is {@link #DEFAULT_ORDER} = 2, enough for
 * gradients and Hessians. Ask for order k + 1 explicitly for k-th derivatives through a type this
 * package does not know. Cost: the solver's own work on doubles, one forward-mode Jacobian of g in
 * x (ceil(n / 128) passes), one n x n LU factorization and inversion on doubles (O(n<sup>3</sup>)),
 * then K evaluations of g in p's number type plus K n<sup>2</sup> multiply-adds (on a reverse
 * tape: 2 K n<sup>2</sup> nodes beside K recordings of g).
 *
 * <h2>Checks</h2>
 * <ul>
 *   <li>Accuracy: the derivatives are exact at the x* the solver returned, so they are as
 *       accurate as x*. The first step's correction &delta; = J<sub>0</sub><sup>-1</sup>
 *       g(x*, p<sub>0</sub>) estimates the solver's error; if |&delta;|<sub>&infin;</sub> &gt;
 *       tolerance &middot; max(1, |x*|<sub>&infin;</sub>) the solver did not converge and an
 *       {@link IllegalStateException} gives the residual and &delta;. The default
 *       {@link #DEFAULT_TOLERANCE} accepts Commons Math solvers at their default accuracy; pass a
 *       solver with a tighter accuracy for more correct digits.</li>
 *   <li>Singularity: if J<sub>0</sub> (for a fixed point I - &part;T/&part;x) has a reciprocal
 *       condition number below {@link #MIN_RCOND}, x*(p) is not locally a differentiable
 *       function (or its derivative has no reliable digit): {@link ArithmeticException} naming
 *       the condition; never a wrong number.</li>
 *   <li>NaN or an infinity in p's value: no check throws and the result is NaN in every part
 *       (the vector forms still call the solver once, to learn n). In the double-array
 *       {@link #jvp}/{@link #vjp} a non-finite p or x* gives NaN entries.</li>
 *   <li>Replay: the result depends on p's value (the solver runs on it), so a reverse-mode
 *       {@code Recording} sees a value read and records again at every call.</li>
 * </ul>
 *
 * <pre>{@code
 * // x^3 + p x - 1 = 0: x(2) = 0.4533976515164037, dx/dp = -x / (3x^2 + p) = -0.1732...
 * static <T extends RealFieldElement<T>> T cubic(T x, T[] p) {
 *     return x.pow(3).add(p[0].multiply(x)).subtract(1);
 * }
 * static <T extends RealFieldElement<T>> T root(T[] p) {
 *     return Implicit.root(MyFns::cubic, new BrentSolver(1e-14), 100, 0, 1, p);
 * }
 * Forward.gradient(MyFns::root, 2.0);   // MultiDual, one chord step
 * Reverse.gradient(MyFns::root, 2.0);   // a tape: two chord steps recorded
 * Hybrid.hessian(MyFns::root, 2.0);     // second derivative, exact
 * }</pre>
 *
 * All methods are thread-safe: they keep no state between calls.
 */
public final class Implicit {
    /**
     * The number of chord steps for a number type whose derivative order this package does not
     * know (reverse-mode variables, forward-over-reverse and forward-Laplacian numbers): 2, so
     * that first and second derivatives (gradients, Hessians, Laplacians) are exact.
     */
    public static final int DEFAULT_ORDER = 2;

    /**
     * The default bound on the solver's estimated error relative to max(1, |x*|): 1e-5, which a
     * Commons Math solver at its default absolute accuracy 1e-6 meets and a solver that stopped
     * early does not.
     */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    /**
     * Below this reciprocal condition number of J<sub>0</sub> (1-norm, scaled for a fixed point
     * by 1 + |&part;T/&part;x|) the system counts as singular: the derivative's relative error
     * would be about 2.2e-16 / rcond, above 2e-3.
     */
    public static final double MIN_RCOND = 1e-13;

    /** The most chord steps accepted. */
    public static final int MAX_ORDER = 64;

    private Implicit() {
    }

    /**
     * A system g(x, p) (or a map T(x, p)) of n unknowns x and parameters p, written once
     * generically like every DualAD function; it must return n outputs.
     */
    @FunctionalInterface
    public interface VectorMap {
        /**
         * @param x the unknowns (not modified), n elements
         * @param p the parameters (not modified)
         * @param <T> the number type
         * @return n outputs, a new array
         */
        <T extends RealFieldElement<T>> T[] value(T[] x, T[] p);
    }

    /** A scalar equation g(x, p) (or a scalar map T(x, p)) of one unknown, written generically. */
    @FunctionalInterface
    public interface ScalarMap {
        /**
         * @param x the unknown
         * @param p the parameters (not modified)
         * @param <T> the number type
         * @return g(x, p)
         */
        <T extends RealFieldElement<T>> T value(T x, T[] p);
    }

    /** Any solver on doubles: p &rarr; x*(p). A lambda fits. */
    @FunctionalInterface
    public interface Solver {
        /**
         * @param p the parameters' values (a copy the solver may modify)
         * @return x*, n &ge; 1 elements
         */
        double[] solve(double[] p);
    }

    // ---------------------------------------------------------------- generic, vector

    /**
     * The root x*(p) of g(x, p) = 0 in p's number type, with {@link #defaultOrder} chord steps
     * and {@link #DEFAULT_TOLERANCE}.
     *
     * @param g the system, n equations in n unknowns
     * @param solver p<sub>0</sub> &rarr; x* on doubles
     * @param p the parameters, at least one (not modified)
     * @param <T> the number type
     * @return x*(p), n elements
     * @throws IllegalStateException if the solver's x* is not a root to the tolerance
     * @throws ArithmeticException if &part;g/&part;x is singular at x*
     */
    public static <T extends RealFieldElement<T>> T[] root(VectorMap g, Solver solver, T[] p) {
        return vector("root", false, g, solver, p, -1, DEFAULT_TOLERANCE);
    }

    /**
     * The root x*(p) of g(x, p) = 0 with a chosen order and tolerance.
     *
     * @param g the system, n equations in n unknowns
     * @param solver p<sub>0</sub> &rarr; x* on doubles
     * @param p the parameters, at least one (not modified)
     * @param order the number of chord steps K, 1 &le; K &le; {@link #MAX_ORDER}: derivatives up
     *     to order K are exact
     * @param tolerance the largest accepted solver error relative to max(1, |x*|), &gt; 0
     *     (+&infin; turns the check off)
     * @param <T> the number type
     * @return x*(p), n elements
     * @throws IllegalStateException if the solver's x* is not a root to the tolerance
     * @throws ArithmeticException if &part;g/&part;x is singular at x*
     */
    public static <T extends RealFieldElement<T>> T[] root(VectorMap g, Solver solver, T[] p,
                                                           int order, double tolerance) {
        return vector("root", false, g, solver, p, checkOrder(order, "root"), checkTolerance(tolerance, "root"));
    }

    /**
     * The fixed point x*(p) = T(x*(p), p) in p's number type (the root of x - T(x, p)), with
     * {@link #defaultOrder} chord steps and {@link #DEFAULT_TOLERANCE}.
     *
     * @param t the map, n outputs of n unknowns
     * @param solver p<sub>0</sub> &rarr; x* on doubles (plain iteration, Anderson, anything)
     * @param p the parameters, at least one (not modified)
     * @param <T> the number type
     * @return x*(p), n elements
     * @throws IllegalStateException if the solver's x* is not a fixed point to the tolerance
     * @throws ArithmeticException if I - &part;T/&part;x is singular at x*
     */
    public static <T extends RealFieldElement<T>> T[] fixedPoint(VectorMap t, Solver solver, T[] p) {
        return vector("fixedPoint", true, t, solver, p, -1, DEFAULT_TOLERANCE);
    }

    /**
     * The fixed point x*(p) = T(x*(p), p) with a chosen order and tolerance.
     *
     * @param t the map, n outputs of n unknowns
     * @param solver p<sub>0</sub> &rarr; x* on doubles
     * @param p the parameters, at least one (not modified)
     * @param order the number of chord steps K, 1 &le; K &le; {@link #MAX_ORDER}
     * @param tolerance the largest accepted solver error relative to max(1, |x*|), &gt; 0
     * @param <T> the number type
     * @return x*(p), n elements
     * @throws IllegalStateException if the solver's x* is not a fixed point to the tolerance
     * @throws ArithmeticException if I - &part;T/&part;x is singular at x*
     */
    public static <T extends RealFieldElement<T>> T[] fixedPoint(VectorMap t, Solver solver, T[] p,
                                                                 int order, double tolerance) {
        return vector("fixedPoint", true, t, solver, p, checkOrder(order, "fixedPoint"),
                checkTolerance(tolerance, "fixedPoint"));
    }

    // ---------------------------------------------------------------- generic, scalar

    /**
     * The root x*(p) of a scalar equation g(x, p) = 0 found by a Commons Math univariate solver
     * in [min, max] ({@code BrentSolver}, {@code BisectionSolver}, {@code NewtonRaphsonSolver},
     * ...: the solver gets g at p<sub>0</sub>, with its derivative for a differentiable solver),
     * with {@link #defaultOrder} chord steps and {@link #DEFAULT_TOLERANCE}.
     *
     * @param g the equation
     * @param solver the solver
     * @param maxEval the solver's evaluation budget
     * @param min the lower end of the search interval (a bracketing solver needs a sign change)
     * @param max the upper end (a Newton solver starts at the midpoint)
     * @param p the parameters, at least one (not modified)
     * @param <T> the number type
     * @return x*(p)
     * @throws IllegalStateException if the solver's x* is not a root to the tolerance
     * @throws ArithmeticException if &part;g/&part;x = 0 at x*
     */
    public static <T extends RealFieldElement<T>> T root(
            ScalarMap g, BaseUnivariateSolver<? super UnivariateDifferentiableFunction> solver,
            int maxEval, double min, double max, T[] p) {
        return scalar("root", false, g, solver, maxEval, min, max, p, -1, DEFAULT_TOLERANCE);
    }

    /**
     * The root of a scalar equation with a chosen order and tolerance.
     *
     * @param g the equation
     * @param solver the solver
     * @param maxEval the solver's evaluation budget
     * @param min the lower end of the search interval
     * @param max the upper end
     * @param p the parameters, at least one (not modified)
     * @param order the number of chord steps K, 1 &le; K &le; {@link #MAX_ORDER}
     * @param tolerance the largest accepted solver error relative to max(1, |x*|), &gt; 0
     * @param <T> the number type
     * @return x*(p)
     * @throws IllegalStateException if the solver's x* is not a root to the tolerance
     * @throws ArithmeticException if &part;g/&part;x = 0 at x*
     */
    public static <T extends RealFieldElement<T>> T root(
            ScalarMap g, BaseUnivariateSolver<? super UnivariateDifferentiableFunction> solver,
            int maxEval, double min, double max, T[] p, int order, double tolerance) {
        return scalar("root", false, g, solver, maxEval, min, max, p, checkOrder(order, "root"),
                checkTolerance(tolerance, "root"));
    }

    /**
     * The fixed point x*(p) = T(x*(p), p) of a scalar map, found by a Commons Math univariate
     * solver as the root of x - T(x, p) in [min, max], with {@link #defaultOrder} chord steps and
     * {@link #DEFAULT_TOLERANCE}.
     *
     * @param t the map
     * @param solver the solver
     * @param maxEval the solver's evaluation budget
     * @param min the lower end of the search interval
     * @param max the upper end
     * @param p the parameters, at least one (not modified)
     * @param <T> the number type
     * @return x*(p)
     * @throws IllegalStateException if the solver's x* is not a fixed point to the tolerance
     * @throws ArithmeticException if 1 - &part;T/&part;x is zero (to rounding) at x*
     */
    public static <T extends RealFieldElement<T>> T fixedPoint(
            ScalarMap t, BaseUnivariateSolver<? super UnivariateDifferentiableFunction> solver,
            int maxEval, double min, double max, T[] p) {
        return scalar("fixedPoint", true, t, solver, maxEval, min, max, p, -1, DEFAULT_TOLERANCE);
    }

    /**
     * The fixed point of a scalar map with a chosen order and tolerance.
     *
     * @param t the map
     * @param solver the solver
     * @param maxEval the solver's evaluation budget
     * @param min the lower end of the search interval
     * @param max the upper end
     * @param p the parameters, at least one (not modified)
     * @param order the number of chord steps K, 1 &le; K &le; {@link #MAX_ORDER}
     * @param tolerance the largest accepted solver error relative to max(1, |x*|), &gt; 0
     * @param <T> the number type
     * @return x*(p)
     * @throws IllegalStateException if the solver's x* is not a fixed point to the tolerance
     * @throws ArithmeticException if 1 - &part;T/&part;x is zero (to rounding) at x*
     */
    public static <T extends RealFieldElement<T>> T fixedPoint(
            ScalarMap t, BaseUnivariateSolver<? super UnivariateDifferentiableFunction> solver,
            int maxEval, double min, double max, T[] p, int order, double tolerance) {
        return scalar("fixedPoint", true, t, solver, maxEval, min, max, p, checkOrder(order, "fixedPoint"),
                checkTolerance(tolerance, "fixedPoint"));
    }

    /**
     * The default number of chord steps for p's number type: one more than the type's derivative
     * order where this package knows it ({@link Dual}, {@link MultiDual}: order 1, so 2 steps;
     * {@link HyperDual}, {@link HyperLanes}, {@link HyperRow}: 3; a {@link Taylor} polynomial or a
     * {@code DerivativeStructure} of order k: k + 1; a {@link FieldDual}: its inner type's order
     * plus one, plus one), else {@link #DEFAULT_ORDER}. The step beyond the type's order is a
     * refinement: order k steps make the derivatives up to order k exact at the solver's x*
     * (error proportional to the solver's error), one more step evaluates them at the once-corrected
     * x*, which squares that error.
     *
     * @param sample a number of the type
     * @return K, at most {@link #MAX_ORDER}
     */
    public static int defaultOrder(RealFieldElement<?> sample) {
        int k = typeOrder(sample);
        return k < 0 ? DEFAULT_ORDER : Math.min(MAX_ORDER, k + 1);
    }

    /** The derivative order a number type carries, 0 for plain values, -1 if not known here. */
    private static int typeOrder(Object sample) {
        if (sample instanceof Dual || sample instanceof MultiDual) {
            return 1;
        }
        if (sample instanceof HyperDual || sample instanceof HyperLanes || sample instanceof HyperRow) {
            return 2;
        }
        if (sample instanceof Taylor) {
            return ((Taylor) sample).order();
        }
        if (sample instanceof DerivativeStructure) {
            return ((DerivativeStructure) sample).getOrder();
        }
        if (sample instanceof Decimal64 || sample instanceof Double || sample.getClass().getName().endsWith(".Dfp")) {
            return 0;
        }
        if (sample instanceof FieldDual) {
            int inner = typeOrder(((FieldDual<?>) sample).value());
            return inner < 0 ? -1 : inner + 1;
        }
        return -1;
    }

    // ---------------------------------------------------------------- doubles

    /**
     * The Jacobian-vector product (dx*(p) / dp) dp of the root of g(x, p) = 0 at a root x* the
     * caller found: dx = -J<sub>x</sub><sup>-1</sup> (J<sub>p</sub> dp), with J<sub>x</sub> by
     * {@link Forward#jacobian} and J<sub>p</sub> dp by one {@link Forward#jvp} pass.
     *
     * @param g the system, n equations in n unknowns
     * @param xStar the root at p (not modified)
     * @param p the parameters (not modified)
     * @param dp the direction in p, same length as p (not modified)
     * @return the n entries of dx
     * @throws IllegalStateException if xStar is not a root to {@link #DEFAULT_TOLERANCE}
     * @throws ArithmeticException if &part;g/&part;x is singular at xStar
     */
    public static double[] jvp(VectorMap g, double[] xStar, double[] p, double[] dp) {
        return jvp("jvp", false, g, xStar, p, dp);
    }

    /**
     * The vector-Jacobian product w<sup>T</sup> (dx*(p) / dp) of the root of g(x, p) = 0 at a root x*
     * the caller found: &lambda; = J<sub>x</sub><sup>-T</sup> w, then -J<sub>p</sub><sup>T</sup>
     * &lambda;, with both Jacobians by {@link Forward#jacobian} (ceil(m / 128) passes for m
     * parameters).
     *
     * @param g the system, n equations in n unknowns
     * @param xStar the root at p (not modified)
     * @param p the parameters (not modified)
     * @param w the weights of the n unknowns (not modified)
     * @return one entry per parameter
     * @throws IllegalStateException if xStar is not a root to {@link #DEFAULT_TOLERANCE}
     * @throws ArithmeticException if &part;g/&part;x is singular at xStar
     */
    public static double[] vjp(VectorMap g, double[] xStar, double[] p, double[] w) {
        return vjp("vjp", false, g, xStar, p, w);
    }

    /**
     * {@link #jvp} for a fixed point x* = T(x*, p): dx = (I - T<sub>x</sub>)<sup>-1</sup>
     * T<sub>p</sub> dp.
     *
     * @param t the map
     * @param xStar the fixed point at p (not modified)
     * @param p the parameters (not modified)
     * @param dp the direction in p (not modified)
     * @return the n entries of dx
     * @throws IllegalStateException if xStar is not a fixed point to {@link #DEFAULT_TOLERANCE}
     * @throws ArithmeticException if I - &part;T/&part;x is singular at xStar
     */
    public static double[] fixedPointJvp(VectorMap t, double[] xStar, double[] p, double[] dp) {
        return jvp("fixedPointJvp", true, t, xStar, p, dp);
    }

    /**
     * {@link #vjp} for a fixed point x* = T(x*, p): &lambda; = (I - T<sub>x</sub>)<sup>-T</sup>
     * w, then T<sub>p</sub><sup>T</sup> &lambda;.
     *
     * @param t the map
     * @param xStar the fixed point at p (not modified)
     * @param p the parameters (not modified)
     * @param w the weights of the n unknowns (not modified)
     * @return one entry per parameter
     * @throws IllegalStateException if xStar is not a fixed point to {@link #DEFAULT_TOLERANCE}
     * @throws ArithmeticException if I - &part;T/&part;x is singular at xStar
     */
    public static double[] fixedPointVjp(VectorMap t, double[] xStar, double[] p, double[] w) {
        return vjp("fixedPointVjp", true, t, xStar, p, w);
    }

    private static double[] jvp(String method, boolean fixed, VectorMap g, double[] xStar, double[] p, double[] dp) {
        Objects.requireNonNull(g, () -> method + ": g must not be null");
        checkPoint(xStar, "xStar", method);
        checkPoint(p, "p", method);
        checkLength(dp, "dp", p.length, "p", method);
        int n = xStar.length;
        double[][] inv = allFinite(p) && allFinite(xStar) ? inverse(method, fixed, g, xStar, p) : null;
        if (inv == null) {
            return nans(n);
        }
        checkConverged(method, fixed, inv, residual(fixed, g, xStar, p), xStar, DEFAULT_TOLERANCE);
        double[] gp = Forward.jvp(inParameters(g, xStar), p, dp);
        double[] dx = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += inv[i][j] * gp[j];
            }
            // g = x - T: dg/dp = -T_p, which cancels the theorem's minus sign
            dx[i] = fixed ? s : -s;
        }
        return dx;
    }

    private static double[] vjp(String method, boolean fixed, VectorMap g, double[] xStar, double[] p, double[] w) {
        Objects.requireNonNull(g, () -> method + ": g must not be null");
        checkPoint(xStar, "xStar", method);
        checkPoint(p, "p", method);
        checkLength(w, "w", xStar.length, "xStar", method);
        int n = xStar.length;
        int m = p.length;
        double[][] inv = allFinite(p) && allFinite(xStar) ? inverse(method, fixed, g, xStar, p) : null;
        if (inv == null) {
            return nans(m);
        }
        checkConverged(method, fixed, inv, residual(fixed, g, xStar, p), xStar, DEFAULT_TOLERANCE);
        double[] lambda = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += inv[i][j] * w[i];
            }
            lambda[j] = s;
        }
        DMatrixRMaj jp = Forward.jacobian(inParameters(g, xStar), p);
        double[] out = new double[m];
        for (int i = 0; i < n; i++) {
            double l = fixed ? lambda[i] : -lambda[i];
            int row = i * m;
            for (int k = 0; k < m; k++) {
                out[k] += l * jp.data[row + k];
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the kernel

    private static <T extends RealFieldElement<T>> T[] vector(String method, boolean fixed, VectorMap g,
                                                              Solver solver, T[] p, int order, double tolerance) {
        Objects.requireNonNull(g, () -> method + ": " + (fixed ? "t" : "g") + " must not be null");
        Objects.requireNonNull(solver, () -> method + ": solver must not be null");
        double[] p0 = values(p, method);
        double[] xs = solver.solve(p0.clone());
        if (xs == null || xs.length == 0) {
            throw new IllegalArgumentException(method + ": the solver returned "
                    + (xs == null ? "null" : "an empty array") + "; it must return x*, at least one unknown");
        }
        int n = xs.length;
        xs = xs.clone();
        if (!allFinite(p0)) {
            return nanResult(p, n);
        }
        if (!allFinite(xs)) {
            throw new IllegalStateException(method + ": the solver did not converge: it returned x* = "
                    + Arrays.toString(xs) + " at the finite p = " + Arrays.toString(p0));
        }
        double[][] inv = inverse(method, fixed, g, xs, p0);
        int k = order < 0 ? defaultOrder(p[0]) : order;
        T zero = p[0].getField().getZero();
        T[] x = MathArrays.buildArray(p[0].getField(), n);
        for (int i = 0; i < n; i++) {
            x[i] = zero.add(xs[i]);
        }
        for (int step = 0; step < k; step++) {
            T[] r = residual(method, fixed, g, x, p, n);
            if (step == 0 && inv != null) {
                double[] r0 = new double[n];
                for (int i = 0; i < n; i++) {
                    r0[i] = r[i].getReal();
                }
                checkConverged(method, fixed, inv, r0, xs, tolerance);
            }
            T[] next = MathArrays.buildArray(p[0].getField(), n);
            for (int i = 0; i < n; i++) {
                next[i] = x[i].subtract(inv == null ? r[0].multiply(Double.NaN) : r[0].linearCombination(inv[i], r));
            }
            x = next;
        }
        return x;
    }

    private static <T extends RealFieldElement<T>> T scalar(
            String method, boolean fixed, ScalarMap g, BaseUnivariateSolver<? super UnivariateDifferentiableFunction> solver,
            int maxEval, double min, double max, T[] p, int order, double tolerance) {
        Objects.requireNonNull(g, () -> method + ": " + (fixed ? "t" : "g") + " must not be null");
        Objects.requireNonNull(solver, () -> method + ": solver must not be null");
        double[] p0 = values(p, method);
        if (!allFinite(p0)) {
            return nanResult(p, 1)[0];
        }
        double xs = solver.solve(maxEval, new AtParameters(g, fixed, p0), min, max);
        if (!Double.isFinite(xs)) {
            throw new IllegalStateException(method + ": the solver did not converge: it returned x* = " + xs
                    + " at the finite p = " + Arrays.toString(p0));
        }
        Dual d = g.value(Dual.variable(xs), constants(Dual.FIELD.getZero(), p0));
        if (d == null) {
            throw new IllegalArgumentException(method + ": " + (fixed ? "t" : "g") + " returned null");
        }
        double j0 = fixed ? 1 - d.tangent() : d.tangent();
        double scale = fixed ? 1 + Math.abs(d.tangent()) : Math.abs(j0);
        double inv = 1 / j0;
        boolean finite = Double.isFinite(j0);
        if (finite && !(Math.abs(j0) / scale >= MIN_RCOND && Double.isFinite(inv))) {
            throw singular(method, fixed, new double[] {xs}, p0, j0 == 0 ? 0 : Math.abs(j0) / scale);
        }
        int k = order < 0 ? defaultOrder(p[0]) : order;
        T x = p[0].getField().getZero().add(xs);
        for (int step = 0; step < k; step++) {
            T gx = g.value(x, p);
            if (gx == null) {
                throw new IllegalArgumentException(method + ": " + (fixed ? "t" : "g") + " returned null");
            }
            T r = fixed ? x.subtract(gx) : gx;
            if (step == 0 && finite) {
                checkConverged(method, fixed, new double[][] {{inv}}, new double[] {r.getReal()},
                        new double[] {xs}, tolerance);
            }
            x = x.subtract(finite ? r.divide(j0) : r.multiply(Double.NaN));
        }
        return x;
    }

    /** g(x, p), or x - T(x, p) for a fixed point, checked for shape. */
    private static <T extends RealFieldElement<T>> T[] residual(String method, boolean fixed, VectorMap g,
                                                                T[] x, T[] p, int n) {
        T[] y = g.value(x, p);
        String name = fixed ? "t" : "g";
        if (y == null || y.length != n) {
            throw new IllegalArgumentException(method + ": " + name + " returned "
                    + (y == null ? "null" : y.length + " outputs") + " for " + n
                    + " unknowns; it must return one output per unknown (a square system)");
        }
        for (int i = 0; i < n; i++) {
            if (y[i] == null) {
                throw new IllegalArgumentException(method + ": " + name + " returned null at output " + i);
            }
        }
        if (!fixed) {
            return y;
        }
        T[] r = MathArrays.buildArray(x[0].getField(), n);
        for (int i = 0; i < n; i++) {
            r[i] = x[i].subtract(y[i]);
        }
        return r;
    }

    /** The residual at (x*, p) on doubles. */
    private static double[] residual(boolean fixed, VectorMap g, double[] xs, double[] p) {
        Decimal64[] x = new Decimal64[xs.length];
        for (int i = 0; i < xs.length; i++) {
            x[i] = new Decimal64(xs[i]);
        }
        Decimal64[] y = g.value(x, constants(Decimal64.ZERO, p));
        double[] r = new double[xs.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = fixed ? xs[i] - y[i].getReal() : y[i].getReal();
        }
        return r;
    }

    /**
     * The inverse of J<sub>0</sub> = &part;g/&part;x (I - &part;T/&part;x) at (x*, p), or null if it
     * has a non-finite entry (the derivative is then NaN).
     */
    private static double[][] inverse(String method, boolean fixed, VectorMap g, double[] xs, double[] p) {
        int n = xs.length;
        DMatrixRMaj jac = Forward.jacobian(inUnknowns(g, p, method, fixed), xs);
        if (jac.numRows != n) {
            throw new IllegalArgumentException(method + ": " + (fixed ? "t" : "g") + " returned " + jac.numRows
                    + " outputs for " + n + " unknowns; it must return one output per unknown (a square system)");
        }
        DMatrixRMaj a = fixed ? new DMatrixRMaj(n, n) : jac;
        double[] columnSums = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = jac.data[i * n + j];
                if (!Double.isFinite(v) || !Double.isFinite(xs[j])) {
                    return null;
                }
                if (fixed) {
                    a.data[i * n + j] = (i == j ? 1 : 0) - v;
                }
                columnSums[j] += Math.abs(v);
            }
        }
        // a fixed point's I - T_x is computed from T_x, so its rounding is relative to 1 + |T_x|;
        // a root's J relative to |J| (for a root the column sums are those of J itself)
        double scale = fixed ? 1 + max(columnSums) : max(columnSums);
        LinearSolverDense<DMatrixRMaj> lu = LinearSolverFactory_DDRM.lu(n);
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        if (!lu.setA(lu.modifiesA() ? a.copy() : a)) {
            throw singular(method, fixed, xs, p, 0);
        }
        lu.invert(inv);
        double[][] rows = new double[n][n];
        double[] invColumnSums = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = inv.data[i * n + j];
                rows[i][j] = v;
                invColumnSums[j] += Math.abs(v);
            }
        }
        // the 1-norm condition number from the explicit inverse; an exactly singular J gives an
        // infinite or NaN inverse, so rcond 0 or NaN, and fails the same test
        double rcond = 1 / (max(invColumnSums) * scale);
        if (!(rcond >= MIN_RCOND)) {
            throw singular(method, fixed, xs, p, Double.isNaN(rcond) ? 0 : rcond);
        }
        return rows;
    }

    /** The largest entry; NaN if any is NaN. */
    private static double max(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    private static ArithmeticException singular(String method, boolean fixed, double[] xs, double[] p, double rcond) {
        String what = fixed ? "I - dT/dx" : "dg/dx";
        return new ArithmeticException(method + ": " + what + " is singular at x* = " + Arrays.toString(xs)
                + ", p = " + Arrays.toString(p) + " (reciprocal condition number " + rcond + " < " + MIN_RCOND
                + "), so x*(p) is not locally a differentiable function of p there"
                + (fixed ? " (a fixed point where dT/dx has the eigenvalue 1)" : " (a multiple or non-isolated root)"));
    }

    /** &delta; = J<sub>0</sub><sup>-1</sup> r<sub>0</sub>, the solver's error to first order, against the tolerance. */
    private static void checkConverged(String method, boolean fixed, double[][] inv, double[] r0, double[] xs,
                                       double tolerance) {
        int n = xs.length;
        double delta = 0;
        double size = 1;
        double res = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += inv[i][j] * r0[j];
            }
            delta = Math.max(delta, Math.abs(s));
            if (Double.isNaN(s)) {
                delta = Double.NaN;
                break;
            }
            size = Math.max(size, Math.abs(xs[i]));
            res = Math.max(res, Math.abs(r0[i]));
        }
        if (!(delta <= tolerance * size)) {
            String what = fixed ? "|x* - T(x*, p)|" : "|g(x*, p)|";
            throw new IllegalStateException(method + ": the solver did not converge: its x* = " + Arrays.toString(xs)
                    + " has the residual " + what + " = " + res + ", an estimated error of " + delta
                    + " in x* (one Newton step), above the tolerance " + tolerance + " * max(1, |x*|) = "
                    + tolerance * size + "; tighten the solver's accuracy or raise its evaluation budget");
        }
    }

    /** x &rarr; g(x, p) with p constants of x's type. */
    private static VectorFunction inUnknowns(VectorMap g, double[] p, String method, boolean fixed) {
        return new VectorFunction() {
            @Override
            public <U extends RealFieldElement<U>> U[] value(U[] x) {
                U[] y = g.value(x, constants(x[0].getField().getZero(), p));
                if (y == null) {
                    throw new IllegalArgumentException(method + ": " + (fixed ? "t" : "g") + " returned null");
                }
                for (int i = 0; i < y.length; i++) {
                    if (y[i] == null) {
                        throw new IllegalArgumentException(method + ": " + (fixed ? "t" : "g")
                                + " returned null at output " + i);
                    }
                }
                return y;
            }
        };
    }

    /** p &rarr; g(x*, p) (for a fixed point T(x*, p): the callers apply the sign) with x* constants. */
    private static VectorFunction inParameters(VectorMap g, double[] xs) {
        return new VectorFunction() {
            @Override
            public <U extends RealFieldElement<U>> U[] value(U[] q) {
                return g.value(constants(q[0].getField().getZero(), xs), q);
            }
        };
    }

    /** g at fixed p on doubles, for Commons Math's solvers: plain values, or with a derivative. */
    private static final class AtParameters implements UnivariateDifferentiableFunction {
        private final ScalarMap g;
        private final boolean fixed;
        private final double[] p;

        AtParameters(ScalarMap g, boolean fixed, double[] p) {
            this.g = g;
            this.fixed = fixed;
            this.p = p;
        }

        @Override
        public double value(double x) {
            double y = g.value(new Decimal64(x), constants(Decimal64.ZERO, p)).getReal();
            return fixed ? x - y : y;
        }

        @Override
        public DerivativeStructure value(DerivativeStructure x) {
            DerivativeStructure y = g.value(x, constants(x.getField().getZero(), p));
            return fixed ? x.subtract(y) : y;
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static <U extends RealFieldElement<U>> U[] constants(U zero, double[] v) {
        U[] c = MathArrays.buildArray(zero.getField(), v.length);
        for (int i = 0; i < v.length; i++) {
            c[i] = zero.add(v[i]);
        }
        return c;
    }

    private static <T extends RealFieldElement<T>> double[] values(T[] p, String method) {
        Objects.requireNonNull(p, () -> method + ": p must not be null");
        if (p.length == 0) {
            throw new IllegalArgumentException(method + ": p must have at least one element, got an empty array;"
                    + " with no parameters there is nothing to differentiate: call the solver directly");
        }
        double[] v = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            if (p[i] == null) {
                throw new IllegalArgumentException(method + ": p[" + i + "] is null");
            }
            v[i] = p[i].getReal();
        }
        return v;
    }

    /**
     * x<sub>i</sub> = exp(&Sigma; NaN p<sub>j</sub>): NaN in the value and in every derivative, of
     * every order, that p carries. The sum alone is linear in p, so its second and higher
     * derivatives would be exact zeros under the zero policy; exp makes each order a product of
     * NaNs. A direction p does not carry stays exactly 0.
     */
    private static <T extends RealFieldElement<T>> T[] nanResult(T[] p, int n) {
        double[] nan = new double[p.length];
        Arrays.fill(nan, Double.NaN);
        T[] x = MathArrays.buildArray(p[0].getField(), n);
        for (int i = 0; i < n; i++) {
            x[i] = p[0].linearCombination(nan, p).exp();
        }
        return x;
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    private static void checkPoint(double[] v, String name, String method) {
        Objects.requireNonNull(v, () -> method + ": " + name + " must not be null");
        if (v.length == 0) {
            throw new IllegalArgumentException(method + ": " + name + " must have at least one element, got an empty array");
        }
    }

    private static void checkLength(double[] v, String name, int n, String of, String method) {
        Objects.requireNonNull(v, () -> method + ": " + name + " must not be null");
        if (v.length != n) {
            throw new IllegalArgumentException(method + ": " + name + " has length " + v.length + " but " + of
                    + " has length " + n + "; pass one entry per element of " + of);
        }
    }

    private static int checkOrder(int order, String method) {
        if (order < 1 || order > MAX_ORDER) {
            throw new IllegalArgumentException(method + ": order must be between 1 and " + MAX_ORDER
                    + " (the number of chord steps: derivatives up to that order are exact), got " + order);
        }
        return order;
    }

    private static double checkTolerance(double tolerance, String method) {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException(method + ": tolerance must be positive (+Infinity turns the"
                    + " convergence check off), got " + tolerance);
        }
        return tolerance;
    }
}
