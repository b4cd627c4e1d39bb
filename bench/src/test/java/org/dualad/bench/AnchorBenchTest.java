package org.dualad.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dualad.ScalarFunction;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.junit.jupiter.api.Test;

/**
 * The table times a replay on the code a long loop settles on. Rosenbrock at n = 1000 records
 * 9991 nodes, above {@link Recording#BYTECODE_LIMIT}: its recordings switch to bytecode only after
 * {@link Recording#LARGE_BYTECODE_AFTER} replays, and a warm-up that ends before that measured
 * the interpreted program in some rounds and the new bytecode in others.
 */
class AnchorBenchTest {
    @Test
    void aReplayIsTimedOnTheBytecodeItKeeps() {
        AnchorBench b = new AnchorBench();
        b.function = "rosenbrock";
        b.n = 1000;
        b.setting = "alone";
        double[] x = Anchors.point(b.function, b.n);
        ScalarFunction f = Anchors.function(b.function);
        Recording r = Reverse.record(f, x);
        assertTrue(r.size() > Recording.BYTECODE_LIMIT, "a tape that switches late: " + r.size() + " nodes");
        b.prepare(f, x, r);
        assertTrue(b.bytecodePending("replay"));
        assertTrue(b.bytecodePending("replayUnguarded"));
        assertFalse(b.bytecodePending("reverseGradient"), "not a replay");
        // a 250 ms warm-up (settling stops at 20 times it): the JIT goes quiet long before 65536
        // replays have run
        b.settle("replay", 250_000_000L, 10_000_000L);
        assertFalse(b.bytecodePending("replay"), "settled before the switch to bytecode");
        assertTrue(r.runsBytecode());
        assertArrayEquals(Reverse.gradient(f, x), r.gradient(x), 1e-9, "the bytecode's gradient");
    }
}
