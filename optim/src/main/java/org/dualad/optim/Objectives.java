package org.dualad.optim;

import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.MultivariateDifferentiableFunction;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.apache.commons.math3.optim.OptimizationData;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.dualad.ScalarFunction;
import org.dualad.UnaryFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.HyperDual;

/**
 * A DualAD function as a Commons Math objective: the same generic method the user wrote, with
 * its exact gradient.
 *
 * <pre>{@code
 * PointValuePair opt = new NonLinearConjugateGradientOptimizer(
 *         NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE,
 *         new SimpleValueChecker(1e-12, 1e-12))
 *     .optimize(Objectives.objective(Fns::rosenbrock), Objectives.gradient(Fns::rosenbrock),
 *               GoalType.MINIMIZE, new InitialGuess(new double[] {-1.2, 1}), new MaxEval(10000));
 * }</pre>
 *
 * Every object returned here is immutable and stateless: one instance may serve several
 * optimizer threads at once.
 */
public final class Objectives {
    private Objectives() {
    }

    /**
     * f as an {@link ObjectiveFunction}: evaluates f without tangents.
     *
     * @param f the function
     * @return the objective
     */
    public static ObjectiveFunction objective(ScalarFunction f) {
        nonNull(f, "objective");
        return new ObjectiveFunction(x -> Engine.value(f, x, "objective"));
    }

    /**
     * The exact gradient of f as an {@link ObjectiveFunctionGradient}.
     *
     * @param f the function
     * @return the gradient, a new array per call
     */
    public static ObjectiveFunctionGradient gradient(ScalarFunction f) {
        nonNull(f, "gradient");
        return new ObjectiveFunctionGradient(x -> Engine.valueAndGradient(f, x).gradient());
    }

    /**
     * Both {@link #objective} and {@link #gradient}, ready to pass to
     * {@code GradientMultivariateOptimizer.optimize(...)} beside the other optimization data.
     *
     * @param f the function
     * @return {objective, gradient}
     */
    public static OptimizationData[] objectiveAndGradient(ScalarFunction f) {
        return new OptimizationData[] {objective(f), gradient(f)};
    }

    /**
     * f as a {@link MultivariateDifferentiableFunction}. At order 1 (what gradient-based
     * optimizers ask for) the value and gradient come from DualAD in one evaluation and are
     * composed into the caller's {@link DerivativeStructure} by the chain rule; higher orders run
     * the generic function directly on DerivativeStructure, which is itself a RealFieldElement.
     *
     * @param f the function
     * @return the differentiable function
     */
    public static MultivariateDifferentiableFunction differentiable(ScalarFunction f) {
        nonNull(f, "differentiable");
        return new MultivariateDifferentiableFunction() {
            @Override
            public double value(double[] x) {
                return Engine.value(f, x, "differentiable");
            }

            @Override
            public DerivativeStructure value(DerivativeStructure[] x) {
                if (x.length == 0 || x[0].getOrder() > 1) {
                    return f.value(x);
                }
                double[] p = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    p[i] = x[i].getValue();
                }
                ValueAndGradient vg = Engine.valueAndGradient(f, p);
                // f(x) = f(p) + sum_i g_i (x_i - p_i) to first order.
                DerivativeStructure y = new DerivativeStructure(x[0].getFreeParameters(), 1, vg.value());
                double[] g = vg.gradient();
                for (int i = 0; i < x.length; i++) {
                    y = y.add(x[i].subtract(p[i]).multiply(g[i]));
                }
                return y;
            }
        };
    }

    /**
     * A one-variable function as a {@link UnivariateDifferentiableFunction}: one
     * {@link HyperDual} pass gives f, f' and f'', composed into the caller's DerivativeStructure
     * for orders up to 2 (any number of free parameters); higher orders run the generic function
     * on DerivativeStructure directly. Usable by {@code NewtonRaphsonSolver} and friends.
     *
     * @param f the function
     * @return the differentiable function
     */
    public static UnivariateDifferentiableFunction univariate(UnaryFunction f) {
        nonNull(f, "univariate");
        return new UnivariateDifferentiableFunction() {
            @Override
            public double value(double x) {
                return f.value(HyperDual.constant(x)).value();
            }

            @Override
            public DerivativeStructure value(DerivativeStructure t) {
                if (t.getOrder() > 2) {
                    return f.value(t);
                }
                HyperDual y = f.value(HyperDual.variable(t.getValue()));
                double[] derivatives = {y.value(), y.e1(), y.e1e2()};
                return t.compose(java.util.Arrays.copyOf(derivatives, t.getOrder() + 1));
            }
        };
    }

    private static void nonNull(Object f, String method) {
        if (f == null) {
            throw new NullPointerException("Objectives." + method + ": f is null");
        }
    }
}
