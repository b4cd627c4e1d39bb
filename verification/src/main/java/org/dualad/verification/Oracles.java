package org.dualad.verification;

import org.apache.commons.math3.analysis.UnivariateVectorFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableVectorFunction;
import org.apache.commons.math3.util.Decimal64;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.FieldDual;
import org.dualad.internal.Arguments;
import org.ejml.data.DMatrixRMaj;

/**
 * Reference derivatives computed without any DualAD mode: complex step (exact to rounding for
 * real-analytic functions), the high-precision oracle ({@link HighPrecision}: the exact derivatives
 * to about 40 digits, rounded once), Commons Math's {@link DerivativeStructure} (exact to rounding,
 * its own rules) and finite differences (approximate, with an error estimate).
 *
 * <pre>{@code
 * Oracles.complexStepGradient(MyFns::rosenbrock, 1.0, 2.0);        // [-400.0, 200.0]
 * Oracles.highPrecisionGradient(MyFns::rosenbrock, 1.0, 2.0);      // [-400.0, 200.0], rounded from 64 digits
 * Oracles.finiteDifferenceGradientWithError(MyFns::rosenbrock, 1.0, 2.0).gradientErrorBound();
 * }</pre>
 *
 * <h2>Cost</h2>
 * A complex-step gradient or Jacobian costs n passes of f (one per input, each on
 * {@link ComplexStep}, a few times the cost of a double pass); a complex-step Hessian
 * n(n+1)/2 passes on {@code FieldDual<ComplexStep>}. A high-precision gradient, Jacobian, Hessian
 * or Laplacian costs one pass of f on 64-digit {@link HighPrecision} numbers (about 50 to 100
 * microseconds per elementary function at small n, and O(n) or, for second order, O(n^2)
 * 64-digit multiplications per operation). A finite-difference gradient costs 15 n
 * double evaluations (three 5-point stencils per input, for the error estimate); a finite-difference
 * Hessian 15 n complex-step gradients. Oracles are for tests, not for production derivatives.
 *
 * <h2>Bad input</h2>
 * A null f or a null or empty x is an exception naming the method; NaN or infinite coordinates are
 * not: the results are then NaN (NaN in, NaN out). An exception thrown by f propagates unchanged.
 * All methods are thread-safe.
 */
public final class Oracles {
    /** Points of the finite-difference stencil: 5, fourth-order accurate. */
    public static final int STENCIL_POINTS = 5;

    /**
     * The relative step: h_i = STEP_FACTOR &times; max(1, |x_i|), about &epsilon;^(1/5) = 7.4e-4,
     * which balances a 5-point stencil's truncation error (h^4) against rounding (&epsilon;/h).
     */
    public static final double STEP_FACTOR = Math.pow(Math.ulp(1.0), 1.0 / STENCIL_POINTS);

    /** Noise assumed in one evaluation of f, in units of its magnitude (16 ulps). */
    static final double EVALUATION_NOISE = 16 * Math.ulp(1.0);

    /** Digits of the high-precision run that estimates f's rounding noise for a finite-difference bound. */
    static final int NOISE_DIGITS = 20;

    private Oracles() {
    }

    // ---------------------------------------------------------------- complex step

    /**
     * The gradient by complex step: df/dx_i = Im f(x + i h e_i) / h with h = 2^-664 (about 1e-200). Exact to
     * rounding where f is real-analytic. Costs n passes of f on {@link ComplexStep}, one per input.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return the n partial derivatives (NaN where f or its derivative is NaN)
     */
    public static double[] complexStepGradient(ScalarFunction f, double... x) {
        Arguments.function(f, "complexStepGradient");
        Arguments.point(x, "complexStepGradient");
        int n = x.length;
        double[] g = new double[n];
        ComplexStep[] in = new ComplexStep[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                in[p] = p == i ? ComplexStep.variable(x[p]) : ComplexStep.constant(x[p]);
            }
            g[i] = Arguments.output(f.value(in), "complexStepGradient").derivative();
        }
        return g;
    }

    /**
     * The m x n Jacobian by complex step, one pass per input (n passes).
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified)
     * @return J with J(i, j) = d f_i / d x_j
     */
    public static DMatrixRMaj complexStepJacobian(VectorFunction f, double... x) {
        Arguments.function(f, "complexStepJacobian");
        Arguments.point(x, "complexStepJacobian");
        int n = x.length;
        ComplexStep[] in = new ComplexStep[n];
        DMatrixRMaj jac = null;
        int m = -1;
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < n; p++) {
                in[p] = p == j ? ComplexStep.variable(x[p]) : ComplexStep.constant(x[p]);
            }
            ComplexStep[] y = Arguments.output(f.value(in), m, "complexStepJacobian");
            if (jac == null) {
                m = y.length;
                jac = new DMatrixRMaj(m, n);
            }
            for (int i = 0; i < m; i++) {
                jac.unsafe_set(i, j, y[i].derivative());
            }
        }
        return jac;
    }

    /**
     * The n x n Hessian by complex step on a forward-mode gradient: f runs on
     * {@code FieldDual<ComplexStep>} with the dual tangent along input i and the imaginary step
     * along input j, so Im(df/dx_i) / h = d2f/dx_i dx_j, exact to rounding with no step-size
     * trade-off. Independent of HyperDual (it uses FieldDual's derivative identities evaluated in
     * complex arithmetic). Costs n(n+1)/2 passes; the result is exactly symmetric.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return H with H(i, j) = d2f / dx_i dx_j
     */
    public static DMatrixRMaj complexStepHessian(ScalarFunction f, double... x) {
        Arguments.function(f, "complexStepHessian");
        Arguments.point(x, "complexStepHessian");
        int n = x.length;
        DMatrixRMaj h = new DMatrixRMaj(n, n);
        @SuppressWarnings("unchecked")
        FieldDual<ComplexStep>[] in = (FieldDual<ComplexStep>[]) MathArrays.buildArray(
                FieldDual.constant(ComplexStep.constant(0)).getField(), n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                for (int p = 0; p < n; p++) {
                    ComplexStep v = p == j ? ComplexStep.variable(x[p]) : ComplexStep.constant(x[p]);
                    in[p] = p == i ? FieldDual.variable(v) : FieldDual.constant(v);
                }
                double hij = Arguments.output(f.value(in), "complexStepHessian").tangent().derivative();
                h.unsafe_set(i, j, hij);
                h.unsafe_set(j, i, hij);
            }
        }
        return h;
    }

    /**
     * The Laplacian (trace of the Hessian) by complex step over forward mode, as
     * {@link #complexStepHessian} but only the n diagonal entries: n passes.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return sum_i d2f / dx_i^2
     */
    public static double complexStepLaplacian(ScalarFunction f, double... x) {
        Arguments.function(f, "complexStepLaplacian");
        Arguments.point(x, "complexStepLaplacian");
        int n = x.length;
        @SuppressWarnings("unchecked")
        FieldDual<ComplexStep>[] in = (FieldDual<ComplexStep>[]) MathArrays.buildArray(
                FieldDual.constant(ComplexStep.constant(0)).getField(), n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                in[p] = p == i ? FieldDual.variable(ComplexStep.variable(x[p]))
                        : FieldDual.constant(ComplexStep.constant(x[p]));
            }
            sum += Arguments.output(f.value(in), "complexStepLaplacian").tangent().derivative();
        }
        return sum;
    }

    // ---------------------------------------------------------------- high precision

    /**
     * f evaluated once on {@link HighPrecision} numbers of order 2 and
     * {@link HighPrecisionField#DEFAULT_DIGITS} digits: the value, gradient and Hessian to about 40
     * significant digits, with their rounding-noise estimates. Costs one pass of f in which every
     * operation does O(n^2) 64-digit multiplications (tens of microseconds each elementary function
     * at n = 1 to 4; the Hessian grows as n^2).
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified), each converted to 64 digits
     * @return f's value with its derivatives
     */
    public static HighPrecision highPrecisionEvaluate(ScalarFunction f, double... x) {
        return highPrecisionRun(f, x, 2, "highPrecisionEvaluate");
    }

    /**
     * The gradient from the high-precision oracle ({@link HighPrecision}, order 1), each entry
     * rounded once to double: the correctly rounded exact gradient except within about 1e-40
     * relative of a rounding boundary. Independent of every DualAD rule. Costs one pass of f on
     * 64-digit numbers carrying n derivatives (about 50 to 100 microseconds per elementary function
     * at small n, plus n multiplications per operation).
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return the n partial derivatives (NaN where a derivative does not exist, see {@link HighPrecision})
     */
    public static double[] highPrecisionGradient(ScalarFunction f, double... x) {
        return highPrecisionRun(f, x, 1, "highPrecisionGradient").gradient();
    }

    /**
     * The Hessian from the high-precision oracle (order 2), rounded entry by entry: exactly
     * symmetric. One pass of f; each operation costs O(n^2) 64-digit multiplications.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return H with H(i, j) = d2f / dx_i dx_j
     */
    public static DMatrixRMaj highPrecisionHessian(ScalarFunction f, double... x) {
        return highPrecisionRun(f, x, 2, "highPrecisionHessian").hessian();
    }

    /**
     * The Laplacian from the high-precision oracle: the trace of the Hessian summed in 64 digits and
     * rounded once.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return sum_i d2f / dx_i^2
     */
    public static double highPrecisionLaplacian(ScalarFunction f, double... x) {
        HighPrecision y = highPrecisionRun(f, x, 2, "highPrecisionLaplacian");
        org.apache.commons.math3.dfp.Dfp trace = y.getField().dfpField().getZero();
        for (int i = 0; i < x.length; i++) {
            trace = trace.add(y.secondDerivative(i, i));
        }
        return HighPrecisionMath.toDouble(trace);
    }

    /**
     * The m x n Jacobian from the high-precision oracle (order 1), one pass of f.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified)
     * @return J with J(i, j) = d f_i / d x_j, rounded entry by entry
     */
    public static DMatrixRMaj highPrecisionJacobian(VectorFunction f, double... x) {
        Arguments.function(f, "highPrecisionJacobian");
        Arguments.point(x, "highPrecisionJacobian");
        HighPrecision[] y = Arguments.output(f.value(highPrecisionInputs(x, 1)), -1, "highPrecisionJacobian");
        DMatrixRMaj jac = new DMatrixRMaj(y.length, x.length);
        for (int i = 0; i < y.length; i++) {
            double[] row = y[i].gradient();
            for (int j = 0; j < x.length; j++) {
                jac.unsafe_set(i, j, row[j]);
            }
        }
        return jac;
    }

    // ---------------------------------------------------------------- DerivativeStructure

    /**
     * f(x) evaluated on Commons Math's {@link DerivativeStructure} (order 0): the value in Commons
     * Math's arithmetic, the reference beside {@link #derivativeStructureGradient}.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return f(x)
     */
    public static double derivativeStructureValue(ScalarFunction f, double... x) {
        return derivativeStructureRun(f, x, 0, "derivativeStructureValue").getValue();
    }

    /**
     * The gradient from Commons Math's {@link DerivativeStructure} (order 1): exact to rounding,
     * every rule Commons Math's own implementation, so it shares none of DualAD's. One pass of f.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return the n partial derivatives
     */
    public static double[] derivativeStructureGradient(ScalarFunction f, double... x) {
        DerivativeStructure y = derivativeStructureRun(f, x, 1, "derivativeStructureGradient");
        double[] g = new double[x.length];
        int[] orders = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            orders[i] = 1;
            g[i] = y.getPartialDerivative(orders);
            orders[i] = 0;
        }
        return g;
    }

    /**
     * The Hessian from {@link DerivativeStructure} of order 2, one pass of f.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return H with H(i, j) = d2f / dx_i dx_j
     */
    public static DMatrixRMaj derivativeStructureHessian(ScalarFunction f, double... x) {
        DerivativeStructure y = derivativeStructureRun(f, x, 2, "derivativeStructureHessian");
        int n = x.length;
        DMatrixRMaj h = new DMatrixRMaj(n, n);
        int[] orders = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                orders[i]++;
                orders[j]++;
                h.unsafe_set(i, j, y.getPartialDerivative(orders));
                orders[i]--;
                orders[j]--;
            }
        }
        return h;
    }

    /**
     * The Laplacian from {@link DerivativeStructure}: the trace of {@link #derivativeStructureHessian},
     * summed in input order.
     *
     * @param f the function
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return sum_i d2f / dx_i^2
     */
    public static double derivativeStructureLaplacian(ScalarFunction f, double... x) {
        DerivativeStructure y = derivativeStructureRun(f, x, 2, "derivativeStructureLaplacian");
        int[] orders = new int[x.length];
        double trace = 0;
        for (int i = 0; i < x.length; i++) {
            orders[i] = 2;
            trace += y.getPartialDerivative(orders);
            orders[i] = 0;
        }
        return trace;
    }

    /**
     * The m x n Jacobian from {@link DerivativeStructure} (order 1), one pass of f.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point, n &ge; 1 inputs (not modified)
     * @return J with J(i, j) = d f_i / d x_j
     */
    public static DMatrixRMaj derivativeStructureJacobian(VectorFunction f, double... x) {
        Arguments.function(f, "derivativeStructureJacobian");
        Arguments.point(x, "derivativeStructureJacobian");
        DerivativeStructure[] y = Arguments.output(f.value(derivativeStructureInputs(x, 1)), -1,
                "derivativeStructureJacobian");
        int n = x.length;
        DMatrixRMaj jac = new DMatrixRMaj(y.length, n);
        int[] orders = new int[n];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < n; j++) {
                orders[j] = 1;
                jac.unsafe_set(i, j, y[i].getPartialDerivative(orders));
                orders[j] = 0;
            }
        }
        return jac;
    }

    private static DerivativeStructure derivativeStructureRun(ScalarFunction f, double[] x, int order, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
        return Arguments.output(f.value(derivativeStructureInputs(x, order)), method);
    }

    private static DerivativeStructure[] derivativeStructureInputs(double[] x, int order) {
        DerivativeStructure[] in = new DerivativeStructure[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = new DerivativeStructure(x.length, order, i, x[i]);
        }
        return in;
    }

    private static HighPrecision highPrecisionRun(ScalarFunction f, double[] x, int order, String method) {
        Arguments.function(f, method);
        Arguments.point(x, method);
        return Arguments.output(f.value(highPrecisionInputs(x, order)), method);
    }

    /** A fresh field per call: a DfpField records IEEE flags, so it is not shared between threads. */
    private static HighPrecision[] highPrecisionInputs(double[] x, int order) {
        HighPrecisionField field = new HighPrecisionField(x.length, order);
        HighPrecision[] in = new HighPrecision[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = field.variable(i, x[i]);
        }
        return in;
    }

    // ---------------------------------------------------------------- finite differences

    /**
     * The gradient by central finite differences: Commons Math's
     * {@link FiniteDifferencesDifferentiator} with {@link #STENCIL_POINTS} = 5 points applied to
     * f along each input, step h_i = {@link #STEP_FACTOR} &times; max(1, |x_i|) (rounded so that
     * x_i + h_i - x_i = h_i exactly). The stencil samples x_i &plusmn; 2h_i (and &plusmn; 4h_i and
     * &plusmn; 8h_i for the error estimate): f must be defined up to &plusmn; 4h_i; beyond, the
     * error estimate falls back to two steps. About 1e-10 relative for smooth f of moderate
     * higher derivatives; use {@link #finiteDifferenceGradientWithError} for a tolerance.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return the n partial derivatives
     */
    public static double[] finiteDifferenceGradient(ScalarFunction f, double... x) {
        return finiteDifferenceGradientWithError(f, x).gradient();
    }

    /**
     * The finite-difference gradient with its expected error per entry (see
     * {@link FiniteDifferenceEstimate}). Costs 15 n evaluations of f on doubles and one on
     * 20-digit numbers without derivatives (the rounding-noise estimate of the bound).
     *
     * @param f the function
     * @param x the point (not modified)
     * @return the 1 x n estimate, its error bound and the steps
     */
    public static FiniteDifferenceEstimate finiteDifferenceGradientWithError(ScalarFunction f, double... x) {
        Arguments.function(f, "finiteDifferenceGradient");
        Arguments.point(x, "finiteDifferenceGradient");
        return columns(x, 1, (xs) -> new double[] {
            Arguments.output(f.value(decimals(xs)), "finiteDifferenceGradient").getReal()},
                evaluationNoise(in -> new HighPrecision[] {f.value(in)}, x));
    }

    /**
     * The m x n Jacobian by finite differences with its expected error (as
     * {@link #finiteDifferenceGradientWithError}, applied to each output).
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified)
     * @return the m x n estimate, its error bound and the steps
     */
    public static FiniteDifferenceEstimate finiteDifferenceJacobianWithError(VectorFunction f, double... x) {
        Arguments.function(f, "finiteDifferenceJacobian");
        Arguments.point(x, "finiteDifferenceJacobian");
        int m = Arguments.output(f.value(decimals(x)), -1, "finiteDifferenceJacobian").length;
        return columns(x, m, (xs) -> {
            Decimal64[] y = Arguments.output(f.value(decimals(xs)), m, "finiteDifferenceJacobian");
            double[] out = new double[m];
            for (int i = 0; i < m; i++) {
                out[i] = y[i].getReal();
            }
            return out;
        }, evaluationNoise(f::value, x));
    }

    /**
     * The absolute rounding noise of each of f's outputs at x, as the high-precision oracle
     * estimates it ({@link HighPrecision#valueNoise()}, on constants of
     * {@link #NOISE_DIGITS} digits: no derivatives), or null where f does not run on those numbers
     * (a vector rule, say). It sees what 16 ulps of |f| cannot: log(1 + x^2) near 0 carries about
     * an ulp of 1 from rounding 1 + x^2, not an ulp of its own tiny value.
     */
    private static double[] evaluationNoise(java.util.function.Function<HighPrecision[], HighPrecision[]> f,
                                            double[] x) {
        HighPrecisionField field = new HighPrecisionField(0, 1, NOISE_DIGITS);
        HighPrecision[] in = new HighPrecision[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = field.constant(x[i]);
        }
        HighPrecision[] y;
        try {
            y = f.apply(in);
        } catch (RuntimeException e) {
            return null; // the finite differences themselves run f and report what it throws
        }
        if (y == null) {
            return null;
        }
        double[] noise = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            noise[i] = y[i] == null ? 0 : y[i].valueNoise() * 0x1p-53;
        }
        return noise;
    }

    /**
     * The n x n Hessian by finite differences of the complex-step gradient (column j is the
     * 5-point derivative of {@link #complexStepGradient} along input j), symmetrized as
     * (A + A^T) / 2, with its expected error (the asymmetry |A_ij - A_ji| / 2 is added to the
     * bound). Independent of every AD mode. Costs 15 n complex-step gradients, 15 n^2 passes.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return the n x n estimate, its error bound and the steps
     */
    public static FiniteDifferenceEstimate finiteDifferenceHessianWithError(ScalarFunction f, double... x) {
        Arguments.function(f, "finiteDifferenceHessian");
        Arguments.point(x, "finiteDifferenceHessian");
        int n = x.length;
        FiniteDifferenceEstimate a = columns(x, n, (xs) -> complexStepGradient(f, xs));
        DMatrixRMaj h = new DMatrixRMaj(n, n);
        DMatrixRMaj e = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double aij = a.estimate().get(i, j);
                double aji = a.estimate().get(j, i);
                h.set(i, j, 0.5 * (aij + aji));
                e.set(i, j, Math.max(a.errorBound().get(i, j), a.errorBound().get(j, i)) + 0.5 * Math.abs(aij - aji));
            }
        }
        return new FiniteDifferenceEstimate(h, e, a.step());
    }

    /**
     * The finite-difference Hessian without its error bound.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return H
     */
    public static DMatrixRMaj finiteDifferenceHessian(ScalarFunction f, double... x) {
        return finiteDifferenceHessianWithError(f, x).estimate();
    }

    /** A function of the whole point, m outputs, evaluated on doubles. */
    @FunctionalInterface
    interface PointFunction {
        double[] apply(double[] x);
    }

    /**
     * The truncation error of a fourth-order estimate g1 at step h, from the same stencil at 2h and
     * 4h: where the error behaves as C h^4, g1 - g2 is 15 C h^4 and g2 - g4 is 16 times that, and
     * the error is |g1 - g2| / 15. Where the ratio of the differences is outside [8, 32] (the steps
     * are not yet small enough for f, or noise dominates the differences), the expansion cannot be
     * trusted and the error is taken as large as |g1 - g2| itself (an oscillating f at x = 1.31: the
     * error was 12 times |g1 - g2| / 15). Where, beyond that, g1 and g2 differ by more than half
     * their size and by more than a hundred times the rounding error, the steps do not resolve f
     * at all (a jump inside the stencil: remainder(x^9, 1.44) at 1.79 jumps every 1.5e-3 and gave
     * -227 and 181 for 949): the error is infinite, no bound. (A jump that only the widest stencil
     * meets leaves g1 and g2 agreeing, and the first rule.) A g4 that is not finite (f undefined
     * at x &plusmn; 8h) leaves the first estimate.
     */
    static double truncation(double g1, double g2, double g4, double rounding) {
        double d12 = g1 - g2;
        double d24 = g2 - g4;
        if (!Double.isFinite(g4) || d12 == 0 && d24 == 0) {
            return Math.abs(d12) / 15;
        }
        double ratio = d24 / d12;
        if (ratio >= 8 && ratio <= 32) {
            return Math.abs(d12) / 15;
        }
        double spread = Math.abs(d12);
        if (spread > 0.5 * Math.max(Math.abs(g1), Math.abs(g2)) && spread > 100 * rounding) {
            return Double.POSITIVE_INFINITY;
        }
        return spread;
    }

    /**
     * Column j of an m x n derivative: the differentiator's 5-point stencil of g along input j, at
     * steps h, 2h and 4h; the estimate is the step-h value, the truncation error is estimated from
     * the differences of the three ({@link #truncation}).
     */
    static FiniteDifferenceEstimate columns(double[] x, int m, PointFunction g) {
        return columns(x, m, g, null);
    }

    /**
     * As {@link #columns(double[], int, PointFunction)}, each output taken to carry the larger of
     * {@link #EVALUATION_NOISE} |g| and noise[i] of absolute rounding noise (noise null: the former).
     */
    static FiniteDifferenceEstimate columns(double[] x, int m, PointFunction g, double[] noise) {
        int n = x.length;
        DMatrixRMaj est = new DMatrixRMaj(m, n);
        DMatrixRMaj err = new DMatrixRMaj(m, n);
        double[] steps = new double[n];
        for (int j = 0; j < n; j++) {
            final int col = j;
            double xj = x[j];
            double h = STEP_FACTOR * Math.max(1, Math.abs(xj));
            double t = xj + h;
            if (Double.isFinite(t - xj) && t - xj > 0) {
                h = t - xj; // an exactly representable step
            }
            steps[j] = h;
            UnivariateVectorFunction along = s -> {
                double[] xs = x.clone();
                xs[col] = s;
                return g.apply(xs);
            };
            DerivativeStructure at = new DerivativeStructure(1, 1, 0, xj);
            UnivariateDifferentiableVectorFunction d1 =
                    new FiniteDifferencesDifferentiator(STENCIL_POINTS, h).differentiate(along);
            UnivariateDifferentiableVectorFunction d2 =
                    new FiniteDifferencesDifferentiator(STENCIL_POINTS, 2 * h).differentiate(along);
            UnivariateDifferentiableVectorFunction d4 =
                    new FiniteDifferencesDifferentiator(STENCIL_POINTS, 4 * h).differentiate(along);
            DerivativeStructure[] y1 = d1.value(at);
            DerivativeStructure[] y2 = d2.value(at);
            DerivativeStructure[] y4;
            try {
                y4 = d4.value(at);
            } catch (RuntimeException e) {
                y4 = null; // f refuses x +- 8h (outside its domain): the two-step estimate
            }
            for (int i = 0; i < m; i++) {
                double g1 = y1[i].getPartialDerivative(1);
                double g2 = y2[i].getPartialDerivative(1);
                double carried = EVALUATION_NOISE * Math.abs(y1[i].getValue());
                if (noise != null && i < noise.length && !(noise[i] <= carried)) {
                    carried = noise[i]; // larger, or NaN: then no bound
                }
                double rounding = 1.5 * carried / h;
                double truncation = truncation(g1, g2, y4 == null ? Double.NaN : y4[i].getPartialDerivative(1),
                        rounding);
                est.set(i, j, g1);
                err.set(i, j, 2 * (truncation + rounding));
            }
        }
        return new FiniteDifferenceEstimate(est, err, steps);
    }

    private static Decimal64[] decimals(double[] x) {
        Decimal64[] d = new Decimal64[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = new Decimal64(x[i]);
        }
        return d;
    }

    /** Evaluates f on plain doubles (through Commons Math's Decimal64). */
    static double value(ScalarFunction f, double[] x) {
        return f.value(decimals(x)).getReal();
    }
}
