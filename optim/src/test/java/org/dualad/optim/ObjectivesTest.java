package org.dualad.optim;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.MultivariateDifferentiableFunction;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.apache.commons.math3.analysis.solvers.NewtonRaphsonSolver;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.commons.math3.special.Gamma;
import org.dualad.dual.Rule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectivesTest {

    @Test
    void objectiveAndGradientMatchExample4() {
        assertEquals(91, Objectives.objective(Fns::example4).getObjectiveFunction().value(new double[] {3, 4}));
        assertArrayEquals(new double[] {43, 20},
                Objectives.gradient(Fns::example4).getObjectiveFunctionGradient().value(new double[] {3, 4}));
    }

    /** logGamma(x0) x1 + x1^2 through a rule with first derivatives only. */
    private static final Rule FIRST_ONLY = Rule.unary("firstOnly", Gamma::logGamma, Gamma::digamma);

    private static <T extends RealFieldElement<T>> T firstOnly(T[] x) {
        return FIRST_ONLY.apply(x[0]).multiply(x[1]).add(x[1].multiply(x[1]));
    }

    @Test
    void aFirstOrderRuleStillGivesValuesAndGradients() {
        // values run on the trace's constants, which a rule without second derivatives refuses:
        // the objective falls back to first-order numbers, as the gradient does
        double[] x = {2.5, 1.5};
        double value = Gamma.logGamma(2.5) * 1.5 + 1.5 * 1.5;
        assertEquals(value, Objectives.objective(ObjectivesTest::firstOnly).getObjectiveFunction().value(x), 1e-15);
        assertEquals(value, Objectives.differentiable(ObjectivesTest::firstOnly).value(x), 1e-15);
        assertArrayEquals(new double[] {Gamma.digamma(2.5) * 1.5, Gamma.logGamma(2.5) + 3},
                Objectives.gradient(ObjectivesTest::firstOnly).getObjectiveFunctionGradient().value(x), 1e-15);
    }

    @Test
    void aWideCurveModelWithAFirstOrderRuleStillPredicts() {
        // above Forward.MAX_CHUNK parameters the predictions run on the trace's constants first
        int k = 130;
        CurveModel model = new CurveModel() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] p, double x) {
                T s = FIRST_ONLY.apply(p[0]);
                for (int i = 1; i < p.length; i++) {
                    s = s.add(p[i].multiply(x));
                }
                return s;
            }
        };
        double[] p = new double[k];
        java.util.Arrays.fill(p, 2);
        double[] y = CurveFit.of(model, new double[] {0.5}).predict(p);
        assertEquals(Gamma.logGamma(2) + (k - 1) * 2 * 0.5, y[0], 1e-12);
    }

    @Test
    void conjugateGradientMinimizesRosenbrock() {
        NonLinearConjugateGradientOptimizer cg = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-14, 1e-14));
        PointValuePair opt = cg.optimize(Objectives.objective(Fns::rosenbrock), Objectives.gradient(Fns::rosenbrock),
                GoalType.MINIMIZE, new InitialGuess(new double[] {-1.2, 1}), new MaxEval(100_000));
        assertArrayEquals(new double[] {1, 1}, opt.getPoint(), 1e-4);
        assertTrue(opt.getValue() < 1e-8, "f = " + opt.getValue());
    }

    @Test
    void differentiableComposesFirstOrderAndFallsBackForHigherOrders() {
        MultivariateDifferentiableFunction f = Objectives.differentiable(Fns::example4);
        DerivativeStructure[] x1 = {new DerivativeStructure(2, 1, 0, 3), new DerivativeStructure(2, 1, 1, 4)};
        DerivativeStructure y1 = f.value(x1);
        assertEquals(91, y1.getValue());
        assertEquals(43, y1.getPartialDerivative(1, 0));
        assertEquals(20, y1.getPartialDerivative(0, 1));
        DerivativeStructure[] x2 = {new DerivativeStructure(2, 2, 0, 3), new DerivativeStructure(2, 2, 1, 4)};
        DerivativeStructure y2 = f.value(x2);
        assertEquals(18, y2.getPartialDerivative(2, 0), 1e-12);
        assertEquals(4, y2.getPartialDerivative(1, 1), 1e-12);
        assertEquals(91, f.value(new double[] {3, 4}));
    }

    @Test
    void univariateDrivesNewtonRaphson() {
        UnivariateDifferentiableFunction f = Objectives.univariate(Fns::wallis);
        double root = new NewtonRaphsonSolver(1e-15).solve(100, f, 1, 3, 2);
        assertEquals(2.0945514815423265, root, 1e-14);
        DerivativeStructure y = f.value(new DerivativeStructure(1, 2, 0, 2.0));
        assertEquals(-1, y.getValue());
        assertEquals(10, y.getPartialDerivative(1));   // 3x^2 - 2
        assertEquals(12, y.getPartialDerivative(2));   // 6x
        DerivativeStructure y3 = f.value(new DerivativeStructure(1, 3, 0, 2.0));
        assertEquals(6, y3.getPartialDerivative(3), 1e-12);
    }

    @Test
    void nullFunctionIsNamed() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Objectives.objective(null));
        assertTrue(e.getMessage().contains("Objectives.objective"), e.getMessage());
    }
}
