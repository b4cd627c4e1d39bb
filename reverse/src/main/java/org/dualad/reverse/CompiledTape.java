package org.dualad.reverse;

import java.util.Arrays;
import org.dualad.dual.Chain;
import org.dualad.dual.Op;

/**
 * A {@link ReplayProgram} as generated JVM bytecode (made by {@link TapeCompiler}): the same
 * instructions in the same order, written out as straight-line code with the operand slots, the
 * folded constants and the constant edge weights inlined, split into methods of bounded size that
 * the JIT compiles one by one. It runs on the program's own arrays (values, weights, adjoints), so
 * it adds only its code; its results are bit for bit the program's (same expressions, same order;
 * a multiplication by 1 or an addition of -0.0 the program does is left out, which changes no
 * result but, at most, a NaN's payload).
 *
 * <p>Not thread-safe, like the program it runs on: {@link Recording} calls it under its lock.
 */
final class CompiledTape {
    /**
     * One generated class: a slice of the forward code and a slice of the sweep. Parts run in
     * order, forward and sweep alike (the sweep's slices are generated in sweep order).
     */
    interface Part {
        /**
         * Runs this part's slice of the forward code.
         *
         * @param v the program's values
         * @param w the program's edge weights
         * @param t the compiled tape (for the general ops)
         * @return -1, or the tape node whose piecewise decision differs from the recorded one
         */
        int forward(double[] v, double[] w, CompiledTape t);

        /**
         * Runs this part's slice of the sweep.
         *
         * @param a the program's adjoints
         * @param w the program's edge weights
         * @param t the compiled tape (for the non-finite adjoints)
         */
        void sweep(double[] a, double[] w, CompiledTape t);
    }

    private static final Op[] OPS = Op.values();

    private final ReplayProgram p;
    private final Part[] parts;
    /** Bytes of class files generated (the code's size before the JVM loads it). */
    final long classBytes;
    /** Methods generated, drivers included. */
    final int methods;
    private final Recording.Slot sx = new Recording.Slot();
    private final Recording.Slot sy = new Recording.Slot();
    private Op failedOp;

    CompiledTape(ReplayProgram p, Part[] parts, long classBytes, int methods) {
        this.p = p;
        this.parts = parts;
        this.classBytes = classBytes;
        this.methods = methods;
    }

    /** As {@link ReplayProgram#forward}: -1, or the tape node whose decision changed. */
    int forward(double[] x) {
        final double[] v = p.val;
        final double[] w = p.w;
        System.arraycopy(x, 0, v, 0, p.n);
        for (Part part : parts) {
            int failed = part.forward(v, w, this);
            if (failed >= 0) {
                return failed;
            }
        }
        return -1;
    }

    /** @return the output's value after {@link #forward} */
    double value() {
        return p.value();
    }

    /** As {@link ReplayProgram#sweep}: the gradient, a new array of n. */
    double[] sweep() {
        final double[] a = p.adj;
        final double[] w = p.w;
        Arrays.fill(a, 0.0);
        a[p.outAdj] = 1;
        for (Part part : parts) {
            part.sweep(a, w, this);
        }
        return Arrays.copyOf(a, p.n);
    }

    /** @return the op of the node whose decision {@link #forward} last found changed */
    Op failedOp() {
        return failedOp;
    }

    /** @return the number of generated classes */
    int classes() {
        return parts.length;
    }

    // Called by the generated code: the ops that go through Op.apply, and the sweep of an owner
    // whose adjoint is not finite. Each mirrors its case in ReplayProgram exactly.

    /**
     * A one-argument op at operand value a (its descriptor already applied): writes the value
     * and the edge weight; returns -1 or the node whose piecewise decision changed.
     */
    int gen1(double[] v, double[] w, int op, double a, double c, int slot, int edge, double ws, int d) {
        Op o = OPS[op];
        Recording.Slot s = sx;
        s.v = a;
        o.apply(s, c);
        v[slot] = s.r0;
        w[edge] = Chain.term(s.r1, ws);
        if (d >= 0 && !Decisions.same(Decisions.keyOf(o, a, c, s.r0, s.r1, 0), p.decisionKey[d])) {
            failedOp = o;
            return p.decisionNode[d];
        }
        return -1;
    }

    /** A custom rule's instruction at code position pc and constant position kc, as the program runs it. */
    void rule(int pc, int kc, int slot) {
        p.rule(pc, kc, slot);
    }

    /** A two-argument op at operand values a and b; see {@link #gen1}. */
    int gen2(double[] v, double[] w, int op, double a, double b, int slot, int ea, double wa, int eb, double wb,
            int d) {
        Op o = OPS[op];
        Recording.Slot s = sx;
        Recording.Slot t = sy;
        s.v = a;
        t.v = b;
        o.apply(s, t);
        v[slot] = s.r0;
        w[ea] = Chain.term(s.r1, wa);
        w[eb] = Chain.term(s.r2, wb);
        if (d >= 0 && !Decisions.same(Decisions.keyOf(o, a, 0, s.r0, s.r1, s.r2), p.decisionKey[d])) {
            failedOp = o;
            return p.decisionNode[d];
        }
        return -1;
    }

    /**
     * Edges first to last - 1 (of one owner), last first, under its infinite or NaN adjoint g:
     * products under the zero policy.
     */
    void nonFinite(double[] a, double[] w, int first, int last, double g) {
        int[] t = p.tgt;
        for (int e = last - 1; e >= first; e--) {
            a[t[e]] += Chain.term(w[e], g);
        }
    }

    @Override
    public String toString() {
        return "CompiledTape[" + p.instructions + " instructions, " + p.edges() + " edges, " + parts.length
                + " classes, " + methods + " methods, " + classBytes + " class-file bytes]";
    }
}
