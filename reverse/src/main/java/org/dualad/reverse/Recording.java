package org.dualad.reverse;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.Field;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Op;

/**
 * A recorded tape of a scalar function, replayed at new points: record once, replay many. Made by
 * {@link Reverse#record(ScalarFunction, double...)}.
 *
 * <p>The first {@code COMPILE_AFTER} (2) replays of a tape re-apply each node's {@link Op} in tape
 * order on the tape itself. Once its decisions have held that often, the tape is compiled once
 * into a compact replay program (package-private {@code ReplayProgram}; compiling costs a few
 * recordings, so a function whose decisions keep changing never pays it), and the tape is let go:
 * affine ops with constants (negate, x &plusmn; c, c - x, c x, x / 2^k) are folded into the
 * operands of their consumers, chains of single-use sums become one n-ary sum, x * x becomes a
 * square with one edge, a node used once by a sum hands its edges to that sum, dead nodes are
 * dropped, and independent instructions of one kind run in one tight loop. A replay then
 * re-evaluates that program at the new point (+, -, *, x^2 and / inline, every other op through
 * {@link Op#apply}, i.e. the same rules in {@link Differentiable} as every other mode) and sweeps
 * its edges backwards. It does not run f. The value is bit-identical to a fresh recording at the
 * same point (the same expressions in the same order), and so is every piecewise decision; the
 * gradient agrees to rounding (a folded constant scale multiplies a partial before the adjoint
 * does, and an adjoint may sum its contributions in another order). Either way a replay is only
 * right where f would record the same sequence of operations, so:
 *
 * <h2>Caveat: control flow is frozen at the recorded point</h2>
 * <ul>
 *   <li>Every piecewise op ({@link Op#isPiecewise()}: abs, floor, ceil, rint, signum, copySign,
 *       remainder) records its discrete decision (the sign applied, the integer chosen, the
 *       quotient). A replay re-applies the op by its rule at the new point, so the op itself is
 *       right there; a changed decision is still treated as a change of control flow (a
 *       conservative guard: code after it may depend on the piece).</li>
 *   <li>If f read a value with {@code getReal()} or {@code round()} while recording (an
 *       {@code if}, a {@code max} written with a comparison, a loop bound), the branches it took
 *       cannot be checked on replay, so no replay is trusted.</li>
 * </ul>
 * In both cases the recording never returns a silently wrong result: under
 * {@link Policy#RERECORD} (the default) it runs f again at the new point on a new tape (counted by
 * {@link #reRecordings()}), keeping that tape for the next replays; under {@link Policy#STRICT} it
 * throws {@link IllegalStateException} naming the node or the read. A function that reads values
 * therefore re-records on every call: {@link Reverse#gradient} is then just as fast.
 *
 * <p>Thread safety: the methods are {@code synchronized} (a replay writes the tape or the
 * program), so a recording may be shared, but calls from several threads run one at a time; for
 * parallel work give each thread its own recording.
 */
public final class Recording {
    /** What a replay does where the recorded decisions do not hold. */
    public enum Policy {
        /** Run f again at the new point and keep the new tape (the default). */
        RERECORD,
        /** Throw {@link IllegalStateException}. */
        STRICT
    }

    private static final Op[] OPS = Op.values();

    private final ScalarFunction f;
    private final Policy policy;
    private final int n;
    private Tape tape;
    private Var output;
    /**
     * Replays of a new tape that run on the tape itself before it is compiled: compiling costs
     * several recordings, which only pays once the recorded decisions have held a few times (a
     * function whose decisions change at every call never compiles).
     */
    static final int COMPILE_AFTER = 2;

    private ReplayProgram program;
    private int tapeReplays;
    /** The current recording's node count, decisions and user reads (the tape goes once compiled). */
    private int size;
    private int outIndex;
    private double outValue;
    private int decisions;
    private int userReads;
    private int firstReadNode;
    private final Slot sx = new Slot();
    private final Slot sy = new Slot();
    private int reRecordings;

    Recording(ScalarFunction f, Policy policy, double[] x) {
        this.f = f;
        this.policy = policy;
        this.n = x.length;
        record(x);
    }

    /**
     * The value and gradient at x, by replaying the tape (or re-recording; see the class comment).
     *
     * @param x the point, as many values as when recorded (not modified)
     * @return f(x) and df/dx
     * @throws NullPointerException if x is null
     * @throws IllegalArgumentException if x has the wrong length
     * @throws IllegalStateException under {@link Policy#STRICT} where the recording cannot be
     *     trusted at x
     */
    public synchronized ValueAndGradient valueAndGradient(double... x) {
        Objects.requireNonNull(x, "valueAndGradient: x is null; expected the point, one value per input");
        if (x.length != n) {
            throw new IllegalArgumentException("valueAndGradient: x has length " + x.length
                    + " but the tape has " + n + " inputs");
        }
        if (userReads > 0) {
            if (policy == Policy.STRICT) {
                throw new IllegalStateException("replay: f read a value with getReal()/round() "
                        + userReads + " time(s) while recording (first at node #"
                        + firstReadNode + "), so its branches cannot be checked at a new point;"
                        + " use Policy.RERECORD or Reverse.gradient");
            }
            record(x);
            reRecordings++;
            return sweepTape();
        }
        if (outIndex < 0) {
            return new ValueAndGradient(outValue, new double[n]);
        }
        if (program == null && tapeReplays < COMPILE_AFTER) {
            int failed = replayTape(x);
            if (failed < 0) {
                tapeReplays++;
                tape.swept = -1; // the adjoints are not those of the last Tape.backward any more
                double[] adj = tape.adjoint;
                Arrays.fill(adj, 0, outIndex + 1, 0.0);
                adj[outIndex] = 1;
                Tape.sweep(outIndex, adj, tape.args, tape.partials);
                return new ValueAndGradient(tape.value[outIndex], Arrays.copyOf(adj, n));
            }
            return changedDecision(failed, x);
        }
        if (program == null) {
            compile();
        }
        int failed = program.forward(x);
        if (failed >= 0) {
            return changedDecision(failed, x);
        }
        return new ValueAndGradient(program.value(), program.sweep());
    }

    /** Node #failed decides otherwise at x: throw (STRICT) or re-record at x. */
    private ValueAndGradient changedDecision(int failed, double[] x) {
        if (policy == Policy.STRICT) {
            throw new IllegalStateException("replay: node #" + failed + " ("
                    + (tape != null ? OPS[tape.op[failed]] : program.failedOp()).symbol()
                    + ") takes another branch at x = "
                    + Arrays.toString(x) + " than where it was recorded; use Policy.RERECORD"
                    + " or Reverse.gradient");
        }
        record(x);
        reRecordings++;
        return sweepTape();
    }

    /**
     * The gradient at x; see {@link #valueAndGradient(double...)}.
     *
     * @param x the point, as many values as when recorded
     * @return df/dx, a new array
     */
    public double[] gradient(double... x) {
        return valueAndGradient(x).gradient();
    }

    /** @return how many times a replay had to run f again (a changed decision, or a read value) */
    public synchronized int reRecordings() {
        return reRecordings;
    }

    /** @return the number of nodes on the current tape */
    public synchronized int size() {
        return size;
    }

    /** @return the number of inputs */
    public int inputCount() {
        return n;
    }

    /** @return the policy for replays where the recorded decisions do not hold */
    public Policy policy() {
        return policy;
    }

    /** @return true if f read values while recording, so every call re-records */
    public synchronized boolean readsValues() {
        return userReads > 0;
    }

    @Override
    public synchronized String toString() {
        return "Recording[" + n + " inputs, " + size + " nodes, " + decisions + " decisions, "
                + userReads + " reads, " + reRecordings + " re-recordings, " + policy + "]";
    }

    // ---------------------------------------------------------------- internals

    private void record(double[] x) {
        Var[] out = new Var[1];
        tape = Reverse.recordOn("record", f, x, out);
        output = out[0];
        outIndex = output.index;
        outValue = output.value;
        size = tape.size;
        decisions = tape.decisions;
        userReads = tape.userReads;
        firstReadNode = tape.firstReadNode;
        program = null; // compiled once the tape has replayed COMPILE_AFTER times without a change
        tapeReplays = 0;
        if (tape.adjoint.length < tape.size) {
            tape.adjoint = new double[tape.size];
        }
    }

    /**
     * Compiles the tape and lets it go: from now on the recording holds only the program (about
     * 23 bytes per recorded op on Rosenbrock instead of the tape's 41 with adjoints).
     */
    private void compile() {
        program = ReplayProgram.compile(tape, outIndex, n);
        tape = null;
        output = null; // a Var holds its tape
    }

    /** The value and gradient of the tape just recorded, by its own sweep. */
    private ValueAndGradient sweepTape() {
        if (output.index < 0) {
            return new ValueAndGradient(output.value, new double[n]);
        }
        tape.backward(output);
        return new ValueAndGradient(output.value, Arrays.copyOf(tape.adjoint, n));
    }

    /** @return true once the current tape has been compiled (for tests) */
    synchronized boolean compiled() {
        return program != null;
    }

    /** @return the compiled replay program (compiling it now if needed), for tests; null if f reads values */
    synchronized ReplayProgram program() {
        if (program == null && userReads == 0 && outIndex >= 0) {
            compile();
        }
        return program;
    }

    /**
     * The uncompiled replay, used for the first {@code COMPILE_AFTER} replays of a tape:
     * re-evaluates every node at x in tape order on the tape itself; returns -1, or the first node
     * whose piecewise decision differs from the recorded one (the tape is then partly updated, and
     * re-recorded or abandoned by the caller).
     */
    private int replayTape(double[] x) {
        double[] v = tape.value;
        int[] args = tape.args;
        double[] p = tape.partials;
        byte[] codes = tape.op;
        int size = tape.size;
        System.arraycopy(x, 0, v, 0, n);
        int d = 0;
        int nextDecision = tape.decisions > 0 ? tape.decisionNode[0] : -1;
        // Local scratch numbers: they never escape, so the JIT keeps their fields in registers.
        Slot lx = new Slot();
        Slot ly = new Slot();
        for (int i = n; i < size; i++) {
            int code = codes[i];
            if (code == Tape.INPUT) {
                continue; // an extra variable made inside f: its value is fixed
            }
            int k1 = 2 * i;
            int k2 = k1 + 1;
            int j = args[k1];
            int k = args[k2];
            boolean unary = UNARY[code];
            double c = unary ? p[k2] : 0;
            double xv = j >= 0 ? v[j] : p[k1];
            double yv = unary ? 0 : k >= 0 ? v[k] : p[k2];
            lx.v = xv;
            ly.v = yv;
            // The same rules (Differentiable's default methods), bound statically for the ops
            // that dominate typical tapes; every other op goes through Op.apply.
            switch (code) {
                case ADD: lx.add(ly); break;
                case SUBTRACT: lx.subtract(ly); break;
                case MULTIPLY: lx.multiply(ly); break;
                case DIVIDE: lx.divide(ly); break;
                case NEGATE: lx.negate(); break;
                case ADD_CONSTANT: lx.add(c); break;
                case SUBTRACT_CONSTANT: lx.subtract(c); break;
                case MULTIPLY_CONSTANT: lx.multiply(c); break;
                case DIVIDE_CONSTANT: lx.divide(c); break;
                default: general(code, xv, yv, c); lx.r0 = sx.r0; lx.r1 = sx.r1; lx.r2 = sx.r2; break;
            }
            v[i] = lx.r0;
            if (unary || j >= 0) {
                p[k1] = lx.r1;
            }
            if (!unary && k >= 0) {
                p[k2] = lx.r2;
            }
            if (i == nextDecision) {
                double key = Tape.decisionKey(OPS[code], xv, c, lx.r0, lx.r1, lx.r2);
                if (!Tape.sameDecision(key, tape.decisionKey[d])) {
                    return i;
                }
                d++;
                nextDecision = d < tape.decisions ? tape.decisionNode[d] : -1;
            }
        }
        return -1;
    }

    /** Any op, through {@link Op#apply}, on the heap scratch numbers (results left in sx). */
    private void general(int code, double x, double y, double c) {
        Op o = OPS[code];
        sx.v = x;
        if (o.arity() == 1) {
            o.apply(sx, c);
        } else {
            sy.v = y;
            o.apply(sx, sy);
        }
    }

    // Op codes bound statically above; the static block checks them against Op's order.
    private static final int ADD = 0;
    private static final int SUBTRACT = 1;
    private static final int MULTIPLY = 2;
    private static final int DIVIDE = 3;
    private static final int NEGATE = 4;
    private static final int ADD_CONSTANT = 5;
    private static final int SUBTRACT_CONSTANT = 6;
    private static final int MULTIPLY_CONSTANT = 7;
    private static final int DIVIDE_CONSTANT = 8;
    private static final boolean[] UNARY = new boolean[OPS.length];

    static {
        Op[] bound = {Op.ADD, Op.SUBTRACT, Op.MULTIPLY, Op.DIVIDE, Op.NEGATE, Op.ADD_CONSTANT,
            Op.SUBTRACT_CONSTANT, Op.MULTIPLY_CONSTANT, Op.DIVIDE_CONSTANT};
        for (int k = 0; k < bound.length; k++) {
            if (bound[k].ordinal() != k) {
                throw new ExceptionInInitializerError("Recording: Op." + bound[k] + " has ordinal "
                        + bound[k].ordinal() + ", expected " + k + "; update Recording's op codes");
            }
        }
        for (Op o : OPS) {
            UNARY[o.ordinal()] = o.arity() == 1;
        }
    }

    /**
     * A mutable scratch number for replay: the rules in {@link Differentiable} compute a node's
     * value and partials from {@code v} and leave them here through the compose hooks.
     */
    static final class Slot implements Differentiable<Slot> {
        double v;
        double r0;
        double r1;
        double r2;

        @Override
        public double value() {
            return v;
        }

        @Override
        public Slot compose(Op op, double c, double f0, double f1, double f2) {
            r0 = f0;
            r1 = f1;
            return this;
        }

        @Override
        public Slot compose(Op op, Slot y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
            r0 = g0;
            r1 = gx;
            r2 = gy;
            return this;
        }

        @Override
        public Field<Slot> getField() {
            throw new UnsupportedOperationException("a replay slot has no field");
        }
    }
}
