package org.dualad.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.Forward;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class SparseLeastSquaresTest {
    @Test
    void gaussNewtonStepSolvesTheNormalEquations() {
        double[] x = Fns.point(12);
        double[] d = SparseLeastSquares.of(Fns::rosenbrockResiduals, x).gaussNewtonStep(x);
        // dense reference: Commons Math Cholesky of J^T J on the dense forward Jacobian
        DMatrixRMaj jd = Forward.jacobian(Fns::rosenbrockResiduals, x);
        RealMatrix j = MatrixUtils.createRealMatrix(jd.numRows, jd.numCols);
        for (int r = 0; r < jd.numRows; r++) {
            for (int c = 0; c < jd.numCols; c++) {
                j.setEntry(r, c, jd.get(r, c));
            }
        }
        double[] res = new double[jd.numRows];
        for (int i = 0; i + 1 < x.length; i++) {
            res[2 * i] = 10 * (x[i + 1] - x[i] * x[i]);
            res[2 * i + 1] = 1 - x[i];
        }
        double[] g = j.transpose().operate(res);
        for (int i = 0; i < g.length; i++) {
            g[i] = -g[i];
        }
        double[] expected = new CholeskyDecomposition(j.transpose().multiply(j)).getSolver()
                .solve(MatrixUtils.createRealVector(g)).toArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], d[i], 1e-10 * (1 + Math.abs(expected[i])));
        }
    }

    @Test
    void levenbergMarquardtDampsItsWayThroughRosenbrocksValley() {
        // the classic start (-1.2, 1): undamped Gauss-Newton steps overshoot, so steps get refused
        SparseLeastSquares.Result r = SparseLeastSquares.of(Fns::rosenbrockResiduals, -1.2, 1)
                .solve(new double[] {-1.2, 1}, 200, 1e-12);
        assertTrue(r.converged(), r.toString());
        assertEquals(1, r.point()[0], 1e-9);
        assertEquals(1, r.point()[1], 1e-9);
    }

    /** r_i = x_i - x_{i+1}^2 + 0.3 sin(x_{i-1}) - y_i (tridiagonal J), y from x* = 0.5 + 0.1 i/n. */
    static <T extends RealFieldElement<T>> T[] smooth(T[] x) {
        int n = x.length;
        T[] r = MathArrays.buildArray(x[0].getField(), n);
        for (int i = 0; i < n; i++) {
            double xi = 0.5 + 0.1 * i / n;
            double xn = i + 1 < n ? 0.5 + 0.1 * (i + 1) / n : 0;
            double xp = i > 0 ? 0.5 + 0.1 * (i - 1) / n : 0;
            T v = x[i].subtract(xi - xn * xn + 0.3 * Math.sin(xp));
            if (i + 1 < n) {
                v = v.subtract(x[i + 1].multiply(x[i + 1]));
            }
            if (i > 0) {
                v = v.add(x[i - 1].sin().multiply(0.3));
            }
            r[i] = v;
        }
        return r;
    }

    @Test
    void levenbergMarquardtSolvesABandedProblemOf100000Residuals() {
        int n = 100_000;
        double[] x0 = new double[n];
        java.util.Arrays.fill(x0, 0.4);
        SparseLeastSquares ls = SparseLeastSquares.of(SparseLeastSquaresTest::smooth, x0);
        assertEquals(3, ls.jacobian().sweeps());
        SparseLeastSquares.Result r = ls.solve(x0, 100, 1e-13);
        assertTrue(r.converged(), r.toString());
        for (int i = 0; i < n; i++) {
            assertEquals(0.5 + 0.1 * i / n, r.point()[i], 1e-10);
        }
    }

    @Test
    void badInputIsNamed() {
        SparseLeastSquares ls = SparseLeastSquares.of(Fns::rosenbrockResiduals, 1, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ls.gaussNewtonStep(1, 2));
        assertEquals("SparseLeastSquares.gaussNewtonStep: x has length 2 but the residuals take 3 inputs", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ls.solve(new double[3], 0, 1e-9));
        assertTrue(e.getMessage().contains("maxIterations is 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ls.solve(new double[3], 5, Double.NaN));
        assertTrue(e.getMessage().contains("tolerance is NaN"), e.getMessage());
        assertThrows(NullPointerException.class, () -> SparseLeastSquares.of((SparseJacobian) null));
    }
}
