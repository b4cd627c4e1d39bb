package org.dualad.reverse;

import java.util.Arrays;
import org.dualad.dual.Chain;
import org.dualad.dual.Op;
import org.dualad.dual.Rule;

/**
 * A recorded tape compiled once into a compact replay program: what {@link Recording} runs at each
 * new point. Primitive arrays only; nothing is allocated per node on replay, except by a custom
 * rule's own functions ({@link #RULE}: its value and gradient are user code on {@code double[]}).
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
 * loop per kind (a run of one product, quotient or two-term sum, as a sequential program gives
 * them, runs inline). A run of a kind with a fixed number of constants whose instructions all carry
 * the same ones (the common case: one line of f inside a loop) keeps them once and is flagged
 * {@link #UNIFORM}; its loop reads them before it starts, so it streams only operand slots and
 * edge positions (Rosenbrock: 1.3 to 2x faster per run, the constants 16 KB instead of 80 KB at
 * n = 1000). The sweep goes owner by owner, last first: each owner of edges (an instruction
 * that did not hand its edges off) has an adjoint, and every edge of an owner whose adjoint is not
 * 0 ({@link Tape#SKIP_ZERO_ADJOINTS}) adds {@code w * adj[owner]} into its target's adjoint.
 * Piecewise decisions are checked in schedule order, so where several change, the one named is
 * the first in that order (not necessarily in tape order).
 *
 * <p>{@link ReplayCompiler} builds the program from a tape.
 *
 * <p>Memory (Rosenbrock, n = 1000, 9991 tape nodes): 3997 instructions, 3996 edges, about 16 bytes
 * per recorded op for all the program's arrays (values and adjoints included; 23 before uniform
 * runs kept their constants once), the same at 10^5 and 10^6 nodes.
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
    /**
     * A custom rule of k arguments (a chain of k - 1 tape nodes, or one): its value and gradient
     * from the rule's functions at the operands' values, as the tape replay evaluates it.
     */
    static final int RULE = 10;
    static final int KINDS = 11;
    /**
     * Flag on a run's kind: every instruction of the run has the same constants, kept once (see
     * {@link #constantsPerInstruction}).
     */
    static final int UNIFORM = 16;

    private static final Op[] OPS = Op.values();

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
    /** The tape's custom rules, by entry ({@link #RULE} instructions name theirs). */
    private final Rule[] rules;
    /** The gradients of the linear rules among them, taken at their first replay (their weights then stand). */
    private final double[][] linear;
    /** Each rule's arguments and gradient, refilled at every replay (a rule's functions copy what they read). */
    private final double[][] point;
    private final double[][] gradient;

    private ReplayProgram(ReplayCompiler b) {
        rules = Arrays.copyOf(b.tape.customRule, b.tape.customs);
        linear = new double[rules.length][];
        point = new double[rules.length][];
        gradient = new double[rules.length][];
        for (int e = 0; e < rules.length; e++) {
            point[e] = new double[rules[e].arity()];
            gradient[e] = new double[rules[e].arity()];
        }
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

    /**
     * The constants each instruction of a kind reads, for the kinds whose runs may be
     * {@link #UNIFORM}; 0 for the others (n-ary sums, ops through {@link Op#apply}).
     */
    static int constantsPerInstruction(int kind) {
        switch (kind) {
            case SQRP: return 1;
            case SQR:
            case SUM2N: return 3;
            case SUM2: return 4;
            case MUL:
            case DIV: return 6;
            default: return 0;
        }
    }

    /** Compiles the tape's graph of output (a node, index &gt;= 0) over its first n inputs. */
    static ReplayProgram compile(Tape tape, int output, int n) {
        return compile(tape, output, n, Long.MAX_VALUE);
    }

    /**
     * As {@link #compile(Tape, int, int)}, giving up with {@link ReplayCompiler.OverBudget} once
     * {@link System#nanoTime()} passes deadline (checked between phases and every 2^16 nodes).
     */
    static ReplayProgram compile(Tape tape, int output, int n, long deadline) {
        return new ReplayProgram(new ReplayCompiler(tape, output, n, deadline).build());
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
            // A run of one (a sequential program: an ODE's steps, where every instruction waits
            // for the one before) runs its instruction inline: entering a kind's loop for one
            // iteration cost more than the instruction (the logistic equation's 100 RK4 steps,
            // 1800 runs of one in 1900: forward 25.6 -> 19.0 us), and wide programs run as before.
            switch (kind) {
                case SUM2N:
                    if (len == 1) {
                        sum2nAt(c, pc, k, kc, v, slot);
                    } else {
                        sum2n(c, pc, k, kc, v, slot, len);
                    }
                    break;
                case SQRP: sqrp(c, pc, k, kc, v, slot, wt, len); break;
                case SQR: sqr(c, pc, k, kc, v, slot, wt, len); break;
                case MUL:
                    if (len == 1) {
                        mulAt(c, pc, k, kc, v, slot, wt);
                    } else {
                        mul(c, pc, k, kc, v, slot, wt, len);
                    }
                    break;
                case DIV:
                    if (len == 1) {
                        divAt(c, pc, k, kc, v, slot, wt);
                    } else {
                        div(c, pc, k, kc, v, slot, wt, len);
                    }
                    break;
                case SUM2: sum2(c, pc, k, kc, v, slot, len); break;
                case SUMN: sumn(c, pc, k, kc, v, slot, len); break;
                case SUM: sum(c, pc, k, kc, v, slot, len); break;
                case SUM2N | UNIFORM: sum2nU(c, pc, k[kc], k[kc + 1], k[kc + 2], v, slot, len); break;
                case SQRP | UNIFORM: sqrpU(c, pc, k[kc], v, slot, wt, len); break;
                case SQR | UNIFORM: sqrU(c, pc, k[kc], k[kc + 1], k[kc + 2], v, slot, wt, len); break;
                case MUL | UNIFORM: mulU(c, pc, k, kc, v, slot, wt, len); break;
                case DIV | UNIFORM: divU(c, pc, k, kc, v, slot, wt, len); break;
                case SUM2 | UNIFORM: sum2U(c, pc, k, kc, v, slot, len); break;
                case GEN1:
                    for (int r = 0, p = pc, q = kc; r < len; r++, p += 4, q += 4) {
                        int failed = gen1(p, q, slot + r);
                        if (failed >= 0) {
                            return failed;
                        }
                    }
                    break;
                case RULE:
                    for (int r = 0, p = pc, q = kc; r < len; r++) {
                        int args = c[p + 1];
                        rule(p, q, slot + r);
                        p += 2 + 2 * args;
                        q += 3 * args;
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
            sum2nAt(c, pc, k, kc, v, slot + r);
        }
    }

    /** One two-term sum of SUM2N: code at pc, constants at kc, its value into slot. */
    private static void sum2nAt(int[] c, int pc, double[] k, int kc, double[] v, int slot) {
        v[slot] = (v[c[pc]] * k[kc] + k[kc + 1]) + v[c[pc + 1]] * k[kc + 2];
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
            mulAt(c, pc, k, kc, v, slot + r, w);
        }
    }

    /** One product: code at pc, constants at kc, its value into slot and its two edge weights into w. */
    private static void mulAt(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w) {
        double a = v[c[pc]] * k[kc] + k[kc + 1];
        double b = v[c[pc + 1]] * k[kc + 3] + k[kc + 4];
        v[slot] = a * b;
        w[c[pc + 2]] = Chain.term(b, k[kc + 2]);
        w[c[pc + 3]] = Chain.term(a, k[kc + 5]);
    }

    private static void div(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w, int len) {
        for (int r = 0; r < len; r++, pc += 4, kc += 6) {
            divAt(c, pc, k, kc, v, slot + r, w);
        }
    }

    /** One quotient, as {@link #mulAt}: Differentiable.divide's expressions, values and partials bit-identical. */
    private static void divAt(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w) {
        double a = v[c[pc]] * k[kc] + k[kc + 1];
        double b = v[c[pc + 1]] * k[kc + 3] + k[kc + 4];
        double q = a / b;
        double inv = 1 / b;
        v[slot] = q;
        w[c[pc + 2]] = Chain.term(inv, k[kc + 2]);
        w[c[pc + 3]] = Chain.term(quotientSlope(a, b, q), k[kc + 5]);
    }

    /**
     * d(a/b)/db = -q/b where q and it are normal numbers, else Differentiable.divide's own (the
     * exponents kept apart: -q/b from a subnormal q lost up to 1e5 ulps), so that a replay gives
     * the recording's partial bit for bit. The generated bytecode calls it too.
     */
    static double quotientSlope(double a, double b, double q) {
        double gy = -q / b;
        if (normal(q) && normal(gy)) {
            return gy;
        }
        Recording.Slot x = new Recording.Slot();
        Recording.Slot y = new Recording.Slot();
        x.v = a;
        y.v = b;
        x.divide(y);
        return x.r2;
    }

    private static boolean normal(double v) {
        double m = Math.abs(v);
        return m >= Double.MIN_NORMAL && m <= Double.MAX_VALUE;
    }

    // The same loops for uniform runs: the constants are read once, before the loop.

    private static void sum2nU(int[] c, int pc, double s0, double o0, double s1, double[] v, int slot, int len) {
        for (int r = 0; r < len; r++, pc += 2) {
            v[slot + r] = (v[c[pc]] * s0 + o0) + v[c[pc + 1]] * s1;
        }
    }

    private static void sum2U(int[] c, int pc, double[] k, int kc, double[] v, int slot, int len) {
        final double s0 = k[kc];
        final double o0 = k[kc + 1];
        final double s1 = k[kc + 2];
        final double o1 = k[kc + 3];
        for (int r = 0; r < len; r++, pc += 2) {
            v[slot + r] = (v[c[pc]] * s0 + o0) + (v[c[pc + 1]] * s1 + o1);
        }
    }

    private static void sqrpU(int[] c, int pc, double ws, double[] v, int slot, double[] w, int len) {
        for (int r = 0; r < len; r++, pc += 2) {
            double u = v[c[pc]];
            v[slot + r] = u * u;
            w[c[pc + 1]] = Chain.term(u + u, ws);
        }
    }

    private static void sqrU(int[] c, int pc, double s, double o, double ws, double[] v, int slot, double[] w,
            int len) {
        for (int r = 0; r < len; r++, pc += 2) {
            double u = v[c[pc]] * s + o;
            v[slot + r] = u * u;
            w[c[pc + 1]] = Chain.term(u + u, ws);
        }
    }

    private static void mulU(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w, int len) {
        final double sa = k[kc];
        final double oa = k[kc + 1];
        final double wa = k[kc + 2];
        final double sb = k[kc + 3];
        final double ob = k[kc + 4];
        final double wb = k[kc + 5];
        for (int r = 0; r < len; r++, pc += 4) {
            double a = v[c[pc]] * sa + oa;
            double b = v[c[pc + 1]] * sb + ob;
            v[slot + r] = a * b;
            w[c[pc + 2]] = Chain.term(b, wa);
            w[c[pc + 3]] = Chain.term(a, wb);
        }
    }

    private static void divU(int[] c, int pc, double[] k, int kc, double[] v, int slot, double[] w, int len) {
        final double sa = k[kc];
        final double oa = k[kc + 1];
        final double wa = k[kc + 2];
        final double sb = k[kc + 3];
        final double ob = k[kc + 4];
        final double wb = k[kc + 5];
        for (int r = 0; r < len; r++, pc += 4) {
            double a = v[c[pc]] * sa + oa;
            double b = v[c[pc + 1]] * sb + ob;
            double q = a / b;
            double inv = 1 / b;
            v[slot + r] = q;
            w[c[pc + 2]] = Chain.term(inv, wa);
            w[c[pc + 3]] = Chain.term(quotientSlope(a, b, q), wb);
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
        if (d >= 0 && !Decisions.same(Decisions.keyOf(o, a, cc, s.r0, s.r1, 0), decisionKey[d])) {
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
        if (d >= 0 && !Decisions.same(Decisions.keyOf(o, a, 0, s.r0, s.r1, s.r2), decisionKey[d])) {
            failedOp = o;
            return decisionNode[d];
        }
        return -1;
    }

    /**
     * A custom rule: code (rule entry, k, then per operand its slot and edge position), constants
     * (per operand scale, offset, weight scale). The rule's public functions give the value and
     * the gradient (NaN throughout where the value is NaN), as they gave the recorded node's; a
     * {@link Rule#linear} rule's gradient is taken once.
     */
    void rule(int pc, int kc, int slot) {
        final int[] c = code;
        final double[] k = kon;
        int entry = c[pc];
        Rule rule = rules[entry];
        int count = c[pc + 1];
        double[] x = point[entry];
        for (int t = 0; t < count; t++) {
            x[t] = val[c[pc + 2 + 2 * t]] * k[kc + 3 * t] + k[kc + 3 * t + 1];
        }
        if (linear[entry] != null) {
            // a linear rule's gradient is constant (NaN values included): its weights, written
            // at its first replay, stand
            val[slot] = rule.value(x);
            return;
        }
        double[] g = gradient[entry];
        val[slot] = rule.valueAndGradient(x, g);
        if (rule.isLinear()) {
            linear[entry] = g;
        }
        for (int t = 0; t < count; t++) {
            w[c[pc + 3 + 2 * t]] = Chain.term(g[t], k[kc + 3 * t + 2]);
        }
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
}
