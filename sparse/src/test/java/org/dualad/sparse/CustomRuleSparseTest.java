package org.dualad.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.dual.Rule;
import org.dualad.dual.SpecialFunctions;
import org.dualad.hybrid.Hybrid;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.junit.jupiter.api.Test;

/** Custom rules in the sparsity detection and the compressed sparse Hessian. */
class CustomRuleSparseTest {
    /** x y z as a three-argument rule: its chain of nodes must pair all three arguments. */
    static final Rule XYZ = Rule.of("xyz", 3, p -> p[0] * p[1] * p[2],
        p -> new double[] {p[1] * p[2], p[0] * p[2], p[0] * p[1]},
        p -> new double[] {0, p[2], p[1], p[2], 0, p[0], p[1], p[0], 0});

    /** sum logGamma(x_i x_{i+1}) + xyz(x0, x2, x4). */
    static <T extends RealFieldElement<T>> T f(T[] x) {
        T s = XYZ.apply(x[0], x[2], x[4]);
        for (int i = 0; i + 1 < x.length; i++) {
            s = s.add(SpecialFunctions.logGamma(x[i].multiply(x[i + 1])));
        }
        return s;
    }

    @Test
    void patternAndValuesOfTheSparseHessian() {
        double[] x = {1.1, 0.9, 1.4, 0.7, 1.2, 1.3};
        SparsityPattern p = Sparse.hessianPattern(CustomRuleSparseTest::f, x);
        assertTrue(p.contains(0, 1) && p.contains(0, 2) && p.contains(0, 4) && p.contains(2, 4), p.toString());
        assertFalse(p.contains(0, 3) || p.contains(1, 5), p.toString());
        DMatrixSparseCSC h = Sparse.hessian(CustomRuleSparseTest::f, x);
        DMatrixRMaj dense = Hybrid.hessian(CustomRuleSparseTest::f, x);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                assertEquals(dense.get(i, j), h.get(i, j), 1e-14 * Math.max(1, Math.abs(dense.get(i, j))),
                        "H[" + i + "][" + j + "]");
            }
        }
    }
}
