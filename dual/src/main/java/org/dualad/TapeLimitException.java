package org.dualad;

import org.dualad.internal.TapeMemory;

/**
 * A tape reached the cap its owner set (a {@code Tape} or {@code HTape} constructed with a
 * maxNodes, or {@code Reverse.withMaxNodes}): recording one more node would exceed it. The tape
 * keeps the nodes it holds; nothing is recorded past the cap. The message names the tape, its
 * size, the cap and the heap the cap's tape takes, and what to do.
 */
public final class TapeLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final long nodes;
    private final long maxNodes;
    private final int bytesPerNode;

    /**
     * @param tape the tape's name, e.g. "Tape"
     * @param nodes the nodes it holds (the cap)
     * @param maxNodes the cap
     * @param bytesPerNode its bytes per node of capacity, adjoints included
     * @param heapLimit the heap's limit ({@link Runtime#maxMemory()})
     */
    public TapeLimitException(String tape, long nodes, long maxNodes, int bytesPerNode, long heapLimit) {
        super(tape + ": the tape holds " + nodes + " nodes, its cap (maxNodes = " + maxNodes + "), and f records"
                + " more; at " + bytesPerNode + " bytes a node the cap's tape takes " + TapeMemory.mb(maxNodes
                        * bytesPerNode) + " of heap, twice the cap would need " + TapeMemory.mb(2 * maxNodes
                        * bytesPerNode) + " (the heap's limit, Runtime.maxMemory(), is " + TapeMemory.mb(heapLimit)
                + "). Raise the cap, or record less per tape (split f, or differentiate a smaller piece at a time)");
        this.nodes = nodes;
        this.maxNodes = maxNodes;
        this.bytesPerNode = bytesPerNode;
    }

    /** @return the nodes the tape holds */
    public long nodes() {
        return nodes;
    }

    /** @return the cap that was reached */
    public long maxNodes() {
        return maxNodes;
    }

    /** @return the tape's bytes per node of capacity, adjoints included */
    public int bytesPerNode() {
        return bytesPerNode;
    }
}
