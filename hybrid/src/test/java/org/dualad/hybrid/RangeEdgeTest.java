package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Second-order results whose exact value is finite while the intermediate sums of the dense
 * Hessian's symmetrization or of the forward Laplacian leave the double range: x / y at
 * y = 1e-154 (mixed entry -1/y^2 = -1e308, which both computed entries of the pair hold) and
 * atan2 at a subnormal radius (diagonal entries +-inf beyond the range, Laplacian exactly 0).
 */
class RangeEdgeTest {

    @Test
    void symmetrizingTwoEntriesNearTheTopOfTheRangeKeepsThemFinite() {
        for (double x : new double[] {-1, 0, 2, 1e300}) {
            for (double y : new double[] {1e-154, -1e-154}) {
                HTape tape = new HTape();
                HVar u = tape.variable(x);
                HVar v = tape.variable(y);
                DMatrixRMaj h = tape.hessian(u.divide(v));
                double mixed = -1 / y / y;
                assertEquals(-1e308, mixed, Math.ulp(1e308));
                assertEquals(mixed, h.get(0, 1), 0, "d2(x/y)/dxdy at " + x + ", " + y);
                assertEquals(mixed, h.get(1, 0), 0, "d2(x/y)/dydx at " + x + ", " + y);
            }
        }
    }

    @Test
    void symmetrizingStillAveragesAndPropagatesInfinities() {
        HTape tape = new HTape();
        HVar u = tape.variable(0.5);
        HVar v = tape.variable(1e-120);
        // d2/dudv (u / v^2) = -2 / v^3 overflows: both entries are -inf, so is their mean
        DMatrixRMaj h = tape.hessian(u.divide(v.multiply(v)));
        assertEquals(Double.NEGATIVE_INFINITY, h.get(0, 1));
        assertEquals(Double.NEGATIVE_INFINITY, h.get(1, 0));
        HTape t2 = new HTape();
        HVar a = t2.variable(3);
        HVar b = t2.variable(4);
        DMatrixRMaj g = t2.hessian(a.multiply(b).multiply(a)); // a^2 b: mixed entry 2a = 6
        assertEquals(6, g.get(0, 1), 0);
        assertEquals(6, g.get(1, 0), 0);
    }

    @Test
    void laplacianOfAtan2AtASubnormalRadiusIsExactlyZero() {
        double[] tiny = {1e-300, -1e-300, Double.MIN_NORMAL, -Double.MIN_VALUE};
        for (double a : tiny) {
            for (double b : tiny) {
                ForwardLaplacian y = ForwardLaplacian.variable(a, 0, 2);
                ForwardLaplacian x = ForwardLaplacian.variable(b, 1, 2);
                assertEquals(0.0, y.atan2(x).laplacian(), 0, "Laplacian of atan2 at " + a + ", " + b);
                assertEquals(0.0, Hybrid.laplacian(RangeEdgeTest::angle, a, b), 0);
            }
        }
    }

    @Test
    void harmonicFactoringKeepsTheLaplacianOfAScaledAngle() {
        // atan2(2u, v): the arguments' gradients differ (|J|^2 = 4 and 1), so the harmonic
        // partials leave g_xx (4 - 1) = 3 g_xx; exact Laplacian 3 * (-2 y x / r^4) at y = 2, x = 1
        ForwardLaplacian u = ForwardLaplacian.variable(1, 0, 2);
        ForwardLaplacian v = ForwardLaplacian.variable(1, 1, 2);
        double r2 = 5;
        assertEquals(3 * (-2 * 2 * 1 / (r2 * r2)), u.multiply(2).atan2(v).laplacian(), 1e-15);
    }

    static <T extends org.apache.commons.math3.RealFieldElement<T>> T angle(T[] x) {
        return x[0].atan2(x[1]);
    }
}
