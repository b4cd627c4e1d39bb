package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.math3.RealFieldElement;
import org.junit.jupiter.api.Test;

/** The per-thread scratch tape: no result depends on an earlier call, nesting and failures included. */
class ScratchTapeTest {

    static <T extends RealFieldElement<T>> T inner(T[] x) {
        return x[0].pow(3);
    }

    /** Calls Hybrid from inside f: the nested call must get its own tape. */
    static <T extends RealFieldElement<T>> T nesting(T[] x) {
        double c = Hybrid.hessian(ScratchTapeTest::inner, 2).get(0, 0); // 12
        return x[0].multiply(x[1]).multiply(c).add(x[1].sin());
    }

    static <T extends RealFieldElement<T>> T failing(T[] x) {
        x[0].multiply(x[1]).exp();
        throw new IllegalStateException("user failure");
    }

    @Test
    void nestedCallsAndFailuresLeaveLaterResultsUntouched() {
        double[] x = {0.5, 1.5};
        double[] expected = {12 * 1.5, 12 * 0.5 + Math.cos(1.5)};
        assertArrayEquals(expected, Hybrid.gradient(ScratchTapeTest::nesting, x), 1e-15);
        assertEquals(12, Hybrid.hessian(ScratchTapeTest::nesting, x).get(0, 1), 1e-15);
        assertThrows(IllegalStateException.class, () -> Hybrid.hessian(ScratchTapeTest::failing, x));
        double[] big = new double[300];
        java.util.Arrays.fill(big, 0.25);
        Hybrid.hessian(TestFunctions::mixed, big);
        assertArrayEquals(expected, Hybrid.gradient(ScratchTapeTest::nesting, x), 1e-15);
        assertArrayEquals(new double[] {-Math.sin(1.5), 12 * 1.0 - 0}, new double[] {
            Hybrid.hvp(ScratchTapeTest::nesting, x, new double[] {0, 1})[1], Hybrid.hvp(ScratchTapeTest::nesting, x, new double[] {1, 0})[1]}, 1e-15);
    }
}
