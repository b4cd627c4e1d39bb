package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.UnaryFunction;
import org.dualad.ValueAndGradient;
import org.dualad.VectorFunction;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The {@link Forward} facade: every method against Commons Math {@link DerivativeStructure} on
 * smooth test functions, the chunking rule, windowed against dense tangents, and bad input.
 */
class ForwardTest {

    // ------------------------------------------------------------------ test functions

    /** Extended Rosenbrock: sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 (sparse: each input touches two terms). */
    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T sum = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            sum = sum.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return x.length == 1 ? x[0].multiply(x[0]) : sum;
    }

    /** A dense smooth function: every input meets every other through the sum s. */
    static <T extends RealFieldElement<T>> T dense(T[] x) {
        T s = x[0].getField().getZero();
        for (T xi : x) {
            s = s.add(xi.sin().multiply(xi.multiply(0.3).exp()));
        }
        T r = s.multiply(s).add(1).log();
        for (int i = 0; i < x.length; i++) {
            r = r.add(x[i].multiply(i + 1).divide(x[(i + 1) % x.length].multiply(x[(i + 1) % x.length]).add(2)));
        }
        return r.add(s.atan());
    }

    /** R^3 -&gt; R^4 (m != n). */
    static <T extends RealFieldElement<T>> T[] vector(T[] x) {
        T[] y = MathArrays.buildArray(x[0].getField(), 4);
        y[0] = x[0].multiply(x[1].cos());
        y[1] = x[0].multiply(x[1].sin()).multiply(x[2]);
        y[2] = x[2].exp().add(x[0].hypot(x[1]));
        y[3] = x[0].multiply(x[1]).multiply(x[2]).sqrt();
        return y;
    }

    static <T extends RealFieldElement<T>> T unary(T x) {
        return x.sin().multiply(x.exp()).add(x.multiply(x).add(1).sqrt()).divide(x.cosh());
    }

    // ------------------------------------------------------------------ oracle

    private static DerivativeStructure[] ds(double[] x, int order) {
        DerivativeStructure[] v = new DerivativeStructure[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = new DerivativeStructure(x.length, order, i, x[i]);
        }
        return v;
    }

    private static int[] unit(int n, int i) {
        int[] o = new int[n];
        o[i] = 1;
        return o;
    }

    private static double[] dsGradient(ScalarFunction f, double[] x) {
        DerivativeStructure y = f.value(ds(x, 1));
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = y.getPartialDerivative(unit(x.length, i));
        }
        return g;
    }

    private static double[] point(Random rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.3 + rnd.nextDouble() * 1.4;
        }
        return x;
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-13 * Math.max(1, Math.abs(expected)), what);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-13 * scale, what + "[" + i + "]");
        }
    }

    // ------------------------------------------------------------------ results

    @Test
    void derivativeAndSecondDerivativeMatchDerivativeStructure() {
        for (double x = -3; x <= 3; x += 0.37) {
            DerivativeStructure y = unary(new DerivativeStructure(1, 2, 0, x));
            assertClose(y.getPartialDerivative(1), Forward.derivative(ForwardTest::unary, x), "f'(" + x + ")");
            assertClose(y.getPartialDerivative(2), Forward.secondDerivative(ForwardTest::unary, x), "f''(" + x + ")");
        }
    }

    @Test
    void gradientAndValueAndGradientMatchDerivativeStructure() {
        Random rnd = new Random(42);
        for (int n : new int[] {1, 2, 5, 17, 130}) {
            for (ScalarFunction f : new ScalarFunction[] {ForwardTest::rosenbrock, ForwardTest::dense}) {
                double[] x = point(rnd, n);
                double[] copy = x.clone();
                double[] g = Forward.gradient(f, x);
                assertClose(dsGradient(f, x), g, "gradient n=" + n);
                ValueAndGradient vg = Forward.valueAndGradient(f, x);
                assertEquals(f.value(ds(x, 1)).getValue(), vg.value(), 1e-13 * Math.abs(vg.value()), "value n=" + n);
                assertArrayEquals(g, vg.gradient(), 0.0, "valueAndGradient's gradient is gradient's");
                assertArrayEquals(copy, x, 0.0, "x not modified");
            }
        }
    }

    @Test
    void directionalDerivativeAndJvpMatchDerivativeStructure() {
        Random rnd = new Random(7);
        for (int n : new int[] {1, 3, 40}) {
            double[] x = point(rnd, n);
            double[] v = point(rnd, n);
            double[] g = dsGradient(ForwardTest::dense, x);
            double dd = 0;
            double scale = 0;
            for (int i = 0; i < n; i++) {
                dd += g[i] * v[i];
                scale += Math.abs(g[i] * v[i]);
            }
            assertEquals(dd, Forward.directionalDerivative(ForwardTest::dense, x, v), 1e-13 * scale, "n=" + n);
        }
        double[] x = {0.7, 1.1, 0.4};
        double[] v = {0.5, -2, 1.5};
        DerivativeStructure[] y = vector(ds(x, 1));
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                expected[i] += y[i].getPartialDerivative(unit(3, j)) * v[j];
            }
        }
        assertClose(expected, Forward.jvp(ForwardTest::vector, x, v), "jvp");
    }

    @Test
    void jacobianOfAnMByNFunctionMatchesDerivativeStructure() {
        double[] x = {0.7, 1.1, 0.4};
        DMatrixRMaj j = Forward.jacobian(ForwardTest::vector, x);
        assertEquals(4, j.numRows);
        assertEquals(3, j.numCols);
        DerivativeStructure[] y = vector(ds(x, 1));
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 3; c++) {
                assertClose(y[r].getPartialDerivative(unit(3, c)), j.get(r, c), "J(" + r + "," + c + ")");
            }
        }
    }

    @Test
    void hessianMatchesDerivativeStructureAndIsExactlySymmetric() {
        Random rnd = new Random(3);
        for (int n : new int[] {1, 2, 6}) {
            for (ScalarFunction f : new ScalarFunction[] {ForwardTest::rosenbrock, ForwardTest::dense}) {
                double[] x = point(rnd, n);
                DMatrixRMaj h = Forward.hessian(f, x);
                DerivativeStructure y = f.value(ds(x, 2));
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) {
                        int[] o = new int[n];
                        o[i]++;
                        o[k]++;
                        double e = y.getPartialDerivative(o);
                        assertEquals(e, h.get(i, k), 1e-12 * Math.max(1, Math.abs(e)), "H(" + i + "," + k + ") n=" + n);
                        assertEquals(h.get(i, k), h.get(k, i), 0.0, "symmetric");
                    }
                }
            }
        }
    }

    /** Worked examples 4 and 5 as one R^2 -&gt; R^2 function. */
    static <T extends RealFieldElement<T>> T[] examples4And5(T[] x) {
        T[] y = MathArrays.buildArray(x[0].getField(), 2);
        y[0] = WorkedExamplesTest.uv(x);
        y[1] = WorkedExamplesTest.toolbox(x);
        return y;
    }

    @Test
    void directionalDerivativeJvpAndJacobianOnTheWorkedExamples() {
        // example 4 at (3, 4): grad = (43, 20), exact
        assertEquals(43, Forward.directionalDerivative(WorkedExamplesTest::uv, new double[] {3, 4}, new double[] {1, 0}));
        assertEquals(20, Forward.directionalDerivative(WorkedExamplesTest::uv, new double[] {3, 4}, new double[] {0, 1}));
        assertEquals(43 * 2 - 20, Forward.directionalDerivative(WorkedExamplesTest::uv, new double[] {3, 4}, new double[] {2, -1}));
        // example 5 at (2, 1/2): grad = (-3e, -e)
        double e = Math.exp(-2.125);
        double[] x = {2, 0.5};
        DMatrixRMaj j = Forward.jacobian(ForwardTest::examples4And5, x);
        assertEquals(2, j.numRows);
        assertEquals(2, j.numCols);
        // at (2, 0.5) example 4's gradient is (3 x1^2 + 4 x2, 2 x2 + 4 x1) = (14, 9)
        assertEquals(14, j.get(0, 0));
        assertEquals(9, j.get(0, 1));
        assertEquals(-3 * e, j.get(1, 0), 1e-14 * 3 * e);
        assertEquals(-e, j.get(1, 1), 1e-14 * e);
        double[] jv = Forward.jvp(ForwardTest::examples4And5, x, new double[] {1, 1});
        assertEquals(23, jv[0]);
        assertEquals(-4 * e, jv[1], 1e-14 * 4 * e);
    }

    @Test
    void concurrentCallsDoNotInterfere() throws Exception {
        Random rnd = new Random(9);
        double[][] points = new double[8][];
        double[][] expected = new double[8][];
        for (int i = 0; i < points.length; i++) {
            points[i] = point(rnd, 150);
            expected[i] = Forward.gradient(ForwardTest::dense, points[i]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<double[]>> futures = new java.util.ArrayList<>();
            for (int r = 0; r < 4; r++) {
                for (double[] p : points) {
                    futures.add(pool.submit(() -> Forward.gradient(ForwardTest::dense, p)));
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertArrayEquals(expected[k % points.length], futures.get(k).get(), 0.0, "call " + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ chunking and windows

    @Test
    void chunkSizeIsOnePassUpTo128AndBalancedBeyond() {
        for (int n = 1; n <= 128; n++) {
            assertEquals(n, Forward.chunkSize(n));
        }
        assertEquals(65, Forward.chunkSize(129));
        assertEquals(128, Forward.chunkSize(256));
        assertEquals(86, Forward.chunkSize(257));
        assertEquals(100, Forward.chunkSize(300));
        for (int n = 129; n <= 2000; n++) {
            int k = Forward.chunkSize(n);
            int passes = (n + k - 1) / k;
            assertTrue(k <= Forward.MAX_CHUNK, "n=" + n);
            assertEquals((n + Forward.MAX_CHUNK - 1) / Forward.MAX_CHUNK, passes, "fewest passes, n=" + n);
            assertTrue(n - (passes - 1) * k >= k - passes, "balanced: the last pass is not short, n=" + n);
        }
    }

    @Test
    void everyChunkGivesTheSameGradient() {
        Random rnd = new Random(11);
        for (ScalarFunction f : new ScalarFunction[] {ForwardTest::rosenbrock, ForwardTest::dense}) {
            double[] x = point(rnd, 20);
            double[] g = Forward.gradient(f, x);
            for (int chunk = 1; chunk <= 25; chunk++) {
                assertArrayEquals(g, Forward.gradient(f, x, chunk), 0.0, "chunk " + chunk);
            }
        }
        double[] x = point(rnd, 300);
        double[] g = Forward.gradient(ForwardTest::rosenbrock, x);
        assertClose(dsGradient(ForwardTest::rosenbrock, x), g, "n=300");
        for (int chunk : new int[] {1, 7, 64, 99, 100, 101, 128, 150, 299, 300, 1000}) {
            assertArrayEquals(g, Forward.gradient(ForwardTest::rosenbrock, x, chunk), 0.0, "n=300 chunk " + chunk);
        }
    }

    @Test
    void windowedTangentsGiveTheSameAsDenseOnes() {
        Random rnd = new Random(5);
        for (ScalarFunction f : new ScalarFunction[] {ForwardTest::rosenbrock, ForwardTest::dense}) {
            for (int n : new int[] {1, 4, 33}) {
                double[] x = point(rnd, n);
                MultiDual[] denseIn = new MultiDual[n];
                for (int i = 0; i < n; i++) {
                    double[] t = new double[n];
                    t[i] = 1;
                    denseIn[i] = MultiDual.of(x[i], t);
                }
                MultiDual y = f.value(denseIn);
                // the windowed MultiDual kernel is DualNumbers' now: bit for bit; the trace to rounding
                assertArrayEquals(y.tangents(), DualNumbers.gradient(f, x), 0.0, "n=" + n);
                assertEquals(y.value(), DualNumbers.valueAndGradient(f, x).value(), 0.0);
                assertClose(y.tangents(), Forward.gradient(f, x), "trace n=" + n);
                assertEquals(y.value(), Forward.valueAndGradient(f, x).value(), 0.0);
            }
        }
    }

    // ------------------------------------------------------------------ bad input

    private static <X extends Throwable> void rejects(Class<X> type, Executable call, String... words) {
        X e = assertThrows(type, call::run);
        for (String w : words) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(w),
                    "message \"" + e.getMessage() + "\" should name \"" + w + "\"");
        }
    }

    /** A Runnable that may throw, for assertThrows with a message check. */
    interface Executable {
        void run();
    }

    @Test
    void nullFunctionIsRejectedByEveryMethod() {
        double[] x = {1, 2};
        double[] v = {1, 1};
        rejects(NullPointerException.class, () -> Forward.derivative(null, 1), "derivative", "f");
        rejects(NullPointerException.class, () -> Forward.secondDerivative(null, 1), "secondDerivative", "f");
        rejects(NullPointerException.class, () -> Forward.gradient(null, x), "gradient", "f");
        rejects(NullPointerException.class, () -> Forward.gradient(null, x, 1), "gradient", "f");
        rejects(NullPointerException.class, () -> Forward.valueAndGradient(null, x), "valueAndGradient", "f");
        rejects(NullPointerException.class, () -> Forward.directionalDerivative(null, x, v), "directionalDerivative", "f");
        rejects(NullPointerException.class, () -> Forward.jvp(null, x, v), "jvp", "f");
        rejects(NullPointerException.class, () -> Forward.jacobian(null, x), "jacobian", "f");
        rejects(NullPointerException.class, () -> Forward.hessian(null, x), "hessian", "f");
    }

    @Test
    void nullOrEmptyPointIsRejectedByEveryMethod() {
        ScalarFunction f = ForwardTest::dense;
        VectorFunction g = ForwardTest::vector;
        double[] v = {1};
        double[] none = {};
        rejects(NullPointerException.class, () -> Forward.gradient(f, (double[]) null), "gradient", "x");
        rejects(NullPointerException.class, () -> Forward.gradient(f, null, 2), "gradient", "x");
        rejects(NullPointerException.class, () -> Forward.valueAndGradient(f, (double[]) null), "valueAndGradient", "x");
        rejects(NullPointerException.class, () -> Forward.directionalDerivative(f, null, v), "directionalDerivative", "x");
        rejects(NullPointerException.class, () -> Forward.jvp(g, null, v), "jvp", "x");
        rejects(NullPointerException.class, () -> Forward.jacobian(g, (double[]) null), "jacobian", "x");
        rejects(NullPointerException.class, () -> Forward.hessian(f, (double[]) null), "hessian", "x");
        rejects(IllegalArgumentException.class, () -> Forward.gradient(f), "gradient", "x", "empty");
        rejects(IllegalArgumentException.class, () -> Forward.gradient(f, none, 2), "gradient", "x", "empty");
        rejects(IllegalArgumentException.class, () -> Forward.valueAndGradient(f), "valueAndGradient", "x", "empty");
        rejects(IllegalArgumentException.class, () -> Forward.directionalDerivative(f, none, none), "directionalDerivative", "x");
        rejects(IllegalArgumentException.class, () -> Forward.jvp(g, none, none), "jvp", "x", "empty");
        rejects(IllegalArgumentException.class, () -> Forward.jacobian(g), "jacobian", "x", "empty");
        rejects(IllegalArgumentException.class, () -> Forward.hessian(f), "hessian", "x", "empty");
    }

    @Test
    void directionOfAnotherLengthIsRejected() {
        double[] x = {0.5, 0.6, 0.7};
        rejects(IllegalArgumentException.class, () -> Forward.directionalDerivative(ForwardTest::dense, x, new double[] {1, 2}),
                "directionalDerivative", "v", "length 2", "3");
        rejects(IllegalArgumentException.class, () -> Forward.jvp(ForwardTest::vector, x, new double[] {1, 2, 3, 4}),
                "jvp", "v", "length 4", "3");
        rejects(NullPointerException.class, () -> Forward.jvp(ForwardTest::vector, x, null), "jvp", "v");
        rejects(NullPointerException.class, () -> Forward.directionalDerivative(ForwardTest::dense, x, null),
                "directionalDerivative", "v");
    }

    @Test
    void chunkBelowOneIsRejected() {
        for (int chunk : new int[] {0, -1, Integer.MIN_VALUE}) {
            rejects(IllegalArgumentException.class, () -> Forward.gradient(ForwardTest::dense, new double[] {1, 2}, chunk),
                    "gradient", "chunk", String.valueOf(chunk));
        }
    }

    /** Returns null, or an array holding a null, or one whose length changes every call. */
    static final class Misbehaving implements VectorFunction, UnaryFunction {
        private final String mode;
        private int calls;

        Misbehaving(String mode) {
            this.mode = mode;
        }

        @Override
        public <T extends RealFieldElement<T>> T[] value(T[] x) {
            calls++;
            switch (mode) {
                case "null":
                    return null;
                case "empty":
                    return MathArrays.buildArray(x[0].getField(), 0);
                case "holds null": {
                    T[] y = java.util.Arrays.copyOf(x, 2); // buildArray would fill with zeros
                    y[1] = null;
                    return y;
                }
                default: { // "grows": 1 output, then 2, ...
                    T[] y = MathArrays.buildArray(x[0].getField(), calls);
                    java.util.Arrays.fill(y, x[0]);
                    return y;
                }
            }
        }

        @Override
        public <T extends RealFieldElement<T>> T value(T x) {
            return null;
        }
    }

    /** A ScalarFunction returning null (a separate type: ScalarFunction and VectorFunction share a method name). */
    static final class ReturnsNull implements ScalarFunction {
        @Override
        public <T extends RealFieldElement<T>> T value(T[] x) {
            return null;
        }
    }

    @Test
    void badFunctionOutputIsRejectedWithItsShape() {
        double[] x = {0.5, 0.6};
        double[] v = {1, 1};
        rejects(IllegalArgumentException.class, () -> Forward.jvp(new Misbehaving("null"), x, v), "jvp", "null");
        rejects(IllegalArgumentException.class, () -> Forward.jacobian(new Misbehaving("null"), x), "jacobian", "null");
        rejects(IllegalArgumentException.class, () -> Forward.jacobian(new Misbehaving("empty"), x), "jacobian", "no outputs");
        rejects(IllegalArgumentException.class, () -> Forward.jvp(new Misbehaving("holds null"), x, v), "jvp", "null", "output 1");
        rejects(IllegalArgumentException.class, () -> Forward.jacobian(new Misbehaving("holds null"), x), "jacobian", "output 1");
        // 300 inputs: three chunk passes, the second returns 2 outputs after 1
        double[] big = new double[300];
        java.util.Arrays.fill(big, 0.5);
        rejects(IllegalArgumentException.class, () -> DualNumbers.jacobian(new Misbehaving("grows"), big), "jacobian", "2 outputs", "1 before");
        ScalarFunction nullScalar = new ReturnsNull();
        rejects(IllegalArgumentException.class, () -> Forward.gradient(nullScalar, x), "gradient", "null");
        rejects(IllegalArgumentException.class, () -> Forward.valueAndGradient(nullScalar, x), "valueAndGradient", "null");
        rejects(IllegalArgumentException.class, () -> Forward.directionalDerivative(nullScalar, x, v), "directionalDerivative", "null");
        rejects(IllegalArgumentException.class, () -> Forward.hessian(nullScalar, x), "hessian", "null");
        UnaryFunction nullUnary = new Misbehaving("null");
        rejects(IllegalArgumentException.class, () -> Forward.derivative(nullUnary, 1), "derivative", "null");
        rejects(IllegalArgumentException.class, () -> Forward.secondDerivative(nullUnary, 1), "secondDerivative", "null");
    }

    /** Returns a number not made from its inputs: a MultiDual of another width (wrong, but must not corrupt or crash). */
    static final class ForeignScalar implements ScalarFunction {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends RealFieldElement<T>> T value(T[] x) {
            return (T) (Object) MultiDual.variable(1, 7, 9);
        }
    }

    /** The vector form of {@link ForeignScalar}. */
    static final class ForeignVector implements VectorFunction {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends RealFieldElement<T>> T[] value(T[] x) {
            T[] y = java.util.Arrays.copyOf(x, 2);
            y[0] = (T) (Object) MultiDual.variable(1, 7, 9);
            y[1] = x[0];
            return y;
        }
    }

    @Test
    void aResultOfAnotherWidthIsRejectedNotIndexedOutOfBounds() {
        double[] x = {0.5, 0.6};
        rejects(IllegalArgumentException.class, () -> Forward.gradient(new ForeignScalar(), x), "gradient", "tangents");
        rejects(IllegalArgumentException.class, () -> DualNumbers.jacobian(new ForeignVector(), x), "jacobian", "tangents");
        // on the trace (an HVar[] array cannot hold a MultiDual: the function's own store fails)
        assertThrows(ArrayStoreException.class, () -> Forward.jacobian(new ForeignVector(), x));
        rejects(IllegalArgumentException.class, () -> Forward.jacobian(new ForeignOnTrace(), x), "jacobian", "another tape");
        rejects(IllegalArgumentException.class, () -> Forward.jvp(new ForeignOnTrace(), x, x), "jvp: output 0", "another call");
    }

    @Test
    void theTapeFreeVectorKernelsCheckTheirArguments() {
        rejects(NullPointerException.class, () -> DualNumbers.jacobian(null, 1, 2), "jacobian", "f");
        rejects(IllegalArgumentException.class, () -> DualNumbers.jacobian(new ForeignVector()), "jacobian");
        rejects(NullPointerException.class, () -> DualNumbers.jvp(null, new double[] {1}, new double[] {1}), "jvp");
    }

    /** Returns a variable of a tape of its own: not made from its inputs. */
    static final class ForeignOnTrace implements VectorFunction {
        @Override
        @SuppressWarnings("unchecked")
        public <T extends RealFieldElement<T>> T[] value(T[] x) {
            T[] y = java.util.Arrays.copyOf(x, 2);
            HTape other = new HTape();
            y[0] = (T) (Object) other.variable(1).multiply(other.variable(2));
            return y;
        }
    }

    @Test
    void nanAndInfinityInTheInputPropagateWithoutThrowing() {
        double[] x = {Double.NaN, 1, Double.POSITIVE_INFINITY};
        double[] g = Forward.gradient(ForwardTest::dense, x);
        assertEquals(3, g.length);
        assertTrue(Double.isNaN(Forward.valueAndGradient(ForwardTest::dense, x).value()));
        DMatrixRMaj h = Forward.hessian(ForwardTest::rosenbrock, x);
        assertEquals(3, h.numRows);
        assertTrue(Double.isNaN(Forward.derivative(ForwardTest::unary, Double.NaN)));
    }
}
