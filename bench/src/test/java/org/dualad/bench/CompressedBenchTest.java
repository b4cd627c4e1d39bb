package org.dualad.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

/**
 * {@link CompressedBench}: its plain twins compute the generic functions bit for bit, and its
 * per-color baselines sweep what the evaluators sweep (the sums of row 0 over every color agree).
 */
class CompressedBenchTest {
    @Test
    void twinsRoundAsTheGenericFunctionsAndBaselinesSweepTheSameColors() {
        for (int b : new int[] {1, 3}) {
            CompressedBench bench = new CompressedBench();
            bench.halfWidth = b;
            bench.setting = "alone";
            bench.setUp();
            double[] x = Rosenbrock.point(1000);
            assertEquals(Double.doubleToLongBits(Reverse.valueAndGradient(bench.f, x).value()),
                    Double.doubleToLongBits(bench.plainScalar()), "scalar twin, B = " + b);
            assertArrayEquals(Reverse.valueAndJacobian(bench.r, x).values(), bench.plainVector(), 0, "vector twin, B = " + b);
            assertEquals(rowSum(bench.sparseHessian()), bench.hessianPerColor(), 1e-12, "Hessian row 0, B = " + b);
            assertEquals(rowSum(bench.sparseJacobian()), bench.jacobianPerColor(), 1e-12, "Jacobian row 0, B = " + b);
        }
    }

    private static double rowSum(DMatrixSparseCSC m) {
        double s = 0;
        for (int j = 0; j < m.numCols; j++) {
            s += m.get(0, j);
        }
        return s;
    }
}
