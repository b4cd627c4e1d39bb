package org.dualad.reverse;

import static org.dualad.reverse.ReplayProgram.DIV;
import static org.dualad.reverse.ReplayProgram.GEN1;
import static org.dualad.reverse.ReplayProgram.GEN2;
import static org.dualad.reverse.ReplayProgram.KINDS;
import static org.dualad.reverse.ReplayProgram.MUL;
import static org.dualad.reverse.ReplayProgram.RULE;
import static org.dualad.reverse.ReplayProgram.SQR;
import static org.dualad.reverse.ReplayProgram.SQRP;
import static org.dualad.reverse.ReplayProgram.SUM;
import static org.dualad.reverse.ReplayProgram.SUM2;
import static org.dualad.reverse.ReplayProgram.SUM2N;
import static org.dualad.reverse.ReplayProgram.SUMN;

import java.util.Arrays;
import org.dualad.dual.Op;

/**
 * The compiler of a {@link ReplayProgram}: builds the program's arrays from a recorded {@link Tape}
 * in two passes. Pass 1 walks the live nodes in tape order, folding affine ops into descriptors and
 * merging sums, and emits instructions (kind, op, operands as slot, scale, offset); pass 2 decides
 * the edge hand-offs, schedules the instructions, numbers the adjoints and lays out the edges and
 * the code stream. One instance compiles one program and is then dropped; what the passes fold and
 * why each fold rounds as the recording did is described on {@link ReplayProgram}.
 */
final class ReplayCompiler {
    private static final Op[] OPS = Op.values();
    private static final long NEG_ZERO = Double.doubleToRawLongBits(-0.0);

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

    final int n;
    final int zero;
    final Tape tape;
    final int out;
    /** {@link System#nanoTime()} past which the compile gives up, or Long.MAX_VALUE. */
    final long deadline;

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
    /**
     * Operands (indices into oBase) read for their value only: a linear rule's arguments whose
     * partial is 0 (linearCombination's factors). They take no edge and no adjoint.
     */
    final java.util.BitSet valueOnly = new java.util.BitSet();

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

    /** Throws {@link OverBudget} once the deadline has passed. */
    void checkTime() {
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
            throw new OverBudget();
        }
    }

    ReplayCompiler(Tape tape, int out, int n, long deadline) {
        this.tape = tape;
        this.deadline = deadline;
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

    /** Runs both passes; the results are then in this compiler's result fields. */
    ReplayCompiler build() {
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
            if (op[i] == Tape.CUSTOM) {
                i = rule(i, args, p); // the rule's whole chain: continue after its last node
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
     * Pass 1 for a custom rule recorded from node i: one node (k &le; 2 arguments) or a chain of
     * k - 1, node l &gt; i taking node l - 1 and argument l - i + 1 ({@link Tape#custom}), a
     * constant argument's value in its partial slot. One {@link ReplayProgram#RULE} instruction
     * of k operands; its slot stands for every node of the chain (only the chain reads the inner
     * ones). Returns the chain's last node.
     */
    private int rule(int i, int[] args, double[] p) {
        int k = tape.customRule[tape.customEntry(i)].arity();
        int last = k <= 2 ? i : i + k - 2;
        int[] rs = new int[k];
        double[] ss = new double[k];
        double[] os = new double[k];
        for (int t = 0; t < k; t++) {
            int at = t < 2 ? 2 * i + t : 2 * (i + t - 1) + 1;
            operand(args[at], p[at]);
            rs[t] = r;
            ss[t] = s;
            os[t] = o;
        }
        double[] zeroPartial = linearZeros(i, k, args, p);
        int start = oBase.size;
        for (int t = 0; t < k; t++) {
            if (zeroPartial != null && zeroPartial[t] == 0) {
                valueOnly.set(oBase.size);
            }
            oBase.add(rs[t]);
            oS.add(ss[t]);
            oO.add(os[t]);
        }
        emit(RULE, Op.CUSTOM, tape.customEntry(i), -1, start);
        for (int l = i; l <= last; l++) {
            store(l);
        }
        return last;
    }

    /**
     * A linear rule's gradient (constant, NaN values included: {@link org.dualad.dual.Rule#linear}),
     * taken at the recorded arguments; null for any other rule (every operand keeps its edge).
     */
    private double[] linearZeros(int i, int k, int[] args, double[] p) {
        org.dualad.dual.Rule rule = tape.customRule[tape.customEntry(i)];
        if (!rule.isLinear()) {
            return null;
        }
        double[] x = new double[k];
        for (int t = 0; t < k; t++) {
            int at = t < 2 ? 2 * i + t : 2 * (i + t - 1) + 1;
            x[t] = args[at] < 0 ? p[at] : tape.value[args[at]];
        }
        return rule.gradient(x);
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

    // pass 2 state, each array indexed by emitted instruction (schedule position where named so)
    /** The instruction whose adjoint receives this one's edges (itself unless handed off). */
    private int[] owner;
    /** The scale this instruction's edge weights carry into its owner's block. */
    private double[] hs;
    private boolean[] handed;
    /** The final kind (SUM refined to SUM2, SUMN, SUM2N; SQR to SQRP). */
    private int[] kd;
    /** Schedule position to instruction, and back. */
    private int[] ord;
    private int[] pos;
    /** The adjoint slot of each owner, -1 for a handed-off instruction. */
    private int[] adjOf;
    private int[] edgeCount;
    /** Per owner, the next free edge of its block while the code is written. */
    private int[] next;

    /** Pass 2: hand-offs, adjoint numbering, edges, the code stream. */
    private void layout() {
        checkTime();
        handOffs();
        finalKinds();
        schedule();
        numberAdjoints();
        edgeBlocks();
        Ints dn = new Ints();
        int[] dIdx = numberDecisions(dn);
        writeCode(dIdx);
        decisionKeys(dn);
    }

    /** Which instructions give their edges to their one consumer, a sum (decided from the last down). */
    private void handOffs() {
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
                if (q >= 0 && !valueOnly.get(t)) {
                    refs[q]++;
                    consumer[q] = k;
                    termScale[q] = scale[t];
                }
            }
        }
        if (outVal > n) {
            refs[outVal - n - 1]++;
        }
        // a consumer is decided before its operands
        owner = new int[m];
        hs = new double[m];
        handed = new boolean[m];
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
    }

    /** The final kind of each instruction: the unrolled and offset-free variants of sums and squares. */
    private void finalKinds() {
        int[] start = iStart.a;
        int[] count = iCount.a;
        int[] kind = iKind.a;
        kd = new int[m];
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
            } else if (kind[k] == SQR && oS.a[s0] == 1 && noOffset(oO.a[s0])) {
                kd[k] = SQRP;
            }
        }
    }

    /**
     * The schedule: by level (1 + the deepest operand), then kind, then emission order, so
     * independent instructions of one kind run in one tight loop.
     */
    private void schedule() {
        int[] start = iStart.a;
        int[] count = iCount.a;
        int[] base = oBase.a;
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
        ord = new int[m];
        pos = new int[m];
        for (int p = 0; p < m; p++) {
            ord[p] = (int) keys[p];
            pos[ord[p]] = p;
        }
    }

    /** Adjoint slots: inputs, then every owner of edges in schedule order; the output's slots. */
    private void numberAdjoints() {
        adjOf = new int[m];
        int owners = 0;
        for (int p = 0; p < m; p++) {
            adjOf[ord[p]] = handed[ord[p]] ? -1 : n + owners++;
        }
        adjSize = n + owners;
        outVal = outVal < n ? outVal : n + 1 + pos[outVal - n - 1];
        outAdj = outVal < n ? outVal : adjOf[ord[outVal - n - 1]];
    }

    /** Edges per instruction, then one block per owner in schedule order; sizes w and tgt. */
    private void edgeBlocks() {
        int[] start = iStart.a;
        int[] count = iCount.a;
        int[] base = oBase.a;
        int owners = adjSize - n;
        edgeCount = new int[m];
        int[] blockSize = new int[m];
        for (int k = 0; k < m; k++) {
            int e = 0;
            for (int t = start[k]; t < start[k] + count[k]; t++) {
                if (isEdge(base[t], handed) && !valueOnly.get(t)) {
                    e++;
                }
            }
            edgeCount[k] = e;
            blockSize[owner[k]] += e;
        }
        next = new int[m];
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
    }

    /**
     * Decisions in tape order (the emission order of piecewise instructions): appends their nodes
     * to dn and returns each instruction's decision index, -1 for none.
     */
    private int[] numberDecisions(Ints dn) {
        int[] dIdx = new int[m];
        for (int k = 0; k < m; k++) {
            dIdx[k] = iNode.a[k] >= 0 ? dn.size : -1;
            if (iNode.a[k] >= 0) {
                dn.add(iNode.a[k]);
            }
        }
        return dIdx;
    }

    /** The code stream and constants, run by run in schedule order, and every edge's target and weight. */
    private void writeCode(int[] dIdx) {
        int[] start = iStart.a;
        int[] count = iCount.a;
        int[] base = oBase.a;
        double[] scale = oS.a;
        int trash = tgt.length;
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
                if (isEdge(base[t], handed) && !valueOnly.get(t)) {
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
                case RULE:
                    codes.add((int) iC.a[k]);
                    codes.add(count[k]);
                    for (int t = s0; t < s0 + count[k]; t++) {
                        codes.add(slotOf(base[t], pos));
                        codes.add(wb[t - s0]);
                        addOperand(kons, t, hs[k]);
                    }
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
    }

    /** The recorded keys of the decisions the program checks (every piecewise node is live). */
    private void decisionKeys(Ints dn) {
        decNode = dn.toArray();
        decKey = new double[decNode.length];
        int d = 0;
        Decisions recorded = tape.decisions;
        for (int q = 0; q < recorded.count && d < decNode.length; q++) {
            if (recorded.node[q] == decNode[d]) {
                decKey[d++] = recorded.key[q];
            }
        }
        if (d != decNode.length) {
            throw new IllegalStateException("ReplayProgram: " + decNode.length + " piecewise nodes but "
                    + d + " recorded decisions match them");
        }
    }

    /**
     * Completes a run's header: its lengths in code ints and in constants. A run of a kind with a
     * fixed number of constants per instruction whose instructions all carry the same constants
     * (bit for bit: one line of f in a loop) keeps them once and is marked
     * {@link ReplayProgram#UNIFORM}: its loop holds them in registers instead of reading a
     * constant stream as long as the run.
     */
    private static void closeRun(Ints codes, Doubles kons, int header, int konStart) {
        if (header < 0) {
            return;
        }
        int width = ReplayProgram.constantsPerInstruction(codes.a[header]);
        int len = codes.a[header + 1];
        if (width > 0 && len > 1 && sameTuples(kons.a, konStart, width, len)) {
            kons.size = konStart + width;
            codes.a[header] |= ReplayProgram.UNIFORM;
        }
        codes.a[header + 2] = codes.size - header - 4;
        codes.a[header + 3] = kons.size - konStart;
    }

    /** True if the len tuples of width constants from start are all bitwise the first one. */
    private static boolean sameTuples(double[] k, int start, int width, int len) {
        for (int i = 1; i < len; i++) {
            for (int j = 0; j < width; j++) {
                if (Double.doubleToRawLongBits(k[start + i * width + j]) != Double.doubleToRawLongBits(k[start + j])) {
                    return false;
                }
            }
        }
        return true;
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

    // ---------------------------------------------------------------- growable lists

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
}
