package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.apache.commons.math3.ode.FieldExpandableODE;
import org.apache.commons.math3.ode.FieldODEState;
import org.apache.commons.math3.ode.FieldODEStateAndDerivative;
import org.apache.commons.math3.ode.FirstOrderFieldDifferentialEquations;
import org.apache.commons.math3.ode.FirstOrderFieldIntegrator;
import org.apache.commons.math3.ode.events.Action;
import org.apache.commons.math3.ode.events.FieldEventHandler;
import org.apache.commons.math3.ode.nonstiff.AdamsMoultonFieldIntegrator;
import org.apache.commons.math3.ode.nonstiff.ClassicalRungeKuttaFieldIntegrator;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853FieldIntegrator;
import org.apache.commons.math3.ode.sampling.FieldFixedStepHandler;
import org.apache.commons.math3.ode.sampling.FieldStepNormalizer;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndJacobian;
import org.dualad.dual.DualNumbers;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Checkpoint;
import org.dualad.reverse.LoopGradient;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.sparse.Sparse;
import org.dualad.sparse.SparseHessian;
import org.dualad.verification.GradientCheck;
import org.dualad.verification.HessianCheck;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

/**
 * DualAD's numbers inside Commons Math's field-generic ODE integrators: the sensitivities of an
 * ODE's solution to its parameters and initial values, in every mode, by integrating the ODE on
 * the mode's number type (discretize, then differentiate). Held to each other, to the oracles, and
 * to the closed-form sensitivities of the logistic equation, the harmonic oscillator and a
 * falling body's time of impact (an event), within the integrator's own error, which must shrink
 * at the method's order.
 */
class OdeEveryModeTest {
    /** The ODE y' = rhs(y) of dim equations (autonomous), for the integrators. */
    static <T extends RealFieldElement<T>> FirstOrderFieldDifferentialEquations<T> ode(int dim, UnaryOperator<T[]> rhs) {
        return new FirstOrderFieldDifferentialEquations<T>() {
            @Override
            public int getDimension() {
                return dim;
            }

            @Override
            public void init(T t0, T[] y0, T finalTime) {
            }

            @Override
            public T[] computeDerivatives(T t, T[] y) {
                return rhs.apply(y);
            }
        };
    }

    /** The state at time end of the ODE from y0 at time 0, by the integrator. */
    static <T extends RealFieldElement<T>> T[] solve(FirstOrderFieldIntegrator<T> integrator,
                                                      FirstOrderFieldDifferentialEquations<T> ode, T[] y0, T end) {
        Field<T> field = end.getField();
        return integrator.integrate(new FieldExpandableODE<>(ode), new FieldODEState<>(field.getZero(), y0), end)
                .getState();
    }

    /** Classical Runge-Kutta with steps of h on field. */
    static <T extends RealFieldElement<T>> ClassicalRungeKuttaFieldIntegrator<T> rk4(Field<T> field, double h) {
        return new ClassicalRungeKuttaFieldIntegrator<>(field, field.getOne().multiply(h));
    }

    /** The logistic equation y' = r y (1 - y / K). */
    static <T extends RealFieldElement<T>> FirstOrderFieldDifferentialEquations<T> logistic(T r, T k) {
        return ode(1, y -> {
            T[] d = MathArrays.buildArray(r.getField(), 1);
            d[0] = r.multiply(y[0]).multiply(y[0].divide(k).negate().add(1));
            return d;
        });
    }

    /** The logistic solution at time end, y(0) = p[2], by an integrator made for p's field; p = (r, K, y0). */
    static <T extends RealFieldElement<T>> T logisticAt(T[] p, T end, FirstOrderFieldIntegrator<T> integrator) {
        T[] y0 = MathArrays.buildArray(p[0].getField(), 1);
        y0[0] = p[2];
        return solve(integrator, logistic(p[0], p[1]), y0, end)[0];
    }

    /** y(1) of the logistic equation by an integrator made for p's field. */
    static <T extends RealFieldElement<T>> T logisticAtOne(T[] p, FirstOrderFieldIntegrator<T> integrator) {
        return logisticAt(p, p[0].getField().getOne(), integrator);
    }

    /** Classical Runge-Kutta, 100 steps of 0.01. */
    static <T extends RealFieldElement<T>> T rk4(T[] p) {
        return logisticAtOne(p, rk4(p[0].getField(), 0.01));
    }

    /** Classical Runge-Kutta, 50 steps of 0.02. */
    static <T extends RealFieldElement<T>> T rk4Coarse(T[] p) {
        return logisticAtOne(p, rk4(p[0].getField(), 0.02));
    }

    /** Dormand-Prince 8(5,3), adaptive steps, tolerances 1e-12: the step sizes are computed in T. */
    static <T extends RealFieldElement<T>> T dormandPrince(T[] p) {
        return logisticAtOne(p, new DormandPrince853FieldIntegrator<>(p[0].getField(), 1e-8, 1, 1e-12, 1e-12));
    }

    /** y(1) = K y0 e^r / (K + y0 (e^r - 1)) and its gradient in (r, K, y0). */
    static double[] logisticExact(double r, double k, double y0) {
        return logisticExactAt(r, k, y0, 1);
    }

    /** y(t) = K y0 E / d, E = e^(r t), d = K + y0 (E - 1), and its gradient in (r, K, y0). */
    static double[] logisticExactAt(double r, double k, double y0, double t) {
        double e = Math.exp(r * t);
        double d = k + y0 * (e - 1);
        double y = k * y0 * e / d;
        return new double[] {y, t * y * (1 - y0 * e / d), y0 * e / d * (1 - k / d), k * e / d * (1 - y0 * (e - 1) / d)};
    }

    static final double[] P = {1.5, 10, 0.5};

    @Test
    void everyModeGivesOneGradientOfTheRungeKuttaSolution() {
        double[] ref = Reverse.gradient(OdeEveryModeTest::rk4, P);
        assertClose(ref, Forward.gradient(OdeEveryModeTest::rk4, P), 1e-14, "Forward.gradient");
        assertClose(ref, DualNumbers.gradient(OdeEveryModeTest::rk4, P), 1e-14, "DualNumbers.gradient");
        assertClose(ref, Hybrid.valueGradientHessian(OdeEveryModeTest::rk4, P).gradient(), 1e-14, "Hybrid");
        double[] v = {0.3, -0.2, 0.7};
        double dot = ref[0] * v[0] + ref[1] * v[1] + ref[2] * v[2];
        assertEquals(dot, Forward.directionalDerivative(OdeEveryModeTest::rk4, P, v), 1e-14 * Math.abs(dot));
        // a recording replays the integrator's arithmetic (fixed steps read no value), as bytecode from the third call
        Recording rec = Reverse.record(OdeEveryModeTest::rk4, P);
        double[] q = {1.2, 8, 0.9};
        double[] atQ = Reverse.gradient(OdeEveryModeTest::rk4, q);
        for (int call = 0; call < 5; call++) {
            assertClose(atQ, rec.gradient(q), 1e-14, "Recording.gradient, call " + call);
        }
        assertEquals(0, rec.reRecordings(), rec.toString());
        // fixed steps read no value: f is a function of p alone, and a replay may skip its value guard
        assertFalse(rec.readsValues());
        Recording unguarded = Reverse.record(OdeEveryModeTest::rk4, P);
        unguarded.useValueGuard(false);
        for (int call = 0; call < 5; call++) {
            assertArrayEquals(rec.gradient(q), unguarded.gradient(q), "unguarded replay, call " + call);
        }
        assertTrue(GradientCheck.check(OdeEveryModeTest::rk4, P).passed());
    }

    @Test
    void theRungeKuttaSensitivitiesConvergeToTheExactOnesAtOrderFour() {
        double[] exact = logisticExact(P[0], P[1], P[2]);
        double[] fine = Reverse.valueAndGradient(OdeEveryModeTest::rk4, P).gradient();
        double[] coarse = Reverse.valueAndGradient(OdeEveryModeTest::rk4Coarse, P).gradient();
        for (int i = 0; i < 3; i++) {
            double eFine = Math.abs(fine[i] - exact[i + 1]);
            double eCoarse = Math.abs(coarse[i] - exact[i + 1]);
            assertTrue(eFine < 1e-8 * Math.abs(exact[i + 1]), "entry " + i + ": error " + eFine);
            // halving the step divides the error of the derivative by about 2^4, as it does the solution's
            double order = Math.log(eCoarse / eFine) / Math.log(2);
            assertTrue(order > 3.8 && order < 4.2, "entry " + i + ": observed order " + order);
        }
    }

    @Test
    void secondOrderModesAgreeAndMatchTheExactHessian() {
        DMatrixRMaj h = Hybrid.hessian(OdeEveryModeTest::rk4, P);
        assertClose(h.data, Forward.hessian(OdeEveryModeTest::rk4, P).data, 1e-13, "Forward.hessian");
        assertClose(h.data, DualNumbers.hessian(OdeEveryModeTest::rk4, P).data, 1e-13, "DualNumbers.hessian");
        assertEquals(h.get(0, 0) + h.get(1, 1) + h.get(2, 2), Hybrid.laplacian(OdeEveryModeTest::rk4, P), 1e-14);
        double[] v = {1, -2, 0.5};
        double[] hv = Hybrid.hvp(OdeEveryModeTest::rk4, P, v);
        for (int i = 0; i < 3; i++) {
            double expected = h.get(i, 0) * v[0] + h.get(i, 1) * v[1] + h.get(i, 2) * v[2];
            assertEquals(expected, hv[i], 1e-13 * Math.max(1, Math.abs(expected)), "hvp entry " + i);
        }
        assertTrue(HessianCheck.check(OdeEveryModeTest::rk4, P).passed());
        // the exact Hessian by Commons Math's finite differences of the exact gradient: within the integrator's error
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 3; i++) {
                int entry = i;
                int along = j;
                UnivariateFunction g = t -> {
                    double[] x = P.clone();
                    x[along] = t;
                    return logisticExact(x[0], x[1], x[2])[entry + 1];
                };
                UnivariateDifferentiableFunction d = new FiniteDifferencesDifferentiator(8, 1e-3).differentiate(g);
                double exact = d.value(new org.apache.commons.math3.analysis.differentiation.DerivativeStructure(
                        1, 1, 0, P[along])).getPartialDerivative(1);
                assertEquals(exact, h.get(i, j), 1e-7 * Math.max(1, Math.abs(exact)), "H(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void adaptiveStepsAreDifferentiatedWithTheirControllerAndMatchTheExactSensitivities() {
        double[] exact = logisticExact(P[0], P[1], P[2]);
        double[] ref = Reverse.gradient(OdeEveryModeTest::dormandPrince, P);
        assertClose(java.util.Arrays.copyOfRange(exact, 1, 4), ref, 1e-11, "against the closed form");
        // the modes take the same steps (the controller's decisions read the same values) and
        // differentiate them alike, step sizes included
        assertClose(ref, Forward.gradient(OdeEveryModeTest::dormandPrince, P), 1e-13, "Forward.gradient");
        assertClose(ref, DualNumbers.gradient(OdeEveryModeTest::dormandPrince, P), 1e-13, "DualNumbers");
        assertClose(Hybrid.hessian(OdeEveryModeTest::dormandPrince, P).data,
                Forward.hessian(OdeEveryModeTest::dormandPrince, P).data, 1e-12, "Forward.hessian");
        assertTrue(GradientCheck.check(OdeEveryModeTest::dormandPrince, P).passed());
        // the controller reads values (step acceptance, the last step's clipping), so a recording
        // cannot trust a replay: it records again at every new point, and stays right
        Recording rec = Reverse.record(OdeEveryModeTest::dormandPrince, P);
        assertTrue(rec.readsValues());
        double[] q = {0.5, 3, 2.5};
        assertClose(Reverse.gradient(OdeEveryModeTest::dormandPrince, q), rec.gradient(q), 1e-14, "Recording at q");
        assertTrue(rec.reRecordings() >= 1, rec.toString());
        double[] exactQ = logisticExact(q[0], q[1], q[2]);
        assertClose(java.util.Arrays.copyOfRange(exactQ, 1, 4), rec.gradient(q), 1e-11, "at q, against the closed form");
    }

    /** One classical Runge-Kutta step of the logistic equation, p = (r, K), by the integrator's singleStep. */
    static <T extends RealFieldElement<T>> T[] logisticStep(int t, T[] y, T[] p) {
        T h = p[0].getField().getOne().multiply(0.01);
        return rk4(p[0].getField(), 0.01).singleStep(logistic(p[0], p[1]), h.multiply(t), y, h.multiply(t + 1));
    }

    static <T extends RealFieldElement<T>> T first(T[] y) {
        return y[0];
    }

    @Test
    void aCheckpointedLoopOfSingleStepsGivesTheIntegratorsGradient() {
        // docs/extending.md, long integrations: O(sqrt T) states instead of a tape of every step
        LoopGradient lg = Checkpoint.gradient(OdeEveryModeTest::logisticStep, 100, new double[] {P[2]},
                new double[] {P[0], P[1]}, OdeEveryModeTest::first);
        double[] whole = Reverse.gradient(OdeEveryModeTest::rk4, P);
        assertClose(whole, new double[] {lg.parameters()[0], lg.parameters()[1], lg.initialState()[0]}, 1e-14,
                "Checkpoint.gradient");
        assertTrue(lg.recordedSteps() == 100 && lg.snapshots() < 100, lg.toString());
    }

    /** The logistic solution with its end time as a fourth parameter: p = (r, K, y0, t). */
    static <T extends RealFieldElement<T>> T logisticUntil(T[] p) {
        return logisticAt(p, p[3], rk4(p[0].getField(), 0.01));
    }

    @Test
    void theEndTimeEntersTheSolutionOnlyThroughAClippedLastStep() {
        // docs/extending.md: where the fixed steps land on the end time, the derivative in it is 0
        double[] landed = Reverse.valueAndGradient(OdeEveryModeTest::logisticUntil, 1.5, 10, 0.5, 0.1).gradient();
        assertEquals(0, landed[3]);
        // where the last step is clipped to reach it, the derivative is about the rate y' = r y (1 - y/K)
        org.dualad.ValueAndGradient clipped = Reverse.valueAndGradient(OdeEveryModeTest::logisticUntil, 1.5, 10, 0.5, 1.005);
        double y = clipped.value();
        assertEquals(1.5 * y * (1 - y / 10), clipped.gradient()[3], 1e-8);
        assertClose(Forward.gradient(OdeEveryModeTest::logisticUntil, 1.5, 10, 0.5, 1.005), clipped.gradient(), 1e-14,
                "Forward.gradient");
    }

    /** Adams-Moulton, 4 steps, tolerances 1e-10: a multistep method on a Nordsieck FieldMatrix, started by Dormand-Prince. */
    static <T extends RealFieldElement<T>> T adamsMoulton(T[] p) {
        return logisticAtOne(p, new AdamsMoultonFieldIntegrator<>(p[0].getField(), 4, 1e-8, 1, 1e-10, 1e-10));
    }

    @Test
    void aMultistepIntegratorIsDifferentiatedToo() {
        double[] exact = java.util.Arrays.copyOfRange(logisticExact(P[0], P[1], P[2]), 1, 4);
        double[] rev = Reverse.gradient(OdeEveryModeTest::adamsMoulton, P);
        assertClose(exact, rev, 1e-8, "against the closed form");
        assertClose(rev, Forward.gradient(OdeEveryModeTest::adamsMoulton, P), 1e-13, "Forward.gradient");
        assertTrue(GradientCheck.check(OdeEveryModeTest::adamsMoulton, P).passed());
    }

    /** y(3) of the logistic equation by Dormand-Prince with both tolerances tol. */
    static ScalarFunction dormandPrinceToThree(double tol) {
        return new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] p) {
                Field<T> field = p[0].getField();
                return logisticAt(p, field.getOne().multiply(3), new DormandPrince853FieldIntegrator<>(field, 1e-8, 1, tol, tol));
            }
        };
    }

    @Test
    void adaptiveGradientsConvergeWithTheTolerance() {
        // docs/extending.md: the gradient's error follows the tolerance, at 10-100 times the value's
        double[] exact = logisticExactAt(1.5, 10, 0.5, 3);
        double previous = Double.POSITIVE_INFINITY;
        for (double tol : new double[] {1e-6, 1e-8, 1e-10}) {
            org.dualad.ValueAndGradient vg = Reverse.valueAndGradient(dormandPrinceToThree(tol), 1.5, 10, 0.5);
            double error = 0;
            for (int i = 0; i < 3; i++) {
                error = Math.max(error, Math.abs(vg.gradient()[i] - exact[i + 1]));
            }
            assertTrue(error < 100 * tol && error < previous / 10, "tolerance " + tol + ": gradient error " + error);
            previous = error;
        }
    }

    /** y(0.25), y(0.5), ..., y(4) of the logistic equation from one integration, sampled by Commons Math's step normalizer. */
    static <T extends RealFieldElement<T>> T[] logisticTrajectory(T[] p) {
        Field<T> field = p[0].getField();
        T[] samples = MathArrays.buildArray(field, 16);
        ClassicalRungeKuttaFieldIntegrator<T> rk = rk4(field, 0.01);
        rk.addStepHandler(new FieldStepNormalizer<>(0.25, new FieldFixedStepHandler<T>() {
            private int k = -1; // the first call brings y(0)

            @Override
            public void init(FieldODEStateAndDerivative<T> s0, T t) {
            }

            @Override
            public void handleStep(FieldODEStateAndDerivative<T> s, boolean isLast) {
                if (k >= 0) {
                    samples[k] = s.getState()[0];
                }
                k++;
            }
        }));
        logisticAt(p, field.getOne().multiply(4), rk);
        return samples;
    }

    @Test
    void aSampledTrajectoryHasEverySamplesSensitivitiesFromOneIntegration() {
        ValueAndJacobian fwd = Forward.valueAndJacobian(OdeEveryModeTest::logisticTrajectory, P);
        DMatrixRMaj rev = Reverse.jacobian(OdeEveryModeTest::logisticTrajectory, P);
        assertClose(fwd.jacobian().data, rev.data, 1e-14, "Reverse.jacobian");
        for (int i = 0; i < 16; i++) {
            double[] exact = logisticExactAt(P[0], P[1], P[2], 0.25 * (i + 1));
            assertEquals(exact[0], fwd.values()[i], 1e-8, "y at sample " + i);
            assertClose(java.util.Arrays.copyOfRange(exact, 1, 4),
                    new double[] {fwd.jacobian().get(i, 0), fwd.jacobian().get(i, 1), fwd.jacobian().get(i, 2)}, 1e-8,
                    "sensitivities at sample " + i);
        }
    }

    /** The harmonic oscillator y'' = -w^2 y as (y, v), 100 Runge-Kutta steps to t = 1; x = (y0, v0, w). */
    static <T extends RealFieldElement<T>> T[] oscillator(T[] x) {
        Field<T> field = x[0].getField();
        T w2 = x[2].multiply(x[2]);
        T[] y0 = MathArrays.buildArray(field, 2);
        y0[0] = x[0];
        y0[1] = x[1];
        return solve(rk4(field, 0.01), ode(2, y -> {
            T[] d = MathArrays.buildArray(field, 2);
            d[0] = y[1];
            d[1] = w2.multiply(y[0]).negate();
            return d;
        }), y0, field.getOne());
    }

    @Test
    void theOscillatorsJacobianIsItsStateTransitionMatrixAndFrequencySensitivity() {
        double y0 = 0.8;
        double v0 = -0.3;
        double w = 2.5;
        double[] x = {y0, v0, w};
        DMatrixRMaj fwd = Forward.jacobian(OdeEveryModeTest::oscillator, x);
        DMatrixRMaj rev = Reverse.jacobian(OdeEveryModeTest::oscillator, x);
        assertClose(fwd.data, rev.data, 1e-14, "Reverse.jacobian");
        assertClose(fwd.data, DualNumbers.jacobian(OdeEveryModeTest::oscillator, x).data, 1e-14, "DualNumbers");
        double c = Math.cos(w);
        double s = Math.sin(w);
        double[] exact = {
            c, s / w, -y0 * s - v0 * s / (w * w) + v0 * c / w,
            -w * s, c, -y0 * s - y0 * w * c - v0 * s};
        assertClose(exact, fwd.data, 1e-7, "closed form");
    }

    /** A drop from height h under gravity g (p = (h, g)), stopped by an event at y = 0: the time of impact. */
    static <T extends RealFieldElement<T>> T impactTime(T[] p) {
        Field<T> field = p[0].getField();
        T g = p[1];
        T[] y0 = MathArrays.buildArray(field, 2);
        y0[0] = p[0];
        y0[1] = field.getZero();
        ClassicalRungeKuttaFieldIntegrator<T> rk = rk4(field, 0.01);
        rk.addEventHandler(new FieldEventHandler<T>() {
            @Override
            public void init(FieldODEStateAndDerivative<T> s0, T t) {
            }

            @Override
            public T g(FieldODEStateAndDerivative<T> s) {
                return s.getState()[0];
            }

            @Override
            public Action eventOccurred(FieldODEStateAndDerivative<T> s, boolean increasing) {
                return Action.STOP;
            }

            @Override
            public FieldODEState<T> resetState(FieldODEStateAndDerivative<T> s) {
                return s;
            }
        }, 0.1, 1e-14, 100);
        FirstOrderFieldDifferentialEquations<T> fall = ode(2, y -> {
            T[] d = MathArrays.buildArray(field, 2);
            d[0] = y[1];
            d[1] = g.negate();
            return d;
        });
        return rk.integrate(new FieldExpandableODE<>(fall), new FieldODEState<>(field.getZero(), y0),
                field.getOne().multiply(10)).getTime();
    }

    @Test
    void anEventsTimeIsDifferentiatedThroughTheIntegratorsRootSolver() {
        double h = 2;
        double g = 9.81;
        // t* = sqrt(2 h / g); the steps are exact on this quadratic, so what remains is the event solver's
        double[] exact = {1 / Math.sqrt(2 * h * g), -Math.sqrt(2 * h) / (2 * Math.pow(g, 1.5))};
        double[] rev = Reverse.gradient(OdeEveryModeTest::impactTime, h, g);
        assertClose(exact, rev, 1e-11, "against the closed form");
        assertClose(rev, Forward.gradient(OdeEveryModeTest::impactTime, h, g), 1e-14, "Forward.gradient");
        assertTrue(GradientCheck.check(OdeEveryModeTest::impactTime, h, g).passed());
    }

    /** y(1) of the logistic equation as a function of r alone (K = 10, y0 = 0.5). */
    static <T extends RealFieldElement<T>> T rk4InR(T r) {
        T[] p = MathArrays.buildArray(r.getField(), 3);
        p[0] = r;
        p[1] = r.getField().getOne().multiply(P[1]);
        p[2] = r.getField().getOne().multiply(P[2]);
        return rk4(p);
    }

    @Test
    void theSparseTaylorAndOperatorModesAgreeThroughTheIntegrator() {
        DMatrixRMaj h = Hybrid.hessian(OdeEveryModeTest::rk4, P);
        double[] g = Reverse.gradient(OdeEveryModeTest::rk4, P);
        // Taylor mode in r: the first two derivatives are the gradient's and the Hessian's r entries
        double[] d = Forward.derivatives(OdeEveryModeTest::rk4InR, P[0], 4);
        assertEquals(g[0], d[1], 1e-14 * Math.abs(g[0]));
        assertEquals(h.get(0, 0), d[2], 1e-13 * Math.abs(h.get(0, 0)));
        assertClose(h.data, dense(SparseHessian.of(OdeEveryModeTest::rk4, P).at(P)), 1e-13, "SparseHessian");
        double[] v = {1, -2, 0.5};
        assertArrayEquals(Hybrid.hvp(OdeEveryModeTest::rk4, P, v), Hybrid.hessianOperator(OdeEveryModeTest::rk4, P).hvp(v));
        double[] x = {0.8, -0.3, 2.5};
        assertClose(Forward.jacobian(OdeEveryModeTest::oscillator, x).data,
                dense(Sparse.jacobian(OdeEveryModeTest::oscillator, x)), 1e-14, "Sparse.jacobian");
    }

    static double[] dense(DMatrixSparseCSC m) {
        DMatrixRMaj d = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                d.set(i, j, m.get(i, j));
            }
        }
        return d.data;
    }

    /** Entry by entry, relative to the largest entry of expected (and at least 1). */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * scale, what + ": entry " + i);
        }
    }
}
