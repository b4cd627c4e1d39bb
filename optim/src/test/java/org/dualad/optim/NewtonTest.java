package org.dualad.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NewtonTest {

    @Test
    void newtonStepOfAQuadraticLandsOnItsMinimum() {
        // u^3 + v^2 + 4uv at (3, 4): H = [[18, 4], [4, 2]], g = (43, 20); d = -H^-1 g.
        double[] d = Newton.step(Fns::example4, 3, 4);
        double det = 18 * 2 - 4 * 4;
        assertArrayEquals(new double[] {-(2 * 43 - 4 * 20) / det, -(-4 * 43 + 18 * 20) / det}, d, 1e-13);
    }

    @Test
    void trustRegionNewtonSolvesRosenbrockFromTheClassicStart() {
        Newton.Result r = Newton.minimize(Fns::rosenbrock, new double[] {-1.2, 1}, 1e-10, 100);
        assertTrue(r.converged(), r.toString());
        assertArrayEquals(new double[] {1, 1}, r.point(), 1e-10);
        assertTrue(r.iterations() < 40, r.toString());
    }

    @Test
    void indefiniteHessianIsDampedNotFollowedUphill() {
        // At (1, -1) the bowl's Hessian is [[0, 1], [1, 2]]: indefinite. A pure Newton step would
        // head to a saddle; the damped step must still decrease f and reach the minimum.
        Newton.Result r = Newton.minimize(Fns::bowl, new double[] {1, -1}, 1e-9, 200);
        assertTrue(r.converged(), r.toString());
        assertTrue(r.value() < Engine.value(Fns::bowl, new double[] {1, -1}, "t"));
    }

    @Test
    void emptyStartIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Newton.minimize(Fns::rosenbrock, new double[0], 1e-8, 10));
        assertEquals("Newton.minimize: x must hold at least one value, got length 0", e.getMessage());
    }
}
