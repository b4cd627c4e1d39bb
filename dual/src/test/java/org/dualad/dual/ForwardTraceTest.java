package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.TapeFootprint;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * {@link Forward} on the trace (HVar on a scratch HTape) against {@link DualNumbers} (tape-free
 * dual numbers) and central finite differences: random programs and the test functions, the
 * directional derivatives on one node, degenerate outputs, the zero policy at kinks, the
 * scratch tape, and many threads.
 */
class ForwardTraceTest {

    /**
     * A random straight-line program over n inputs: each step combines one or two earlier values
     * (inputs or steps) with a smooth operation, so some inputs meet many steps and others few;
     * the output sums the last few steps. Its operations are fixed by the seed.
     */
    static final class Program implements ScalarFunction {
        private final int[] op;
        private final int[] a;
        private final int[] b;
        private final double[] c;
        private final int n;

        Program(long seed, int n, int steps) {
            Random r = new Random(seed);
            this.n = n;
            op = new int[steps];
            a = new int[steps];
            b = new int[steps];
            c = new double[steps];
            for (int s = 0; s < steps; s++) {
                op[s] = r.nextInt(9);
                a[s] = r.nextInt(n + s);
                b[s] = r.nextInt(n + s);
                c[s] = 0.25 + r.nextDouble();
            }
        }

        @Override
        public <T extends RealFieldElement<T>> T value(T[] x) {
            List<T> v = new ArrayList<>(List.of(x));
            for (int s = 0; s < op.length; s++) {
                // indices modulo the values so far: the program runs on any number of inputs
                T p = v.get(a[s] % v.size());
                T q = v.get(b[s] % v.size());
                T y;
                switch (op[s]) {
                    case 0: y = p.add(q); break;
                    case 1: y = p.subtract(q.multiply(c[s])); break;
                    case 2: y = p.multiply(q); break;
                    case 3: y = p.divide(q.multiply(q).add(1)); break;
                    case 4: y = p.sin().multiply(c[s]); break;
                    case 5: y = p.multiply(0.3).exp(); break;
                    case 6: y = p.multiply(p).add(q.multiply(q)).add(c[s]).sqrt(); break;
                    case 7: y = p.atan().add(q.cos()); break;
                    default: {
                        T pq = p.multiply(q);
                        y = pq.multiply(pq).log1p().multiply(p.tanh());
                        break;
                    }
                }
                v.add(y);
            }
            T out = v.get(v.size() - 1);
            for (int s = 2; s <= Math.min(4, op.length); s++) {
                out = out.add(v.get(v.size() - s));
            }
            return out;
        }

        @Override
        public String toString() {
            return "program(" + n + " inputs, " + op.length + " steps)";
        }
    }

    /** A 2-D grid energy over an m x m interior, m = sqrt(n): each input meets its four neighbours. */
    static <T extends RealFieldElement<T>> T grid(T[] x) {
        int m = (int) Math.round(Math.sqrt(x.length));
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < m; i++) {
            for (int j = 0; j + 1 < m; j++) {
                T dx = x[(i + 1) * m + j].subtract(x[i * m + j]);
                T dy = x[i * m + j + 1].subtract(x[i * m + j]);
                s = s.add(dx.multiply(dx).add(dy.multiply(dy)).add(1).sqrt());
            }
        }
        return s;
    }

    private static double[] point(Random rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.3 + rnd.nextDouble() * 1.2;
        }
        return x;
    }

    private static void close(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.max(1, Math.abs(expected)), what);
    }

    private static void close(double[] expected, double[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], rel * scale, what + "[" + i + "]");
        }
    }

    /** Central differences of f on doubles (Decimal64), step h (1 + |x_i|). */
    private static double[] finiteDifferences(ScalarFunction f, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6 * (1 + Math.abs(x[i]));
            double[] p = x.clone();
            double[] m = x.clone();
            p[i] += h;
            m[i] -= h;
            g[i] = (value(f, p) - value(f, m)) / (2 * h);
        }
        return g;
    }

    private static double value(ScalarFunction f, double[] x) {
        org.apache.commons.math3.util.Decimal64[] in = new org.apache.commons.math3.util.Decimal64[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = new org.apache.commons.math3.util.Decimal64(x[i]);
        }
        return f.value(in).getReal();
    }

    private static List<ScalarFunction> functions() {
        List<ScalarFunction> fs = new ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            fs.add(new Program(seed, 1 + (int) (seed % 7), 5 + (int) (seed * 3)));
        }
        fs.add(ForwardTest::rosenbrock);
        fs.add(ForwardTest::dense);
        fs.add(ForwardTraceTest::grid);
        return fs;
    }

    @Test
    void gradientAgreesWithDualNumbersAndFiniteDifferences() {
        Random rnd = new Random(17);
        for (ScalarFunction f : functions()) {
            for (int n : new int[] {1, 3, 9, 40}) {
                double[] x = point(rnd, n);
                double[] g = Forward.gradient(f, x);
                close(DualNumbers.gradient(f, x), g, 1e-13, f + " n=" + n);
                close(finiteDifferences(f, x), g, 1e-6, f + " n=" + n + " vs differences");
                assertEquals(DualNumbers.valueAndGradient(f, x).value(), Forward.valueAndGradient(f, x).value(), 0.0);
                for (int chunk : new int[] {1, 2, 7, 64}) {
                    assertArrayEquals(g, Forward.gradient(f, x, chunk), 0.0, f + " chunk " + chunk);
                }
            }
        }
    }

    @Test
    void theDirectionalDerivativesFirstOrderRecordingGivesTheSameBitsAsAFullOne() {
        // directionalDerivative marks its tape first order (the binary hooks skip the second
        // partials); p must not depend on that mark: the same bits as p on an unmarked tape
        Random rnd = new Random(29);
        for (ScalarFunction f : functions()) {
            for (int n : new int[] {1, 4, 40}) {
                double[] x = point(rnd, n);
                double[] v = point(rnd, n);
                v[0] = 0; // an input off the line: a constant
                HVar full = f.value(new HTape().along(x, v));
                assertEquals(Double.doubleToLongBits(full.p), Double.doubleToLongBits(Forward.directionalDerivative(f, x, v)),
                        f + " n=" + n);
                assertEquals(Double.doubleToLongBits(full.q),
                        Double.doubleToLongBits(Forward.secondDirectionalDerivative(f, x, v)), f + " n=" + n + ": q");
            }
        }
    }

    @Test
    void forwardSweepsGiveTheReverseSweepsGradient() {
        Random rnd = new Random(3);
        for (ScalarFunction f : functions()) {
            double[] x = point(rnd, 16);
            HTape tape = new HTape();
            HVar y = f.value(tape.variables(x));
            close(tape.gradient(y), tape.forwardGradient(y, 5), 1e-13, f.toString());
        }
    }

    @Test
    void hessianAndHvpAgreeWithDualNumbers() {
        Random rnd = new Random(23);
        for (ScalarFunction f : functions()) {
            for (int n : new int[] {1, 4, 10, 15}) {
                double[] x = point(rnd, n);
                DMatrixRMaj h = Forward.hessian(f, x);
                DMatrixRMaj expected = DualNumbers.hessian(f, x);
                close(expected.data, h.data, 1e-12, f + " n=" + n + " Hessian");
                double[] v = point(rnd, n);
                close(DualNumbers.hvp(f, x, v), Forward.hvp(f, x, v), 1e-12, f + " n=" + n + " hvp");
            }
        }
    }

    @Test
    void directionalDerivativesAgreeWithDualsAndTheHessian() {
        Random rnd = new Random(29);
        for (ScalarFunction f : functions()) {
            for (int n : new int[] {1, 5, 12}) {
                double[] x = point(rnd, n);
                double[] v = point(rnd, n);
                for (int i = 0; i < n; i += 2) {
                    v[i] = 0; // zeros in v: those inputs are constants
                }
                close(DualNumbers.directionalDerivative(f, x, v), Forward.directionalDerivative(f, x, v), 1e-13,
                        f + " n=" + n);
                DMatrixRMaj h = DualNumbers.hessian(f, x);
                double vhv = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        vhv += v[i] * h.get(i, j) * v[j];
                    }
                }
                close(vhv, Forward.secondDirectionalDerivative(f, x, v), 1e-12, f + " n=" + n + " v^T H v");
                double[] zero = new double[n];
                assertEquals(0.0, Forward.directionalDerivative(f, x, zero), 0.0);
                assertEquals(0.0, Forward.secondDirectionalDerivative(f, x, zero), 0.0);
            }
        }
    }

    @Test
    void directionalDerivativeRecordsOnlyTheLineParameter() {
        HTape tape = new HTape();
        HVar[] in = tape.along(new double[] {3, 4, 5}, new double[] {1, 2, 0});
        assertTrue(in[2].isConstant(), "v = 0 makes a constant");
        HVar y = in[0].multiply(in[1]).add(in[2].multiply(in[0]).sin()).multiply(in[1]);
        assertEquals(1, tape.size(), "one node: t");
        assertEquals(1, tape.inputCount());
        // d/dt of (3+t)(4+2t) sin(5(3+t)) ... checked against the Dual pass
        Dual[] d = {Dual.of(3, 1), Dual.of(4, 2), Dual.of(5, 0)};
        Dual e = d[0].multiply(d[1]).add(d[2].multiply(d[0]).sin()).multiply(d[1]);
        assertEquals(e.tangent(), tape.gradient(y)[0], 1e-13 * Math.abs(e.tangent()));
        assertEquals(e.value(), y.value(), 0.0);
    }

    @Test
    void alongAndForwardGradientRejectBadArguments() {
        HTape tape = new HTape();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tape.along(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("along") && e.getMessage().contains("length 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tape.along(null, new double[] {1}));
        assertTrue(e.getMessage().contains("along: x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tape.along(new double[] {1}, null));
        assertTrue(e.getMessage().contains("along: v"), e.getMessage());
        HVar y = tape.variable(2).multiply(3);
        e = assertThrows(IllegalArgumentException.class, () -> tape.forwardGradient(y, 0));
        assertTrue(e.getMessage().contains("forwardGradient") && e.getMessage().contains("directions"),
                e.getMessage());
        assertArrayEquals(new double[] {3}, tape.forwardGradient(y, 1), 0.0);
    }

    @Test
    void aConstantOrAnInputAsTheOutput() {
        ScalarFunction constant = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return x[0].getField().getOne().multiply(7);
            }
        };
        ScalarFunction second = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return x[1];
            }
        };
        double[] x = {0.5, -2, 3};
        double[] v = {1, 2, 3};
        assertArrayEquals(new double[3], Forward.gradient(constant, x), 0.0);
        assertEquals(7, Forward.valueAndGradient(constant, x).value(), 0.0);
        assertEquals(0, Forward.directionalDerivative(constant, x, v), 0.0);
        assertArrayEquals(new double[9], Forward.hessian(constant, x).data, 0.0);
        assertArrayEquals(new double[3], Forward.hvp(constant, x, v), 0.0);
        assertArrayEquals(new double[] {0, 1, 0}, Forward.gradient(second, x), 0.0);
        assertEquals(-2, Forward.valueAndGradient(second, x).value(), 0.0);
        assertEquals(2, Forward.directionalDerivative(second, x, v), 0.0);
        assertEquals(0, Forward.secondDirectionalDerivative(second, x, v), 0.0);
        assertArrayEquals(new double[9], Forward.hessian(second, x).data, 0.0);
    }

    /** sqrt(x0 x1) + x2 at x0 = 0: the infinite partial of sqrt meets x1's zero tangent. */
    static <T extends RealFieldElement<T>> T kink(T[] x) {
        return x[0].multiply(x[1]).sqrt().add(x[2].multiply(x[0]).abs());
    }

    @Test
    void zeroPolicyAtKinksAsTheOtherSweepsAndDualNumbers() {
        double[][] points = {{0, 1, 2}, {0, 0, 1}, {1, 0, 0}, {Double.POSITIVE_INFINITY, 1, 1}, {Double.NaN, 1, 1},
            {-0.0, 2, Double.NEGATIVE_INFINITY}};
        for (double[] x : points) {
            HTape tape = new HTape();
            HVar y = kink(tape.variables(x));
            double[] reverse = tape.gradient(y);
            double[] forward = Forward.gradient(ForwardTraceTest::kink, x);
            double[] duals = DualNumbers.gradient(ForwardTraceTest::kink, x);
            String at = java.util.Arrays.toString(x);
            assertArrayEquals(reverse, forward, 0.0, "trace's reverse sweep at " + at);
            assertArrayEquals(duals, forward, 0.0, "dual numbers at " + at);
            double[] e1 = {1, 0, 0};
            assertEquals(DualNumbers.directionalDerivative(ForwardTraceTest::kink, x, e1),
                    Forward.directionalDerivative(ForwardTraceTest::kink, x, e1), 0.0, "directional at " + at);
        }
    }

    @Test
    void theScratchTapeIsKeptPerThreadAndReleased() {
        Forward.releaseScratch();
        assertEquals(TapeFootprint.NONE, Forward.scratchFootprint());
        Forward.gradient(ForwardTest::rosenbrock, 1, 2, 3, 4);
        TapeFootprint kept = Forward.scratchFootprint();
        assertTrue(kept.nodes() > 4 && kept.bytes() > 0, kept.toString());
        Forward.releaseScratch();
        assertEquals(TapeFootprint.NONE, Forward.scratchFootprint());
    }

    /** f(x) = x0 * (d/dx0 of x0^2 at x0 = 3, by a nested Forward call): the nested call gets its own tape. */
    static final class Nested implements ScalarFunction {
        @Override
        public <T extends RealFieldElement<T>> T value(T[] x) {
            double inner = Forward.gradient(Nested::square, 3.0)[0];
            return x[0].multiply(inner).add(x[1].multiply(x[0]));
        }

        static <T extends RealFieldElement<T>> T square(T[] x) {
            return x[0].multiply(x[0]);
        }
    }

    @Test
    void aCallNestedInsideFRecordsOnItsOwnTape() {
        assertArrayEquals(new double[] {6 + 5, 2}, Forward.gradient(new Nested(), 2, 5), 0.0);
        assertArrayEquals(new double[] {0, 1, 1, 0}, Forward.hessian(new Nested(), 2, 5).data, 0.0);
    }

    /** Keeps its first input from the first call and returns it from later ones. */
    static final class ReturnsAKeptNumber implements ScalarFunction {
        private Object kept;

        @Override
        @SuppressWarnings("unchecked")
        public <T extends RealFieldElement<T>> T value(T[] x) {
            if (kept == null) {
                kept = x[0];
            }
            return (T) kept;
        }
    }

    @Test
    void aNumberOfAnEarlierCallIsRejectedNamingTheMethod() {
        ReturnsAKeptNumber f = new ReturnsAKeptNumber();
        assertArrayEquals(new double[] {1, 0}, Forward.gradient(f, 2, 3), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Forward.gradient(f, 2, 3));
        assertTrue(e.getMessage().startsWith("gradient:") && e.getMessage().contains("another call"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Forward.hessian(f, 2, 3));
        assertTrue(e.getMessage().startsWith("hessian:"), e.getMessage());
    }

    @Test
    void manyThreadsMixingEveryMethodGetTheirOwnResults() throws Exception {
        Random rnd = new Random(31);
        int points = 12;
        double[][] xs = new double[points][];
        double[][] gs = new double[points][];
        double[][] hs = new double[points][];
        double[] ds = new double[points];
        double[] v = new double[30];
        java.util.Arrays.fill(v, 0.5);
        for (int i = 0; i < points; i++) {
            xs[i] = point(rnd, 30);
            gs[i] = Forward.gradient(ForwardTest::dense, xs[i]);
            hs[i] = Forward.hessian(ForwardTest::rosenbrock, xs[i]).data;
            ds[i] = Forward.directionalDerivative(ForwardTest::dense, xs[i], v);
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                for (int i = 0; i < points; i++) {
                    int k = i;
                    futures.add(pool.submit(() -> {
                        assertArrayEquals(gs[k], Forward.gradient(ForwardTest::dense, xs[k]), 0.0);
                        assertArrayEquals(hs[k], Forward.hessian(ForwardTest::rosenbrock, xs[k]).data, 0.0);
                        assertEquals(ds[k], Forward.directionalDerivative(ForwardTest::dense, xs[k], v), 0.0);
                        return null;
                    }));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertNotEquals(gs[0][0], gs[1][0], "the points differ");
    }
}
