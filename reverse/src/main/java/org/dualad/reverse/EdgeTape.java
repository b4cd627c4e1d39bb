package org.dualad.reverse;

import java.util.Arrays;
import org.apache.commons.math3.Field;
import org.dualad.TapeFootprint;
import org.dualad.dual.Chain;
import org.dualad.dual.SimpleField;
import org.dualad.dual.VectorRule;
import org.dualad.internal.TapeMemory;

/**
 * The tape behind {@link Reverse#gradient}, {@link Reverse#vjp} and {@link Reverse#jacobian}: it
 * stores only what the backward sweep reads, the edges of a condensed graph. The numbers recorded
 * on it are {@link LinVar}s, which carry their derivative as a multiple of one node, so only
 * binary operations of two variables add a node.
 *
 * <p>Unlike {@link Tape} (one node per operation, with values and op codes for replay and for the
 * printed graph), a node here is just two (argument, partial) pairs: 24 bytes, 32 with its adjoint
 * ({@link #BYTES_PER_NODE}), and most operations add none (the Extended Rosenbrock function adds 3 nodes per input where the op tape adds 9).
 * Nodes [0, inputs) are the independent variables and have no edges.
 *
 * <p>Package-private: {@link Reverse} lends each thread one such tape per call, so the owner and
 * generation checks below catch a variable leaked out of f and used in a later call or on another
 * thread.
 */
final class EdgeTape {
    /**
     * The two argument nodes of node i, packed as (first &lt;&lt; 32) | second: one store when
     * recording, one load when sweeping. Every recorded node has exactly two distinct arguments
     * (only a binary operation of two variables of different nodes records one).
     */
    long[] args;
    /** d node / d argument, two per node: partials[2i] for the first, partials[2i + 1] for the second. */
    double[] partials;
    int size;
    int inputs;
    /** Bumped by every reset; 64 bits, so it never wraps back to a stale variable's generation. */
    long generation;
    /** The heap limit the growth check compares against (lowered by tests). */
    long heapLimit = Runtime.getRuntime().maxMemory();
    /** Adjoints of the last sweep. */
    double[] adjoint = new double[0];
    /** Tangents of the last forward sweep (see {@link #tangentSweep}). */
    double[] tangent = new double[0];
    /** True while {@link Reverse} lends this tape (its per-thread scratch) to a call. */
    boolean borrowed;
    /** The most nodes this call may record ({@link Reverse#withMaxNodes}); set per call, as the tape is reused. */
    long maxNodes = Tape.MAX_NODES;
    /** min(capacity, maxNodes): recording at this size grows the tape or refuses the node. */
    int limit;
    /** When the scratch tape shrinks after calls much smaller than it. */
    final TapeMemory.Trim trim = new TapeMemory.Trim();
    final Thread owner;
    final Field<LinVar> field;
    /** Vector blocks in tape order (their output nodes are not swept by the node loop). */
    TapeBlock[] blocks = new TapeBlock[0];
    int blockCount;

    /**
     * @param capacity nodes before the first growth (the arrays double when full)
     */
    EdgeTape(int capacity) {
        int c = Math.max(capacity, 4);
        args = new long[c];
        partials = new double[2 * c];
        limit = c;
        owner = Thread.currentThread();
        field = SimpleField.of(new LinVar(this, 0, 0.0, -1, 0), new LinVar(this, 0, 1.0, -1, 0));
    }

    /** Forgets every node; variables recorded before become stale. */
    void reset() {
        checkOwner("reset");
        size = 0;
        inputs = 0;
        generation++;
        if (blockCount > 0) {
            java.util.Arrays.fill(blocks, 0, blockCount, null); // let the factorizations go
            blockCount = 0;
        }
    }

    /**
     * Makes the independent variables: nodes [0, n), each 1 times itself. They have no edges and
     * the sweep stops above them, so nothing is written for them.
     *
     * @throws IllegalStateException if the tape already holds nodes
     */
    LinVar[] variables(double[] x) {
        checkOwner("variables");
        if (size != 0) {
            throw new IllegalStateException("variables: " + name() + " already holds " + size + " nodes;"
                    + " the independent variables come first");
        }
        int n = x.length;
        while (limit < n) {
            grow(n);
        }
        size = n;
        inputs = n;
        LinVar[] in = new LinVar[n];
        for (int i = 0; i < n; i++) {
            in[i] = new LinVar(this, generation, x[i], i, 1);
        }
        return in;
    }

    /**
     * Records a node with edges to the nodes a0 and a1 (both recorded, a0 != a1). The caller
     * checked that both belong to the current generation; this checks the thread, because it
     * writes the tape.
     */
    int node(int a0, double p0, int a1, double p1) {
        if (Thread.currentThread() != owner) {
            checkOwner("record");
        }
        int i = size;
        if (i == limit) {
            grow(i + 1L);
        }
        args[i] = ((long) a0 << 32) | (a1 & 0xFFFFFFFFL);
        partials[2 * i] = p0;
        partials[2 * i + 1] = p1;
        size = i + 1;
        return i;
    }

    /** Clears the adjoints of every node (keeping the array when it is big enough). */
    double[] clearAdjoints() {
        adjoint = cleared(adjoint);
        return adjoint;
    }

    /** a with its first size entries zeroed, or a new zeroed array of the capacity if a is too short. */
    private double[] cleared(double[] a) {
        if (a.length < size) {
            return new double[args.length];
        }
        Arrays.fill(a, 0, size, 0.0);
        return a;
    }

    /**
     * Adds weight times y's partial to its node's adjoint; returns that node, or -1. A zero
     * weight adds nothing, as a zero adjoint propagates nothing in the sweep.
     */
    int seed(LinVar y, double weight) {
        if (y.node < 0 || weight == 0) {
            return -1;
        }
        adjoint[y.node] += Chain.term(weight, y.partial);
        return y.node;
    }

    /**
     * Records a vector block: reserves its m output nodes (which the node loop never sweeps) and
     * keeps the block, whose inputs are the given nodes scaled by the given partials. Returns the
     * first output node.
     */
    int block(VectorRule.Linearization lin, int[] nodes, double[] scales) {
        checkOwner(lin.rule().name());
        int m = lin.rule().outputs();
        if (size + m > limit) {
            grow(size + (long) m);
        }
        int base = size;
        for (int i = base; i < base + m; i++) {
            args[i] = 0;
        }
        size = base + m;
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(4, 2 * blockCount));
        }
        blocks[blockCount++] = new TapeBlock(lin, base, nodes, scales);
        return base;
    }

    /** Bytes of the recording: 24 per node plus what the vector blocks keep. */
    long bytes() {
        long b = (long) size * BYTES_PER_NODE;
        for (int k = 0; k < blockCount; k++) {
            b += blocks[k].bytes();
        }
        return b;
    }

    /**
     * The backward sweep from top down to the first non-input node: the node loop
     * ({@link #sweepNodes}) between vector blocks, each block's vjp once where the sweep reaches it
     * (all its outputs' consumers lie above it, so their adjoints are complete).
     */
    void sweep(int top) {
        int b = blockCount - 1;
        while (b >= 0 && blocks[b].base > top) {
            b--;
        }
        for (; b >= 0; b--) {
            TapeBlock k = blocks[b];
            sweepNodes(top, k.base + k.m);
            k.sweep(adjoint);
            top = k.base - 1;
        }
        sweepNodes(top, inputs);
    }

    /**
     * The node loop from top down to bottom: adj[arg] += partial adj[i]
     * under the zero policy ({@link Chain#term}), skipping nodes whose adjoint is exactly 0 (the
     * convention of {@link Tape#SKIP_ZERO_ADJOINTS}).
     * No argument test: every node here has two. A top below the first non-input node (an input,
     * or -1 from {@link #seed} for a constant) sweeps nothing.
     */
    private void sweepNodes(int top, int bottom) {
        double[] adj = adjoint;
        long[] a = args;
        double[] p = partials;
        for (int i = top; i >= bottom; i--) {
            double w = adj[i];
            if (w == 0) {
                continue;
            }
            long e = a[i];
            if (Math.abs(w) <= Double.MAX_VALUE) {
                // a finite non-zero adjoint: the plain products are the zero policy's (Chain)
                adj[(int) (e >>> 32)] += p[2 * i] * w;
                adj[(int) e] += p[2 * i + 1] * w;
            } else {
                adj[(int) (e >>> 32)] += Chain.term(p[2 * i], w);
                adj[(int) e] += Chain.term(p[2 * i + 1], w);
            }
        }
    }

    /**
     * The tangent array of {@link #tangentSweep}, one entry per node, zeroed: the caller seeds the
     * inputs' entries [0, inputs).
     */
    double[] tangents() {
        tangent = cleared(tangent);
        return tangent;
    }

    /**
     * The forward (tangent) sweep: t[i] = p0 t[a0] + p1 t[a1] for every recorded node in order,
     * from the inputs' seeded tangents, under the zero policy ({@link Chain#term}: an unseeded
     * input's 0 stays 0 against an infinite or NaN partial, as a zero adjoint does backwards).
     */
    void tangentSweep() {
        double[] t = tangent;
        long[] a = args;
        double[] p = partials;
        for (int i = inputs, top = size; i < top; i++) {
            long e = a[i];
            t[i] = Chain.term(p[2 * i], t[(int) (e >>> 32)]) + Chain.term(p[2 * i + 1], t[(int) e]);
        }
    }

    /** y's tangent after {@link #tangentSweep}: its partial times its node's tangent (0 for a constant). */
    double tangent(LinVar y) {
        return y.node < 0 ? 0 : Chain.term(y.partial, tangent[y.node]);
    }

    /** Sets this call's cap (the scratch tape is reused by calls with other caps). */
    void cap(long maxNodes) {
        this.maxNodes = maxNodes;
        limit = (int) Math.min(args.length, maxNodes);
    }

    /** Room for {@code needed} nodes, or the cap's or the heap's error (the tape stays as it was). */
    private void grow(long needed) {
        int old = args.length;
        // past the cap this throws even where the arrays have room (a bigger call's scratch)
        int c = TapeMemory.grownCapacity(NAME, needed, old, maxNodes, 0, Tape.MAX_NODES, BYTES_PER_NODE, heapLimit);
        c = TapeMemory.resize(NAME, needed, old, c, 0, BYTES_PER_NODE, heapLimit, this::resize);
        limit = (int) Math.min(c, maxNodes);
    }

    /** The arrays with room for c nodes, or false (the tape as it was) where the heap cannot hold them. */
    private boolean resize(int c) {
        try {
            long[] a = Arrays.copyOf(args, c);
            double[] p = Arrays.copyOf(partials, 2 * c);
            args = a;
            partials = p;
            return true;
        } catch (OutOfMemoryError e) {
            return false;
        }
    }

    /**
     * After a call: shrinks the arrays once calls have stayed far below their size for a while
     * ({@link TapeMemory.Trim}), so a thread does not keep one huge call's tape for small ones.
     */
    void trimAfterCall() {
        int c = trim.capacityAfter(size, args.length);
        if (c < args.length) {
            args = Arrays.copyOf(args, c);
            partials = Arrays.copyOf(partials, 2 * c);
            if (adjoint.length > c) {
                adjoint = new double[c];
            }
            if (tangent.length > c) {
                tangent = new double[0];
            }
            limit = (int) Math.min(c, maxNodes);
        }
    }

    /** @return its nodes, capacity and the bytes of its arrays (recording and adjoints) */
    TapeFootprint footprint() {
        return new TapeFootprint(size, args.length,
                8L * args.length + 8L * partials.length + 8L * adjoint.length + 8L * tangent.length);
    }

    /** The tape's name in messages about its size. */
    static final String NAME = "gradient tape";

    /** Bytes a node of capacity takes: the packed arguments, two partials and the sweep's adjoint. */
    static final int BYTES_PER_NODE = 32;

    void checkOwner(String method) {
        Thread t = Thread.currentThread();
        if (t != owner) {
            throw new IllegalStateException(method + ": " + name() + " belongs to thread '" + owner.getName()
                    + "' but was used from thread '" + t.getName()
                    + "'; a variable of one thread's Reverse call cannot be used on another thread");
        }
    }

    String name() {
        return "gradient tape@" + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public String toString() {
        return name() + "[" + size + " nodes, " + inputs + " inputs, owner " + owner.getName() + "]";
    }
}
