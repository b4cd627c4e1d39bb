package org.dualad.internal;

import java.util.Locale;
import org.dualad.TapeFootprint;
import org.dualad.TapeLimitException;

/**
 * How every DualAD tape ({@code Tape}, the edge tape behind {@code Reverse.gradient},
 * {@code HTape}) sizes itself, in one place: growth by doubling up to an optional cap, the
 * errors of a tape that may not or cannot grow, and when a reused scratch tape gives memory back.
 *
 * <h2>Growth</h2>
 * A tape's arrays double when full, so a tape of s nodes holds room for fewer than 2 s (the
 * growth slack is at most 2x), and recording s nodes copies fewer than 2 s nodes in all. With a
 * cap (maxNodes) the arrays never grow beyond it: recording node maxNodes + 1 throws
 * {@link TapeLimitException}, naming the size, the cap and the heap a bigger tape would need.
 * Where the heap cannot hold the doubled arrays next to the old ones (both are live while they are
 * copied), by its limit or because the allocation fails, the tape grows by a quarter instead
 * ({@link #smallerCapacity}); where that does not fit either it throws an {@link OutOfMemoryError}
 * naming its size and the heap's limit, and stays as it was.
 *
 * <h2>Scratch tapes</h2>
 * {@code Reverse} and {@code Hybrid} keep one tape per thread between calls, whatever its size,
 * held through a {@link java.lang.ref.SoftReference}: the collector reclaims it before it would
 * throw {@link OutOfMemoryError}. A call of the same size as the last one never grows it. After
 * {@link #TRIM_AFTER_CALLS} calls in a row that each used at most a quarter of it, a scratch tape
 * of more than {@link #TRIM_FLOOR} nodes shrinks to twice the largest of those calls (a caller who
 * differentiated once at n = 10^7 and then many times at n = 100 does not keep a gigabyte).
 *
 * <p>For DualAD's own tapes (the modules share it); users read a tape's footprint through
 * {@link TapeFootprint} and cap a tape through the tape's constructor or
 * {@code Reverse.withMaxNodes}.
 */
public final class TapeMemory {
    /** Calls in a row using at most a quarter of a scratch tape after which it shrinks. */
    public static final int TRIM_AFTER_CALLS = 16;

    /** Scratch tapes of at most this many nodes (a few MB) are never shrunk. */
    public static final int TRIM_FLOOR = 1 << 16;

    private TapeMemory() {
    }

    /**
     * The capacity a full tape grows to so that it can hold {@code needed} nodes: its capacity
     * doubled (at least 4), but no more than the cap (plus the spare slots the tape keeps free)
     * and the largest array.
     *
     * @param tape the tape's name for messages, e.g. "Tape"
     * @param needed the number of nodes the tape must hold after the growth
     * @param capacity its capacity now
     * @param maxNodes the cap: the most nodes it may hold
     * @param spare slots the tape keeps free beyond its nodes (0 or 1)
     * @param hardMax the most nodes its arrays can hold
     * @param bytesPerNode its bytes per node of capacity, adjoints and work arrays included
     * @param heapLimit the heap's limit ({@link Runtime#maxMemory()})
     * @return the new capacity, at least needed + spare
     * @throws TapeLimitException if needed exceeds maxNodes
     * @throws IllegalStateException if needed exceeds hardMax
     * @throws OutOfMemoryError if the old and the new arrays together exceed heapLimit
     */
    public static int grownCapacity(String tape, long needed, int capacity, long maxNodes, int spare, int hardMax,
            int bytesPerNode, long heapLimit) {
        if (needed > maxNodes) {
            throw new TapeLimitException(tape, needed - 1, maxNodes, bytesPerNode, heapLimit);
        }
        if (needed + spare > hardMax) {
            throw new IllegalStateException(tape + ": cannot record more than " + (hardMax - spare) + " nodes"
                    + " (the largest Java array); record less per tape (split f, or differentiate a smaller"
                    + " piece at a time)");
        }
        long c = Math.min(Math.min(Math.max(2L * capacity, 4), maxNodes + spare), hardMax);
        if ((capacity + c) * bytesPerNode > heapLimit) {
            int smaller = smallerCapacity(needed, capacity, (int) c, spare);
            if (smaller > 0 && (capacity + (long) smaller) * bytesPerNode <= heapLimit) {
                return smaller;
            }
            throw cannotGrow(tape, needed - 1, c, bytesPerNode, heapLimit, null);
        }
        return (int) c;
    }

    /**
     * Resizes a tape's arrays to grown, or where that allocation fails to
     * {@link #smallerCapacity}; the resize leaves the tape as it was when it fails.
     *
     * @param tape the tape's name for messages
     * @param needed the number of nodes the tape must hold after the growth
     * @param capacity its capacity now
     * @param grown the capacity from {@link #grownCapacity}
     * @param spare slots the tape keeps free beyond its nodes (0 or 1)
     * @param bytesPerNode its bytes per node of capacity
     * @param heapLimit the heap's limit
     * @param resize allocates the arrays for a capacity and installs them, or returns false
     * @return the capacity the arrays now have
     * @throws OutOfMemoryError if neither fits
     */
    public static int resize(String tape, long needed, int capacity, int grown, int spare, int bytesPerNode,
            long heapLimit, java.util.function.IntPredicate resize) {
        if (resize.test(grown)) {
            return grown;
        }
        int smaller = smallerCapacity(needed, capacity, grown, spare);
        if (smaller > 0 && resize.test(smaller)) {
            return smaller;
        }
        throw cannotGrow(tape, needed - 1, grown, bytesPerNode, heapLimit,
                new OutOfMemoryError("the arrays of " + grown + " nodes could not be allocated"));
    }

    /**
     * The capacity to try where the doubled arrays do not fit beside the old ones (by the heap's
     * limit, or because its free space is in pieces and the allocation failed): a quarter more,
     * at least room for needed nodes; or -1 where that is no smaller than grown. Near the heap's
     * limit the growth slack is then a quarter instead of up to 2x (a 50-million-node trace of 56
     * bytes a node needed 5.6 of a 6.3 GB heap while doubling, and at times could not get it).
     *
     * @param needed the number of nodes the tape must hold after the growth
     * @param capacity its capacity now
     * @param grown the capacity that did not fit
     * @param spare slots the tape keeps free beyond its nodes (0 or 1)
     * @return the smaller capacity, or -1
     */
    public static int smallerCapacity(long needed, int capacity, int grown, int spare) {
        long c = Math.max(needed + spare, capacity + capacity / 4L);
        return c < grown ? (int) c : -1;
    }

    /**
     * The error of a tape that cannot grow: its size in nodes and bytes, the heap's limit, and
     * what to do. Still an {@link OutOfMemoryError} (code that handles one keeps working), with
     * the allocation's own error as its cause when there was one.
     *
     * @param tape the tape's name, e.g. "Tape"
     * @param nodes the nodes it holds
     * @param grownCapacity the capacity it tried to grow to
     * @param bytesPerNode its bytes per node of capacity
     * @param heapLimit the heap's limit
     * @param cause the allocation's error, or null when the check refused before allocating
     * @return the error to throw
     */
    public static OutOfMemoryError cannotGrow(String tape, long nodes, long grownCapacity, int bytesPerNode,
            long heapLimit, OutOfMemoryError cause) {
        OutOfMemoryError e = new OutOfMemoryError(tape + ": out of memory growing the tape at " + nodes
                + " nodes (" + mb(nodes * bytesPerNode) + ", " + bytesPerNode + " bytes a node) to room for "
                + grownCapacity + " nodes (" + mb(grownCapacity * bytesPerNode) + "; while the arrays are copied"
                + " both copies are live); the heap's limit (Runtime.maxMemory()) is " + mb(heapLimit)
                + ". Raise it with -Xmx, or record less per tape (split f, or differentiate a smaller"
                + " piece at a time)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /**
     * Checks a cap given by a user.
     *
     * @param maxNodes the cap
     * @param method the method or constructor taking it, for the message
     * @return maxNodes
     * @throws IllegalArgumentException if maxNodes &lt; 1
     */
    public static long checkCap(long maxNodes, String method) {
        if (maxNodes < 1) {
            throw new IllegalArgumentException(method + ": maxNodes is " + maxNodes
                    + " but must be at least 1 (the most nodes the tape may record)");
        }
        return maxNodes;
    }

    /** Megabytes, one decimal, for messages. */
    public static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /**
     * The shrink policy of one scratch tape (see the class comment): fed the size and capacity
     * after every call, it says when to shrink and to what. Not thread-safe: a scratch tape
     * belongs to one thread.
     */
    public static final class Trim {
        private int calls;
        private int peak;

        /** Creates the policy of one tape, with no small calls counted yet. */
        public Trim() {
        }

        /**
         * @param size the nodes the call just finished recorded
         * @param capacity the tape's capacity in nodes
         * @return the capacity to keep: capacity itself, or less when the tape should shrink
         */
        public int capacityAfter(int size, int capacity) {
            if (capacity <= TRIM_FLOOR || 4L * size > capacity) {
                calls = 0;
                peak = 0;
                return capacity;
            }
            peak = Math.max(peak, size);
            if (++calls < TRIM_AFTER_CALLS) {
                return capacity;
            }
            long keep = Math.max(TRIM_FLOOR, 2L * peak);
            calls = 0;
            peak = 0;
            return (int) Math.min(capacity, keep);
        }
    }
}
