package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The Laplacian by forward sweeps over the HTape ({@link Hybrid#laplacian}, {@link HTape#laplacian})
 * against the two independent references: the one-pass {@link ForwardLaplacian} and the trace of
 * {@link Hybrid#hessian}. Random programs (sparse and dense), the test functions, every chunk
 * boundary, constants, a lone input, NaN and infinite inputs.
 */
class TapeLaplacianTest {
    private static final double TOL = 1e-12;

    /** The forward Laplacian: f run once on ForwardLaplacian numbers. */
    static double forwardLaplacian(ScalarFunction f, double[] x) {
        ForwardLaplacian[] in = new ForwardLaplacian[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = ForwardLaplacian.variable(x[i], i, x.length);
        }
        return f.value(in).laplacian();
    }

    static double trace(DMatrixRMaj h) {
        double t = 0;
        for (int i = 0; i < h.numRows; i++) {
            t += h.get(i, i);
        }
        return t;
    }

    /** The sum of |H_ii|: the scale against which rounding in the trace is judged. */
    static double diagonalScale(DMatrixRMaj h) {
        double s = 0;
        for (int i = 0; i < h.numRows; i++) {
            s += Math.abs(h.get(i, i));
        }
        return s;
    }

    private static void close(double expected, double actual, double scale, String what) {
        if (!(Math.abs(expected - actual) <= TOL * Math.max(1, scale))) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }

    /** The three ways agree to 1e-12 relative to the diagonal's size. */
    private static void agree(ScalarFunction f, double[] x, String what) {
        double lap = Hybrid.laplacian(f, x);
        DMatrixRMaj h = Hybrid.hessian(f, x);
        double scale = diagonalScale(h);
        close(trace(h), lap, scale, what + " vs trace");
        close(forwardLaplacian(f, x), lap, scale, what + " vs ForwardLaplacian");
    }

    /**
     * A random straight-line program over n inputs: each step combines one or two earlier values
     * (inputs or results, picked near the end of the list so sparse programs stay local, or from
     * anywhere for dense ones) and the result is the sum of the last few values.
     */
    static final class Program implements ScalarFunction {
        private final int[] op;
        private final int[] a;
        private final int[] b;
        private final double[] c;
        private final int n;

        Program(long seed, int n, int steps, boolean local) {
            SplittableRandom r = new SplittableRandom(seed);
            this.n = n;
            op = new int[steps];
            a = new int[steps];
            b = new int[steps];
            c = new double[steps];
            for (int s = 0; s < steps; s++) {
                int have = n + s;
                op[s] = r.nextInt(12);
                int window = local ? Math.min(have, 4) : have;
                a[s] = have - 1 - r.nextInt(window);
                b[s] = local ? r.nextInt(n) : r.nextInt(have);
                c[s] = 0.5 + r.nextDouble();
            }
        }

        @Override
        public <T extends RealFieldElement<T>> T value(T[] x) {
            @SuppressWarnings("unchecked")
            T[] v = (T[]) java.lang.reflect.Array.newInstance(x.getClass().getComponentType(), n + op.length);
            System.arraycopy(x, 0, v, 0, n);
            for (int s = 0; s < op.length; s++) {
                T p = v[a[s]];
                T q = v[b[s]];
                T y;
                switch (op[s]) {
                    case 0: y = p.add(q); break;
                    case 1: y = p.subtract(q.multiply(c[s])); break;
                    case 2: y = p.multiply(q); break;
                    case 3: y = p.divide(q.multiply(q).add(c[s])); break;
                    case 4: y = p.sin().add(q.multiply(c[s])); break;
                    case 5: y = p.multiply(0.3).tanh().multiply(q); break;
                    case 6: y = p.multiply(p).add(q.multiply(q)).add(1).sqrt(); break;
                    case 7: y = p.atan2(q.add(3 * c[s])); break;
                    case 8: y = p.multiply(0.2).exp().add(q); break;
                    case 9: y = p.hypot(q.add(c[s])); break;
                    case 10: y = p.multiply(p).multiply(c[s]); break;
                    default: y = p.add(q).multiply(0.4).cos(); break;
                }
                v[n + s] = y;
            }
            T out = v[n + op.length - 1];
            for (int s = 2; s <= Math.min(4, op.length); s++) {
                out = out.add(v[n + op.length - s]);
            }
            return out;
        }
    }

    private static double[] point(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble(-1.5, 1.5);
        }
        return x;
    }

    @Test
    void randomProgramsAgreeWithTheTraceAndTheForwardLaplacian() {
        int[] sizes = {1, 2, 3, 5, 9, 31, 32, 33, 65};
        for (int t = 0; t < 240; t++) {
            int n = sizes[t % sizes.length];
            boolean local = t % 2 == 0;
            Program f = new Program(1000 + t, n, 3 * n + 10, local);
            agree(f, point(77 + t, n), "program " + t + " (n = " + n + (local ? ", sparse)" : ", dense)"));
        }
    }

    @Test
    void testFunctionsAgreeAcrossChunkBoundaries() {
        for (String name : new String[] {"rosenbrock", "logSumExp", "mixed", "rational"}) {
            ScalarFunction f = TestFunctions.byName(name);
            for (int n : new int[] {1, 2, 31, 32, 33, 65, 130}) {
                if (name.equals("rational") && n > 65) {
                    continue; // its product of n factors (x_i + i + 1), squared, leaves the double range
                }
                double[] x = point(n, n);
                agree(f, x, name + " at n = " + n);
            }
        }
    }

    /**
     * A stencil energy, sum over neighbours of sqrt(1 + (x_{i+1} - x_i)^2 + (x_{i+m} - x_i)^2) on an
     * m x m grid: differences of two inputs read once (their tangents are never formed) inside
     * squared norms.
     */
    static <T extends RealFieldElement<T>> T stencil(T[] x) {
        int m = (int) Math.round(Math.sqrt(x.length));
        T e = x[0].getField().getZero();
        for (int i = 0; i + 1 < m; i++) {
            for (int j = 0; j + 1 < m; j++) {
                T c = x[i * m + j];
                T dx = x[(i + 1) * m + j].subtract(c);
                T dy = x[i * m + j + 1].subtract(c);
                e = e.add(dx.multiply(dx).add(dy.multiply(dy)).multiply(3).add(1).sqrt());
            }
        }
        return e;
    }

    /**
     * A tanh network's squared error, the weights x: products of a weight (an input) and a hidden
     * unit (a node) summed into the next layer, as a least-squares loss over weights is built.
     */
    static <T extends RealFieldElement<T>> T network(T[] x) {
        int h = (x.length - 1) / 4;
        T loss = x[0].getField().getZero();
        for (int s = 0; s < 3; s++) {
            double in = 0.3 * s - 0.4;
            T y = x[4 * h];
            T[] hidden = java.util.Arrays.copyOf(x, h);
            for (int j = 0; j < h; j++) {
                hidden[j] = x[j].multiply(in).add(x[h + j]).tanh();
            }
            for (int j = 0; j < h; j++) {
                T z = x[2 * h + j];
                for (int k = 0; k < h; k++) {
                    z = z.add(x[(3 * h + k + j) % (4 * h)].multiply(hidden[k]));
                }
                y = y.add(z.tanh().multiply(0.5 + j));
            }
            T r = y.subtract(s);
            loss = loss.add(r.multiply(r));
        }
        return loss;
    }

    @Test
    void networksAgree() {
        for (int h : new int[] {1, 2, 5, 8, 17}) {
            int n = 4 * h + 1;
            agree(TapeLaplacianTest::network, point(h, n), "network h = " + h);
            HTape tape = new HTape();
            HVar y = network(tape.variables(point(h + 1, n)));
            double all = tape.laplacian(y, n);
            for (int k : new int[] {1, 3, 32}) {
                close(all, tape.laplacian(y, k), diagonalScale(tape.hessian(y)), "network K = " + k);
            }
        }
    }

    @Test
    void stencilEnergiesAgree() {
        for (int m : new int[] {2, 3, 6, 9, 12}) {
            agree(TapeLaplacianTest::stencil, point(m, m * m), "stencil m = " + m);
            HTape tape = new HTape();
            double[] x = point(m + 1, m * m);
            HVar y = stencil(tape.variables(x));
            double all = tape.laplacian(y, m * m);
            for (int k : new int[] {1, 5, 32}) {
                close(all, tape.laplacian(y, k), diagonalScale(tape.hessian(y)), "stencil K = " + k);
            }
        }
    }

    @Test
    void everyChunkWidthGivesTheSameLaplacian() {
        Program dense = new Program(5, 65, 200, false);
        Program sparse = new Program(6, 65, 200, true);
        for (Program f : new Program[] {dense, sparse}) {
            double[] x = point(3, 65);
            HTape tape = new HTape();
            HVar y = f.value(tape.variables(x));
            double all = tape.laplacian(y, 65);
            double scale = diagonalScale(tape.hessian(y));
            for (int k : new int[] {1, 2, 7, 31, 32, 33, 64, 1000}) {
                close(all, tape.laplacian(y, k), scale, "K = " + k);
            }
            close(all, tape.laplacian(y), scale, "default K");
            close(trace(tape.hessian(y)), all, scale, "trace");
        }
    }

    @Test
    void constantOutputsAndLoneInputs() {
        assertEquals(0.0, Hybrid.laplacian(TapeLaplacianTest::constant, 1, 2), 0);
        assertEquals(0.0, Hybrid.laplacian(TapeLaplacianTest::cancel, 1, 2), 0);
        assertEquals(0.0, Hybrid.laplacian(TapeLaplacianTest::second, 1, 2), 0);
        assertEquals(0.0, Hybrid.laplacian(TapeLaplacianTest::first, 4), 0);
        // one input, folded (p, q) only: x^3 has L = 6x
        assertEquals(24.0, Hybrid.laplacian(TapeLaplacianTest::cube, 4), 1e-13);
        // an input's square plus a constant
        assertEquals(2.0, Hybrid.laplacian(TapeLaplacianTest::square, 1, 2, 3), 0);
        // n = 1 with a recorded node: x sin(x) (the same node: folded)
        double x0 = 0.7;
        assertEquals(2 * Math.cos(x0) - x0 * Math.sin(x0),
                Hybrid.laplacian(TapeLaplacianTest::xSinX, x0), 1e-14);
        HTape tape = new HTape();
        tape.variables(1, 2);
        assertEquals(0.0, tape.laplacian(HTape.constant(5)), 0);
    }

    @Test
    void uSquaredVSquaredAndTheWorkedExample() {
        // u^3 + v^2 + 4uv at (3, 4): 6u + 2 = 20
        assertEquals(20.0, Hybrid.laplacian(TapeLaplacianTest::worked, 3, 4), 1e-13);
        // a product of two different inputs: the dot product of their tangents is 0
        assertEquals(0.0, Hybrid.laplacian(TapeLaplacianTest::product, 3, 4), 0);
        // (x0 + x1)^2: the node's tangent (1, 1) squared times q = 2: 4
        assertEquals(4.0, Hybrid.laplacian(TapeLaplacianTest::sumSquared, 3, 4), 1e-14);
    }

    @Test
    void nanAndInfiniteInputsFollowTheForwardLaplacianAndTheTrace() {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0};
        String[] names = {"rosenbrock", "logSumExp", "mixed", "rational"};
        for (String name : names) {
            ScalarFunction f = TestFunctions.byName(name);
            for (double s : specials) {
                for (int at = 0; at < 3; at++) {
                    double[] x = point(11, 3);
                    x[at] = s;
                    double lap = Hybrid.laplacian(f, x);
                    double fl = forwardLaplacian(f, x);
                    double tr = trace(Hybrid.hessian(f, x));
                    String what = name + " with x[" + at + "] = " + s;
                    sameKind(fl, lap, what + " vs ForwardLaplacian");
                    sameKind(tr, lap, what + " vs trace");
                }
            }
        }
    }

    @Test
    void randomProgramsAtNaNAndInfiniteInputs() {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int t = 0; t < 30; t++) {
            int n = 2 + t % 5;
            Program f = new Program(300 + t, n, 12, t % 2 == 0);
            double[] x = point(t, n);
            x[t % n] = specials[t % 3];
            double lap = Hybrid.laplacian(f, x);
            sameKind(forwardLaplacian(f, x), lap, "program " + t + " vs ForwardLaplacian");
            sameKind(trace(Hybrid.hessian(f, x)), lap, "program " + t + " vs trace");
        }
    }

    /** Both NaN, or equal infinities, or finite and close. */
    private static void sameKind(double expected, double actual, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, 0, what);
        } else {
            close(expected, actual, Math.abs(expected), what);
        }
    }

    @Test
    void atan2OfTwoInputsBeyondTheRangeAcrossChunks() {
        // atan2 of inputs 0 and 40 at a subnormal radius, h00 = -h11 = +-inf: the Laplacian is 0
        // even when the two inputs fall in different chunks (K = 32), which a sum of per-chunk
        // Laplacians would not give
        ScalarFunction f = TapeLaplacianTest::angle;
        double[] x = new double[41];
        for (double a : new double[] {1e-300, -Double.MIN_VALUE}) {
            x[0] = a;
            x[40] = 1e-300;
            HTape tape = new HTape();
            HVar y = f.value(tape.variables(x));
            assertEquals(0.0, tape.laplacian(y, 32), 0);
            assertEquals(0.0, tape.laplacian(y, 1), 0);
            assertEquals(0.0, Hybrid.laplacian(f, x), 0);
        }
    }

    @Test
    void atan2OfOneNodeBeyondTheRangeFoldsToNaNOnTheTape() {
        // atan2(u, u) at a radius whose square underflows: the tape folds atan2's opposite
        // infinite second partials into u's node (inf - inf), so the Laplacian is NaN, as the
        // Hessian's trace is (docs/hybrid.md); ForwardLaplacian, which takes atan2 as harmonic
        // for every pair of operands, gives the exact 0 of a constant pi/4
        ScalarFunction f = TapeLaplacianTest::diagonalAngle;
        double[] x = {1e-300};
        assertEquals(Double.NaN, Hybrid.laplacian(f, x), 0);
        assertEquals(Double.NaN, Hybrid.hessian(f, x).get(0, 0), 0);
        assertEquals(0.0, f.value(new ForwardLaplacian[] {ForwardLaplacian.variable(x[0], 0, 1)}).laplacian(), 0);
        // on two nodes the sweep keeps the harmonic pair exact
        x = new double[] {1e-300, 1e-300};
        assertEquals(0.0, Hybrid.laplacian(TapeLaplacianTest::angleOfTwo, x), 0);
    }

    @Test
    void badArgumentsNameTheMethod() {
        HTape tape = new HTape();
        HVar y = tape.variable(1).multiply(tape.variable(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.laplacian(null));
        assertTrue(e.getMessage().contains("laplacian"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tape.laplacian(y, 0));
        assertTrue(e.getMessage().contains("laplacian") && e.getMessage().contains("directions"), e.getMessage());
        HTape other = new HTape();
        HVar z = other.variable(1).multiply(other.variable(3));
        e = assertThrows(IllegalArgumentException.class, () -> tape.laplacian(z));
        assertTrue(e.getMessage().contains("another tape"), e.getMessage());
        tape.reset();
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> tape.laplacian(y));
        assertTrue(s.getMessage().contains("laplacian"), s.getMessage());
    }

    static <T extends RealFieldElement<T>> T constant(T[] x) {
        return x[0].getField().getZero().add(3);
    }

    static <T extends RealFieldElement<T>> T cancel(T[] x) {
        return x[0].subtract(x[0]);
    }

    static <T extends RealFieldElement<T>> T first(T[] x) {
        return x[0];
    }

    static <T extends RealFieldElement<T>> T second(T[] x) {
        return x[1];
    }

    static <T extends RealFieldElement<T>> T cube(T[] x) {
        return x[0].pow(3);
    }

    static <T extends RealFieldElement<T>> T square(T[] x) {
        return x[1].multiply(x[1]).add(7);
    }

    static <T extends RealFieldElement<T>> T xSinX(T[] x) {
        return x[0].multiply(x[0].sin());
    }

    static <T extends RealFieldElement<T>> T product(T[] x) {
        return x[0].multiply(x[1]);
    }

    static <T extends RealFieldElement<T>> T sumSquared(T[] x) {
        return x[0].add(x[1]).multiply(x[0].add(x[1]));
    }

    static <T extends RealFieldElement<T>> T worked(T[] x) {
        return x[0].pow(3).add(x[1].multiply(x[1])).add(x[0].multiply(x[1]).multiply(4));
    }

    static <T extends RealFieldElement<T>> T angle(T[] x) {
        return x[0].atan2(x[40]);
    }

    static <T extends RealFieldElement<T>> T diagonalAngle(T[] x) {
        return x[0].atan2(x[0]);
    }

    static <T extends RealFieldElement<T>> T angleOfTwo(T[] x) {
        return x[0].atan2(x[1]);
    }
}
