package org.dualad.reverse;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.Field;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Differentiable;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.dual.Op;
import org.dualad.dual.Rule;
import org.dualad.dual.SimpleField;
import org.dualad.dual.ValueRun;

/**
 * A recorded tape of a scalar function, replayed at new points: record once, replay many. Made by
 * {@link Reverse#record(ScalarFunction, double...)}.
 *
 * <h2>What a replay does</h2>
 * At its first replay a recording compiles its tape into a compact replay program (package-private
 * {@code ReplayProgram}) and lets the tape go: affine ops with constants (negate, x &plusmn; c,
 * c - x, c x, x / 2^k) are folded into the operands of their consumers, chains of single-use sums
 * become one n-ary sum, x * x becomes a square with one edge, a node used once by a sum hands its
 * edges to that sum, dead nodes are dropped, and independent instructions of one kind run in one
 * tight loop. A replay re-evaluates that program at the new point (+, -, *, x^2 and / inline,
 * every other op through {@link Op#apply}, i.e. the same rules in {@link Differentiable} as every
 * other mode) and sweeps its edges backwards. The value is bit-identical to a fresh recording at
 * the same point, and so is every piecewise decision; the gradient agrees with
 * {@link Reverse#gradient} to rounding (a folded constant scale multiplies a partial before the
 * adjoint does, and an adjoint may sum its contributions in another order).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Value guard.</b> Every call also evaluates f at x in plain {@code double} arithmetic
 *       (a value-only number type running the same rules, no derivative work, no tape) and
 *       compares that value with the replayed one bit for bit. They agree whenever f does at x
 *       what it did when recorded, so a difference means f changed: data it reads from a field
 *       (a mini-batch, a changed array), a branch on a value the recording cannot see. Then
 *       {@link Policy#RERECORD} records f again at x (the result is f's at x) and
 *       {@link Policy#STRICT} throws, naming the replayed and the fresh value. What the guard
 *       cannot see: a change of f that leaves the value at x bit for bit the same but changes the
 *       gradient. Cost: one evaluation of f per call on constant {@code HVar}s, refilled from
 *       call to call ({@link ValueRun}): on Rosenbrock at n = 1000 a replay costs 11 times the
 *       plain {@code double} evaluation with the guard and 6 without, alone and in a JVM that
 *       has run f in every other mode (docs/performance.md). f runs at every call, so a side
 *       effect of f is seen at every call. {@link #useValueGuard useValueGuard(false)} turns it off for a function of its
 *       arguments alone (the piecewise decisions below are still checked).</li>
 *   <li><b>Piecewise ops</b> ({@link Op#isPiecewise()}: abs, floor, ceil, rint, signum, copySign,
 *       remainder) record their discrete decision (the sign applied, the integer chosen, the
 *       quotient); a replay that finds another decision is treated as a change of control flow
 *       (conservatively: code after it may depend on the piece).</li>
 *   <li><b>Reads.</b> If f read a variable's value with {@code getReal()}, {@code round()},
 *       {@code toString()} or {@code hashCode()} while recording, the branches it took cannot be
 *       checked at a new point, so no replay is trusted: every call re-records (RERECORD) or throws
 *       (STRICT). {@link Var#value()} is the rules' read and not counted; f written over
 *       {@code RealFieldElement} cannot call it, and one that casts to reach it is covered by the
 *       value guard.</li>
 *   <li><b>Rules from outside.</b> A node whose recorded value or partials differ from what its
 *       {@link Op} recomputes from its recorded arguments (a rule added through
 *       {@link Differentiable#compose} that borrows an op tag) cannot be replayed as that op:
 *       checked once per tape, bit for bit, before its first replay; every call then re-records
     *       (RERECORD) or throws naming the node and the op (STRICT).</li>
 *   <li><b>Custom rules.</b> A {@link org.dualad.dual.Rule} is recorded as itself
 *       ({@link Op#CUSTOM}, the rule kept beside its node): a replay evaluates the rule's value and
 *       gradient at the node's new arguments: the program (and its bytecode) holds one
 *       instruction per rule (a chain of k - 1 nodes for k arguments), which calls the rule's
 *       functions; a {@link org.dualad.dual.Rule#linear linear} rule's gradient is taken once
 *       (DualAD's own linearCombination on the op tape is one). The check before the first replay re-evaluates every
 *       custom node too: a rule whose functions are not functions of their arguments alone (hidden
 *       state) re-records or throws, naming the rule.</li>
 *   <li><b>Bit-identical results.</b> Every result comes from the same evaluator for as long as
 *       the recording compiles: after a re-recording at x the new tape is compiled at once and
 *       the result at x is the program's, so two calls at one x give the same bits whichever
 *       tape (recorded where) was replayed. A recording whose compile is refused or fails (below)
 *       answers from its tape instead, which is bit-identical to {@link Tape#backward} on a fresh
 *       recording; the one change of evaluator a recording can see is a compile that fails on a
 *       re-recorded tape after earlier ones succeeded (out of memory or over its time budget).</li>
 *   <li><b>Bounded compile.</b> The compile needs up to about 288 bytes of heap per tape node
 *       besides the tape (measured: 150 for Rosenbrock, 250 for one long sum). It is not attempted for a tape above
 *       {@link #COMPILE_LIMIT} nodes, nor when that estimate exceeds the heap still free
 *       ({@link Runtime#maxMemory()} minus what is in use); it gives up after a time budget
 *       ({@link #COMPILE_BUDGET_NANOS} or 50 times the recording's own time, whichever is more),
 *       and an {@link OutOfMemoryError} inside it is caught. In each case the recording replays
 *       its tape from then on (slower, never failing where {@link Reverse#gradient} works).</li>
 *   <li><b>Bytecode.</b> After {@link #BYTECODE_AFTER} replays whose value guard passed, a
 *       recording of at most {@link #BYTECODE_LIMIT} nodes (one of at most
 *       {@link #LARGE_BYTECODE_LIMIT} after {@link #LARGE_BYTECODE_AFTER}) generates JVM bytecode from its
 *       program (package-private {@code TapeCompiler}, with ASM): the same instructions written
 *       out as straight-line code with the slots, folded constants and constant edge weights
 *       inlined, in methods of about 3000 bytes of bytecode that the JIT compiles one by one. Its
 *       results are the program's bit for bit. A re-recording starts the count again; a program
 *       the generator cannot compile (an instruction kind it does not know, a class the JVM
 *       refuses, no memory, or a code cache that would keep less than a quarter free for the rest
 *       of the program) stays interpreted, and {@link #bytecodeFallback()} says why;
 *       {@link #runsBytecode()} tells which runs, {@link #useBytecode(boolean)} turns it off.</li>
 *   <li><b>Leaked numbers.</b> A tape a recording replaces or compiles is retired: a variable
 *       f leaked out of an earlier recording (into a field, a cache) throws
 *       {@link IllegalStateException} when used or read in a later one.</li>
 * </ul>
 * A function that re-records on every call gains nothing from a recording: {@link Reverse#gradient}
 * is then faster (it records on the leaner edge tape and never compiles).
 *
 * <p>Thread safety: the methods are {@code synchronized} (a replay writes the tape or the
 * program), so a recording may be shared, but calls from several threads run one at a time; for
 * parallel work give each thread its own recording.
 */
public final class Recording {
    /** What a replay does where the recording cannot be trusted at the new point. */
    public enum Policy {
        /** Run f again at the new point and keep the new tape (the default). */
        RERECORD,
        /** Throw {@link IllegalStateException}. */
        STRICT
    }

    /**
     * The largest tape (in nodes) a recording compiles: 2^25 (33.5 million), whose compile needs
     * up to about 9.7 GB besides the tape ({@code ReplayCompiler.COMPILE_BYTES_PER_NODE} = 288
     * bytes a node) and some 10 s of CPU. A bigger tape is replayed as it is.
     */
    public static final int COMPILE_LIMIT = 1 << 25;

    /**
     * The least time budget of a compile, in nanoseconds (10 s); the budget is this or 50 times
     * the time f took to record, whichever is more. A compile takes 3 to 6 recordings' time (0.2 to
     * 0.4 s of CPU for 10^6 nodes); running far past that means the heap is nearly full (the
     * collector thrashing), and the recording then replays its tape instead.
     */
    public static final long COMPILE_BUDGET_NANOS = 10_000_000_000L;

    /**
     * The largest tape (in nodes) whose replay program is compiled to bytecode after
     * {@link #BYTECODE_AFTER} replays: 4096. Straight-line code is as long as the tape (about 27
     * bytes of class file per node), and the JIT must compile all of it before it runs at full
     * speed: about 100 methods of 3000 bytes for a tape of 10^4 nodes, each taking the JIT's
     * optimizing compiler a good fraction of a second of CPU, in the code cache that the whole JVM
     * shares. Until then it runs slower than the interpreted program, whose loops (one per kind of
     * instruction, shared by every recording) are compiled once per JVM. Up to this size that
     * takes a fraction of a second and the bytecode replay is about 0.7 times the interpreted one
     * (Rosenbrock at 991 and 2991 nodes); a bigger tape waits for {@link #LARGE_BYTECODE_AFTER}.
     */
    public static final int BYTECODE_LIMIT = 1 << 12;

    /**
     * The replays after which a recording compiles its program to bytecode: 2. A replay counts
     * when its value guard passed (f still computes what was recorded); a re-recording starts
     * the count again, so a function whose data change at every call never pays for bytecode.
     */
    public static final int BYTECODE_AFTER = 2;

    /**
     * The largest tape (in nodes) compiled to bytecode at all: 12288. A tape above
     * {@link #BYTECODE_LIMIT} and at most this compiles after {@link #LARGE_BYTECODE_AFTER}
     * stable replays instead of {@link #BYTECODE_AFTER}. Measured on Rosenbrock once the JIT had
     * compiled everything: at 11991 nodes the bytecode replay took 6.0-6.6 times plain against
     * 9.0-10 for the interpreted program, at 15991 nodes 8.5-11 against 11.6-12.8 (after 25 s;
     * its machine code outgrows the processor's caches), so a bigger tape stays interpreted.
     */
    public static final int LARGE_BYTECODE_LIMIT = 3 << 12;

    /**
     * The stable replays after which a tape above {@link #BYTECODE_LIMIT} compiles to bytecode:
     * 65536. Its bytecode costs seconds before it is fast (the JIT compiles about a hundred
     * methods, and until then they run in the JVM's bytecode interpreter at up to 75 times plain),
     * and pays that back only over many replays. So a recording waits until it has spent about
     * as long replaying as the switch costs, the rule that keeps the total within twice the
     * better choice made in hindsight. Measured on Rosenbrock at 9991 nodes (2 processors): the
     * switch costs about 1 s, the same as 65536 interpreted replays; after it a replay takes
     * 6.0 instead of 9.3 times plain, and 800000 replays took 10.8 s instead of 12.9 s.
     */
    public static final int LARGE_BYTECODE_AFTER = 1 << 16;

    private static final String BYTECODE_OFF = "bytecode is turned off for this recording (useBytecode(false))";

    private static final Op[] OPS = Op.values();

    private final ScalarFunction f;
    private final Policy policy;
    private final int n;
    private Tape tape;
    private Var output;

    /** The largest tape compiled (package-private so a test can force the fallback). */
    int compileLimit = COMPILE_LIMIT;
    /** The compile's estimated heap per tape node (a test raises it to reach the free-heap check). */
    long compileBytesPerNode = ReplayCompiler.COMPILE_BYTES_PER_NODE;
    /** The least compile budget in nanoseconds (a test sets it to 0 to force the time-out). */
    long compileBudgetNanos = COMPILE_BUDGET_NANOS;
    /** The compile budget as a multiple of the recording's own time (a test sets it to 0). */
    double recordTimesBudget = 50;
    /** Why this recording replays its tape instead of compiling, or null while it compiles. */
    private String noCompile;

    private ReplayProgram program;
    /** The program as generated bytecode once it has proved stable, else null. */
    private CompiledTape bytecode;
    /** Replays of the current program whose value guard passed, counted up to {@link #BYTECODE_AFTER}. */
    private int stableReplays;
    /** Why the current program runs interpreted and not as bytecode, or null. */
    private String noBytecode;
    /** False once {@link #useValueGuard useValueGuard(false)} turned the value guard off. */
    private boolean valueGuard = true;
    /** False once {@link #useBytecode useBytecode(false)} turned bytecode off for this recording. */
    private boolean bytecodeAllowed = true;
    /** The largest tape compiled to bytecode early (package-private so a test can change it). */
    int bytecodeLimit = BYTECODE_LIMIT;
    /** The largest tape compiled to bytecode at all (package-private so a test can force the fallback). */
    int largeBytecodeLimit = LARGE_BYTECODE_LIMIT;
    /** The stable replays before a large tape compiles (package-private so a test can shorten the wait). */
    int largeBytecodeAfter = LARGE_BYTECODE_AFTER;
    /** The code cache's {free, capacity}, or null (package-private so a test can fill it). */
    java.util.function.Supplier<long[]> codeCacheRoom = CodeCache::room;
    /** The current recording's node count, decisions and user reads (the tape goes once compiled). */
    private int size;
    private int outIndex;
    private double outValue;
    private int decisions;
    private int userReads;
    private int firstReadNode;
    private long recordNanos;
    /** The first node of the current tape its op does not reproduce (a borrowed tag), or -1. */
    private int foreignNode;
    private String foreignMessage;
    private final Slot sx = new Slot();
    private final Slot sy = new Slot();
    private int reRecordings;
    /** The value guard's inputs, refilled at every call. */
    private final Plain[] guardInputs;
    /** The value guard's constant inputs, refilled at every call. */
    private final ValueRun guardRun;
    /** f on the guard's constants, made once: a lambda per call would be an allocation per call. */
    private final java.util.function.Function<HVar[], Object> guardCall;
    /** True while the value guard runs f (a call nested in f gets inputs of its own). */
    private boolean guarding;
    /** True once f has refused the guard's constant HVars: the guard runs on Plain numbers. */
    private boolean guardOnPlain;

    /** How many of the n tape inputs are data (the last ones): replayed, not differentiated. */
    private final int dataCount;
    /** True for a recording of a {@link DataFunction} (whose data may be empty). */
    private final boolean takesData;

    Recording(ScalarFunction f, Policy policy, double[] x) {
        this(f, policy, x, 0, false);
    }

    /** A recording whose last dataCount inputs of x are the data of a {@link DataFunction}. */
    private Recording(ScalarFunction f, Policy policy, double[] x, int dataCount, boolean takesData) {
        this.f = f;
        this.policy = policy;
        this.n = x.length;
        this.dataCount = dataCount;
        this.takesData = takesData;
        guardRun = new ValueRun(n);
        guardCall = in -> f.value(in);
        guardInputs = new Plain[n];
        for (int i = 0; i < n; i++) {
            guardInputs[i] = new Plain(0);
        }
        record(x);
    }

    /** A recording of f(x, data) at (x, data); see {@link Reverse#record(DataFunction, double[], double[])}. */
    static Recording withData(DataFunction f, Policy policy, double[] x, double[] data) {
        int nx = x.length;
        ScalarFunction joined = new ScalarFunction() {
            @Override
            public <T extends org.apache.commons.math3.RealFieldElement<T>> T value(T[] z) {
                return f.value(Arrays.copyOfRange(z, 0, nx), Arrays.copyOfRange(z, nx, z.length));
            }
        };
        return new Recording(joined, policy, join(x, data), data.length, true);
    }

    private static double[] join(double[] x, double[] data) {
        double[] z = Arrays.copyOf(x, x.length + data.length);
        System.arraycopy(data, 0, z, x.length, data.length);
        return z;
    }

    /**
     * The value and gradient at x, by replaying the recording (or re-recording; see the class
     * comment). Also evaluates f once at x in plain {@code double} arithmetic (the value guard,
     * unless {@link #useValueGuard turned off}).
     *
     * @param x the point, as many values as when recorded (not modified)
     * @return f(x) and df/dx
     * @throws NullPointerException if x is null
     * @throws IllegalArgumentException if x has the wrong length, or this recording takes data
     * @throws IllegalStateException under {@link Policy#STRICT} where the recording cannot be
     *     trusted at x
     */
    public synchronized ValueAndGradient valueAndGradient(double... x) {
        Objects.requireNonNull(x, "valueAndGradient: x is null; expected the point, one value per input");
        if (takesData) {
            throw new IllegalArgumentException("valueAndGradient: this recording takes data (" + dataCount
                    + " values); call valueAndGradient(x, data)");
        }
        if (x.length != n) {
            throw new IllegalArgumentException("valueAndGradient: x has length " + x.length
                    + " but the tape has " + n + " inputs");
        }
        return replay(x);
    }

    /**
     * The value and gradient with respect to x of f(x, data), by replaying the recording at
     * (x, data): new data are replayed like a new point, without recording f again. Also
     * evaluates f once in plain {@code double} arithmetic (the value guard).
     *
     * @param x the point, as many values as when recorded (not modified)
     * @param data the data, as many values as when recorded (not modified)
     * @return f(x, data) and df/dx (no derivative with respect to the data)
     * @throws NullPointerException if x or data is null
     * @throws IllegalArgumentException if a length differs from the recorded one, or this
     *     recording was made without data
     * @throws IllegalStateException under {@link Policy#STRICT} where the recording cannot be
     *     trusted at (x, data)
     */
    public synchronized ValueAndGradient valueAndGradient(double[] x, double[] data) {
        Objects.requireNonNull(x, "valueAndGradient: x is null; expected the point, one value per input");
        Objects.requireNonNull(data, "valueAndGradient: data is null; expected one value per recorded datum");
        if (!takesData) {
            throw new IllegalArgumentException("valueAndGradient: this recording was made without data;"
                    + " call valueAndGradient(x), or record with Reverse.record(DataFunction, x, data)");
        }
        if (x.length != n - dataCount || data.length != dataCount) {
            throw new IllegalArgumentException("valueAndGradient: x has length " + x.length + " and data "
                    + data.length + " but the recording has " + (n - dataCount) + " inputs and " + dataCount
                    + " data");
        }
        return replay(join(x, data));
    }

    /**
     * The gradient with respect to x at (x, data); see {@link #valueAndGradient(double[], double[])}.
     *
     * @param x the point
     * @param data the data
     * @return df/dx, a new array
     */
    public double[] gradient(double[] x, double[] data) {
        return valueAndGradient(x, data).gradient();
    }

    /** A replay at z (the inputs, then the data). */
    private ValueAndGradient replay(double[] x) {
        if (userReads > 0) {
            if (policy == Policy.STRICT) {
                throw new IllegalStateException("replay: f read a value with getReal()/round()/toString()/hashCode() "
                        + userReads + " time(s) while recording (first at node #"
                        + firstReadNode + "), so its branches cannot be checked at a new point;"
                        + " use Policy.RERECORD or Reverse.gradient");
            }
            return reRecord(x);
        }
        if (foreignNode >= 0) {
            if (policy == Policy.STRICT) {
                throw new IllegalStateException(foreignMessage);
            }
            return reRecord(x);
        }
        double value;
        if (outIndex < 0) {
            value = outValue;
        } else {
            if (program == null && noCompile == null) {
                compile();
            }
            int failed = bytecode != null ? bytecode.forward(x) : program != null ? program.forward(x) : replayTape(x);
            if (failed >= 0) {
                return changedDecision(failed, x);
            }
            value = bytecode != null ? bytecode.value() : program != null ? program.value() : tape.value[outIndex];
        }
        double fresh = valueGuard ? plainValue(x) : value;
        if (Double.doubleToLongBits(fresh) != Double.doubleToLongBits(value)) {
            if (policy == Policy.STRICT) {
                throw new IllegalStateException("replay: the replayed value " + value + " differs from f's own value "
                        + fresh + " at x = " + Arrays.toString(x) + ": f no longer computes what was recorded (data"
                        + " read from a field, a branch the tape cannot see); use Policy.RERECORD, record again, or"
                        + " Reverse.gradient");
            }
            return reRecord(x);
        }
        if (outIndex < 0) {
            return new ValueAndGradient(value, new double[n - dataCount]);
        }
        double[] g = bytecode != null ? bytecode.sweep() : program != null ? program.sweep() : sweepReplayedTape();
        if (program != null && bytecode == null && noBytecode == null
                && ++stableReplays >= (size <= bytecodeLimit ? BYTECODE_AFTER : largeBytecodeAfter)) {
            compileBytecode();
        }
        return result(value, g);
    }

    /** Node #failed decides otherwise at x: throw (STRICT) or re-record at x. */
    private ValueAndGradient changedDecision(int failed, double[] x) {
        if (policy == Policy.STRICT) {
            throw new IllegalStateException("replay: node #" + failed + " ("
                    + (program == null ? OPS[tape.op[failed]]
                            : bytecode != null ? bytecode.failedOp() : program.failedOp()).symbol()
                    + ") takes another branch at x = "
                    + Arrays.toString(x) + " than where it was recorded; use Policy.RERECORD"
                    + " or Reverse.gradient");
        }
        return reRecord(x);
    }

    /**
     * Records f again at x and answers from the new recording, through the same evaluator a
     * replay at x will use (the compiled program whenever it compiles), so a later replay at x
     * gives the same bits.
     */
    private ValueAndGradient reRecord(double[] x) {
        record(x);
        reRecordings++;
        if (outIndex >= 0 && userReads == 0 && foreignNode < 0 && noCompile == null) {
            compile();
            if (program != null) {
                int failed = program.forward(x);
                if (failed >= 0) { // the same expressions at the recorded point decide the same
                    throw new IllegalStateException("replay: the program compiled at x = " + Arrays.toString(x)
                            + " decides otherwise at node #" + failed + " at that same point");
                }
                return result(program.value(), program.sweep());
            }
        }
        if (output.index < 0) {
            return new ValueAndGradient(output.value, new double[n - dataCount]);
        }
        tape.backward(output);
        return new ValueAndGradient(output.value, Arrays.copyOf(tape.adjoint, n - dataCount));
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

    /**
     * @return how many times a call had to run f on a tape again (a changed decision, a read
     *     value, a borrowed op tag, or a value guard mismatch)
     */
    public synchronized int reRecordings() {
        return reRecordings;
    }

    /** @return the number of nodes on the current tape */
    public synchronized int size() {
        return size;
    }

    /** @return the number of inputs (the length of x and of the gradient) */
    public int inputCount() {
        return n - dataCount;
    }

    /** @return the number of data values of a recording of f(x, data), else 0 */
    public int dataCount() {
        return dataCount;
    }

    /** @return the policy for replays where the recording cannot be trusted */
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
        if (tape != null) {
            tape.retire(); // a variable leaked out of the old recording is stale from now on
        }
        Var[] out = new Var[1];
        long t0 = System.nanoTime();
        tape = Reverse.recordOn("record", f, x, out);
        recordNanos = System.nanoTime() - t0;
        output = out[0];
        outIndex = output.index;
        outValue = output.value;
        size = tape.size;
        decisions = tape.decisions.count;
        userReads = tape.userReads;
        firstReadNode = tape.firstReadNode;
        program = null;
        bytecode = null;
        stableReplays = 0;
        noBytecode = bytecodeAllowed ? null : BYTECODE_OFF;
        foreignNode = -1;
        foreignMessage = null;
        if (userReads == 0 && outIndex >= 0) {
            foreignNode = replayTape(null); // at the recorded point: every op must reproduce its node
            if (foreignNode >= 0) {
                int i = foreignNode;
                double[] v = tape.value;
                Rule rule = tape.op[i] == Tape.CUSTOM ? tape.rule(i) : null;
                foreignMessage = rule != null ? "replay: node #" + i + " (custom rule " + rule.name() + ") was recorded as "
                        + v[i] + " with partials " + tape.partials[2 * i] + ", " + tape.partials[2 * i + 1]
                        + " but the rule gives " + sx.r0 + " with partials " + sx.r1 + ", " + sx.r2
                        + " at the same arguments: its functions are not functions of their arguments alone (hidden"
                        + " state?), so a replay cannot trust it; use Policy.RERECORD or Reverse.gradient"
                        : "replay: node #" + i + " (" + OPS[tape.op[i]].symbol() + ") was recorded as "
                        + v[i] + " with partials " + tape.partials[2 * i] + ", " + tape.partials[2 * i + 1]
                        + " but its op gives " + sx.r0 + " with partials " + sx.r1 + ", " + sx.r2
                        + " from the same arguments: a rule added through Differentiable.compose that borrows"
                        + " the op " + OPS[tape.op[i]] + " cannot be replayed as that op; use Policy.RERECORD"
                        + " or Reverse.gradient";
            }
        }
        if (tape.adjoint.length < tape.size) {
            tape.adjoint = new double[tape.size];
        }
    }

    /**
     * Compiles the tape and lets it go (retiring it: no variable of it may be used again), or,
     * where the compile is refused or fails, keeps replaying the tape from now on.
     */
    private void compile() {
        Runtime rt = Runtime.getRuntime();
        long need = compileBytesPerNode * size;
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (size > compileLimit) {
            noCompile = "the tape has " + size + " nodes, above the compile limit of " + compileLimit;
            return;
        }
        if (need > free) {
            noCompile = "the compile needs about " + need + " bytes but the heap has " + free + " free";
            return;
        }
        long budget = Math.max(compileBudgetNanos, (long) (recordTimesBudget * recordNanos));
        try {
            program = ReplayProgram.compile(tape, outIndex, n, System.nanoTime() + budget);
        } catch (ReplayCompiler.OverBudget e) {
            noCompile = "the compile ran past its budget of " + budget / 1_000_000 + " ms";
            return;
        } catch (OutOfMemoryError e) {
            noCompile = "the compile ran out of memory (" + e.getMessage() + ")";
            return;
        }
        tape.retire();
        tape = null;
        output = null; // a Var holds its tape
    }

    /**
     * Compiles the program to bytecode, or records why not (the program then stays interpreted:
     * its results are the same bits, only slower).
     */
    private void compileBytecode() {
        if (size > bytecodeCeiling()) {
            noBytecode = aboveBytecodeLimit();
            return;
        }
        String full = CodeCache.refusal(size, codeCacheRoom.get());
        if (full != null) {
            noBytecode = full;
            return;
        }
        try {
            bytecode = TapeCompiler.compile(program);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            // an instruction kind TapeCompiler does not know, a class the JVM refuses, no memory
            noBytecode = "bytecode generation failed: " + e;
        }
    }

    /** @return the largest tape compiled to bytecode, early or late */
    private int bytecodeCeiling() {
        return Math.max(bytecodeLimit, largeBytecodeLimit);
    }

    private String aboveBytecodeLimit() {
        return "the tape has " + size + " nodes, above the bytecode limit of " + bytecodeCeiling();
    }

    /** The result with the gradient cut to the inputs (the data's adjoints dropped). */
    private ValueAndGradient result(double value, double[] g) {
        return new ValueAndGradient(value, dataCount == 0 ? g : Arrays.copyOf(g, n - dataCount));
    }

    /** The gradient of the tape just replayed in place, by its own sweep. */
    private double[] sweepReplayedTape() {
        tape.swept = -1; // the adjoints are not those of the last Tape.backward any more
        double[] adj = tape.adjoint;
        Arrays.fill(adj, 0, outIndex + 1, 0.0);
        adj[outIndex] = 1;
        Tape.sweep(outIndex, adj, tape.args, tape.partials);
        return Arrays.copyOf(adj, n);
    }

    /**
     * f at x without derivatives: the value guard. It runs f on constant {@link HVar}s, the one
     * number type every facade runs f on, so that the guard adds no type to f's compiled code (a
     * second type there slows every mode of the program down, see ARCHITECTURE.md); once f has
     * refused them (a rule or vector rule without second derivatives throws
     * {@link UnsupportedOperationException} on a second-order type), on {@link Plain} numbers.
     */
    private double plainValue(double[] x) {
        if (!guardOnPlain) {
            Object r;
            try {
                r = guardRun.apply(x, guardCall);
            } catch (UnsupportedOperationException e) {
                guardOnPlain = true;
                return plainValue(x);
            }
            if (!(r instanceof HVar)) {
                throw new IllegalArgumentException("valueAndGradient: f returned " + (r == null ? "null"
                        : r.getClass().getName()) + " from constant numbers, not a value computed from its arguments;"
                        + " return a value computed from the arguments");
            }
            return ((HVar) r).value();
        }
        return plainNumbersValue(x);
    }

    /** f at x in plain double arithmetic: the value guard of an f that refuses second-order numbers. */
    private double plainNumbersValue(double[] x) {
        // The inputs are made once and refilled (calls run one at a time): allocating n of them
        // per call cost as much as a third of the guard. A fresh array each time, so that f
        // cannot replace an input for the next call.
        Plain[] in = new Plain[n];
        Plain[] kept = guardInputs;
        boolean nested = guarding; // f calling this recording: the outer call's inputs stay as they are
        for (int i = 0; i < n; i++) {
            if (nested) {
                in[i] = new Plain(x[i]);
            } else {
                kept[i].v = x[i];
                in[i] = kept[i];
            }
        }
        guarding = true;
        Object r;
        try {
            r = f.value(in);
        } finally {
            guarding = nested;
        }
        if (!(r instanceof Plain)) {
            throw new IllegalArgumentException("valueAndGradient: f returned " + (r == null ? "null" : r.getClass().getName())
                    + " from plain numbers, not a value computed from its arguments; return a value computed from"
                    + " the arguments");
        }
        return ((Plain) r).v;
    }

    /**
     * @return true while replays run the recording's program as generated JVM bytecode (from
     *     the call after the {@link #BYTECODE_AFTER}th replay whose value guard passed)
     */
    public synchronized boolean runsBytecode() {
        return bytecode != null;
    }

    /**
     * @return why replays do not run (or will not run) as bytecode: every call re-records (f
     *     reads values, or a rule borrows an op tag), the tape is above {@link #LARGE_BYTECODE_LIMIT},
     *     generation failed (the exception), bytecode is turned off, or the tape is replayed as
     *     it is (no program); null while bytecode runs or may still come
     */
    public synchronized String bytecodeFallback() {
        if (userReads > 0) {
            return "f read values while recording, so every call records f again";
        }
        if (foreignNode >= 0) {
            return "a node's op does not reproduce it, so every call records f again";
        }
        if (noCompile != null) {
            return "the tape is replayed as it is: " + noCompile;
        }
        return noBytecode == null && size > bytecodeCeiling() ? aboveBytecodeLimit() : noBytecode;
    }

    /**
     * Turns the bytecode on (the default) or off for this recording, e.g. to compare it with the
     * interpreted program; results are the same bits either way. Turning it on counts stable
     * replays afresh.
     *
     * @param on false to replay the interpreted program from now on
     */
    public synchronized void useBytecode(boolean on) {
        bytecodeAllowed = on;
        bytecode = null;
        stableReplays = 0;
        noBytecode = on ? null : BYTECODE_OFF;
    }

    /**
     * Turns the value guard on (the default) or off for this recording. Off, a replay no longer
     * runs f on plain numbers at each call: it checks only what the tape itself can see, i.e.
     * that every piecewise op (abs, floor, copySign, ...) takes the recorded decision at x, and
     * re-records (or throws, {@link Policy#STRICT}) where one does not; a read of a value while
     * recording still makes every call record f again. Turn it off only for a function of its
     * arguments alone: data that change between calls passed as the data of a
     * {@link DataFunction} (never read from a field), and no branch on a value f obtains by a
     * cast. Then the results are the same bits as with the guard; otherwise a replay may return
     * the gradient of the function as it was recorded. The guard costs one evaluation of f on
     * constant {@code HVar}s per call: on Rosenbrock at n = 1000 about 5 times the plain
     * {@code double} evaluation, half of a replay (docs/performance.md: 11x plain with the
     * guard, 6x without).
     *
     * @param on false to skip the value guard from now on
     */
    public synchronized void useValueGuard(boolean on) {
        valueGuard = on;
    }

    /** @return true while every replay runs the value guard (the default) */
    public synchronized boolean usesValueGuard() {
        return valueGuard;
    }

    /** @return the current tape, null once compiled (for tests) */
    synchronized Tape tape() {
        return tape;
    }

    /** @return true once the current tape has been compiled (for tests) */
    synchronized boolean compiled() {
        return program != null;
    }

    /** @return why this recording replays its tape instead of a compiled program, or null (for tests) */
    synchronized String noCompile() {
        return noCompile;
    }

    /** @return the compiled replay program (compiling it now if needed), for tests; null if f reads values */
    synchronized ReplayProgram program() {
        if (program == null && noCompile == null && userReads == 0 && foreignNode < 0 && outIndex >= 0) {
            compile();
        }
        return program;
    }

    /**
     * The tape replay: re-evaluates every node at x in tape order on the tape itself; returns -1,
     * or the first node whose piecewise decision differs from the recorded one (the tape is then
     * partly updated, and re-recorded or abandoned by the caller). With x null it changes nothing
     * and checks instead that every node's op reproduces, bit for bit, the node's recorded value
     * and partials from its recorded arguments; it returns the first node that does not (its op's
     * results left in sx), or -1.
     */
    private int replayTape(double[] x) {
        return replayTape(tape, n, x, sx, sy);
    }

    /**
     * The first node at or after {@code from} whose op does not reproduce, bit for bit, its
     * recorded value and partials from its recorded arguments (a node made through
     * {@link Differentiable#compose} with a borrowed op tag), or -1; {@link Dot} marks such nodes.
     * Changes nothing.
     */
    static int firstForeignNode(Tape tape, int from) {
        return replayTape(tape, from, null, new Slot(), new Slot());
    }

    /**
     * {@link #replayTape(double[])} on a given tape from node n on (the inputs before n are set
     * from x when x is not null), with sx and sy as heap scratch numbers.
     */
    private static int replayTape(Tape tape, int n, double[] x, Slot sx, Slot sy) {
        double[] v = tape.value;
        int[] args = tape.args;
        double[] p = tape.partials;
        byte[] codes = tape.op;
        int size = tape.size;
        boolean verify = x == null;
        if (!verify) {
            System.arraycopy(x, 0, v, 0, n);
        }
        int d = 0;
        int nextDecision = tape.decisions.count > 0 && !verify ? tape.decisions.node[0] : -1;
        // Local scratch numbers: they never escape, so the JIT keeps their fields in registers.
        Slot lx = new Slot();
        Slot ly = new Slot();
        int cu = tape.customs == 0 ? 0 : firstCustomFrom(tape, n);
        for (int i = n; i < size; i++) {
            int code = codes[i];
            if (code == Tape.INPUT || code == Tape.BLOCK) {
                continue; // an extra variable made inside f: its value is fixed; a block (never replayed) is its rule's
            }
            if (code == Tape.CUSTOM) {
                if (cu >= tape.customs || tape.customNode[cu] != i) {
                    continue; // a later node of a chain whose first node lies before n
                }
                Rule rule = tape.customRule[cu++];
                int last = i + Math.max(0, rule.arity() - 2);
                if (replayCustom(tape, i, rule, verify, sx)) {
                    return i;
                }
                i = last;
                continue;
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
                default: general(code, xv, yv, c, sx, sy); lx.r0 = sx.r0; lx.r1 = sx.r1; lx.r2 = sx.r2; break;
            }
            if (verify) {
                if (differ(lx.r0, v[i]) || (unary || j >= 0) && differ(lx.r1, p[k1])
                        || !unary && k >= 0 && differ(lx.r2, p[k2])) {
                    sx.r0 = lx.r0;
                    sx.r1 = lx.r1;
                    sx.r2 = lx.r2;
                    return i;
                }
                continue;
            }
            v[i] = lx.r0;
            if (unary || j >= 0) {
                p[k1] = lx.r1;
            }
            if (!unary && k >= 0) {
                p[k2] = lx.r2;
            }
            if (i == nextDecision) {
                double key = Decisions.keyOf(OPS[code], xv, c, lx.r0, lx.r1, lx.r2);
                if (!Decisions.same(key, tape.decisions.key[d])) {
                    return i;
                }
                d++;
                nextDecision = d < tape.decisions.count ? tape.decisions.node[d] : -1;
            }
        }
        return -1;
    }

    /** The first custom-rule entry whose first node is at or after node n. */
    private static int firstCustomFrom(Tape tape, int n) {
        int e = 0;
        while (e < tape.customs && tape.customNode[e] < n) {
            e++;
        }
        return e;
    }

    /**
     * Re-evaluates a custom rule (its first node i) from its recorded arguments: writes the values
     * and partials of its node or chain, or, verifying, compares them and returns true (results in
     * sx) on a difference: a rule that is not a function of its arguments alone.
     */
    private static boolean replayCustom(Tape tape, int i, Rule rule, boolean verify, Slot sx) {
        double[] v = tape.value;
        int[] args = tape.args;
        double[] p = tape.partials;
        int k = rule.arity();
        double[] xs = new double[k];
        for (int j = 0; j < k; j++) {
            int slot = j == 0 ? 2 * i : j == 1 ? 2 * i + 1 : 2 * (i + j - 1) + 1;
            int a = args[slot];
            xs[j] = a >= 0 ? v[a] : p[slot];
        }
        double[] g = new double[k];
        double f0 = rule.valueAndGradient(xs, g); // g NaN where f0 is, except for a linear rule
        boolean differs = false;
        for (int l = i; l <= i + Math.max(0, k - 2); l++) {
            differs |= verify && differ(f0, v[l]);
            if (!verify) {
                v[l] = f0;
            }
        }
        for (int j = 0; j < k; j++) {
            int slot = j == 0 ? 2 * i : j == 1 ? 2 * i + 1 : 2 * (i + j - 1) + 1;
            if (args[slot] >= 0) {
                differs |= verify && differ(g[j], p[slot]);
                if (!verify) {
                    p[slot] = g[j];
                }
            }
        }
        if (differs) {
            sx.r0 = f0;
            sx.r1 = g[0];
            sx.r2 = k > 1 ? g[1] : 0;
        }
        return differs;
    }

    /** Bitwise different, NaNs of any payload alike. */
    private static boolean differ(double a, double b) {
        return Double.doubleToLongBits(a) != Double.doubleToLongBits(b);
    }

    /** Any op, through {@link Op#apply}, on the heap scratch numbers (results left in sx). */
    private static void general(int code, double x, double y, double c, Slot sx, Slot sy) {
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

    /**
     * The value guard's number: a plain {@code double} as a {@link Differentiable}, carrying no
     * derivative. The arithmetic and the common elementary functions are written out as the
     * value part of their rules (no derivative work); every other function runs its rule, whose
     * derivative parts are dropped. {@code RecordingTest} holds every op to the rules bit for bit,
     * which is what makes the guard's comparison with a replayed value exact.
     */
    static final class Plain implements Differentiable<Plain> {
        static final Field<Plain> FIELD = SimpleField.of(new Plain(0), new Plain(1));
        /** Not final only so that a recording can refill its guard's inputs; never changed otherwise. */
        double v;

        Plain(double v) {
            this.v = v;
        }

        @Override
        public double value() {
            return v;
        }

        @Override
        public Field<Plain> getField() {
            return FIELD;
        }

        @Override
        public Plain compose(Op op, double c, double f0, double f1, double f2) {
            return new Plain(f0);
        }

        @Override
        public Plain compose(Op op, Plain y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
            return new Plain(g0);
        }

        @Override
        public Plain add(Plain y) {
            return new Plain(v + y.v);
        }

        @Override
        public Plain subtract(Plain y) {
            return new Plain(v - y.v);
        }

        @Override
        public Plain multiply(Plain y) {
            return new Plain(v * y.v);
        }

        @Override
        public Plain divide(Plain y) {
            return new Plain(v / y.v);
        }

        @Override
        public Plain negate() {
            return new Plain(-v);
        }

        @Override
        public Plain add(double c) {
            return new Plain(v + c);
        }

        @Override
        public Plain subtract(double c) {
            return new Plain(v - c);
        }

        @Override
        public Plain multiply(double c) {
            return new Plain(v * c);
        }

        @Override
        public Plain multiply(int c) {
            return new Plain(v * (double) c);
        }

        @Override
        public Plain divide(double c) {
            return new Plain(v / c);
        }

        @Override
        public Plain exp() {
            return new Plain(Math.exp(v));
        }

        @Override
        public Plain log() {
            return new Plain(Math.log(v));
        }

        @Override
        public Plain sin() {
            return new Plain(Math.sin(v));
        }

        @Override
        public Plain cos() {
            return new Plain(Math.cos(v));
        }

        @Override
        public Plain sqrt() {
            return new Plain(Math.sqrt(v));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Plain && Double.doubleToLongBits(((Plain) o).v) == Double.doubleToLongBits(v);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(v);
        }

        @Override
        public String toString() {
            return Double.toString(v);
        }
    }
}
