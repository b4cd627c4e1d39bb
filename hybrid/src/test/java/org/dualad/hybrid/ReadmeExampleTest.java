package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The README's hybrid example, compiled and run (keep the two in step). */
class ReadmeExampleTest {

    // README example begins
    // f(u, v) = u^3 + v^2 + 4uv  (examples.md 4)
    static <T extends RealFieldElement<T>> T f(T[] x) {
        T u = x[0];
        T v = x[1];
        return u.pow(3).add(v.multiply(v)).add(u.multiply(v).multiply(4));
    }

    @Test
    void example() {
        double[] x = {3, 4};
        double[] hv = Hybrid.hvp(ReadmeExampleTest::f, x, new double[] {1, 0});   // [18.0, 4.0]
        DMatrixRMaj h = Hybrid.hessian(ReadmeExampleTest::f, x);                    // [[18, 4], [4, 2]]
        ValueGradientHessian all = Hybrid.valueGradientHessian(ReadmeExampleTest::f, x);
        // ValueGradientHessian[value=91.0, gradient=[43.0, 20.0], hessian=[[18.0, 4.0], [4.0, 2.0]]]
        double lap = Hybrid.laplacian(ReadmeExampleTest::f, x);                     // 20.0, one pass
        LaplacianEstimate est = Hybrid.laplacianEstimate(ReadmeExampleTest::f, x, 100, 42);
        // LaplacianEstimate[19.519999999999996 ± 0.8025816928745472 (100 samples)]

        // the tape underneath: record once, sweep many times
        HTape tape = new HTape();
        HVar[] in = tape.variables(3, 4);
        HVar y = f(in);
        double[] g = tape.gradient(y);                                               // [43.0, 20.0]
        double[] hv2 = tape.hvp(y, new double[] {0, 1});                             // [4.0, 2.0]
        // README example ends

        assertArrayEquals(new double[] {18, 4}, hv);
        assertArrayEquals(new double[] {18, 4, 4, 2}, h.data);
        assertEquals("ValueGradientHessian[value=91.0, gradient=[43.0, 20.0], hessian=[[18.0, 4.0], [4.0, 2.0]]]",
                all.toString());
        assertEquals(20, lap);
        assertEquals(100, est.samples());
        assertTrue(Math.abs(est.estimate() - 20) < 4 * est.standardError(), est.toString());
        assertTrue(est.toString().equals("LaplacianEstimate[19.519999999999996 ± 0.8025816928745472 (100 samples)]"), est.toString());
        assertArrayEquals(new double[] {43, 20}, g);
        assertArrayEquals(new double[] {4, 2}, hv2);
    }
}
