package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ValueAndGradient;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class ReverseTest {
    private static final double E = Math.exp(-2.125);

    @Test
    void workedExamplesOneToFive() {
        assertEquals(new ValueAndGradient(64, new double[] {72}), Reverse.valueAndGradient(Fns::ex1, 2));
        assertEquals(new ValueAndGradient(27, new double[] {18}), Reverse.valueAndGradient(Fns::ex2, 3));
        assertEquals(new ValueAndGradient(64, new double[] {38}), Reverse.valueAndGradient(Fns::ex3, 3));
        assertEquals(new ValueAndGradient(91, new double[] {43, 20}), Reverse.valueAndGradient(Fns::ex4, 3, 4));
        ValueAndGradient g = Reverse.valueAndGradient(Fns::gauss, 2, 0.5);
        assertEquals(0.23886593653343924, g.value(), 0.23886593653343924 * 1e-14);
        assertEquals(-0.35829890480015886, g.gradient()[0], 0.35829890480015886 * 1e-14);
        assertEquals(-0.11943296826671962, g.gradient()[1], 0.11943296826671962 * 1e-14);
        assertArrayEquals(new double[] {-3 * E, -E}, Reverse.gradient(Fns::gauss, 2, 0.5), 1e-15);
    }

    @Test
    void rosenbrockGradientClosedForm() {
        int n = 50;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        double[] g = Reverse.gradient(Fns::rosenbrock, x);
        double[] expected = new double[n];
        for (int i = 0; i + 1 < n; i++) {
            double a = x[i + 1] - x[i] * x[i];
            expected[i] += -400 * x[i] * a - 2 * (1 - x[i]);
            expected[i + 1] += 200 * a;
        }
        assertArrayEquals(expected, g, 1e-12);
    }

    @Test
    void vjpIsWeightedRowSum() {
        double[] x = {1.5, -0.5};
        double[] u = {2, -3};
        double[] v = Reverse.vjp(Fns::rosenbrockResiduals, x, u);
        // J = [[-20 x1, 10], [-1, 0]]
        assertArrayEquals(new double[] {2 * -30 + -3 * -1, 2 * 10}, v, 1e-14);
    }

    @Test
    void jacobiansOfMinpackResiduals() {
        DMatrixRMaj j = Reverse.jacobian(Fns::rosenbrockResiduals, 1.5, -0.5);
        assertArrayEquals(new double[] {-30, 10, -1, 0}, j.data, 1e-14);
        assertEquals(2, j.numRows);

        double[] p = {3, -1, 0, 1};
        double d = p[1] - 2 * p[2];
        double e = p[0] - p[3];
        double s5 = Math.sqrt(5);
        double s10 = Math.sqrt(10);
        assertArrayEquals(new double[] {1, 10, 0, 0, 0, 0, s5, -s5, 0, 2 * d, -4 * d, 0,
            2 * s10 * e, 0, 0, -2 * s10 * e}, Reverse.jacobian(Fns::powellSingular, p).data, 1e-14);

        double x1 = 0.7;
        double x2 = 1.3;
        double r2 = x1 * x1 + x2 * x2;
        double r = Math.sqrt(r2);
        double[] hv = {100 * x2 / (2 * Math.PI * r2), -100 * x1 / (2 * Math.PI * r2), 10,
            10 * x1 / r, 10 * x2 / r, 0, 0, 0, 1};
        assertArrayEquals(hv, Reverse.jacobian(Fns::helicalValley, x1, x2, 0.2).data, 1e-13);
    }

    @Test
    void jacobianTallUsesForwardModeAndAgrees() {
        assertTrue(4 >= Reverse.FORWARD_RATIO * 1);
        DMatrixRMaj j = Reverse.jacobian(Fns::curve, 0.3);
        assertEquals(4, j.numRows);
        assertEquals(1, j.numCols);
        assertArrayEquals(new double[] {1, 0.6, Math.cos(0.3), Math.exp(0.3)}, j.data, 1e-15);
        // the reverse rows agree: vjp with unit weights
        for (int k = 0; k < 4; k++) {
            double[] u = new double[4];
            u[k] = 1;
            assertEquals(j.get(k, 0), Reverse.vjp(Fns::curve, new double[] {0.3}, u)[0], 1e-15);
        }
    }

    static <T extends RealFieldElement<T>> T returnsNull(T[] x) {
        return null;
    }

    static <T extends RealFieldElement<T>> T[] returnsNullArray(T[] x) {
        return null;
    }

    static <T extends RealFieldElement<T>> T constant(T[] x) {
        return x[0].getField().getOne().multiply(7);
    }

    private static final Tape OTHER = new Tape();
    private static final Var FOREIGN = OTHER.variable(1);

    @SuppressWarnings("unchecked")
    static <T extends RealFieldElement<T>> T foreign(T[] x) {
        return (T) FOREIGN;
    }

    @Test
    void badInputNamesTheArgument() {
        // one wording (org.dualad.internal.Arguments) and one exception type per fault in every facade,
        // each message starting with the method called
        assertTrue(assertThrows(NullPointerException.class, () -> Reverse.gradient(null, 1))
                .getMessage().startsWith("gradient: f must not be null"));
        assertTrue(assertThrows(NullPointerException.class, () -> Reverse.gradient(Fns::ex1, (double[]) null))
                .getMessage().startsWith("gradient: x must not be null"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Reverse.gradient(Fns::ex1))
                .getMessage().startsWith("gradient: x must have at least one element"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Reverse.gradient(ReverseTest::returnsNull, 1))
                .getMessage().startsWith("gradient: f returned null"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Reverse.jacobian(ReverseTest::returnsNullArray, 1)).getMessage().startsWith("jacobian: f returned null"));
        String m = assertThrows(IllegalArgumentException.class,
                () -> Reverse.vjp(Fns::rosenbrockResiduals, new double[] {1, 2}, new double[3])).getMessage();
        assertTrue(m.contains("u has length 3") && m.contains("2 outputs"), m);
        assertThrows(NullPointerException.class, () -> Reverse.vjp(Fns::rosenbrockResiduals, new double[] {1, 2}, null));
        m = assertThrows(IllegalArgumentException.class, () -> Reverse.gradient(ReverseTest::foreign, 1)).getMessage();
        assertTrue(m.contains(OTHER.name()), m);
        assertArrayEquals(new double[] {0, 0}, Reverse.gradient(ReverseTest::constant, 1, 2));
    }

    @Test
    void eightThreadsGetTheSerialResults() throws Exception {
        int calls = 2000;
        double[][] points = new double[calls][];
        double[][] serial = new double[calls][];
        for (int c = 0; c < calls; c++) {
            points[c] = new double[] {Math.sin(c), Math.cos(3 * c), 0.1 * (c % 7)};
            serial[c] = Reverse.gradient(Fns::rosenbrock, points[c]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int offset = t;
                jobs.add(() -> {
                    for (int k = 0; k < calls; k++) {
                        int c = (k + offset * 251) % calls;
                        double[] g = Reverse.gradient(Fns::rosenbrock, points[c]);
                        if (!java.util.Arrays.equals(g, serial[c])) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(jobs)) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static <T extends RealFieldElement<T>> T[] growing(T[] x) {
        T[] r = MathArrays.buildArray(x[0].getField(), x.length);
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i].multiply(i + 1);
        }
        return r;
    }

    /** Calls Reverse.gradient from inside f: the scratch tape is in use, so the inner call gets its own. */
    static <T extends RealFieldElement<T>> T nested(T[] x) {
        double inner = Reverse.gradient(Fns::ex2, 3)[0]; // 18
        return x[0].multiply(inner);
    }

    static RealFieldElement<?> escaped;

    static <T extends RealFieldElement<T>> T leaks(T[] x) {
        escaped = x[0];
        return x[0].sin();
    }

    @Test
    void nestedCallsAndEscapedVariables() {
        assertArrayEquals(new double[] {18}, Reverse.gradient(ReverseTest::nested, 1));
        assertArrayEquals(new double[] {18}, Reverse.gradient(ReverseTest::nested, 2));
        Reverse.gradient(ReverseTest::leaks, 1);
        RealFieldElement<?> old = escaped;
        Reverse.gradient(ReverseTest::leaks, 2); // the thread's tape is reused: old is stale
        String m = assertThrows(IllegalStateException.class, () -> old.exp()).getMessage();
        assertTrue(m.contains("reset") && m.contains("earlier Reverse call"), m);
        assertEquals(1.0, old.getReal());
    }

    @Test
    void squareJacobianIsReverse() {
        DMatrixRMaj j = Reverse.jacobian(ReverseTest::growing, 1, 2, 3);
        assertArrayEquals(new double[] {1, 0, 0, 0, 2, 0, 0, 0, 3}, j.data);
    }
}
