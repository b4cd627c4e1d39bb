package org.dualad.reverse;

import java.lang.ref.SoftReference;
import java.util.Objects;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.TapeFootprint;
import org.dualad.ValueAndGradient;
import org.dualad.ValueAndJacobian;
import org.dualad.VectorFunction;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.internal.Arguments;
import org.dualad.internal.TapeMemory;
import org.ejml.data.DMatrixRMaj;

/**
 * Reverse mode (static facade): gradients, vector-Jacobian products and Jacobians by recording f
 * once and sweeping the recording backwards. {@link #gradient} and {@link #valueAndGradient} run f
 * on {@link HVar}s recording onto an {@link HTape}, the one recording type every facade's scalar
 * modes share (so f's compiled code is the same whichever mode calls it), and take one adjoint
 * sweep; an f that applies what an HVar cannot carry (a {@link org.dualad.dual.VectorRule}, a
 * {@link org.dualad.dual.Rule} without second derivatives) runs again on the edge tape. The vector
 * functions of {@link #vjp} and {@link #jacobian} record on an internal edge tape whose number type
 * folds unary steps into edge weights (preaccumulation); {@link #record} keeps a full {@link Tape}
 * of operations for replay.
 *
 * <p>A gradient costs one recording and one sweep whatever n is (the cheap-gradient principle).
 * Every call records on a tape owned by the calling thread (its scratch tape, reset first); there
 * is no shared state, so any number of threads may call these methods at once.
 *
 * <h2>Tape memory</h2>
 * The gradient's HTape takes 56 bytes per node of capacity (8 for the packed arguments, 40 for
 * the partials, 8 for the adjoint; see {@link HTape}), the edge tape (an f with a vector rule) 32
 * (8 for the packed arguments, 16 for two partials, 8 for the adjoint); both double when full, so
 * their capacity is at most twice the nodes recorded (from 32 nodes on). Each thread keeps its
 * scratch tapes between calls whatever their size (the HTape is the one {@code Hybrid} records on
 * too), so calls of one size (an optimizer's loop) never regrow them; they are held through a
 * {@link SoftReference} (the collector reclaims them before it would run out of memory), shrink
 * after {@link TapeMemory#TRIM_AFTER_CALLS} calls in a row that each used at most a quarter of
 * them, and {@link #releaseScratch()} lets them go at once. A call nested inside f gets a tape of
 * its own. {@link #scratchFootprint()} reads the size of the one the last call used;
 * {@link #withMaxNodes(long)} caps them.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T f(T[] x) {   // x1 exp(-(x1^2 + x2^2)/2)
 *     return x[0].multiply(x[0].multiply(x[0]).add(x[1].multiply(x[1])).multiply(-0.5).exp());
 * }
 * double[] g = Reverse.gradient(MyFns::f, 2, 0.5);       // {-3e, -e}, e = exp(-2.125)
 * }</pre>
 */
public final class Reverse {
    /**
     * {@link #jacobian} takes the columns by forward (tangent) sweeps of the recording when
     * m &gt;= FORWARD_RATIO n; below that, the rows by m backward sweeps unless a count of both
     * sweeps' work on the recording finds the columns cheaper (a banded f, whose every node
     * depends on few inputs). Measured on the trace (2026-12-04): an f whose every output reads
     * every input, m = n: rows 1.2-1.35x faster up to n = 100, columns 1.15x at n = 300; m = 2n:
     * columns 1.1x. A banded f at m = 2n - 2, which the count rule alone gave to rows: the
     * windowed columns are 1.3x (n = 100) to 1.9x (n = 1000) faster, and the estimate now takes
     * them (2026-12-05). For such an f {@code SparseJacobian} is the better call anyway.
     */
    public static final int FORWARD_RATIO = 2;

    /** Each thread's reusable edge tape, and which scratch tape its last call recorded on. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** A thread's edge tape (an f with a vector rule) and whether its last call used it rather than the HTape. */
    private static final class Scratch {
        SoftReference<EdgeTape> edge;
        boolean edgeLast;
    }

    private Reverse() {
    }

    /**
     * The gradient of f at x: one recording and one backward sweep.
     *
     * @param f the function, written over {@link RealFieldElement}
     * @param x the point (not modified), at least one element
     * @return df/dx_i, a new array of length n
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty, or f returns null or a variable of another tape
     */
    public static double[] gradient(ScalarFunction f, double... x) {
        return valueAndGradient(f, x, "gradient", Tape.MAX_NODES).gradient();
    }

    /**
     * The value and gradient of f at x from one recording and one sweep.
     *
     * @param f the function
     * @param x the point (not modified), at least one element
     * @return f(x) and df/dx
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty, or f returns null or a variable of another tape
     */
    public static ValueAndGradient valueAndGradient(ScalarFunction f, double... x) {
        return valueAndGradient(f, x, "valueAndGradient", Tape.MAX_NODES);
    }

    /**
     * As {@link #valueAndGradient(ScalarFunction, double...)}, errors worded for method, on a tape
     * of at most maxNodes nodes: f on the thread's scratch {@link HTape}, one adjoint sweep; on the
     * edge tape when f applies what an {@link HVar} cannot carry.
     */
    static ValueAndGradient valueAndGradient(ScalarFunction f, double[] x, String method, long maxNodes) {
        check(method, f, x);
        HTape tape = HTape.acquireScratch(maxNodes, EdgeTape.NAME, "Reverse").firstOrderCall();
        ValueAndGradient r;
        try {
            HVar[] in = tape.variables(x);
            Object out;
            try {
                out = call(f, in);
            } catch (UnsupportedOperationException e) {
                // a vector rule, or a rule with no second derivatives: first-order numbers carry it
                out = null;
            }
            HVar y = out == null ? null : output(method, out);
            r = y == null ? null : new ValueAndGradient(y.value(), tape.gradient(y, method));
        } finally {
            HTape.releaseScratch(tape);
            SCRATCH.get().edgeLast = false;
        }
        return r != null ? r : valueAndGradientOnEdges(f, x, method, maxNodes);
    }

    /** f on the edge tape, one backward sweep: for an f whose operations an {@link HVar} cannot carry. */
    private static ValueAndGradient valueAndGradientOnEdges(ScalarFunction f, double[] x, String method,
                                                            long maxNodes) {
        EdgeTape tape = acquire(x.length, maxNodes);
        try {
            LinVar[] in = tape.variables(x);
            LinVar y = output(method, tape, call(f, in));
            tape.clearAdjoints();
            tape.sweep(tape.seed(y, 1));
            return new ValueAndGradient(y.value, copyAdjoints(tape, x.length));
        } finally {
            release(tape);
        }
    }

    /**
     * The vector-Jacobian product u^T J of f at x, in one recording and one sweep.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified), n &gt;= 1 elements
     * @param u the output weights, m elements (not modified)
     * @return sum_k u_k d f_k / d x_i, a new array of length n
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if x is empty, f returns null, u's length is not f's output
     *     length, or an output is a variable of another tape
     */
    public static double[] vjp(VectorFunction f, double[] x, double[] u) {
        return vjp(f, x, u, Tape.MAX_NODES);
    }

    /** As {@link #vjp(VectorFunction, double[], double[])} on a tape of at most maxNodes nodes. */
    static double[] vjp(VectorFunction f, double[] x, double[] u, long maxNodes) {
        check("vjp", f, x);
        Objects.requireNonNull(u, "vjp: u must not be null; expected one weight per output of f");
        HTape tape = HTape.acquireScratch(maxNodes, EdgeTape.NAME, "Reverse").firstOrderCall();
        double[] r;
        try {
            HVar[] y = traced("vjp", tape, f, x);
            r = y == null ? null : tape.vjp(y, u, "vjp");
        } finally {
            HTape.releaseScratch(tape);
            SCRATCH.get().edgeLast = false;
        }
        return r != null ? r : vjpOnEdges(f, x, u, maxNodes);
    }

    /** u^T J on the edge tape: for an f whose operations an {@link HVar} cannot carry. */
    private static double[] vjpOnEdges(VectorFunction f, double[] x, double[] u, long maxNodes) {
        EdgeTape tape = acquire(x.length, maxNodes);
        try {
            LinVar[] in = tape.variables(x);
            LinVar[] y = outputs("vjp", tape, call(f, in));
            if (u.length != y.length) {
                throw new IllegalArgumentException("vjp: u has length " + u.length + " but f has "
                        + y.length + " outputs; give one weight per output");
            }
            tape.clearAdjoints();
            int top = -1;
            for (int k = 0; k < y.length; k++) {
                top = Math.max(top, tape.seed(y[k], u[k]));
            }
            tape.sweep(top);
            return copyAdjoints(tape, x.length);
        } finally {
            release(tape);
        }
    }

    /**
     * f's outputs on the scratch trace's variables at x, or null when f applies what an
     * {@link HVar} cannot carry (a vector rule, or a rule with no second derivatives).
     */
    private static HVar[] traced(String method, HTape tape, VectorFunction f, double[] x) {
        HVar[] in = tape.variables(x);
        Object out;
        try {
            out = call(f, in);
        } catch (UnsupportedOperationException e) {
            return null;
        }
        Object[] y = Arguments.output((Object[]) out, -1, method);
        HVar[] r = new HVar[y.length];
        for (int k = 0; k < y.length; k++) {
            if (!(y[k] instanceof HVar)) {
                throw notComputed(method + ": output " + k, y[k]); // the message only when thrown: m concatenations a call cost a third of a small vjp
            }
            r[k] = (HVar) y[k];
        }
        return r;
    }

    /**
     * The m x n Jacobian of f at x from one recording: when m &gt;= {@link #FORWARD_RATIO} n, or
     * where a count of both sweeps' work finds them cheaper, windowed forward sweeps of the
     * recording (the columns), otherwise m backward sweeps (one row each, starting at its own
     * output's node). f runs once either way.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified), n &gt;= 1 elements
     * @return J with J(k, i) = d f_k / d x_i, a new m x n matrix
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty, or f returns null or a foreign variable
     */
    public static DMatrixRMaj jacobian(VectorFunction f, double... x) {
        return valueAndJacobian(f, x, "jacobian", Tape.MAX_NODES).jacobian();
    }

    /** As {@link #jacobian(VectorFunction, double...)} on a tape of at most maxNodes nodes. */
    static DMatrixRMaj jacobian(VectorFunction f, double[] x, long maxNodes) {
        return valueAndJacobian(f, x, "jacobian", maxNodes).jacobian();
    }

    /**
     * The outputs and the m x n Jacobian of f at x from one recording, then n forward or m backward
     * sweeps as in {@link #jacobian}.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified), n &gt;= 1 elements
     * @return f(x) and J with J(k, i) = d f_k / d x_i
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty, or f returns null or a foreign variable
     */
    public static ValueAndJacobian valueAndJacobian(VectorFunction f, double... x) {
        return valueAndJacobian(f, x, "valueAndJacobian", Tape.MAX_NODES);
    }

    private static ValueAndJacobian valueAndJacobian(VectorFunction f, double[] x, String method, long maxNodes) {
        check(method, f, x);
        HTape tape = HTape.acquireScratch(maxNodes, EdgeTape.NAME, "Reverse").firstOrderCall();
        ValueAndJacobian r = null;
        try {
            HVar[] y = traced(method, tape, f, x);
            if (y != null) {
                double[] values = new double[y.length];
                for (int k = 0; k < y.length; k++) {
                    values[k] = y[k].value();
                }
                r = new ValueAndJacobian(values, tape.jacobian(y, FORWARD_RATIO, method));
            }
        } finally {
            HTape.releaseScratch(tape);
            SCRATCH.get().edgeLast = false;
        }
        return r != null ? r : valueAndJacobianOnEdges(f, x, method, maxNodes);
    }

    /** The Jacobian on the edge tape: for an f whose operations an {@link HVar} cannot carry. */
    private static ValueAndJacobian valueAndJacobianOnEdges(VectorFunction f, double[] x, String method,
                                                            long maxNodes) {
        int n = x.length;
        EdgeTape tape = acquire(n, maxNodes);
        try {
            LinVar[] in = tape.variables(x);
            LinVar[] y = outputs(method, tape, call(f, in));
            int m = y.length;
            double[] values = new double[m];
            for (int k = 0; k < m; k++) {
                values[k] = y[k].value;
            }
            DMatrixRMaj jac = new DMatrixRMaj(m, n);
            if (m >= FORWARD_RATIO * n) {
                double[] t = tape.tangents();
                for (int i = 0; i < n; i++) {
                    t[i] = 1;
                    tape.tangentSweep();
                    for (int k = 0; k < m; k++) {
                        jac.unsafe_set(k, i, tape.tangent(y[k]));
                    }
                    t[i] = 0;
                }
                return new ValueAndJacobian(values, jac);
            }
            for (int k = 0; k < m; k++) {
                tape.clearAdjoints();
                tape.sweep(tape.seed(y[k], 1));
                for (int i = 0; i < n; i++) {
                    jac.unsafe_set(k, i, tape.adjoint[i]);
                }
            }
            return new ValueAndJacobian(values, jac);
        } finally {
            release(tape);
        }
    }

    /**
     * Records f at x once and returns a {@link Recording} that gives the value and gradient at
     * other points by replaying the tape (compiled at its first replay), without recording f
     * again, as long as f does there what it did when recorded. Every call also evaluates f in
     * plain {@code double} arithmetic and compares the values bit for bit (the value guard).
     * Where a piecewise op's decision changes, where f read a value with {@code getReal()},
     * {@code round()}, {@code toString()} or {@code hashCode()}, where a node was made by a rule
     * that borrows an op tag, or where the guard sees another value (data read from a field), the
     * recording re-records f (the default {@link Recording.Policy#RERECORD}); see
     * {@link Recording}. {@link #gradient} is the safe default; use this when f is called many
     * times and its control flow does not depend on x.
     *
     * @param f the function
     * @param x the point to record at (not modified), at least one element
     * @return a reusable compiled gradient
     * @throws IllegalArgumentException if f applies a {@link org.dualad.dual.VectorRule} or a
     *     {@link org.dualad.dual.Matrices} operation (at this point, or at a later one that
     *     re-records): a replay re-applies recorded ops, and a block's value and vjp are code the
     *     tape does not hold; {@link #gradient} records f afresh at every call
     */
    public static Recording record(ScalarFunction f, double... x) {
        return record(f, Recording.Policy.RERECORD, x);
    }

    /**
     * As {@link #record(ScalarFunction, double...)} with a chosen policy for replays where the
     * recorded decisions do not hold.
     *
     * @param f the function
     * @param policy {@link Recording.Policy#RERECORD} or {@link Recording.Policy#STRICT}
     * @param x the point to record at (not modified), at least one element
     * @return a reusable compiled gradient
     */
    public static Recording record(ScalarFunction f, Recording.Policy policy, double... x) {
        check("record", f, x);
        Objects.requireNonNull(policy, "record: policy is null");
        return new Recording(f, policy, x);
    }

    /**
     * Records f(x, data) once, its data as arguments of their own, and returns a
     * {@link Recording} whose {@link Recording#valueAndGradient(double[], double[])} replays it at
     * a new point and new data (a mini-batch, a changed array) without recording f again: the
     * data are inputs of the tape that are not differentiated. Everything else is as
     * {@link #record(ScalarFunction, double...)}.
     *
     * <pre>{@code
     * Recording rec = Reverse.record(MyFns::loss, w, batch0);
     * double[] g = rec.gradient(w, batch1);            // replayed on the new batch
     * }</pre>
     *
     * @param f the function of the point and the data
     * @param x the point to record at (not modified), at least one element
     * @param data the data to record with (not modified), any length
     * @return a reusable compiled gradient with respect to x
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if x is empty
     */
    public static Recording record(DataFunction f, double[] x, double[] data) {
        return record(f, Recording.Policy.RERECORD, x, data);
    }

    /**
     * As {@link #record(DataFunction, double[], double[])} with a chosen policy.
     *
     * @param f the function of the point and the data
     * @param policy {@link Recording.Policy#RERECORD} or {@link Recording.Policy#STRICT}
     * @param x the point to record at (not modified), at least one element
     * @param data the data to record with (not modified), any length
     * @return a reusable compiled gradient with respect to x
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if x is empty
     */
    public static Recording record(DataFunction f, Recording.Policy policy, double[] x, double[] data) {
        check("record", f, x);
        Objects.requireNonNull(policy, "record: policy is null");
        Objects.requireNonNull(data, "record: data is null; expected the data, any number of values");
        return Recording.withData(f, policy, x, data);
    }

    /**
     * The same gradients, vector-Jacobian products and Jacobians on tapes of at most maxNodes
     * nodes: a call whose f records more throws {@link org.dualad.TapeLimitException} naming the
     * tape's size, the cap and the heap it takes, instead of growing the tape (and the heap) without
     * bound. The thread's scratch tapes serve capped calls too: they grow no further than the cap for
     * them (56 maxNodes bytes, 32 on the edge tape of an f with a vector rule), though an uncapped call before
     * may have grown them more. Immutable and thread-safe, like the static methods.
     *
     * <pre>{@code
     * BoundedReverse r = Reverse.withMaxNodes(10_000_000);   // gradient tapes of up to 560 MB
     * double[] g = r.gradient(MyFns::f, x);
     * }</pre>
     *
     * @param maxNodes the most nodes a call may record, inputs included, at least 1
     * @return the capped facade
     * @throws IllegalArgumentException if maxNodes &lt; 1
     */
    public static BoundedReverse withMaxNodes(long maxNodes) {
        return new BoundedReverse(TapeMemory.checkCap(maxNodes, "withMaxNodes"));
    }

    /**
     * The calling thread's scratch tape that its last call recorded on, as that call left it: its
     * nodes, its capacity and the bytes of its arrays (56 per node of capacity for a gradient's
     * HTape, 32 for the edge tape of an f with a vector rule), or {@link TapeFootprint#NONE} when the thread
     * keeps none (no call yet, released, or reclaimed by the collector).
     *
     * @return the footprint of this thread's scratch tape
     */
    public static TapeFootprint scratchFootprint() {
        Scratch s = SCRATCH.get();
        if (!s.edgeLast) {
            return HTape.scratchFootprint();
        }
        EdgeTape tape = s.edge == null ? null : s.edge.get();
        return tape == null ? TapeFootprint.NONE : tape.footprint();
    }

    /**
     * Lets the calling thread's scratch tapes go now (the next call records on a new one): for a
     * thread done with a large function. Other threads' tapes are untouched. Inside f it lets go
     * of nothing the running call uses.
     */
    public static void releaseScratch() {
        Scratch s = SCRATCH.get();
        EdgeTape tape = s.edge == null ? null : s.edge.get();
        if (tape == null || !tape.borrowed) {
            s.edge = null;
        }
        HTape.dropScratch();
    }

    // ---------------------------------------------------------------- shared pieces

    /** One recording of f at x on a fresh op tape of the calling thread (for {@link Recording}). */
    static Tape recordOn(String method, ScalarFunction f, double[] x, Var[] result) {
        Tape tape = new Tape(capacityHint(x.length));
        Var[] in = new Var[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = tape.variable(x[i]);
        }
        result[0] = output(method, tape, f.value(in));
        if (tape.blockCount > 0) {
            // a replay re-applies recorded ops; a vector rule's value and vjp are the user's code at
            // one point, which the tape does not hold
            throw new IllegalArgumentException(method + ": f applies " + tape.blocks[0].describe()
                    + ", which a Recording cannot replay; use Reverse.gradient or Reverse.valueAndGradient,"
                    + " which record f afresh at every call");
        }
        return tape;
    }

    /**
     * This thread's scratch tape, reset and capped at maxNodes for this call, or a new one if it
     * has none (or a call above uses it).
     */
    private static EdgeTape acquire(int n, long maxNodes) {
        SoftReference<EdgeTape> ref = SCRATCH.get().edge;
        EdgeTape tape = ref == null ? null : ref.get();
        if (tape == null || tape.borrowed) {
            tape = new EdgeTape((int) Math.min(capacityHint(n), maxNodes));
        } else {
            tape.reset();
        }
        tape.cap(maxNodes);
        tape.borrowed = true;
        return tape;
    }

    /** Keeps the tape as this thread's scratch (whatever its size: see the class comment). */
    private static void release(EdgeTape tape) {
        tape.borrowed = false;
        tape.trimAfterCall();
        Scratch s = SCRATCH.get();
        s.edgeLast = true;
        EdgeTape kept = s.edge == null ? null : s.edge.get();
        if (kept != tape && (kept == null || !kept.borrowed)) {
            s.edge = new SoftReference<>(tape);
        }
    }

    static void check(String method, Object f, double[] x) {
        Arguments.function(f, method);
        Arguments.point(x, method);
    }

    /**
     * A first guess of the tape size: twice the inputs, at least 64 (a tape holds at least its n
     * inputs, so from 32 nodes on the capacity stays within twice the nodes), doubled as needed.
     */
    static int capacityHint(int n) {
        return (int) Math.min(Math.max(2L * n, 64), Tape.MAX_NODES);
    }

    /** f on the tape's variables, typed loosely so that a foreign result is reported, not a cast error. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object call(ScalarFunction f, LinVar[] in) {
        return f.value((RealFieldElement[]) in);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object call(ScalarFunction f, HVar[] in) {
        return f.value((RealFieldElement[]) in);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object call(VectorFunction f, LinVar[] in) {
        return f.value((RealFieldElement[]) in);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object call(VectorFunction f, HVar[] in) {
        return f.value((RealFieldElement[]) in);
    }

    private static LinVar output(String method, EdgeTape tape, Object r) {
        Arguments.output(r, method);
        return output(method, -1, tape, r);
    }

    /** Output k of f (k &lt; 0: its one output) on the edge tape, checked; messages are built only when thrown. */
    private static LinVar output(String where, int k, EdgeTape tape, Object r) {
        if (!(r instanceof LinVar)) {
            throw notComputed(k < 0 ? where : where + ": output " + k, r);
        }
        LinVar y = (LinVar) r;
        String method = k < 0 || (y.node < 0 || y.tape == tape && y.generation == tape.generation) ? where
                : where + ": output " + k;
        if (y.node >= 0 && y.tape != tape) {
            throw new IllegalArgumentException(method + ": f returned " + y + " of " + y.tape.name()
                    + ", not of the tape it was given (" + tape.name() + "); return a value computed"
                    + " from the arguments");
        }
        if (y.node >= 0 && y.generation != tape.generation) {
            throw new IllegalStateException(method + ": f returned " + y + ", a variable of an earlier call"
                    + " (generation " + y.generation + ", now " + tape.generation + "); return a value computed"
                    + " from the arguments");
        }
        return y;
    }

    /** f's result on the trace: an HVar (the gradient's sweep checks its tape and generation). */
    private static HVar output(String method, Object r) {
        Arguments.output(r, method);
        if (!(r instanceof HVar)) {
            throw notComputed(method, r);
        }
        return (HVar) r;
    }

    /** The error for a result f did not compute from its arguments (a foreign Var, another type). */
    private static IllegalArgumentException notComputed(String method, Object r) {
        String owner = r instanceof Var ? " of " + ((Var) r).tape.name() : "";
        Object shown = r instanceof Var ? ((Var) r).describe() : r;
        return new IllegalArgumentException(method + ": f returned " + shown + owner + ", not a value computed"
                + " from the arguments it was given; return a value computed from the arguments");
    }

    private static LinVar[] outputs(String method, EdgeTape tape, Object r) {
        Object[] y = Arguments.output((Object[]) r, -1, method);
        LinVar[] out = new LinVar[y.length];
        for (int k = 0; k < y.length; k++) {
            out[k] = output(method, k, tape, y[k]);
        }
        return out;
    }

    static Var output(String method, Tape tape, Var y) {
        Arguments.output(y, method);
        if (y.index >= 0 && y.tape != tape) {
            throw new IllegalArgumentException(method + ": f returned " + y.describe() + " of " + y.tape.name()
                    + ", not of the tape it was given (" + tape.name() + "); return a value computed"
                    + " from the arguments");
        }
        if (y.index >= 0) {
            tape.index(y); // stale or foreign-thread checks
        }
        return y;
    }

    private static double[] copyAdjoints(EdgeTape tape, int n) {
        double[] g = new double[n];
        System.arraycopy(tape.adjoint, 0, g, 0, n);
        return g;
    }
}
