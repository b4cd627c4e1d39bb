package org.dualad.dual;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The second-order tape's recordings told apart by identity, and its error where it cannot grow. */
class HTapeLimitsTest {

    @Test
    void aVariableOfAnEarlierRecordingIsRefusedWhateverTheCounterSays() {
        HTape t = new HTape();
        HVar x = t.variable(1);
        t.reset();
        t.gen = new HTape.Gen(t, 0, false); // numbered as x's, as if a counter had wrapped: recordings are compared by identity
        HVar z = t.variable(2);
        assertThrows(IllegalStateException.class, x::sin);
        assertThrows(IllegalStateException.class, () -> z.multiply(x));
        assertThrows(IllegalStateException.class, () -> x.add(z));
        assertThrows(IllegalStateException.class, () -> t.gradient(x.multiply(2)));
        assertEquals(4, z.multiply(z).value());
    }

    @Test
    void aTapeThatCannotGrowSaysHowBigItIsAndStaysUsable() {
        HTape t = new HTape();
        t.heapLimit = 100_000;
        HVar a = t.variable(1);
        HVar b = t.variable(2);
        HVar[] s = {a};
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> {
            for (int k = 0; k < 10_000; k++) {
                s[0] = s[0].multiply(b);
            }
        });
        String m = e.getMessage();
        assertTrue(m.startsWith("HTape: out of memory growing the tape at 1023 nodes (0.1 MB, 56 bytes a node) to room"
                + " for 2048 nodes") && m.contains("Runtime.maxMemory()) is 0.1 MB") && m.contains("-Xmx"), m);
        assertEquals(1023, t.size(), "the node that did not fit is not recorded");
        double[] g = t.gradient(s[0]);
        assertEquals(2, g.length);
        assertArrayEquals(new double[] {Math.pow(2, 1021), 1021 * Math.pow(2, 1020)}, g);
    }
}
