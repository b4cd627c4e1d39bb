package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.dual.Dual;
import org.dualad.dual.FieldDual;
import org.dualad.dual.Forward;
import org.dualad.dual.HyperDual;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Worked examples 4, 5 and 6 of examples.md through every hybrid method. */
class WorkedExamplesTest {

    static <T extends RealFieldElement<T>> T uv(T[] x) {
        T u = x[0];
        T v = x[1];
        return u.pow(3).add(v.multiply(v)).add(u.multiply(v).multiply(4));
    }

    static <T extends RealFieldElement<T>> T toolbox(T[] x) {
        T r2 = x[0].multiply(x[0]).add(x[1].multiply(x[1]));
        return x[0].multiply(r2.divide(-2).exp());
    }

    static <T extends RealFieldElement<T>> T cube(T[] x) {
        return x[0].pow(3);
    }

    static <T extends RealFieldElement<T>> T cube(T x) {
        return x.pow(3);
    }

    private static void assertMatrix(double[][] expected, DMatrixRMaj h, double relTol) {
        assertEquals(expected.length, h.numRows);
        assertEquals(expected.length, h.numCols);
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected.length; j++) {
                assertEquals(expected[i][j], h.get(i, j), relTol * Math.abs(expected[i][j]), "H(" + i + "," + j + ")");
            }
        }
    }

    @Test
    void example4Exactly() {
        ValueGradientHessian r = Hybrid.valueGradientHessian(WorkedExamplesTest::uv, 3, 4);
        assertEquals(91, r.value());
        assertArrayEquals(new double[] {43, 20}, r.gradient());
        assertMatrix(new double[][] {{18, 4}, {4, 2}}, r.hessian(), 0);
        assertMatrix(new double[][] {{18, 4}, {4, 2}}, Hybrid.hessian(WorkedExamplesTest::uv, 3, 4), 0);
        assertArrayEquals(new double[] {43, 20}, Hybrid.gradient(WorkedExamplesTest::uv, 3, 4));
        assertArrayEquals(new double[] {18, 4}, Hybrid.hvp(WorkedExamplesTest::uv, new double[] {3, 4}, new double[] {1, 0}));
        assertArrayEquals(new double[] {4, 2}, Hybrid.hvp(WorkedExamplesTest::uv, new double[] {3, 4}, new double[] {0, 1}));
        assertEquals(20, Hybrid.laplacian(WorkedExamplesTest::uv, 3, 4));
    }

    @Test
    void example5To1e14() {
        double e = Math.exp(-2.125);
        ValueGradientHessian r = Hybrid.valueGradientHessian(WorkedExamplesTest::toolbox, 2, 0.5);
        assertEquals(0.23886593653343924, r.value(), 0);
        assertEquals(-0.35829890480015886, r.gradient()[0], 1e-14 * 0.36);
        assertEquals(-0.11943296826671962, r.gradient()[1], 1e-14 * 0.12);
        double[][] h = {{2 * e, 1.5 * e}, {1.5 * e, -1.5 * e}};
        assertMatrix(h, r.hessian(), 1e-14);
        assertMatrix(h, Hybrid.hessian(WorkedExamplesTest::toolbox, 2, 0.5), 1e-14);
        double[] hv = Hybrid.hvp(WorkedExamplesTest::toolbox, new double[] {2, 0.5}, new double[] {1, 1});
        assertEquals(3.5 * e, hv[0], 1e-14 * 3.5 * e);
        assertEquals(0, hv[1], 1e-14 * e); // 1.5e - 1.5e, to rounding
        assertEquals(0.05971648413335981, Hybrid.laplacian(WorkedExamplesTest::toolbox, 2, 0.5), 1e-14 * 0.06);
    }

    @Test
    void example6GradientOfTheGradientAgreesAcrossModes() {
        // forward over reverse
        assertEquals(12, Hybrid.gradient(WorkedExamplesTest::cube, 2)[0]);
        assertEquals(12, Hybrid.hessian(WorkedExamplesTest::cube, 2).get(0, 0));
        assertEquals(12, Hybrid.hvp(WorkedExamplesTest::cube, new double[] {2}, new double[] {1})[0]);
        assertEquals(12, Hybrid.laplacian(WorkedExamplesTest::cube, 2));
        // HyperDual
        assertEquals(12, Forward.secondDerivative(WorkedExamplesTest::cube, 2));
        assertEquals(12, cube(HyperDual.of(2, 1, 1, 0)).e1e2());
        // nested duals: the derivative of the derivative
        Dual x = Dual.variable(2);
        Dual d = FieldDual.derivative(WorkedExamplesTest::cube, x);
        assertEquals(12, d.value());
        assertEquals(12, d.tangent());
    }
}
