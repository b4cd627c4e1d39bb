package org.dualad.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.TapeFootprint;
import org.dualad.internal.TapeMemory;
import org.junit.jupiter.api.Test;

/** SparseHessian's per-thread tape follows {@link TapeMemory}'s scratch policy. */
class SparseHessianScratchTest {
    /** Nodes a long call records: well above the floor under which a tape is never shrunk. */
    private static final int LONG = 4 * TapeMemory.TRIM_FLOOR;

    /** x0 * x1, computed through a long chain of nodes when x0 &gt; 0, directly otherwise. */
    static <T extends RealFieldElement<T>> T longWhenPositive(T[] x) {
        T y = x[0].multiply(x[1]);
        if (x[0].getReal() > 0) {
            for (int i = 0; i < LONG / 2; i++) {
                y = y.add(x[0]).subtract(x[0]);
            }
        }
        return y;
    }

    @Test
    void aLargeTapeIsKeptForTheNextCallThenShrunkAfterSmallCalls() {
        SparseHessian h = SparseHessian.of(SparseHessianScratchTest::longWhenPositive, 1, 2);
        assertEquals(TapeFootprint.NONE, h.scratchFootprint());
        h.at(1, 2);
        long big = h.scratchFootprint().capacity();
        assertTrue(big > LONG, "the long call's tape is kept: capacity " + big);
        for (int k = 1; k < TapeMemory.TRIM_AFTER_CALLS; k++) {
            assertEquals(1.0, h.at(-1, 2).get(0, 1), 0);
            assertEquals(big, h.scratchFootprint().capacity(), "kept through small call " + k);
        }
        assertEquals(1.0, h.at(-1, 2).get(0, 1), 0);
        long shrunk = h.scratchFootprint().capacity();
        assertTrue(shrunk < big && shrunk <= TapeMemory.TRIM_FLOOR,
                "shrunk in place after the small calls: " + h.scratchFootprint());
        h.at(-1, 2);
        assertEquals(shrunk, h.scratchFootprint().capacity(), "the shrunk tape is kept: " + h.scratchFootprint());
    }

    @Test
    void aCallUsingMoreThanAQuarterRestartsTheCount() {
        SparseHessian h = SparseHessian.of(SparseHessianScratchTest::longWhenPositive, 1, 2);
        h.at(1, 2);
        long big = h.scratchFootprint().capacity();
        for (int k = 1; k < 3 * TapeMemory.TRIM_AFTER_CALLS; k++) {
            h.at(k % TapeMemory.TRIM_AFTER_CALLS == 0 ? 1 : -1, 2);
            assertEquals(big, h.scratchFootprint().capacity(), "call " + k);
        }
    }
}
