package org.dualad;

/**
 * The heap a tape holds: its recorded nodes, its capacity (nodes it has room for before it
 * grows) and the bytes of its arrays (their elements, recording, adjoints and the sweeps' work
 * arrays it keeps; the arrays' 16-byte headers and the tape object itself are not counted).
 * Because a tape grows by doubling, capacity &lt; 2 nodes once it has grown.
 *
 * @param nodes the nodes recorded (by the last call, for a facade's scratch tape)
 * @param capacity the nodes its arrays have room for
 * @param bytes the bytes of its arrays
 */
public record TapeFootprint(long nodes, long capacity, long bytes) {
    /** No tape: 0 nodes, 0 bytes. */
    public static final TapeFootprint NONE = new TapeFootprint(0, 0, 0);

    /** @return bytes / nodes, or 0 for an empty tape */
    public double bytesPerNode() {
        return nodes == 0 ? 0 : (double) bytes / nodes;
    }
}
