package org.dualad.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dualad.ScalarFunction;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

class SparseHessianTest {
    /**
     * The sparse Hessian equals the dense one to rounding: |s - d| &lt;= 1e-12 max(1, max |d|)
     * entry by entry (the dense one averages the two computed entries of each pair), every dense
     * nonzero lies in the pattern, and the sparse result is exactly symmetric.
     */
    static void assertMatchesDense(ScalarFunction f, double[] x) {
        SparseHessian sh = SparseHessian.of(f, x);
        DMatrixSparseCSC s = sh.at(x);
        DMatrixRMaj d = Hybrid.hessian(f, x);
        int n = x.length;
        double scale = 1;
        for (double v : d.data) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dv = d.get(i, j);
                if (dv != 0) {
                    assertTrue(sh.pattern().contains(i, j), "dense H(" + i + ", " + j + ") = " + dv + " is outside the pattern");
                }
                assertEquals(dv, s.get(i, j), 1e-12 * scale, "H(" + i + ", " + j + ")");
                assertEquals(s.get(i, j), s.get(j, i), 0.0, "symmetry at (" + i + ", " + j + ")");
            }
        }
        assertTrue(org.ejml.sparse.csc.CommonOps_DSCC.checkStructure(s));
    }

    @Test
    void knownFunctionsMatchTheDenseHessian() {
        assertMatchesDense(Fns::rosenbrock, Fns.point(20));
        assertMatchesDense(Fns::arrowhead, Fns.point(15));
        assertMatchesDense(Fns::gridEdges, Fns.point(36));
        assertMatchesDense(Fns::minimalSurface, Fns.point(49));
        assertMatchesDense(Fns::rosenbrock, Fns.point(1));
    }

    @Test
    void colorsStayFewOnStencils() {
        assertEquals(3, SparseHessian.of(Fns::rosenbrock, Fns.point(1000)).sweeps());
        assertEquals(2, SparseHessian.of(Fns::arrowhead, Fns.point(1000)).sweeps());
        assertTrue(SparseHessian.of(Fns::minimalSurface, Fns.point(900)).sweeps() <= 8);
    }

    @Test
    void valueGradientHessianComesFromOneRecording() {
        double[] x = Fns.point(30);
        SparseHessian h = SparseHessian.of(Fns::rosenbrock, x);
        double[] y = Fns.point(30);
        y[3] = 1.25;
        SparseValueGradientHessian r = h.valueGradientHessian(y);
        double value = Reverse.valueAndGradient(Fns::rosenbrock, y).value();
        assertEquals(value, r.value(), 1e-12 * Math.abs(value));
        double[] g = Reverse.gradient(Fns::rosenbrock, y);
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i], r.gradient()[i], 1e-12 * (1 + Math.abs(g[i])));
        }
        DMatrixSparseCSC at = h.at(y);
        assertArrayEquals(java.util.Arrays.copyOf(at.nz_values, at.nz_length),
                java.util.Arrays.copyOf(r.hessian().nz_values, r.hessian().nz_length));
    }

    @Test
    void theEvaluatorIsReusedAtOtherPoints() {
        SparseHessian h = SparseHessian.of(Fns::minimalSurface, Fns.point(25));
        for (int k = 0; k < 3; k++) {
            double[] x = Fns.point(25);
            for (int i = 0; i < x.length; i++) {
                x[i] += 0.1 * k * Math.cos(i);
            }
            DMatrixSparseCSC s = h.at(x);
            DMatrixRMaj d = Hybrid.hessian(Fns::minimalSurface, x);
            for (int i = 0; i < 25; i++) {
                for (int j = 0; j < 25; j++) {
                    assertEquals(d.get(i, j), s.get(i, j), 1e-12);
                }
            }
        }
    }

    @Test
    void aUserPatternIsUsedAsGiven() {
        double[] x = Fns.point(12);
        // a wider band than needed: the extra entries come out as exact zeros
        SparseHessian wide = SparseHessian.of(Fns::rosenbrock, PatternTest.band(12, 2));
        DMatrixSparseCSC s = wide.at(x);
        assertEquals(PatternTest.band(12, 2).nonZeros(), s.nz_length);
        DMatrixRMaj d = Hybrid.hessian(Fns::rosenbrock, x);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals(d.get(i, j), s.get(i, j), 1e-12 * 1000);
            }
            if (i + 2 < 12) {
                assertEquals(0.0, s.get(i, i + 2), 0.0);
            }
        }
        // the exact pattern, given by the user, gives the detected evaluator's result
        DMatrixSparseCSC exact = SparseHessian.of(Fns::rosenbrock, PatternTest.band(12, 1)).at(x);
        DMatrixSparseCSC detected = SparseHessian.of(Fns::rosenbrock, x).at(x);
        assertArrayEquals(java.util.Arrays.copyOf(detected.nz_values, detected.nz_length),
                java.util.Arrays.copyOf(exact.nz_values, exact.nz_length));
    }

    @Test
    void badInputIsNamed() {
        SparseHessian h = SparseHessian.of(Fns::rosenbrock, 1, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.at(1, 2));
        assertEquals("SparseHessian.at: x has length 2 but the pattern is 3 x 3; pass one entry per input", e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> h.at((double[]) null));
        assertEquals("SparseHessian.at: x must not be null", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> SparseHessian.of(Fns::rosenbrock, (SparsityPattern) null));
        assertEquals("SparseHessian.of: pattern must not be null", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> SparseHessian.of(null, 1.0));
        assertEquals("SparseHessian.of: f must not be null", npe.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SparseHessian.of(Fns::rosenbrock, SparsityPattern.of(2, 3, new int[][] {{0}, {1}})));
        assertTrue(e.getMessage().startsWith("SparseHessian.of: the pattern is 2 x 3 but a Hessian pattern must be square"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SparseHessian.of(Fns::rosenbrock, SparsityPattern.of(2, 2, new int[][] {{0, 1}, {1}})));
        assertTrue(e.getMessage().startsWith("SparseHessian.of: the pattern is not symmetric: it holds (0, 1) but not (1, 0)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparseHessian.of(Fns::rosenbrock, new double[0]));
        assertTrue(e.getMessage().startsWith("SparseHessian.of: x must have at least one element"), e.getMessage());
    }

    @Test
    void nanAndInfinityPropagateWithoutThrowing() {
        SparseHessian h = SparseHessian.of(Fns::minimalSurface, Fns.point(16));
        double[] x = Fns.point(16);
        x[5] = Double.NaN;
        DMatrixSparseCSC s = h.at(x);
        assertTrue(Double.isNaN(s.get(5, 5)));
        assertEquals(Hybrid.hessian(Fns::minimalSurface, Fns.point(16)).get(15, 15), h.at(Fns.point(16)).get(15, 15), 1e-12);
    }

    @Test
    void oneEvaluatorServesSeveralThreads() throws Exception {
        int n = 400;
        SparseHessian h = SparseHessian.of(Fns::minimalSurface, Fns.point(n));
        int points = 8;
        double[][] xs = new double[points][];
        double[][] expected = new double[points][];
        for (int k = 0; k < points; k++) {
            xs[k] = Fns.point(n);
            for (int i = 0; i < n; i++) {
                xs[k][i] += 0.05 * k * Math.sin(3 * i);
            }
            DMatrixSparseCSC s = h.at(xs[k]);
            expected[k] = java.util.Arrays.copyOf(s.nz_values, s.nz_length);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int offset = t;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        int k = (round + offset) % points;
                        DMatrixSparseCSC s = h.at(xs[k]);
                        if (!java.util.Arrays.equals(expected[k], java.util.Arrays.copyOf(s.nz_values, s.nz_length))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : futures) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Property(tries = 150)
    void randomSparseProgramsMatchTheDenseHessian(@ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @Size(min = 1, max = 25) List<@Size(3) List<@IntRange(min = 0, max = 200) Integer>> genes) {
        List<int[]> g = new ArrayList<>();
        for (List<Integer> l : genes) {
            // operands near the end of the value list: local terms, sparse Hessians
            g.add(new int[] {l.get(0), -1 - l.get(1) % 4, l.get(2)});
        }
        assertMatchesDense(RandomPrograms.scalar(g), Fns.point(n));
    }

    /** sum over edges (i, j) of sin(x_i x_j) + sum x_i^4: its Hessian pattern is the edge graph. */
    static ScalarFunction edgeFunction(List<int[]> edges) {
        return new ScalarFunction() {
            @Override
            public <T extends org.apache.commons.math3.RealFieldElement<T>> T value(T[] x) {
                T s = x[0].getField().getZero();
                for (T xi : x) {
                    s = s.add(xi.pow(4));
                }
                for (int[] e : edges) {
                    s = s.add(x[e[0]].multiply(x[e[1]]).sin());
                }
                return s;
            }
        };
    }

    @Property(tries = 150)
    void starRecoveryOnRandomGraphsMatchesTheDenseHessian(@ForAll @IntRange(min = 2, max = 30) int n,
            @ForAll @Size(max = 80) List<@Size(2) List<@IntRange(min = 0, max = 1000) Integer>> edges) {
        List<int[]> e = new ArrayList<>();
        for (List<Integer> l : edges) {
            int i = l.get(0) % n;
            int j = l.get(1) % n;
            if (i != j) {
                e.add(new int[] {i, j});
            }
        }
        ScalarFunction f = edgeFunction(e);
        double[] x = Fns.point(n);
        assertEquals(ColoringTest.symmetric(n, e.stream().toList()).nonZeros() + n,
                SparseHessian.of(f, x).pattern().nonZeros());
        assertMatchesDense(f, x);
        // the same graph given as a user pattern (with the diagonal) recovers the same matrix
        boolean[][] mask = new boolean[n][n];
        for (int[] q : e) {
            mask[q[0]][q[1]] = true;
            mask[q[1]][q[0]] = true;
        }
        for (int i = 0; i < n; i++) {
            mask[i][i] = true;
        }
        DMatrixSparseCSC user = SparseHessian.of(f, SparsityPattern.of(mask)).at(x);
        DMatrixRMaj d = Hybrid.hessian(f, x);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(d.get(i, j), user.get(i, j), 1e-12 * (1 + Math.abs(d.get(i, j))));
            }
        }
    }
}
