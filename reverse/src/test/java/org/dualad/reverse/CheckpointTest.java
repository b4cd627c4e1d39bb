package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.StepFunction;
import org.dualad.dual.Forward;
import org.dualad.dual.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checkpointed loops against the whole loop recorded on one tape, forward mode, and the schedule's bounds. */
class CheckpointTest {
    static final double H = 0.01;

    /** RK4 for the damped pendulum x'' = -p0 sin x - p1 x'. */
    static <T extends RealFieldElement<T>> T[] rk4(int t, T[] x, T[] p) {
        T[] k1 = f(x, p);
        T[] k2 = f(axpy(x, k1, H / 2), p);
        T[] k3 = f(axpy(x, k2, H / 2), p);
        T[] k4 = f(axpy(x, k3, H), p);
        T[] y = MathArrays.buildArray(x[0].getField(), 2);
        for (int i = 0; i < 2; i++) {
            y[i] = x[i].add(k1[i].add(k2[i].multiply(2)).add(k3[i].multiply(2)).add(k4[i]).multiply(H / 6));
        }
        return y;
    }

    static <T extends RealFieldElement<T>> T[] f(T[] x, T[] p) {
        T[] d = MathArrays.buildArray(x[0].getField(), 2);
        d[0] = x[1];
        d[1] = p[0].multiply(x[0].sin()).add(p[1].multiply(x[1])).negate();
        return d;
    }

    static <T extends RealFieldElement<T>> T[] axpy(T[] x, T[] k, double a) {
        T[] y = MathArrays.buildArray(x[0].getField(), x.length);
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].add(k[i].multiply(a));
        }
        return y;
    }

    /** The energy of the final state, 1/2 v^2 + (1 - cos x). */
    static <T extends RealFieldElement<T>> T energy(T[] x) {
        return x[1].multiply(x[1]).multiply(0.5).add(x[0].cos().negate().add(1));
    }

    /** The whole loop as one function of (x0, p): what recording every step on one tape differentiates. */
    static ScalarFunction unrolled(StepFunction step, int steps) {
        return new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] z) {
                T[] x = MathArrays.buildArray(z[0].getField(), 2);
                T[] p = MathArrays.buildArray(z[0].getField(), 2);
                System.arraycopy(z, 0, x, 0, 2);
                System.arraycopy(z, 2, p, 0, 2);
                for (int t = 0; t < steps; t++) {
                    x = step.step(t, x, p);
                }
                return energy(x);
            }
        };
    }

    private static final double[] X0 = {1.2, -0.3};
    private static final double[] P = {9.81, 0.15};

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 50, 333})
    void equalsTheWholeLoopRecordedOnOneTapeAndForwardMode(int steps) {
        LoopGradient g = Checkpoint.gradient(CheckpointTest::rk4, steps, X0, P, CheckpointTest::energy);
        double[] z = {X0[0], X0[1], P[0], P[1]};
        double[] whole = Reverse.gradient(unrolled(CheckpointTest::rk4, steps), z);
        double[] fwd = Forward.gradient(unrolled(CheckpointTest::rk4, steps), z);
        double[] ours = {g.initialState()[0], g.initialState()[1], g.parameters()[0], g.parameters()[1]};
        for (int i = 0; i < 4; i++) {
            assertEquals(whole[i], ours[i], 1e-13 * Math.max(1, Math.abs(whole[i])), "entry " + i);
            assertEquals(fwd[i], ours[i], 1e-13 * Math.max(1, Math.abs(fwd[i])), "entry " + i);
        }
        assertEquals(Reverse.valueAndGradient(unrolled(CheckpointTest::rk4, steps), z).value(), g.value());
        assertEquals(steps, g.recordedSteps());
    }

    @Test
    void everyScheduleGivesBitwiseTheSameResultWithinItsBounds() {
        int steps = 200;
        LoopGradient reference = Checkpoint.gradient(CheckpointTest::rk4, steps, X0, P, CheckpointTest::energy, steps - 1);
        assertEquals(steps, reference.advancedSteps(), "storing every state re-runs nothing");
        for (int s : new int[] {0, 1, 2, 3, 5, 8, 20, Checkpoint.defaultSnapshots(steps), 150, steps - 1, 10 * steps}) {
            LoopGradient g = Checkpoint.gradient(CheckpointTest::rk4, steps, X0, P, CheckpointTest::energy, s);
            assertArrayEquals(reference.initialState(), g.initialState(), "snapshots " + s);
            assertArrayEquals(reference.parameters(), g.parameters(), "snapshots " + s);
            assertArrayEquals(reference.finalState(), g.finalState());
            assertTrue(g.snapshots() <= Math.min(s, steps - 1), "snapshots " + s + ": held " + g.snapshots());
            int r = Checkpoint.repetitions(steps, Math.min(s, steps - 1));
            // one forward pass for x_T, then at most r re-runs of each step
            assertTrue(g.advancedSteps() <= steps + (long) r * steps,
                    "snapshots " + s + ": " + g.advancedSteps() + " steps run, bound " + (steps + (long) r * steps));
        }
    }

    @Test
    void theDefaultScheduleReRunsEachStepAtMostTwice() {
        for (int steps : new int[] {2, 10, 1000, 1_000_000, 10_000_000}) {
            assertTrue(Checkpoint.repetitions(steps, Checkpoint.defaultSnapshots(steps)) <= 2, "steps " + steps);
        }
        assertEquals(0, Checkpoint.repetitions(1, 0));
        // C(s + r, s) >= T with the least r: 20 snapshots, 10^6 steps: C(28, 8) = 3108105 >= 10^6 > C(27, 7)
        assertEquals(8, Checkpoint.repetitions(1_000_000, 20));
        assertEquals(3108105, Checkpoint.beta(20, 8));
        assertEquals(Long.MAX_VALUE, Checkpoint.beta(1000, 1000));
    }

    @Test
    void vjpOfTheFinalState() {
        int steps = 40;
        double[] u = {0.7, -2};
        LoopGradient g = Checkpoint.vjp(CheckpointTest::rk4, steps, X0, P, u, 3);
        // against the Jacobian of the unrolled loop by forward mode
        double[] z = {X0[0], X0[1], P[0], P[1]};
        org.dualad.VectorFunction loop = new org.dualad.VectorFunction() {
            @Override
            public <T extends RealFieldElement<T>> T[] value(T[] w) {
                T[] x = MathArrays.buildArray(w[0].getField(), 2);
                T[] p = MathArrays.buildArray(w[0].getField(), 2);
                System.arraycopy(w, 0, x, 0, 2);
                System.arraycopy(w, 2, p, 0, 2);
                for (int t = 0; t < steps; t++) {
                    x = rk4(t, x, p);
                }
                return x;
            }
        };
        org.ejml.data.DMatrixRMaj j = Forward.jacobian(loop, z);
        for (int c = 0; c < 4; c++) {
            double expected = u[0] * j.get(0, c) + u[1] * j.get(1, c);
            double actual = c < 2 ? g.initialState()[c] : g.parameters()[c - 2];
            assertEquals(expected, actual, 1e-13 * Math.max(1, Math.abs(expected)), "column " + c);
        }
        assertArrayEquals(Checkpoint.run(CheckpointTest::rk4, steps, X0, P), g.finalState());
        assertEquals(u[0] * g.finalState()[0] + u[1] * g.finalState()[1], g.value());
    }

    static <T extends RealFieldElement<T>> T[] wrongLength(int t, T[] x, T[] p) {
        return t < 3 ? x : MathArrays.buildArray(x[0].getField(), 3);
    }

    @Test
    void badInputIsAClearException() {
        ScalarFunction e = CheckpointTest::energy;
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.gradient(CheckpointTest::rk4, 0, X0, P, e));
        assertTrue(ex.getMessage().contains("steps must be at least 1, got 0"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Checkpoint.gradient(CheckpointTest::rk4, 5, X0, P, e, -1));
        assertTrue(ex.getMessage().contains("snapshots"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.gradient(CheckpointTest::wrongLength, 5, X0, P, e));
        assertTrue(ex.getMessage().contains("step returned 3 numbers at t = 3 but the state has 2"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.vjp(CheckpointTest::rk4, 5, X0, P, new double[] {1}));
        assertTrue(ex.getMessage().contains("u has length 1"), ex.getMessage());
        assertThrows(NullPointerException.class, () -> Checkpoint.gradient(null, 5, X0, P, e));
        assertThrows(NullPointerException.class, () -> Checkpoint.gradient(CheckpointTest::rk4, 5, X0, null, e));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.gradient(CheckpointTest::rk4, 5, new double[0], P, e));
    }

    static <T extends RealFieldElement<T>> T[] decay(int t, T[] x, T[] p) {
        T[] y = MathArrays.buildArray(x[0].getField(), 1);
        y[0] = x[0].multiply(0.999);
        return y;
    }

    static <T extends RealFieldElement<T>> T first(T[] x) {
        return x[0];
    }

    @Test
    void noParametersAndAClosedForm() {
        int steps = 1000;
        LoopGradient g = Checkpoint.gradient(CheckpointTest::decay, steps, new double[] {2}, new double[0],
                CheckpointTest::first, 4);
        assertEquals(Math.pow(0.999, steps), g.initialState()[0], 1e-13);
        assertEquals(0, g.parameters().length);
    }

    /** A rule with a first derivative only: the trace refuses it, plain steps and records fall back to first-order numbers. */
    static final Rule SOFTPLUS = Rule.unary("softplus", x -> Math.log1p(Math.exp(x)), x -> 1 / (1 + Math.exp(-x)));

    static <T extends RealFieldElement<T>> T[] soft(int t, T[] x, T[] p) {
        T[] y = MathArrays.buildArray(x[0].getField(), 2);
        y[0] = x[0].add(SOFTPLUS.apply(x[1]).multiply(p[0]).multiply(H));
        y[1] = x[1].subtract(x[0].sin().multiply(H));
        return y;
    }

    @Test
    void aStepWithAFirstOrderRuleRunsOnFirstOrderNumbers() {
        int steps = 60;
        double[] p = {0.8};
        LoopGradient g = Checkpoint.gradient(CheckpointTest::soft, steps, X0, p, CheckpointTest::energy, 3);
        double[] z = {X0[0], X0[1], p[0]};
        ScalarFunction whole = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] v) {
                T[] x = MathArrays.buildArray(v[0].getField(), 2);
                T[] q = MathArrays.buildArray(v[0].getField(), 1);
                System.arraycopy(v, 0, x, 0, 2);
                q[0] = v[2];
                for (int t = 0; t < steps; t++) {
                    x = soft(t, x, q);
                }
                return energy(x);
            }
        };
        double[] want = Reverse.gradient(whole, z);
        double[] ours = {g.initialState()[0], g.initialState()[1], g.parameters()[0]};
        for (int i = 0; i < 3; i++) {
            assertEquals(want[i], ours[i], 1e-13 * Math.max(1, Math.abs(want[i])), "entry " + i);
        }
        assertEquals(Reverse.valueAndGradient(whole, z).value(), g.value());
        assertTrue(g.advancedSteps() > steps, "re-runs from snapshots: " + g.advancedSteps());
    }
}
