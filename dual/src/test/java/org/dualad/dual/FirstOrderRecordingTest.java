package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A recording for a gradient ({@link HTape#firstOrderCall()}) keeps first partials only: its
 * gradient has the bits of a full recording's, its second-order sweeps are refused, and the mark
 * does not outlive the call that set it (the scratch tape's next call records second partials).
 */
class FirstOrderRecordingTest {

    /**
     * Unary operations of every kind, products, a quotient and a power (binary hooks, whose second
     * partials are skipped), a square at 0 (its first partial vanishes there, its second does not)
     * and a cancellation.
     */
    static <T extends RealFieldElement<T>> T f(T[] x) {
        T s = x[0].multiply(x[1]).sin().add(x[1].exp().divide(x[2].add(3)));
        s = s.add(x[2].multiply(x[2])).add(x[0].pow(x[1].abs().add(1)));
        s = s.add(x[0].sqrt().log1p().multiply(x[2].atan2(x[1])));
        return s.add(x[1].subtract(x[1])).add(x[3].multiply(x[3]).multiply(x[3]));
    }

    private static final double[] X = {0.7, -1.3, 0.0, 0.0};

    @Test
    void aFirstOrderRecordingHasTheGradientOfAFullOne() {
        HTape full = new HTape();
        HVar yFull = f(full.variables(X));
        double[] reverse = full.gradient(yFull);
        double[] forward = full.forwardGradient(yFull, 2);
        HTape scratch = HTape.acquireScratch(Long.MAX_VALUE, "HTape", null).firstOrderCall();
        try {
            HVar y = f(scratch.variables(X));
            assertBits(reverse, scratch.gradient(y), "reverse");
            assertBits(forward, scratch.forwardGradient(y, 2), "forward");
        } finally {
            HTape.releaseScratch(scratch);
        }
        assertBits(full.forwardGradient(yFull, X.length), Forward.gradient(FirstOrderRecordingTest::f, X), "Forward");
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + ", x" + i + ": " + expected[i] + " against " + actual[i]);
        }
    }

    @Test
    void secondOrderSweepsRefuseAFirstOrderRecordingAlsoAfterAReset() {
        HTape t = HTape.acquireScratch(Long.MAX_VALUE, "HTape", null).firstOrderCall();
        try {
            for (int round = 0; round < 2; round++) {
                HVar y = f(t.variables(X));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.hessian(y));
                assertTrue(e.getMessage().startsWith("hessian:") && e.getMessage().contains("firstOrderCall"),
                        e.getMessage());
                assertThrows(IllegalStateException.class, () -> t.hvp(y, new double[X.length]));
                assertThrows(IllegalStateException.class, () -> t.laplacian(y));
                assertThrows(IllegalStateException.class, () -> t.laplacian(y, 1));
                t.reset(); // the same call records again: still first order
            }
        } finally {
            HTape.releaseScratch(t);
        }
    }

    @Test
    void theMarkEndsWithItsCall() {
        // Forward.hessian records on the thread's scratch tape, which Forward.gradient has just
        // used for a first-order recording: its second partials must be there
        DMatrixRMaj fresh = Forward.hessian(FirstOrderRecordingTest::f, X);
        double[] g = Forward.gradient(FirstOrderRecordingTest::f, X);
        DMatrixRMaj after = Forward.hessian(FirstOrderRecordingTest::f, X);
        assertEquals(X.length, g.length);
        assertBits(fresh.getData(), after.getData(), "Forward.hessian after Forward.gradient");
        HTape t = HTape.acquireScratch(Long.MAX_VALUE, "HTape", null);
        try {
            HVar y = f(t.variables(X));
            DMatrixRMaj h = t.hessian(y);
            HTape own = new HTape();
            assertBits(own.hessian(f(own.variables(X))).getData(), h.getData(), "scratch after a gradient");
            assertTrue(h.get(2, 2) != 0, "x2 x2 at 0 keeps its second derivative: " + h);
        } finally {
            HTape.releaseScratch(t);
        }
    }
}
