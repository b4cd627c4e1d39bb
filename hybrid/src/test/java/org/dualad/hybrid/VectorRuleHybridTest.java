package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.Forward;
import org.dualad.dual.Matrices;
import org.dualad.dual.VectorRule;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The hybrid second-order types and the extension points: a vector rule (first order only) is
 * refused naming it; a matrix operation takes the field path and gives exact second derivatives.
 */
class VectorRuleHybridTest {
    static final VectorRule SQUARES = VectorRule.of("squares", 2, 2,
            x -> new double[] {x[0] * x[0], x[1] * x[1]},
            (x, y, d) -> new double[] {2 * x[0] * d[0], 2 * x[1] * d[1]},
            (x, y, w) -> new double[] {2 * x[0] * w[0], 2 * x[1] * w[1]});

    static <T extends RealFieldElement<T>> T viaRule(T[] x) {
        T[] y = SQUARES.apply(x);
        return y[0].add(y[1]);
    }

    /** log det [[2 + x0^2, x0 x1], [x0 x1, 3 + x1^2]] = log(6 + 3 x0^2 + 2 x1^2). */
    static <T extends RealFieldElement<T>> T logDet(T[] x) {
        T[][] a = MathArrays.buildArray(x[0].getField(), 2, 2);
        a[0][0] = x[0].multiply(x[0]).add(2);
        a[0][1] = x[0].multiply(x[1]);
        a[1][0] = x[1].multiply(x[0]);
        a[1][1] = x[1].multiply(x[1]).add(3);
        return Matrices.logDet(a);
    }

    @Test
    void hessiansRefuseAFirstOrderRuleNamingIt() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Hybrid.hessian(VectorRuleHybridTest::viaRule, 1, 2));
        assertTrue(e.getMessage().contains("'squares'"), e.getMessage());
        e = assertThrows(UnsupportedOperationException.class, () -> Hybrid.laplacian(VectorRuleHybridTest::viaRule, 1, 2));
        assertTrue(e.getMessage().contains("'squares'"), e.getMessage());
    }

    @Test
    void matrixOperationsGiveExactHessiansThroughTheFieldPath() {
        double x0 = 0.7;
        double x1 = -1.2;
        double d = 6 + 3 * x0 * x0 + 2 * x1 * x1;
        double[] expected = {
            6 / d - 36 * x0 * x0 / (d * d), -24 * x0 * x1 / (d * d),
            -24 * x0 * x1 / (d * d), 4 / d - 16 * x1 * x1 / (d * d)};
        DMatrixRMaj h = Hybrid.hessian(VectorRuleHybridTest::logDet, x0, x1);
        assertArrayEquals(expected, h.data, 1e-14);
        assertArrayEquals(expected, Forward.hessian(VectorRuleHybridTest::logDet, x0, x1).data, 1e-14);
        assertEquals(expected[0] + expected[3], Hybrid.laplacian(VectorRuleHybridTest::logDet, x0, x1), 1e-14);
    }
}
