package org.dualad.reverse;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * How much room the JIT's code cache has left, so that a recording's bytecode never crowds out
 * the rest of the program's compiled code.
 *
 * <p>Why: the code cache has a fixed size (240 MB by default), shared by every method the JIT
 * compiles, and when it is full HotSpot stops compiling ("CodeCache is full. Compiler has been
 * disabled"): from then on new hot code of the whole application stays interpreted. A recording's
 * bytecode takes room as long as the recording lives: measured on Rosenbrock, about 360 bytes a
 * tape node while the JIT's profiled tier still holds it, about 100 once only the optimized code
 * remains (1 MB for 9991 nodes).
 */
final class CodeCache {
    /** Code cache bytes a tape node's bytecode may take while it is compiled: 400 (360 measured). */
    static final long BYTES_PER_NODE = 400;

    private CodeCache() {
    }

    /**
     * @return {free bytes, capacity in bytes} over the JVM's code heaps, or null on a JVM that
     *     reports none (then nothing is known and nothing is refused)
     */
    static long[] room() {
        long free = 0;
        long max = 0;
        boolean found = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            // "CodeHeap '...'" with a segmented cache (the default), "Code Cache" without
            if (pool.getType() == MemoryType.NON_HEAP && (name.startsWith("CodeHeap") || name.equals("Code Cache"))) {
                MemoryUsage u = pool.getUsage();
                if (u == null || u.getMax() < 0) {
                    return null;
                }
                free += u.getMax() - u.getUsed();
                max += u.getMax();
                found = true;
            }
        }
        return found ? new long[] {free, max} : null;
    }

    /**
     * @param nodes the tape's nodes
     * @param room {free, capacity} as {@link #room()} gives it, or null
     * @return null if bytecode for a tape of this size leaves at least a quarter of the code
     *     cache free, else why it would not
     */
    static String refusal(int nodes, long[] room) {
        if (room == null) {
            return null;
        }
        long need = BYTES_PER_NODE * nodes;
        if (room[0] - need >= room[1] / 4) {
            return null;
        }
        return "the JIT's code cache has " + room[0] / 1024 + " KB free of " + room[1] / 1024 + " KB; the bytecode"
                + " would take about " + need / 1024 + " KB and must leave a quarter to the rest of the program";
    }
}
