package org.dualad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.Field;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.ode.FieldExpandableODE;
import org.apache.commons.math3.ode.FieldODEState;
import org.apache.commons.math3.ode.FirstOrderFieldDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.ClassicalRungeKuttaFieldIntegrator;
import org.apache.commons.math3.util.MathArrays;
import org.junit.jupiter.api.Test;

/**
 * A least-squares fit of an ODE model (docs/optim.md, "Fitting an ODE model"): the residuals
 * integrate the logistic equation with Commons Math's field Runge-Kutta integrator on the
 * adapter's numbers; the fit must land where the fit of the closed-form solution does, within the
 * integrator's error.
 */
class OdeFitTest {
    static final double[] TIMES = {0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6};
    static final double[] DATA = {1.0025, 1.9414, 3.3800, 5.1807, 6.9252, 8.2357, 9.0475, 9.5025, 9.8699, 9.9850};

    /** y(t_i) - data_i for p = (r, K, y0), integrating with steps of h from one time to the next. */
    static <T extends RealFieldElement<T>> T[] residuals(T[] p, double h) {
        Field<T> field = p[0].getField();
        FirstOrderFieldDifferentialEquations<T> ode = new FirstOrderFieldDifferentialEquations<T>() {
            @Override
            public int getDimension() {
                return 1;
            }

            @Override
            public void init(T t0, T[] y0, T t) {
            }

            @Override
            public T[] computeDerivatives(T t, T[] y) {
                T[] dy = MathArrays.buildArray(field, 1);
                dy[0] = p[0].multiply(y[0]).multiply(y[0].divide(p[1]).negate().add(1));
                return dy;
            }
        };
        ClassicalRungeKuttaFieldIntegrator<T> rk4 = new ClassicalRungeKuttaFieldIntegrator<>(field, field.getOne().multiply(h));
        T[] y0 = MathArrays.buildArray(field, 1);
        y0[0] = p[2];
        FieldODEState<T> state = new FieldODEState<>(field.getZero(), y0);
        T[] r = MathArrays.buildArray(field, TIMES.length);
        for (int i = 0; i < TIMES.length; i++) {
            state = rk4.integrate(new FieldExpandableODE<>(ode), state, field.getOne().multiply(TIMES[i]));
            r[i] = state.getState()[0].subtract(DATA[i]);
        }
        return r;
    }

    static <T extends RealFieldElement<T>> T[] fine(T[] p) {
        return residuals(p, 0.01);
    }

    static <T extends RealFieldElement<T>> T[] coarse(T[] p) {
        return residuals(p, 0.1);
    }

    static <T extends RealFieldElement<T>> T closedForm(T[] p, double t) {
        T e = p[0].multiply(t).exp();
        return p[1].multiply(p[2]).multiply(e).divide(p[1].add(p[2].multiply(e.subtract(1))));
    }

    static double[] fit(org.dualad.VectorFunction residuals) {
        LeastSquaresOptimizer.Optimum o = new LevenbergMarquardtOptimizer()
                .optimize(JacobianFunctions.leastSquares(residuals, 1, 8, 1).maxEvaluations(100).maxIterations(100).build());
        return o.getPoint().toArray();
    }

    @Test
    void theFitThroughTheIntegratorIsTheClosedFormsFitWithinTheIntegratorsError() {
        double[] closed = CurveFit.fit(OdeFitTest::closedForm, TIMES, DATA, 1, 8, 1);
        double[] fine = fit(OdeFitTest::fine);
        double[] coarse = fit(OdeFitTest::coarse);
        double worstFine = 0;
        double worstCoarse = 0;
        for (int i = 0; i < 3; i++) {
            worstFine = Math.max(worstFine, Math.abs(fine[i] - closed[i]) / Math.abs(closed[i]));
            worstCoarse = Math.max(worstCoarse, Math.abs(coarse[i] - closed[i]) / Math.abs(closed[i]));
        }
        assertTrue(worstFine < 1e-7, "steps of 0.01: " + worstFine);
        // ten times the step, about 10^4 times the error (order 4): the difference is the integrator's
        assertTrue(worstCoarse > 1e3 * worstFine && worstCoarse < 1e-3, "steps of 0.1: " + worstCoarse);
        assertEquals(1.5, closed[0], 0.05);
        assertEquals(10, closed[1], 0.1);
    }
}
