package org.dualad.reverse;

import java.util.Arrays;
import org.dualad.dual.Chain;
import org.dualad.dual.Op;

/**
 * A recorded tape compiled once into a compact replay program: what {@link Recording} runs at each
 * new point. Primitive arrays only; nothing is allocated per node on replay.
 *
 * <h2>What compiling does</h2>
 * <ul>
 *   <li><b>Affine folding.</b> negate, x + c, x - c, c - x, c x, x / c (c a power of two) cost no
 *       instruction: they become an operand descriptor (slot, scale s, offset o) read as
 *       {@code v[slot] * s + o} by the consumer. A chain is folded only where that expression
 *       rounds exactly as the recorded ops did (a scale of &plusmn;1 before a multiply, one offset,
 *       offset last; {@code o = -0.0} means no offset, as x + -0.0 == x for every x); otherwise the
 *       descriptor is materialised as a one-term sum.</li>
 *   <li><b>Sums.</b> Chains of + and - (with their constants) whose intermediate results have one
 *       use merge into one n-ary sum evaluated left to right in the recorded order, so the sum of
 *       Rosenbrock's 2n terms is one instruction whose weights are constants written once.</li>
 *   <li><b>Squares.</b> x * x with equal operands is one unary square with one edge of weight 2x
 *       (the sum of the rule's two partials), not two read-modify-writes of one adjoint.</li>
 *   <li><b>Edge hand-off.</b> A node used once, by a sum, gives its edges to that sum (scaled by
 *       its term's constant weight): it needs no adjoint and the sweep one hop less.</li>
 *   <li>Dead nodes (not reaching the output or a piecewise decision) are dropped; inputs made
 *       inside f are constants; inputs have no instruction.</li>
 * </ul>
 * Values use exactly the recorded expressions (the rules of {@link org.dualad.dual.Differentiable}:
 * +, -, *, x*x and / inline, every other op through {@link Op#apply}), so a replay's value is
 * bit-identical to recording f at the same point, and so is every piecewise decision. Gradients
 * agree to rounding: a folded scale multiplies a partial before the adjoint
 * ({@code (p s) a} instead of {@code s (p a)}) and a handed-off edge may add into an adjoint in
 * another order; with scales of &plusmn;1 or powers of two the products are the same.
 *
 * <h2>Layout and execution</h2>
 * {@code val}: inputs, one slot holding -0.0 (the base of constant operands), then one value per
 * instruction. Instructions are scheduled by level (1 + the deepest operand), then kind, so
 * independent instructions of one kind form a run: {@code code} holds runs (a header of kind,
 * count, code length, constant length, then per instruction its operand slots, the positions of
 * its edge weights and, for a piecewise op, its decision index), {@code kon} the operands'
 * constants (scale, offset, weight scale). {@link #forward} dispatches once per run to a small
 * loop per kind. The sweep goes owner by owner, last first: each owner of edges (an instruction
 * that did not hand its edges off) has an adjoint, and every edge of an owner whose adjoint is not
 * 0 ({@link Tape#SKIP_ZERO_ADJOINTS}) adds {@code w * adj[owner]} into its target's adjoint.
 * Piecewise decisions are checked in schedule order, so where several change, the one named is
 * the first in that order (not necessarily in tape order).
 *
 * <p>Memory (Rosenbrock, n = 1000, 9991 tape nodes): 3997 instructions, 3996 edges, about 23 bytes
 * per recorded op for all the program's arrays (values and adjoints included).
 */
final class ReplayProgram {
    static final int SUM = 0;
    static final int SQR = 1;
    static final int MUL = 2;
    static final int DIV = 3;
    static final int GEN1 = 4;
    static final int GEN2 = 5;
    /** A sum of two terms (most sums), unrolled. */
    static final int SUM2 = 6;
    /** A square of a plain slot (scale 1, no offset): no operand constants to read. */
    static final int SQRP = 7;
    /** A sum whose terms after the first have no offset: scales only (the common case). */
    static final int SUMN = 8;
    /** SUMN of two terms, unrolled. */
    static final int SUM2N = 9;
    private static final int KINDS = 10;

    private static final Op[] OPS = Op.values();
    private static final long NEG_ZERO = Double.doubleToRawLongBits(-0.0);

    final int n;
    final int instructions;
    final int[] code;
    final double[] kon;
    final double[] val;
    final double[] w;
    /** Edges of owner o (adjoint slot n + o): [ownerStart[o], ownerStart[o + 1]). */
    final int[] ownerStart;
    final int[] tgt;
    final double[] adj;
    final int outVal;
    final int outAdj;
    final double[] decisionKey;
    final int[] decisionNode;
    /** The op of the last decision found changed by {@link #forward}, for the caller's message. */
    private Op failedOp;
    private final Recording.Slot sx = new Recording.Slot();
    private final Recording.Slot sy = new Recording.Slot();

    private ReplayProgram(Builder b) {
        n = b.n;
        instructions = b.m;
        code = b.code;
        kon = b.kon;
        val = new double[n + 1 + b.m];
        val[n] = -0.0;
        w = b.w;
        ownerStart = b.ownerStart;
        tgt = b.tgt;
        adj = new double[b.adjSize];
        outVal = b.outVal;
        outAdj = b.outAdj;
        decisionKey = b.decKey;
        decisionNode = b.decNode;
    }

    /** Compiles the tape's graph of output (a node, index &gt;= 0) over its first n inputs. */
    static ReplayProgram compile(Tape tape, int output, int n) {
        return compile(tape, output, n, Long.MAX_VALUE);
    }

    /**
     * As {@link #compile(Tape, int, int)}, giving up with {@link OverBudget} once
     * {@link System#nanoTime()} passes deadline (checked between phases and every 2^16 nodes).
     */
    static ReplayProgram compile(Tape tape, int output, int n, long deadline) {
        Builder b = new Builder(tape, output, n);
        b.deadline = deadline;
        return new ReplayProgram(b.build());
    }

    /**
     * Bytes of heap the compiler needs per tape node at its peak, tape excluded, with a margin:
     * measured as the least heap a compile of 10^6 nodes runs in, about 150 bytes a node for
     * Rosenbrock and 250 for one long sum of products (its per-node arrays take 38 bytes, its
     * per-instruction arrays about 100 bytes an instruction, and its growable lists double). What
     * {@link Recording} checks against the free heap before it compiles.
     */
    static final int COMPILE_BYTES_PER_NODE = 288;

    /** A compile that ran past its deadline (no stack trace: it is control flow, not a bug). */
    static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget() {
            super("replay compile over its time budget", null, false, false);
        }
    }

    /**
     * Evaluates every instruction at x (values and edge weights); returns -1, or the tape index of
     * a piecewise node whose decision differs from the recorded one. The code is a list of runs
     * (kind, length, then the instructions): one dispatch per run, then a tight loop.
     */
    int forward(double[] x) {
        final double[] v = val;
        final int[] c = code;
        final double[] k = kon;
        final double[] wt = w;
        System.arraycopy(x, 0, v, 0, n);
        int pc = 0;
        int kc = 0;
        int slot = n + 1;
        final int end = c.length;
        while (pc < end) {
            // run header: kind, instructions, code ints, constants
            final int kind = c[pc];
            final int len = c[pc + 1];
            final int codeLen = c[pc + 2];
            final int konLen = c[pc + 3];
            pc += 4;
            switch (kind) {
                case SUM2N: sum2n(c, pc, k, kc, v, slot, len); break;
                case SQRP: sqrp(c, pc, k, kc, v, slot, wt, len); break;
                case SQR: sqr(c, pc, k, kc, v, slot, wt, len); break;
                case MUL: mul(c, pc, k, kc, v, slot, wt, len); break;
                case DIV: div(c, pc, k, kc, v, slot, wt, len); break;
                case SUM2: sum2(c, pc, k, kc, v, slot, len); break;
                case SUMN: sumn(c, pc, k, kc, v, slot, len); break;
                case SUM: sum(c, pc, k, kc, v, slot, len); break;
                case GEN1:
                    for (int r = 0, p = pc, q = kc; r < len; r++, p += 4, q += 4) {
                        int failed = gen1(p, q, slot + r);
                        if (failed >= 0) {
                            return failed;
                        }
                    }
                    break;
                default: // GEN2
                    for (int r = 0, p = pc, q = kc; r < len; r++, p += 6, q += 6) {
                        int failed = gen2(p, q, slot + r);
                        if (failed >= 0) {
                            return failed;
                        }
                    }
                    break;
            }
            pc += codeLen;
            kc += konLen;
            slot += len;
        }
        return -1;
    }

    // One small method per kind: each compiles to a tight loop with its own register allocation.

    private static void sum2n(int[] c, int pc, double[] k, int kc, double[] v, int slot, int len) {
        for (int r = 0; r < len; r++, pc += 2, kc += 3) {
            v[slot + r] = (v[c[pc]] * k[kc] + k[kc + 1]) + v[c[pc + 1]] * k[kc + 2];
        }
    }

    private static void sum2(int[] c, int pc, double[] k, int kc, double[] v, int slot, int len) {
        for (int r = 0; r < len; r++, pc += 2, kc += 4) {
            v[slot + r] = (v[c[pc]] * k[kc] + k[kc + 1]) + (v[c[pc + 1]] * k[kc + 2] + k[kc + 3]);
        }
    }

    private static void sqrp(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w, int len) {
        for (int r = 0; r < len; r++, pc += 2, kc++) {
            double u = v[c[pc]];
            v[slot + r] = u * u;
            w[c[pc + 1]] = Chain.term(u + u, k[kc]);
        }
    }

    private static void sqr(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w, int len) {
        for (int r = 0; r < len; r++, pc += 2, kc += 3) {
            double u = v[c[pc]] * k[kc] + k[kc + 1];
            v[slot + r] = u * u;
            w[c[pc + 1]] = Chain.term(u + u, k[kc + 2]);
        }
    }

    private static void mul(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w, int len) {
        for (int r = 0; r < len; r++, pc += 4, kc += 6) {
            double a = v[c[pc]] * k[kc] + k[kc + 1];
            double b = v[c[pc + 1]] * k[kc + 3] + k[kc + 4];
            v[slot + r] = a * b;
            w[c[pc + 2]] = Chain.term(b, k[kc + 2]);
            w[c[pc + 3]] = Chain.term(a, k[kc + 5]);
        }
    }

    private static void div(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w, int len) {
        for (int r = 0; r < len; r++, pc += 4, kc += 6) {
            double a = v[c[pc]] * k[kc] + k[kc + 1];
            double b = v[c[pc + 1]] * k[kc + 3] + k[kc + 4];
            // Differentiable.divide's expressions: values and partials bit-identical
            double q = a / b;
            double inv = 1 / b;
            v[slot + r] = q;
            w[c[pc + 2]] = Chain.term(inv, k[kc + 2]);
            w[c[pc + 3]] = Chain.term(-q / b, k[kc + 5]);
        }
    }

    private static void sumn(int[] c, int pc, double[] k, int kc, double[] v, int slot, int len) {
        for (int r = 0; r < len; r++) {
            int cnt = c[pc];
            int b = pc + 1;
            double acc = v[c[b]] * k[kc] + k[kc + 1];
            int q = kc + 1;
            for (int i = 1; i < cnt; i++) {
                acc += v[c[b + i]] * k[q + i];
            }
            v[slot + r] = acc;
            pc = b + cnt;
            kc += cnt + 1;
        }
    }

    private static void sum(int[] c, int pc, double[] k, int kc, double[] v, int slot, int len) {
        for (int r = 0; r < len; r++) {
            int cnt = c[pc];
            int b = pc + 1;
            double acc = v[c[b]] * k[kc] + k[kc + 1];
            for (int i = 1; i < cnt; i++) {
                int q = kc + 2 * i;
                acc += v[c[b + i]] * k[q] + k[q + 1];
            }
            v[slot + r] = acc;
            pc = b + cnt;
            kc += 2 * cnt;
        }
    }

    /**
     * Any op of one argument through {@link Op#apply} (out of the hot loops, so they keep their
     * registers); returns -1, or the tape node if its piecewise decision differs from the recorded
     * one.
     */
    private int gen1(int pc, int kc, int slot) {
        final int[] c = code;
        final double[] k = kon;
        Op o = OPS[c[pc]];
        double a = val[c[pc + 1]] * k[kc] + k[kc + 1];
        double cc = k[kc + 3];
        Recording.Slot s = sx;
        s.v = a;
        o.apply(s, cc);
        val[slot] = s.r0;
        w[c[pc + 2]] = Chain.term(s.r1, k[kc + 2]);
        int d = c[pc + 3];
        if (d >= 0 && !Tape.sameDecision(Tape.decisionKey(o, a, cc, s.r0, s.r1, 0), decisionKey[d])) {
            failedOp = o;
            return decisionNode[d];
        }
        return -1;
    }

    /** Any op of two arguments through {@link Op#apply}; see {@link #gen1}. */
    private int gen2(int pc, int kc, int slot) {
        final int[] c = code;
        final double[] k = kon;
        Op o = OPS[c[pc]];
        double a = val[c[pc + 1]] * k[kc] + k[kc + 1];
        double b = val[c[pc + 2]] * k[kc + 3] + k[kc + 4];
        Recording.Slot s = sx;
        Recording.Slot t = sy;
        s.v = a;
        t.v = b;
        o.apply(s, t);
        val[slot] = s.r0;
        w[c[pc + 3]] = Chain.term(s.r1, k[kc + 2]);
        w[c[pc + 4]] = Chain.term(s.r2, k[kc + 5]);
        int d = c[pc + 5];
        if (d >= 0 && !Tape.sameDecision(Tape.decisionKey(o, a, 0, s.r0, s.r1, s.r2), decisionKey[d])) {
            failedOp = o;
            return decisionNode[d];
        }
        return -1;
    }

    /** @return the op of the node whose decision {@link #forward} last found changed */
    Op failedOp() {
        return failedOp;
    }

    /** @return the output's value after {@link #forward} */
    double value() {
        return val[outVal];
    }

    /**
     * The backward sweep after {@link #forward}, owner by owner from the last: every edge of an
     * owner whose adjoint is not 0 adds weight * adjoint into its target. Returns the gradient (a
     * new array of n).
     */
    double[] sweep() {
        final double[] a = adj;
        final double[] wt = w;
        final int[] t = tgt;
        final int[] os = ownerStart;
        Arrays.fill(a, 0.0);
        a[outAdj] = 1;
        for (int o = os.length - 2; o >= 0; o--) {
            double g = a[n + o];
            if (Tape.SKIP_ZERO_ADJOINTS && g == 0) {
                continue;
            }
            if (Math.abs(g) <= Double.MAX_VALUE) {
                // a finite non-zero adjoint: the plain products are the zero policy's (Chain)
                for (int e = os[o + 1] - 1, first = os[o]; e >= first; e--) {
                    a[t[e]] += wt[e] * g;
                }
            } else {
                for (int e = os[o + 1] - 1, first = os[o]; e >= first; e--) {
                    a[t[e]] += Chain.term(wt[e], g);
                }
            }
        }
        return Arrays.copyOf(a, n);
    }

    /** @return the number of edges the sweep runs over */
    int edges() {
        return tgt.length;
    }

    /** @return the bytes held by the program's arrays (headers ignored) */
    long bytes() {
        return 4L * code.length + 8L * kon.length + 8L * val.length + 8L * w.length + 4L * ownerStart.length
                + 4L * tgt.length + 8L * adj.length + 12L * decisionKey.length;
    }

    @Override
    public String toString() {
        return "ReplayProgram[" + n + " inputs, " + instructions + " instructions, " + edges() + " edges, "
                + bytes() + " bytes]";
    }

    private static boolean noOffset(double o) {
        return Double.doubleToRawLongBits(o) == NEG_ZERO;
    }

    /** A scale that may multiply a partial before the adjoint does: finite, not zero. */
    private static boolean soft(double s) {
        return s != 0 && Double.isFinite(s);
    }

    /** True if x / c == x * (1 / c) for every x: c a normal power of two. */
    private static boolean exactReciprocal(double c) {
        long bits = Double.doubleToRawLongBits(c);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        return (bits & 0x000f_ffff_ffff_ffffL) == 0 && exp != 0 && exp != 0x7ff;
    }

    // ---------------------------------------------------------------- compiler

    /** Growable primitive lists for the compiler (used once per compilation). */
    private static final class Ints {
        int[] a = new int[16];
        int size;

        void add(int x) {
            if (size == a.length) {
                a = Arrays.copyOf(a, 2 * size);
            }
            a[size++] = x;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    private static final class Doubles {
        double[] a = new double[16];
        int size;

        void add(double x) {
            if (size == a.length) {
                a = Arrays.copyOf(a, 2 * size);
            }
            a[size++] = x;
        }
    }

    /**
     * Compiles in two passes: pass 1 walks the live nodes in tape order, folding affine ops into
     * descriptors and merging sums, and emits instructions (kind, op, operands as slot, scale,
     * offset); pass 2 decides the edge hand-offs, numbers the adjoints and lays out the edges.
     */
    private static final class Builder {
        final int n;
        final int zero;
        final Tape tape;
        final int out;

        // per tape node: its descriptor (slot, scale, offset), or a pending sum
        final int[] dRef;
        final double[] dS;
        final double[] dO;
        final boolean[] pending;
        final int[] sumPrev;
        final int[] pStart;
        final int[] pCount;
        final int[] uses;
        final Ints pBase = new Ints();
        final Doubles pS = new Doubles();
        final Doubles pO = new Doubles();
        final Ints chain = new Ints();

        // emitted instructions
        int m;
        final Ints iKind = new Ints();
        final Ints iOp = new Ints();
        final Doubles iC = new Doubles();
        final Ints iNode = new Ints();
        final Ints iStart = new Ints();
        final Ints iCount = new Ints();
        final Ints oBase = new Ints();
        final Doubles oS = new Doubles();
        final Doubles oO = new Doubles();

        // the current descriptor
        int r;
        double s;
        double o;

        // results
        int[] code;
        double[] kon;
        double[] w;
        int[] ownerStart;
        int[] tgt;
        int adjSize;
        int outVal;
        int outAdj;
        double[] decKey;
        int[] decNode;
        long deadline = Long.MAX_VALUE;

        /** Throws {@link OverBudget} once the deadline has passed. */
        void checkTime() {
            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                throw new OverBudget();
            }
        }

        Builder(Tape tape, int out, int n) {
            this.tape = tape;
            this.out = out;
            this.n = n;
            this.zero = n;
            int size = Math.max(out + 1, n);
            for (int i = tape.size - 1; i >= size; i--) {
                if (tape.op[i] != Tape.INPUT && OPS[tape.op[i]].isPiecewise()) {
                    size = i + 1;
                    break;
                }
            }
            dRef = new int[size];
            dS = new double[size];
            dO = new double[size];
            pending = new boolean[size];
            sumPrev = new int[size];
            pStart = new int[size];
            pCount = new int[size];
            uses = new int[size];
        }

        Builder build() {
            byte[] op = tape.op;
            int[] args = tape.args;
            double[] p = tape.partials;
            int size = dRef.length;
            // liveness: what reaches the output or a piecewise decision
            boolean[] live = new boolean[size];
            live[out] = true;
            uses[out]++;
            for (int i = size - 1; i >= n; i--) {
                if (op[i] == Tape.INPUT) {
                    continue;
                }
                if (!live[i] && !OPS[op[i]].isPiecewise()) {
                    continue;
                }
                live[i] = true;
                for (int k = 0; k < 2; k++) {
                    int j = args[2 * i + k];
                    if (j >= 0) {
                        live[j] = true;
                        uses[j]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                dRef[i] = i;
                dS[i] = 1;
                dO[i] = -0.0;
            }
            checkTime();
            for (int i = n; i < size; i++) {
                if ((i & 0xffff) == 0) {
                    checkTime();
                }
                if (op[i] == Tape.INPUT) { // a variable made inside f: a constant here
                    dRef[i] = zero;
                    dS[i] = 1;
                    dO[i] = tape.value[i];
                    continue;
                }
                if (!live[i]) {
                    continue;
                }
                node(i, OPS[op[i]], args[2 * i], args[2 * i + 1], p[2 * i], p[2 * i + 1]);
            }
            // the output: a slot of its own (an input, or an instruction)
            load(out);
            if (r != zero && s == 1 && noOffset(o)) {
                outVal = r;
            } else {
                materialise();
                outVal = r;
            }
            layout();
            return this;
        }

        /** Pass 1 for one live node. */
        private void node(int i, Op op, int j, int k, double pj, double pk) {
            switch (op) {
                case NEGATE:
                    load(j);
                    negate();
                    store(i);
                    return;
                case ADD_CONSTANT:
                case SUBTRACT_CONSTANT: {
                    double c = op == Op.ADD_CONSTANT ? pk : -pk;
                    addConstant(i, j, c);
                    return;
                }
                case MULTIPLY_CONSTANT:
                    load(j);
                    multiply(pk);
                    store(i);
                    return;
                case DIVIDE_CONSTANT:
                    if (exactReciprocal(pk)) {
                        load(j);
                        multiply(1 / pk);
                        store(i);
                        return;
                    }
                    break;
                case ADD:
                    if (j < 0) {
                        addConstant(i, k, pj);
                        return;
                    }
                    if (k < 0) {
                        addConstant(i, j, pk);
                        return;
                    }
                    sum(i, j, k, false);
                    return;
                case SUBTRACT:
                    if (k < 0) {
                        addConstant(i, j, -pk);
                        return;
                    }
                    if (j < 0) { // c - x == (-x) + c
                        load(k);
                        negate();
                        addOffset(pj);
                        store(i);
                        return;
                    }
                    sum(i, j, k, true);
                    return;
                case MULTIPLY:
                    if (j < 0 || k < 0) {
                        load(j < 0 ? k : j);
                        multiply(j < 0 ? pj : pk);
                        store(i);
                        return;
                    }
                    break;
                case DIVIDE:
                    if (k < 0 && exactReciprocal(pk)) {
                        load(j);
                        multiply(1 / pk);
                        store(i);
                        return;
                    }
                    break;
                default:
                    break;
            }
            // an instruction of its own: resolve the operands first (that may emit instructions),
            // then append them, so an instruction's operands stay contiguous
            operand(j, pj);
            int r1 = r;
            double s1 = s;
            double o1 = o;
            int kind = GEN1;
            if (op.arity() == 2) {
                operand(k, pk);
                boolean same = r1 == r && s1 == s
                        && Double.doubleToRawLongBits(o1) == Double.doubleToRawLongBits(o);
                kind = op == Op.MULTIPLY ? (same ? SQR : MUL) : op == Op.DIVIDE ? DIV : GEN2;
            }
            int start = oBase.size;
            oBase.add(r1);
            oS.add(s1);
            oO.add(o1);
            if (op.arity() == 2 && kind != SQR) {
                oBase.add(r);
                oS.add(s);
                oO.add(o);
            }
            emit(kind, op, op.arity() == 1 ? pk : 0, op.isPiecewise() ? i : -1, start);
            store(i);
        }

        /**
         * The current descriptor := an operand of a nonlinear instruction: a constant (the zero
         * slot plus an offset), or a node with a soft scale (materialised otherwise).
         */
        private void operand(int j, double constant) {
            if (j < 0) {
                r = zero;
                s = 1;
                o = constant;
                return;
            }
            load(j);
            if (!soft(s)) {
                materialise();
            }
        }

        /** i = j + c (or a constant minus... handled by the caller): extends a single-use sum. */
        private void addConstant(int i, int j, double c) {
            if (pending[j] && uses[j] == 1) {
                pending[i] = true;
                sumPrev[i] = j;
                pStart[i] = pBase.size;
                pCount[i] = 1;
                pBase.add(zero);
                pS.add(1);
                pO.add(c);
                return;
            }
            load(j);
            addOffset(c);
            store(i);
        }

        /** i = j + k or j - k, both nodes: a pending sum, merged into j's (or k's) where single-use. */
        private void sum(int i, int j, int k, boolean minus) {
            int prev = -1;
            int term = k;
            if (j != k && pending[j] && uses[j] == 1) {
                prev = j;
            } else if (!minus && j != k && pending[k] && uses[k] == 1) {
                prev = k;
                term = j;
            }
            pending[i] = true;
            sumPrev[i] = prev;
            pStart[i] = pBase.size;
            if (prev < 0) {
                load(j);
                pushTerm();
                pCount[i] = 2;
            } else {
                pCount[i] = 1;
            }
            load(term);
            if (minus) {
                negate();
            }
            pushTerm();
        }

        private void pushTerm() {
            pBase.add(r);
            pS.add(s);
            pO.add(o);
        }

        /** The current descriptor := node j's (emitting j first if it is a pending sum). */
        private void load(int j) {
            if (pending[j]) {
                emitSum(j);
            }
            r = dRef[j];
            s = dS[j];
            o = dO[j];
        }

        private void store(int i) {
            dRef[i] = r;
            dS[i] = s;
            dO[i] = o;
        }

        private void negate() {
            if (!noOffset(o)) {
                materialise();
            }
            s = -s;
        }

        private void multiply(double c) {
            if (!noOffset(o) || (s != 1 && s != -1)) {
                materialise();
            }
            s *= c;
        }

        private void addOffset(double c) {
            if (!noOffset(o)) {
                materialise();
            }
            o = c;
        }

        /** Emits the current descriptor as a one-term sum; the descriptor becomes that plain slot. */
        private void materialise() {
            int start = oBase.size;
            oBase.add(r);
            oS.add(s);
            oO.add(o);
            emit(SUM, Op.ADD, 0, -1, start);
        }

        /** Emits pending sum i with all the terms of its merged chain, in recorded order. */
        private void emitSum(int i) {
            Ints chain = this.chain;
            chain.size = 0;
            for (int j = i; j >= 0; j = sumPrev[j]) {
                chain.add(j);
            }
            int start = oBase.size;
            for (int c = chain.size - 1; c >= 0; c--) {
                int j = chain.a[c];
                for (int t = pStart[j]; t < pStart[j] + pCount[j]; t++) {
                    oBase.add(pBase.a[t]);
                    oS.add(pS.a[t]);
                    oO.add(pO.a[t]);
                }
            }
            emit(SUM, Op.ADD, 0, -1, start);
            pending[i] = false;
            dRef[i] = r;
            dS[i] = 1;
            dO[i] = -0.0;
        }

        /** Appends an instruction whose operands are oBase[start..]; the descriptor := its slot. */
        private void emit(int kind, Op op, double c, int node, int start) {
            iKind.add(kind);
            iOp.add(op.ordinal());
            iC.add(c);
            iNode.add(node);
            iStart.add(start);
            iCount.add(oBase.size - start);
            r = n + 1 + m;
            s = 1;
            o = -0.0;
            m++;
        }

        /** Pass 2: hand-offs, adjoint numbering, edges, the code stream. */
        private void layout() {
            checkTime();
            int[] start = iStart.a;
            int[] count = iCount.a;
            int[] kind = iKind.a;
            int[] base = oBase.a;
            double[] scale = oS.a;
            // references to each instruction's slot (the output counts as one)
            int[] refs = new int[m];
            int[] consumer = new int[m];
            double[] termScale = new double[m];
            for (int k = 0; k < m; k++) {
                for (int t = start[k]; t < start[k] + count[k]; t++) {
                    int q = base[t] - n - 1;
                    if (q >= 0) {
                        refs[q]++;
                        consumer[q] = k;
                        termScale[q] = scale[t];
                    }
                }
            }
            if (outVal > n) {
                refs[outVal - n - 1]++;
            }
            // hand-offs, from the last instruction down (a consumer is decided before its operands)
            int[] owner = new int[m];
            double[] hs = new double[m];
            boolean[] handed = new boolean[m];
            for (int k = m - 1; k >= 0; k--) {
                owner[k] = k;
                hs[k] = 1;
                if (refs[k] == 1 && kind[consumer[k]] == SUM) {
                    int c = consumer[k];
                    double h = termScale[k] * hs[c];
                    boolean ok = soft(h);
                    for (int t = start[k]; ok && t < start[k] + count[k]; t++) {
                        ok = kind[k] == SUM ? !soft(scale[t]) || soft(scale[t] * h) : soft(scale[t] * h);
                    }
                    if (ok) {
                        handed[k] = true;
                        owner[k] = owner[c];
                        hs[k] = h;
                    }
                }
            }
            // the final kind of each instruction
            int[] kd = new int[m];
            for (int k = 0; k < m; k++) {
                int s0 = start[k];
                kd[k] = kind[k];
                if (kind[k] == SUM) {
                    boolean tailPlain = true; // no offsets after the first term
                    for (int t = s0 + 1; t < s0 + count[k]; t++) {
                        tailPlain &= noOffset(oO.a[t]);
                    }
                    if (count[k] == 2) {
                        kd[k] = tailPlain ? SUM2N : SUM2;
                    } else if (tailPlain && count[k] > 1) {
                        kd[k] = SUMN;
                    }
                } else if (kind[k] == SQR && scale[s0] == 1 && noOffset(oO.a[s0])) {
                    kd[k] = SQRP;
                }
            }
            // schedule: by level (1 + the deepest operand), then kind, then emission order, so
            // independent instructions of one kind run in one tight loop
            int[] level = new int[m];
            long[] keys = new long[m];
            for (int k = 0; k < m; k++) {
                int l = 0;
                for (int t = start[k]; t < start[k] + count[k]; t++) {
                    int q = base[t] - n - 1;
                    if (q >= 0) {
                        l = Math.max(l, level[q] + 1);
                    }
                }
                level[k] = l;
                keys[k] = ((long) l * KINDS + kd[k]) << 32 | k;
            }
            checkTime();
            Arrays.sort(keys);
            checkTime();
            int[] ord = new int[m];
            int[] pos = new int[m];
            for (int p = 0; p < m; p++) {
                ord[p] = (int) keys[p];
                pos[ord[p]] = p;
            }
            // adjoint slots: inputs, then every owner of edges in schedule order
            int[] adjOf = new int[m];
            int owners = 0;
            for (int p = 0; p < m; p++) {
                adjOf[ord[p]] = handed[ord[p]] ? -1 : n + owners++;
            }
            adjSize = n + owners;
            outVal = outVal < n ? outVal : n + 1 + pos[outVal - n - 1];
            outAdj = outVal < n ? outVal : adjOf[ord[outVal - n - 1]];
            // edges per instruction, then one block per owner in schedule order
            int[] edgeCount = new int[m];
            int[] blockSize = new int[m];
            for (int k = 0; k < m; k++) {
                int e = 0;
                for (int t = start[k]; t < start[k] + count[k]; t++) {
                    if (isEdge(base[t], handed)) {
                        e++;
                    }
                }
                edgeCount[k] = e;
                blockSize[owner[k]] += e;
            }
            int[] next = new int[m];
            ownerStart = new int[owners + 1];
            int edges = 0;
            for (int p = 0; p < m; p++) {
                int k = ord[p];
                if (!handed[k]) {
                    ownerStart[adjOf[k] - n] = edges;
                    next[k] = edges;
                    edges += blockSize[k];
                }
            }
            ownerStart[owners] = edges;
            w = new double[edges + 1];
            tgt = new int[edges];
            int trash = edges;
            // decisions, in tape order (the emission order of piecewise instructions)
            Ints dn = new Ints();
            int[] dIdx = new int[m];
            for (int k = 0; k < m; k++) {
                dIdx[k] = iNode.a[k] >= 0 ? dn.size : -1;
                if (iNode.a[k] >= 0) {
                    dn.add(iNode.a[k]);
                }
            }
            Ints codes = new Ints();
            Doubles kons = new Doubles();
            int runHeader = -1;
            int runKon = 0;
            for (int p = 0; p < m; p++) {
                int k = ord[p];
                int first = next[owner[k]];
                next[owner[k]] += edgeCount[k];
                int e = first;
                int[] wb = new int[count[k]];
                int s0 = start[k];
                for (int t = s0; t < s0 + count[k]; t++) {
                    if (isEdge(base[t], handed)) {
                        tgt[e] = base[t] < n ? base[t] : adjOf[base[t] - n - 1];
                        wb[t - s0] = e++;
                    } else {
                        wb[t - s0] = trash;
                    }
                }
                int kind0 = kd[k];
                if (runHeader < 0 || codes.a[runHeader] != kind0) {
                    closeRun(codes, kons, runHeader, runKon);
                    runHeader = codes.size;
                    runKon = kons.size;
                    codes.add(kind0);
                    codes.add(0);
                    codes.add(0);
                    codes.add(0);
                }
                codes.a[runHeader + 1]++;
                switch (kind0) {
                    case SUM2N:
                    case SUMN:
                        if (kind0 == SUMN) {
                            codes.add(count[k]);
                        }
                        kons.add(scale[s0]);
                        kons.add(oO.a[s0]);
                        for (int t = s0; t < s0 + count[k]; t++) {
                            codes.add(slotOf(base[t], pos));
                            if (t > s0) {
                                kons.add(scale[t]);
                            }
                            if (wb[t - s0] != trash) {
                                w[wb[t - s0]] = scale[t] * hs[k];
                            }
                        }
                        break;
                    case SUM2:
                    case SUM:
                        if (kind0 == SUM) {
                            codes.add(count[k]);
                        }
                        for (int t = s0; t < s0 + count[k]; t++) {
                            codes.add(slotOf(base[t], pos));
                            kons.add(scale[t]);
                            kons.add(oO.a[t]);
                            if (wb[t - s0] != trash) {
                                w[wb[t - s0]] = scale[t] * hs[k];
                            }
                        }
                        break;
                    case SQRP:
                        codes.add(slotOf(base[s0], pos));
                        codes.add(wb[0]);
                        kons.add(hs[k]);
                        break;
                    case SQR:
                        codes.add(slotOf(base[s0], pos));
                        codes.add(wb[0]);
                        addOperand(kons, s0, hs[k]);
                        break;
                    case MUL:
                    case DIV:
                        codes.add(slotOf(base[s0], pos));
                        codes.add(slotOf(base[s0 + 1], pos));
                        codes.add(wb[0]);
                        codes.add(wb[1]);
                        addOperand(kons, s0, hs[k]);
                        addOperand(kons, s0 + 1, hs[k]);
                        break;
                    case GEN1:
                        codes.add(iOp.a[k]);
                        codes.add(slotOf(base[s0], pos));
                        codes.add(wb[0]);
                        codes.add(dIdx[k]);
                        addOperand(kons, s0, hs[k]);
                        kons.add(iC.a[k]);
                        break;
                    default:
                        codes.add(iOp.a[k]);
                        codes.add(slotOf(base[s0], pos));
                        codes.add(slotOf(base[s0 + 1], pos));
                        codes.add(wb[0]);
                        codes.add(wb[1]);
                        codes.add(dIdx[k]);
                        addOperand(kons, s0, hs[k]);
                        addOperand(kons, s0 + 1, hs[k]);
                        break;
                }
            }
            closeRun(codes, kons, runHeader, runKon);
            code = codes.toArray();
            kon = Arrays.copyOf(kons.a, kons.size);
            // the recorded keys of the decisions the program checks (every piecewise node is live)
            decNode = dn.toArray();
            decKey = new double[decNode.length];
            int d = 0;
            for (int q = 0; q < tape.decisions && d < decNode.length; q++) {
                if (tape.decisionNode[q] == decNode[d]) {
                    decKey[d++] = tape.decisionKey[q];
                }
            }
            if (d != decNode.length) {
                throw new IllegalStateException("ReplayProgram: " + decNode.length + " piecewise nodes but "
                        + d + " recorded decisions match them");
            }
        }

        /** Completes a run's header: its lengths in code ints and in constants. */
        private static void closeRun(Ints codes, Doubles kons, int header, int konStart) {
            if (header >= 0) {
                codes.a[header + 2] = codes.size - header - 4;
                codes.a[header + 3] = kons.size - konStart;
            }
        }

        /** The scheduled value slot of an emitted slot (inputs and the zero slot stay). */
        private int slotOf(int slot, int[] pos) {
            return slot <= n ? slot : n + 1 + pos[slot - n - 1];
        }

        private void addOperand(Doubles kons, int t, double h) {
            kons.add(oS.a[t]);
            kons.add(oO.a[t]);
            kons.add(oS.a[t] * h);
        }

        private boolean isEdge(int slot, boolean[] handed) {
            if (slot == zero) {
                return false;
            }
            return slot < n || !handed[slot - n - 1];
        }
    }
}
