package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class OraclesTest {
    private static final double E = Math.exp(-2.125);

    @Test
    void complexStepGradientOfWorkedExamples() {
        assertArrayEquals(new double[] {43, 20}, Oracles.complexStepGradient(Fns::cubic, 3, 4), 0);
        assertArrayEquals(new double[] {-3 * E, -E}, Oracles.complexStepGradient(Fns::gauss, 2, 0.5), 1e-16);
    }

    @Test
    void complexStepHessianOfWorkedExamples() {
        DMatrixRMaj h = Oracles.complexStepHessian(Fns::cubic, 3, 4);
        assertArrayEquals(new double[] {18, 4, 4, 2}, h.data, 0);
        DMatrixRMaj g = Oracles.complexStepHessian(Fns::gauss, 2, 0.5);
        assertArrayEquals(new double[] {2 * E, 1.5 * E, 1.5 * E, -1.5 * E}, g.data, 1e-16);
    }

    @Test
    void complexStepJacobian() {
        double r = 2;
        double t = 0.5;
        DMatrixRMaj j = Oracles.complexStepJacobian(Fns::polar, r, t);
        assertArrayEquals(new double[] {Math.cos(t), -r * Math.sin(t), Math.sin(t), r * Math.cos(t), 2 * r * t, r * r},
                j.data, 1e-15);
    }

    @Test
    void finiteDifferencesStayWithinTheirOwnBound() {
        double[] x = {-1.2, 1.0, 0.7};
        double[] exact = Oracles.complexStepGradient(Fns::rosenbrock, x);
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceGradientWithError(Fns::rosenbrock, x);
        double[] g = fd.gradient();
        double[] bound = fd.gradientErrorBound();
        for (int i = 0; i < x.length; i++) {
            assertTrue(Math.abs(g[i] - exact[i]) <= bound[i], "input " + i + ": " + g[i] + " vs " + exact[i] + " bound " + bound[i]);
            assertTrue(bound[i] < 1e-7 * Math.max(1, Math.abs(exact[i])), "bound " + bound[i]);
            assertTrue(fd.step()[i] > 0);
        }
        assertArrayEquals(g, Oracles.finiteDifferenceGradient(Fns::rosenbrock, x), 0);
    }

    /** log10(1 + x^2) at x = 0.0073 (|f| = 2.3e-5): a random-program case whose error was 2.2x its old bound. */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T logOfOnePlusSquare(T[] x) {
        return x[0].multiply(x[0]).add(1).log().divide(Math.log(10));
    }

    @Test
    void theBoundCountsTheNoiseOfCancellationNotOnlyUlpsOfTheValue() {
        double[] x = {0.007283399899321807};
        double exact = 2 * x[0] / ((1 + x[0] * x[0]) * Math.log(10));
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceGradientWithError(OraclesTest::logOfOnePlusSquare, x);
        double err = Math.abs(fd.gradient()[0] - exact);
        assertTrue(err > 2.5e-14, "the case still shows the rounding noise of 1 + x^2: " + err);
        assertTrue(err <= fd.gradientErrorBound()[0], err + " within " + fd.gradientErrorBound()[0]);
        // 16 ulps of |f| alone would allow 1.5 * 16 * 2.2e-16 * 2.3e-5 / h, twice over: about 2e-14
        assertTrue(fd.gradientErrorBound()[0] > 1e-13, "bound " + fd.gradientErrorBound()[0]);
    }

    @Test
    void theTruncationEstimateTrustsTheStepsOnlyWhereTheyShrinkAsHToTheFourth() {
        // error C h^4 with C h^4 = 1e-8: g(h) = d + 1e-8, g(2h) = d + 16e-8, g(4h) = d + 256e-8
        double d = 3;
        assertEquals(1e-8, Oracles.truncation(d + 1e-8, d + 16e-8, d + 256e-8, 1e-12), 1e-16);
        // the same two steps, but 4h disagrees (f oscillates on that scale): the whole difference
        assertEquals(15e-8, Oracles.truncation(d + 1e-8, d + 16e-8, d - 5e-8, 1e-12), 1e-16);
        // f undefined at x +- 8h: the two-step estimate
        assertEquals(1e-8, Oracles.truncation(d + 1e-8, d + 16e-8, Double.NaN, 1e-12), 1e-16);
        assertEquals(0, Oracles.truncation(d, d, d, 1e-12));
        // g(h) and g(2h) that differ by more than half their size: the steps do not resolve f, no bound
        assertEquals(Double.POSITIVE_INFINITY, Oracles.truncation(-226.6, 180.5, -0.42, 3e-12));
        // a jump only the widest stencil meets: g(h) and g(2h) agree, the whole difference as before
        assertEquals(0, Oracles.truncation(1, 1, -40, 3e-12));
        // unless rounding explains the spread (a derivative of 0 seen through noise)
        assertEquals(2e-12, Oracles.truncation(1e-12, -1e-12, 0.5e-12, 3e-12), 1e-24);
    }

    /**
     * remainder(x^9, 1.44) near 1.79 jumps every 1.5e-3, inside the stencil: the three steps give
     * -227, 181 and -0.4 for a derivative of 949, whose whole difference (814) was taken as the
     * bound; the steps resolve nothing there, and the estimate now says so (no bound).
     */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T jumps(T[] x) {
        return x[0].pow(3).pow(3).remainder(1.4384999999999999);
    }

    @Test
    void aJumpInsideTheStencilLeavesNoBound() {
        double x = 1.790222373227226;
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceGradientWithError(OraclesTest::jumps, x);
        double exact = 9 * Math.pow(x, 8);
        assertTrue(Math.abs(fd.gradient()[0] - exact) > 100, "the estimate is off: " + fd.gradient()[0]);
        assertEquals(Double.POSITIVE_INFINITY, fd.gradientErrorBound()[0]);
        // a check against finite differences there passes every mode but says it could not judge
        CheckReport r = GradientCheck.of(OraclesTest::jumps).oracles(Oracle.FINITE_DIFFERENCES).at(x);
        assertTrue(r.passed(), r.toString());
        assertTrue(r.comparisons().get(0).unjudged() == 1, r.toString());
        assertTrue(r.toString().contains("1 not judged"), r.toString());
        // away from the jumps, at a point where x^9 is small, the bound is finite and holds
        FiniteDifferenceEstimate calm = Oracles.finiteDifferenceGradientWithError(OraclesTest::jumps, 0.3);
        assertTrue(Double.isFinite(calm.gradientErrorBound()[0]));
        assertTrue(Math.abs(calm.gradient()[0] - 9 * Math.pow(0.3, 8)) <= calm.gradientErrorBound()[0]);
    }

    /** expm1(sin(8 x^6)) at x = 1.31 turns 0.18 rad a step: the 4h stencil shows h is not yet small. */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T[] oscillating(T[] x) {
        T[] r = org.apache.commons.math3.util.MathArrays.buildArray(x[0].getField(), 2);
        r[0] = x[0].add(x[0]);
        r[1] = x[0].multiply(x[0].add(x[0])).pow(3).sin().expm1();
        return r;
    }

    @Test
    void anOscillatingFunctionGetsABoundThatHoldsAndTheCheckPasses() {
        double[] x = {1.31, 0, 0};
        double exact = Oracles.complexStepJacobian(OraclesTest::oscillating, x).get(1, 0); // -252.93685459479
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceJacobianWithError(OraclesTest::oscillating, x);
        double err = Math.abs(fd.estimate().get(1, 0) - exact);
        assertTrue(err > 5e-3, "still 2e-5 relative off: " + err);
        assertTrue(err <= fd.errorBound().get(1, 0), err + " within " + fd.errorBound().get(1, 0));
        JacobianCheck.check(OraclesTest::oscillating, x); // failed: the two-step bound was 9.3e-4
    }

    @Test
    void finiteDifferenceHessianAndJacobianWithinBound() {
        double[] x = {2, 0.5};
        DMatrixRMaj exact = Oracles.complexStepHessian(Fns::gauss, x);
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceHessianWithError(Fns::gauss, x);
        for (int k = 0; k < 4; k++) {
            assertTrue(Math.abs(fd.estimate().data[k] - exact.data[k]) <= fd.errorBound().data[k], "entry " + k);
        }
        DMatrixRMaj jex = Oracles.complexStepJacobian(Fns::polar, x);
        FiniteDifferenceEstimate jfd = Oracles.finiteDifferenceJacobianWithError(Fns::polar, x);
        for (int k = 0; k < 6; k++) {
            assertTrue(Math.abs(jfd.estimate().data[k] - jex.data[k]) <= jfd.errorBound().data[k], "entry " + k);
        }
    }

    @Test
    void nanPointGivesNaNNotAnException() {
        assertTrue(Double.isNaN(Oracles.complexStepGradient(Fns::gauss, Double.NaN, 1)[0]));
        assertTrue(Double.isNaN(Oracles.finiteDifferenceGradient(Fns::gauss, Double.NaN, 1)[0]));
        assertTrue(Double.isNaN(Oracles.complexStepHessian(Fns::gauss, Double.NaN, 1).get(0, 0)));
        assertTrue(Double.isNaN(Oracles.complexStepJacobian(Fns::polar, Double.NaN, 1).get(0, 0)));
    }

    @Test
    void badArgumentsNameTheMethod() {
        NullPointerException npe = assertThrows(NullPointerException.class, () -> Oracles.complexStepGradient(null, 1));
        assertEquals("complexStepGradient: f must not be null", npe.getMessage());
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class,
                () -> Oracles.finiteDifferenceGradient(Fns::gauss));
        assertTrue(iae.getMessage().startsWith("finiteDifferenceGradient: x must have at least one element"));
        assertThrows(NullPointerException.class, () -> Oracles.complexStepHessian(Fns::gauss, (double[]) null));
        assertThrows(IllegalStateException.class, () -> Oracles.complexStepGradient(Fns::broken, 1));
    }

    @Test
    void oraclesAndChecksAreThreadSafe() throws Exception {
        double[] expected = Oracles.complexStepGradient(Fns::rosenbrock, -1.2, 1.0, 0.7);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<double[]>> futures = new java.util.ArrayList<>();
            for (int k = 0; k < 32; k++) {
                futures.add(pool.submit(() -> {
                    GradientCheck.check(Fns::rosenbrock, -1.2, 1.0, 0.7);
                    return Oracles.complexStepGradient(Fns::rosenbrock, -1.2, 1.0, 0.7);
                }));
            }
            for (java.util.concurrent.Future<double[]> f : futures) {
                assertArrayEquals(expected, f.get(), 0);
            }
        } finally {
            pool.shutdown();
        }
    }
}
