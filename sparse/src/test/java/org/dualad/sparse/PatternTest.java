package org.dualad.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

class PatternTest {
    /** The pattern of a banded matrix with the given half-bandwidth. */
    static SparsityPattern band(int n, int half) {
        int[][] rows = new int[n][];
        for (int i = 0; i < n; i++) {
            List<Integer> c = new ArrayList<>();
            for (int j = Math.max(0, i - half); j <= Math.min(n - 1, i + half); j++) {
                c.add(j);
            }
            rows[i] = c.stream().mapToInt(Integer::intValue).toArray();
        }
        return SparsityPattern.of(n, n, rows);
    }

    /** The 5-point stencil on an s x s grid (with the diagonal). */
    static SparsityPattern fivePoint(int s) {
        int n = s * s;
        int[][] rows = new int[n][];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                List<Integer> c = new ArrayList<>();
                int p = i * s + j;
                c.add(p);
                if (i > 0) {
                    c.add(p - s);
                }
                if (i + 1 < s) {
                    c.add(p + s);
                }
                if (j > 0) {
                    c.add(p - 1);
                }
                if (j + 1 < s) {
                    c.add(p + 1);
                }
                rows[p] = c.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        return SparsityPattern.of(n, n, rows);
    }

    @Test
    void rosenbrockHessianIsTridiagonal() {
        assertEquals(band(7, 1), Sparse.hessianPattern(Fns::rosenbrock, Fns.point(7)));
    }

    @Test
    void arrowheadHessian() {
        int n = 6;
        int[][] rows = new int[n][];
        rows[0] = new int[] {0, 1, 2, 3, 4, 5};
        for (int i = 1; i < n; i++) {
            rows[i] = new int[] {0, i};
        }
        assertEquals(SparsityPattern.of(n, n, rows), Sparse.hessianPattern(Fns::arrowhead, Fns.point(n)));
    }

    @Test
    void gridEnergyHessianIsTheFivePointStencil() {
        assertEquals(fivePoint(5), Sparse.hessianPattern(Fns::gridEdges, Fns.point(25)));
    }

    @Test
    void gridResidualJacobianIsTheFivePointStencil() {
        assertEquals(fivePoint(4), Sparse.jacobianPattern(Fns::gridResidual, Fns.point(16)));
    }

    @Test
    void minimalSurfaceCouplesEachCellsThreePoints() {
        int s = 4;
        boolean[][] expected = new boolean[s * s][s * s];
        for (int i = 0; i + 1 < s; i++) {
            for (int j = 0; j + 1 < s; j++) {
                int[] cell = {i * s + j, (i + 1) * s + j, i * s + j + 1};
                for (int a : cell) {
                    for (int b : cell) {
                        expected[a][b] = true;
                    }
                }
            }
        }
        assertEquals(SparsityPattern.of(expected), Sparse.hessianPattern(Fns::minimalSurface, Fns.point(s * s)));
    }

    static <T extends RealFieldElement<T>> T product(T[] x) {
        return x[0].multiply(x[1]).add(x[2].multiply(5));
    }

    static <T extends RealFieldElement<T>> T quotient(T[] x) {
        return x[0].divide(x[1]);
    }

    static <T extends RealFieldElement<T>> T linear(T[] x) {
        return x[0].multiply(3).subtract(x[1]).add(x[2].divide(2)).negate().add(x[0].abs());
    }

    @Test
    void productCouplesOnlyAcross() {
        assertEquals(SparsityPattern.of(3, 3, new int[][] {{1}, {0}, {}}), Sparse.hessianPattern(PatternTest::product, 1, 2, 3));
    }

    @Test
    void quotientCouplesAcrossAndTheDivisorWithItself() {
        assertEquals(SparsityPattern.of(2, 2, new int[][] {{1}, {0, 1}}), Sparse.hessianPattern(PatternTest::quotient, 1, 2));
    }

    @Test
    void linearFunctionHasAnEmptyHessianPattern() {
        SparsityPattern p = Sparse.hessianPattern(PatternTest::linear, 1, 2, 3);
        assertEquals(0, p.nonZeros());
        DMatrixSparseCSC h = Sparse.hessian(PatternTest::linear, 1, 2, 3);
        assertEquals(0, h.nz_length);
    }

    static <T extends RealFieldElement<T>> T[] cut(T[] x) {
        T[] y = MathArrays.buildArray(x[0].getField(), 2);
        y[0] = x[0].multiply(x[1].floor());
        y[1] = x[2].copySign(x[0]).add(x[1].signum());
        return y;
    }

    @Test
    void piecewiseConstantOperationsCutDependencies() {
        assertEquals(SparsityPattern.of(2, 3, new int[][] {{0}, {2}}), Sparse.jacobianPattern(PatternTest::cut, 1.5, 2.5, 3));
    }

    static <T extends RealFieldElement<T>> T kink(T[] x) {
        return x[0].abs().multiply(x[1]).add(x[2].sin());
    }

    @Test
    void aZeroDerivativeAtThePointKeepsItsStructuralEntries() {
        // at x0 = 0 the kink convention may zero d|x0|, and sin''(x2) = -sin(0) = 0: both stay
        SparsityPattern p = Sparse.hessianPattern(PatternTest::kink, 0, 2, 0);
        assertEquals(SparsityPattern.of(3, 3, new int[][] {{1}, {0}, {2}}), p);
        DMatrixRMaj dense = Hybrid.hessian(PatternTest::kink, 0, 2, 0);
        DMatrixSparseCSC h = Sparse.hessian(PatternTest::kink, 0, 2, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(dense.get(i, j), h.get(i, j), 1e-15);
            }
        }
    }

    static <T extends RealFieldElement<T>> T constant(T[] x) {
        return x[0].getField().getOne().multiply(7);
    }

    @Test
    void constantOutputHasEmptyPatterns() {
        assertEquals(0, Sparse.hessianPattern(PatternTest::constant, 1, 2).nonZeros());
        DMatrixSparseCSC h = SparseHessian.of(PatternTest::constant, 1, 2).at(3, 4);
        assertEquals(0, h.nz_length);
    }

    @Test
    void userPatternsAreCheckedAndNormalised() {
        SparsityPattern p = SparsityPattern.of(2, 3, new int[][] {{2, 0, 2}, {}});
        assertEquals(2, p.nonZeros());
        assertTrue(p.contains(0, 2));
        assertFalse(p.contains(1, 0));
        assertFalse(p.contains(5, 0));
        assertEquals(SparsityPattern.of(3, 2, new int[][] {{0}, {}, {0}}), p.transpose());
        assertEquals(p, SparsityPattern.of(new boolean[][] {{true, false, true}, {false, false, false}}));
        assertEquals(p, SparsityPattern.of(p.toMatrix()));
        assertEquals("SparsityPattern[2 x 3, 2 nonzeros]", p.toString());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparsityPattern.of(2, 3, new int[][] {{0}, {3}}));
        assertEquals("SparsityPattern.of: columnsOfRow[1][0] = 3 is not a column index in [0, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparsityPattern.of(3, 3, new int[][] {{0}}));
        assertTrue(e.getMessage().contains("columnsOfRow has 1 rows but rows = 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparsityPattern.of(0, 3, new int[0][]));
        assertTrue(e.getMessage().contains("0 x 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SparsityPattern.of(new boolean[][] {{true, false}, {true}}));
        assertTrue(e.getMessage().contains("ragged: row 0 has 2 columns but row 1 has 1"), e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> SparsityPattern.of(2, 2, new int[][] {{0}, null}));
        assertTrue(npe.getMessage().contains("columnsOfRow[1] is null"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> SparsityPattern.of((boolean[][]) null));
    }

    @Test
    void detectionRejectsBadInput() {
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> Sparse.hessianPattern(null, 1, 2));
        assertEquals("Sparse.hessianPattern: f must not be null", npe.getMessage());
        npe = assertThrows(NullPointerException.class, () -> Sparse.jacobianPattern(Fns::gridResidual, (double[]) null));
        assertEquals("Sparse.jacobianPattern: x must not be null", npe.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sparse.hessian(Fns::rosenbrock));
        assertTrue(e.getMessage().startsWith("Sparse.hessian: x must have at least one element"), e.getMessage());
        ScalarFunction nothing = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return null;
            }
        };
        e = assertThrows(IllegalArgumentException.class, () -> SparseHessian.of(nothing, 1, 2));
        assertTrue(e.getMessage().startsWith("SparseHessian.of: f returned null"), e.getMessage());
        VectorFunction none = new VectorFunction() {
            @Override
            public <T extends RealFieldElement<T>> T[] value(T[] x) {
                return MathArrays.buildArray(x[0].getField(), 0);
            }
        };
        e = assertThrows(IllegalArgumentException.class, () -> SparseJacobian.of(none, 1, 2));
        assertTrue(e.getMessage().startsWith("SparseJacobian.of: f returned no outputs"), e.getMessage());
    }

    @Test
    void denseJacobianNonzerosLieInThePattern() {
        double[] x = Fns.point(16);
        SparsityPattern p = Sparse.jacobianPattern(Fns::gridResidual, x);
        DMatrixRMaj j = Forward.jacobian(Fns::gridResidual, x);
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                assertEquals(j.get(r, c) != 0, p.contains(r, c));
            }
        }
    }

    @Test
    void aVariableThatFMakesOnTheTapeIsNoInput() {
        ScalarFunction f = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                if (x[0] instanceof org.dualad.reverse.Var) {
                    @SuppressWarnings("unchecked")
                    T own = (T) ((org.dualad.reverse.Var) x[0]).tape().variable(2);
                    return x[0].multiply(own).add(x[1].sin());
                }
                return x[0].multiply(2).add(x[1].sin());
            }
        };
        assertEquals(SparsityPattern.of(2, 2, new int[][] {{}, {1}}), Sparse.hessianPattern(f, 1, 2));
    }
}
