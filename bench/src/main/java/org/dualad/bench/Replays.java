package org.dualad.bench;

import org.dualad.reverse.Recording;

/**
 * When a benchmark may time a replay: once its recording runs the code it keeps. A tape above
 * {@link Recording#BYTECODE_LIMIT} nodes switches from its interpreted program to bytecode only
 * after {@link Recording#LARGE_BYTECODE_AFTER} replays, and for about a second after that runs the
 * new code while the JIT compiles it; rounds that straddle the switch measure neither.
 */
final class Replays {
    private Replays() {
    }

    /** True once r runs bytecode or has said why it will not (over the limits, turned off, a failure). */
    static boolean settled(Recording r) {
        return r.runsBytecode() || r.bytecodeFallback() != null;
    }

    /**
     * Replays until r runs the code it keeps (at most {@link Recording#LARGE_BYTECODE_AFTER} + 1
     * times), so that a harness with a fixed warm-up (JMH's) sees the JIT compile that code.
     */
    static void untilSettled(Recording r, Runnable replay) {
        for (int k = 0; k <= Recording.LARGE_BYTECODE_AFTER && !settled(r); k++) {
            replay.run();
        }
    }
}
