package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.RealFieldElement;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Both of DualNumbers' Hessian kernels (entry passes for small n, row passes beyond) against HyperDual entries. */
class HessianKernelsTest {
    /** A dense, nonlinear coupling of every input: sum_i sin(x_i) exp(x_{i+1} x_0) + log1p(sum x_i^2). */
    static <T extends RealFieldElement<T>> T dense(T[] x) {
        T s = x[0].getField().getZero();
        T q = x[0].getField().getZero();
        for (int i = 0; i < x.length; i++) {
            T next = x[(i + 1) % x.length];
            s = s.add(x[i].sin().multiply(next.multiply(x[0]).exp()));
            q = q.add(x[i].multiply(x[i]));
        }
        return s.add(q.log1p()).add(x[x.length - 1].divide(x[0].add(3)));
    }

    @Test
    void rowAndEntryKernelsAgreeOnEveryEntryAndAreSymmetric() {
        for (int n : new int[] {1, 2, 5, DualNumbers.HESSIAN_ENTRY_PASSES_UP_TO, DualNumbers.HESSIAN_ENTRY_PASSES_UP_TO + 1, 25}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 0.3 + 0.2 * Math.cos(3 * i);
            }
            DMatrixRMaj h = DualNumbers.hessian(HessianKernelsTest::dense, x);
            HyperDual[] in = new HyperDual[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (int p = 0; p < n; p++) {
                        in[p] = HyperDual.of(x[p], p == i ? 1 : 0, p == j ? 1 : 0, 0);
                    }
                    double expected = dense(in).e1e2();
                    assertEquals(expected, h.get(i, j), 1e-14 * Math.max(1, Math.abs(expected)), "n=" + n + " H(" + i + "," + j + ")");
                    assertEquals(h.get(i, j), h.get(j, i), 0, "symmetric");
                }
            }
        }
    }
}
