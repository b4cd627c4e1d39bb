package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void everyModePassesOnRosenbrock() {
        CheckReport r = GradientCheck.check(Fns::rosenbrock, -1.2, 1.0, 0.7);
        long modes = java.util.Arrays.stream(Mode.values()).filter(Mode::hasGradient).count();
        assertEquals(2 * modes, r.comparisons().size()); // every mode x 2 oracles
        assertTrue(r.toString().contains("reverse") && r.toString().contains("hybrid"), r.toString());
        assertTrue(r.worstRelativeError(Oracle.COMPLEX_STEP) < 1e-14, r.toString());
        assertTrue(r.toString().startsWith("GradientCheck at x = [-1.2, 1.0, 0.7]: passed"), r.toString());
        assertTrue(r.toString().contains("forward (Dual)"), r.toString());
        JacobianCheck.check(Fns::polar, 2, 0.5);
        HessianCheck.check(Fns::gauss, 2, 0.5);
        HessianCheck.check(Fns::rosenbrock, -1.2, 1.0, 0.7);
        CheckReport lap = LaplacianCheck.check(Fns::gauss, 2, 0.5);
        assertEquals(0.5 * Math.exp(-2.125), Oracles.complexStepLaplacian(Fns::gauss, 2, 0.5), 1e-16);
        assertTrue(lap.toString().contains("hybrid"), lap.toString());
    }

    @Test
    void wrongLaplacianFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> LaplacianCheck.of(Fns::cubic).modes().laplacian("off by one", x -> 21).at(3, 4));
        assertTrue(e.getMessage().contains("the Laplacian: off by one = 21.0, complex step = 20.0"), e.getMessage());
    }

    @Test
    void handWrittenGradientPasses() {
        CheckReport r = GradientCheck.check(Fns::cubic, x -> new double[] {3 * x[0] * x[0] + 4 * x[1], 2 * x[1] + 4 * x[0]}, 3, 4);
        assertEquals("hand-written", r.comparisons().get(0).subject());
    }

    @Test
    void wrongGradientFailsWithAGradcheckStyleMessage() {
        // d/dv of u^3 + v^2 + 4uv is 2v + 4u; this one forgets the 4u
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.check(Fns::cubic,
                x -> new double[] {3 * x[0] * x[0] + 4 * x[1], 2 * x[1]}, 3, 4));
        String m = e.getMessage();
        assertTrue(m.startsWith("GradientCheck failed at x = [3.0, 4.0]: 2 problems"), m);
        assertTrue(m.contains("hand-written vs complex step: 1 of 2 entries out of tolerance "
                + "(|actual - expected| <= 1.0E-12 + 1.0E-12 * max(|actual|, |expected|)), worst first:"), m);
        assertTrue(m.contains("  output 0, input 1: hand-written = 8.0, complex step = 20.0, abs error 12.0, "
                + "rel error 0.600, allowed 2.10e-11"), m);
        assertTrue(m.contains("hand-written vs finite differences"), m);
    }

    @Test
    void worstEntriesComeFirst() {
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.of(Fns::rosenbrock).modes()
                .gradient("off", x -> new double[] {0, 0, 0}).oracles(Oracle.COMPLEX_STEP).at(-1.2, 1.0, 0.7));
        String m = e.getMessage();
        // the gradient is (-215.6, 32, -60) here: input 0 is the worst, then input 2, then input 1
        assertTrue(m.indexOf("input 0:") < m.indexOf("input 2:") && m.indexOf("input 2:") < m.indexOf("input 1:"), m);
    }

    @Test
    void wrongHessianAndJacobianFail() {
        AssertionError h = assertThrows(AssertionError.class, () -> HessianCheck.check(Fns::cubic,
                x -> new DMatrixRMaj(new double[][] {{18, 4}, {4, 3}}), 3, 4));
        assertTrue(h.getMessage().contains("output 1 (df/dx1), input 1: hand-written = 3.0, complex step = 2.0"), h.getMessage());
        AssertionError j = assertThrows(AssertionError.class, () -> JacobianCheck.check(Fns::polar,
                x -> new DMatrixRMaj(2, 2), 2, 0.5));
        assertTrue(j.getMessage().contains("shapes differ, hand-written is 2x2 but complex step is 3x2"), j.getMessage());
    }

    @Test
    void aThrowingFunctionFailsWithTheCause() {
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.check(Fns::broken, 1, 2));
        assertTrue(e.getMessage().contains("complex step threw java.lang.IllegalStateException: broken on purpose"), e.getMessage());
        assertTrue(e.getMessage().contains("forward threw"), e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    @Test
    void aNonFinitePointNeverPasses() {
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.check(Fns::gauss, 1, Double.NaN));
        assertTrue(e.getMessage().startsWith("GradientCheck: x[1] = NaN at x = [1.0, NaN]"), e.getMessage());
        assertThrows(AssertionError.class, () -> HessianCheck.check(Fns::gauss, Double.POSITIVE_INFINITY, 1));
    }

    @Test
    void nanDerivativesNeverPass() {
        // sqrt of a negative number: every mode and every oracle agree on NaN, and the check fails
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.check(Fns::root, -1, 2));
        assertTrue(e.getMessage().contains("(NaN never passes)"), e.getMessage());
    }

    @Test
    void badArguments() {
        assertThrows(NullPointerException.class, () -> GradientCheck.check(null, 1));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.check(Fns::gauss));
        assertThrows(NullPointerException.class, () -> GradientCheck.check(Fns::gauss, (double[]) null));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.of(Fns::gauss).modes().at(1, 2));
        assertThrows(IllegalArgumentException.class, () -> HessianCheck.of(Fns::gauss).modes(Mode.FORWARD_DUAL));
    }
}
