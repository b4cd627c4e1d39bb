package org.dualad.optim;

import org.apache.commons.math3.RealFieldElement;
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

    /** Extended Rosenbrock: sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, minimum at all ones. */
    static <T extends RealFieldElement<T>> T extendedRosenbrock(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /** x[i] = 0.5 + 0.3 sin(i): a start in the global minimum's basin (from (-1.2, 1, ...) the two
     * methods may end at the local minimum near x0 = -1 that extended Rosenbrock has for n &ge; 4). */
    private static double[] start(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        return x;
    }

    @Test
    void conjugateGradientNewtonSolvesRosenbrockFromTheClassicStart() {
        Newton.Result r = Newton.minimizeCg(Fns::rosenbrock, new double[] {-1.2, 1}, 1e-10, 100);
        assertTrue(r.converged(), r.toString());
        assertArrayEquals(new double[] {1, 1}, r.point(), 1e-10);
        assertTrue(r.iterations() < 60, r.toString());
    }

    @Test
    void conjugateGradientNewtonAgreesWithTheDenseOneAndScalesToAThousandInputs() {
        Newton.Result dense = Newton.minimize(NewtonTest::extendedRosenbrock, start(20), 1e-9, 200);
        Newton.Result cg = Newton.minimizeCg(NewtonTest::extendedRosenbrock, start(20), 1e-9, 200);
        assertTrue(dense.converged() && cg.converged(), dense + " / " + cg);
        assertArrayEquals(dense.point(), cg.point(), 1e-9);

        Newton.Result denseChain = Newton.minimize(NewtonTest::convexChain, start(200), 1e-10, 50);
        Newton.Result cgChain = Newton.minimizeCg(NewtonTest::convexChain, start(200), 1e-10, 50);
        assertTrue(denseChain.converged() && cgChain.converged(), denseChain + " / " + cgChain);
        assertArrayEquals(denseChain.point(), cgChain.point(), 1e-10);

        Newton.Result big = Newton.minimizeCg(NewtonTest::convexChain, start(2000), 1e-10, 50);
        assertTrue(big.converged(), () -> "iterations " + big.iterations() + ", value " + big.value());
        assertTrue(big.iterations() < 20, () -> "iterations " + big.iterations());
    }

    /** sum exp(x_i) - (1 + i/n) x_i + (x_{i+1} - x_i)^2 / 2: strictly convex, a tridiagonal Hessian. */
    static <T extends RealFieldElement<T>> T convexChain(T[] x) {
        int n = x.length;
        T s = x[0].getField().getZero();
        for (int i = 0; i < n; i++) {
            s = s.add(x[i].exp()).subtract(x[i].multiply(1 + (double) i / n));
            if (i + 1 < n) {
                T d = x[i + 1].subtract(x[i]);
                s = s.add(d.multiply(d).multiply(0.5));
            }
        }
        return s;
    }

    @Test
    void conjugateGradientNewtonDampsAnIndefiniteHessian() {
        double start = Engine.value(Fns::bowl, new double[] {1, -1}, "t");
        Newton.Result r = Newton.minimizeCg(Fns::bowl, new double[] {1, -1}, 1e-9, 200);
        assertTrue(r.converged(), r.toString());
        assertTrue(r.value() < start);
        assertArrayEquals(Newton.minimize(Fns::bowl, new double[] {1, -1}, 1e-9, 200).point(), r.point(), 1e-8);
    }

    @Test
    void conjugateGradientNewtonStopsAtItsIterationLimit() {
        Newton.Result r = Newton.minimizeCg(Fns::rosenbrock, new double[] {-1.2, 1}, 1e-12, 3);
        assertEquals(3, r.iterations());
        assertTrue(!r.converged(), r.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Newton.minimizeCg(Fns::rosenbrock, new double[0], 1e-8, 10));
        assertEquals("Newton.minimizeCg: x must hold at least one value, got length 0", e.getMessage());
    }

    @Test
    void emptyStartIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Newton.minimize(Fns::rosenbrock, new double[0], 1e-8, 10));
        assertEquals("Newton.minimize: x must hold at least one value, got length 0", e.getMessage());
    }
}
