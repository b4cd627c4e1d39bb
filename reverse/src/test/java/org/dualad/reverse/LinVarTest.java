package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.dual.Dual;
import org.junit.jupiter.api.Test;

/**
 * The gradient tape's preaccumulation: what records a node and what does not, that the sweep of
 * the condensed graph gives the same derivatives, the zero convention, and misuse.
 */
class LinVarTest {

    private static EdgeTape tape() {
        EdgeTape t = new EdgeTape(4);
        t.reset();
        return t;
    }

    /** Runs the sweep from y and returns the adjoints of the inputs. */
    private static double[] gradient(EdgeTape t, LinVar y) {
        t.clearAdjoints();
        int top = t.seed(y, 1);
        if (top >= 0) {
            t.sweep(top);
        }
        return java.util.Arrays.copyOf(t.adjoint, t.inputs);
    }

    @Test
    void unaryChainsAndConstantsRecordNothing() {
        EdgeTape t = tape();
        LinVar[] x = t.variables(new double[] {0.3, 2});
        LinVar y = x[0].sin().exp().multiply(3).add(1).negate().divide(2).pow(3).subtract(0.5);
        assertEquals(2, t.size, "a chain of unary steps is one edge");
        Dual d = Dual.variable(0.3).sin().exp().multiply(3).add(1).negate().divide(2).pow(3).subtract(0.5);
        assertEquals(d.value(), y.value);
        assertEquals(d.tangent(), gradient(t, y)[0], 1e-15 * Math.abs(d.tangent()));
        LinVar z = x[1].multiply(t.field.getOne().multiply(7)).add(t.field.getZero());
        assertEquals(2, t.size, "an operation with a constant operand records nothing");
        assertEquals(7.0, z.partial);
    }

    @Test
    void twoVariablesRecordOneNodeUnlessTheyShareIt() {
        EdgeTape t = tape();
        LinVar[] x = t.variables(new double[] {3, 5});
        LinVar p = x[0].multiply(x[1]);
        assertEquals(3, t.size);
        assertEquals(2, p.node);
        assertEquals(1.0, p.partial);
        assertArrayEquals(new double[] {5, 3}, gradient(t, p));
        // x x, x - x and x / (x + 1) see one node: the partials add, nothing is recorded
        LinVar sq = x[0].multiply(x[0]);
        LinVar zero = x[0].subtract(x[0]);
        LinVar ratio = x[0].divide(x[0].add(1));
        assertEquals(3, t.size);
        assertEquals(6.0, sq.partial);
        assertEquals(0.0, zero.partial);
        assertEquals(1.0 / 16, ratio.partial, 1e-17);
    }

    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    @Test
    void rosenbrockRecordsThreeNodesPerTermWhereTheOpTapeRecordsNine() {
        int n = 1000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        EdgeTape t = tape();
        LinVar y = rosenbrock(t.variables(x));
        assertEquals(3 * (n - 1) - 1, t.size - n); // the first s + ... meets the constant 0
        Tape op = new Tape();
        Var[] v = new Var[n];
        for (int i = 0; i < n; i++) {
            v[i] = op.variable(x[i]);
        }
        Var w = rosenbrock(v);
        assertEquals(9 * (n - 1), op.size() - n);
        op.backward(w);
        double[] g = gradient(t, y);
        for (int i = 0; i < n; i++) {
            assertEquals(op.adjoint(v[i]), g[i], 1e-13 * Math.abs(op.adjoint(v[i])) + 1e-13);
        }
        assertEquals(w.value(), y.value);
    }

    static <T extends RealFieldElement<T>> T zeroTimesSqrt(T[] x) {
        return x[0].sqrt().multiply(0).add(x[1]);
    }

    static <T extends RealFieldElement<T>> T sqrtTimesZeroVariable(T[] x) {
        return x[0].sqrt().multiply(x[1]);
    }

    @Test
    void anExactZeroFactorHidesAnInfinitePartialAsTheOpTapeDoes() {
        // d/dx [0 sqrt(x)] at 0: the op tape never propagates through the zero adjoint
        assertArrayEquals(new double[] {0, 1}, Reverse.gradient(LinVarTest::zeroTimesSqrt, 0, 2));
        // d/dx [sqrt(x) y] at (0, 0): the zero y is a variable's value, a partial, not a skip
        double[] g = Reverse.gradient(LinVarTest::sqrtTimesZeroVariable, 0, 0);
        Tape op = new Tape();
        Var a = op.variable(0);
        Var b = op.variable(0);
        op.backward(a.sqrt().multiply(b));
        assertEquals(op.adjoint(a), g[0], "sqrt(x) y at 0: " + op.adjoint(a));
        assertEquals(op.adjoint(b), g[1]);
        // NaN propagates, except through an exact zero factor (as in the op tape)
        assertTrue(Double.isNaN(Reverse.valueAndGradient(LinVarTest::zeroTimesSqrt, Double.NaN, 1).value()));
        assertArrayEquals(new double[] {0, 1}, Reverse.gradient(LinVarTest::zeroTimesSqrt, Double.NaN, 1));
        assertTrue(Double.isNaN(Reverse.gradient(LinVarTest::sqrtTimesZeroVariable, Double.NaN, 1)[0]));
    }

    static <T extends RealFieldElement<T>> T sqrtOfZero(T[] x) {
        return x[0].subtract(x[0]).sqrt().add(x[1]);
    }

    @Test
    void theZeroPartialOfXMinusXHidesAnInfinitePartialExceptOnTheOpTape() {
        // the zero policy (Chain) on both factors: the edge tape adds the two edges of x - x into
        // one zero partial, which hides sqrt'(0) = inf, as forward mode's zero tangent does
        assertArrayEquals(new double[] {0, 1}, Reverse.gradient(LinVarTest::sqrtOfZero, 3, 2));
        Dual d = sqrtOfZero(new Dual[] {Dual.variable(3), Dual.constant(2)});
        assertEquals(0.0, d.tangent());
        // documented exception: the op tape keeps one edge per operand (its graph and replay need
        // them), so each edge meets inf before they are added at x: inf - inf = NaN, in its sweep
        // and in every replay (the two tape replays, then the compiled program)
        Recording r = Reverse.record(LinVarTest::sqrtOfZero, 3, 2);
        assertTrue(Double.isNaN(r.gradient(3, 2)[0]));
        for (int k = 0; k < 3; k++) {
            double[] g = r.gradient(3, 2);
            assertTrue(Double.isNaN(g[0]), "replay " + k + ": " + g[0]);
            assertEquals(1.0, g[1]);
        }
    }

    static <T extends RealFieldElement<T>> T sqrtPlusOneMinusSqrt(T[] x) {
        return x[0].sqrt().add(1).subtract(x[0].sqrt());
    }

    @Test
    void twoInfinitePartialsOnOneNodeSumToNaNAsInForwardMode() {
        // documented in the README's conventions: the edge tape adds inf and -inf on node x
        assertTrue(Double.isNaN(Reverse.gradient(LinVarTest::sqrtPlusOneMinusSqrt, 0)[0]));
        Dual d = sqrtPlusOneMinusSqrt(new Dual[] {Dual.variable(0)});
        assertTrue(Double.isNaN(d.tangent()));
        // away from the kink the derivative is the exact 0 of a constant function
        assertEquals(0.0, Reverse.gradient(LinVarTest::sqrtPlusOneMinusSqrt, 4)[0]);
    }

    @Test
    void variablesOfTwoTapesOrOfAnEarlierGenerationOrAnotherThreadAreRefused() throws Exception {
        EdgeTape t1 = tape();
        EdgeTape t2 = tape();
        LinVar a = t1.variables(new double[] {1})[0];
        LinVar b = t2.variables(new double[] {2})[0];
        String m = assertThrows(IllegalArgumentException.class, () -> a.add(b)).getMessage();
        assertTrue(m.contains(t1.name()) && m.contains(t2.name()) && m.contains("cannot be mixed"), m);
        t1.reset();
        m = assertThrows(IllegalStateException.class, () -> a.exp()).getMessage();
        assertTrue(m.contains("generation 1") && m.contains("reset"), m);
        assertThrows(IllegalStateException.class, () -> a.add(a.getField().getOne()));
        LinVar[] cd = t1.variables(new double[] {1, 2});
        assertThrows(IllegalStateException.class, () -> cd[0].multiply(a));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // recording writes the tape: only its owner thread may
            Future<?> other = pool.submit(() -> cd[0].exp().multiply(cd[1]));
            Exception e = assertThrows(java.util.concurrent.ExecutionException.class, other::get);
            assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
