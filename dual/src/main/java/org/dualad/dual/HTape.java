package org.dualad.dual;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import org.dualad.TapeFootprint;
import org.dualad.internal.TapeMemory;
import org.ejml.data.DMatrixRMaj;

/**
 * A second-order tape for forward-over-reverse differentiation (Pearlmutter's R-operator):
 * gradients, Hessian-vector products and dense Hessians of code written over
 * {@link org.apache.commons.math3.RealFieldElement}.
 *
 * <h2>What is recorded: a condensed graph (second-order preaccumulation)</h2>
 * An {@link HVar} carries its value as a function of ONE node, v = phi(node), with
 * p = phi'(node) and q = phi''(node). Unary steps (and binary operations with a constant
 * operand) update (p, q) and record nothing; a binary operation of two variables on the same node
 * (x x, x - x, x / (x + 1)) applies the chain rule on that node and records nothing; only a binary
 * operation g of two variables on different nodes a and b records a node: its two arguments, its
 * first partials g_x p_a, g_y p_b and its second partials g_xx p_a^2 + g_x q_a, g_xy p_a p_b,
 * g_yy p_b^2 + g_y q_b, in growable primitive arrays (two interleaved streams, 48 bytes a node).
 * Its result is that node itself (p = 1, q = 0). So every recorded node but an input has exactly
 * two distinct arguments, and {@link #size()} counts inputs and binary operations of two nodes:
 * the extended Rosenbrock function records 3 nodes per term where one node per operation would
 * be 9. The rules come from {@link org.dualad.dual.Differentiable}; this class never writes one.
 *
 * <h2>The sweeps</h2>
 * For K tangent directions (the columns of a seed matrix V, n x K):
 * <ol>
 *   <li>a forward tangent sweep: t[i] = p0 t[a0] + p1 t[a1] (the tangent of every node along
 *       each direction);</li>
 *   <li>a backward sweep over dual adjoints (adjoint value a, adjoint tangents a'):
 *       a[j] += p a[i] and a'[j][k] += p a'[i][k] + p'[k] a[i], where the tangent of the partial,
 *       p'[k], is h00 t_0 + h01 t_1 (for p0) and h01 t_0 + h11 t_1 (for p1).</li>
 * </ol>
 * The output y = phi(out) enters through its (p, q): the sweeps are seeded with a[out] = p and
 * a'[out] = q t[out], because grad y = p grad(out) and H(y) V = p H(out) V +
 * q grad(out) (grad(out)^T V). The adjoint values at the inputs are the gradient, the adjoint
 * tangents are H V. Storing the
 * second partials instead of the tangents of the partials lets one recording at x serve every
 * batch of directions (a dense Hessian takes ceil(n / K) sweeps but only one run of the user's
 * code), and the adjoint values are computed once and shared by all batches.
 *
 * <p>Each node's tangents and adjoint tangents are kept only on a window [lo, hi) of the K
 * directions outside which they are exactly zero: a function whose inputs each touch few operations
 * (a sum of local terms, like the extended Rosenbrock function) costs far less than K per node.
 *
 * <h2>Zero policy</h2>
 * As every DualAD mode ({@link Chain}): a tangent or adjoint that is exactly zero contributes
 * exactly zero, even through an infinite or NaN partial; in the sweeps an exactly-zero partial
 * likewise contributes zero against an infinite tangent or adjoint ({@link #hvp} takes plain products and, only if a
 * NaN reaches the inputs, redoes its sweeps under this policy, so it agrees with
 * {@link #hessian} wherever the inputs are finite; an infinite input can make sums taken in
 * another order differ, NaN against an infinity: docs/conventions.md). When (p, q) are folded, a product with an exactly-zero
 * factor is exactly zero whatever the other factor (infinite or NaN); so a variable that does not
 * depend on its node (p = q = 0: x - x, floor(x), x * 0) is a constant, and a constant passed
 * through sqrt at 0 stays a constant. A binary operation whose five folded partials are all zero
 * (atan2 at the origin) records no node either: its result is a constant. Values are untouched:
 * NaN in, NaN out.
 *
 * <h2>Memory</h2>
 * 48 bytes per node of capacity are recorded (the packed arguments 8, five partials 40); the
 * sweeps keep work arrays of one {@code double} per node each (8 bytes after {@link #gradient}, 24
 * after {@link #hvp}) and 2 bytes of flags a node after {@link #hessian(HVar)} (whose K-direction
 * arrays are each call's own), so 56 bytes a node with the gradient's adjoint, 74 with them all
 * ({@link #laplacian(HVar)} keeps 49 bytes a node more, and its tangent rows). The arrays double when full: the capacity stays within twice the nodes.
 * {@link #footprint()} reads nodes, capacity and bytes. {@link #HTape(long)} caps the tape:
 * recording beyond maxNodes nodes throws {@link org.dualad.TapeLimitException}; a tape the heap
 * cannot hold throws an {@link OutOfMemoryError} naming its size and the heap's limit; both record
 * nothing and leave the tape usable (see {@link TapeMemory}).
 *
 * <p>The facades ({@code Reverse.gradient}, {@code Hybrid}) record on one scratch tape per thread,
 * kept between calls ({@link #acquireScratch}, {@link #releaseScratch}), so that every mode runs
 * the user's function on this one number type and a warm tape is never regrown.
 *
 * <h2>Safety</h2>
 * A tape belongs to the thread that created it: using it (or one of its variables) from another
 * thread throws {@link IllegalStateException}. Mixing variables of two tapes throws
 * {@link IllegalArgumentException}; using a variable recorded before {@link #reset()} throws
 * {@link IllegalStateException}. The sweeps do not change the recording, so they may be called
 * many times; the first-order and single-direction sweeps reuse work arrays kept in the tape
 * (zeroed before each use), the K-direction sweeps allocate theirs per call.
 *
 * <pre>{@code
 * HTape tape = new HTape();
 * HVar u = tape.variable(3), v = tape.variable(4);
 * HVar f = u.pow(3).add(v.multiply(v)).add(u.multiply(v).multiply(4)); // u^3 + v^2 + 4uv = 91
 * tape.gradient(f);                       // [43.0, 20.0]
 * tape.hvp(f, new double[] {1, 0});       // [18.0, 4.0], the first column of the Hessian
 * }</pre>
 */
public final class HTape {
    /** The most tangent directions one sweep carries by default; see {@link #directions(int)}. */
    public static final int MAX_DIRECTIONS = 32;

    private static final int INITIAL_CAPACITY = 64;

    final Thread owner;
    /** The current recording, read by HVar's hooks on every operation; replaced by every reset. */
    Gen gen;

    /**
     * One recording of a tape, from a reset to the next. A variable holds this instead of its tape
     * and generation: one reference compare tells whether two variables share a recording, and one
     * load and compare whether the recording is current and the caller its owner ({@link #live}
     * is the owner until the next reset, then null). A variable is 8 bytes smaller for it (48),
     * and HVar's hooks, which the JIT must inline into user code, compile smaller (see
     * ARCHITECTURE.md, section Hybrid: the hooks' compiled sizes).
     */
    static final class Gen {
        final HTape tape;
        /** Counts the tape's resets before this recording, for messages (identity tells recordings apart). */
        final long generation;
        /** The tape's owner while this is the tape's current recording; null after its reset. */
        Thread live;
        /**
         * True while a facade call that needs first derivatives only records ({@link #firstOrderCall()}):
         * HVar's binary hooks then skip the second partials, about a tenth of a recording's cost,
         * and the tape's second-order sweeps refuse the recording. Kept by the next recording of
         * the same call (a reset); a new scratch call clears it.
         */
        boolean firstOrder;

        Gen(HTape tape, long generation, boolean firstOrder) {
            this.tape = tape;
            this.generation = generation;
            this.live = tape.owner;
            this.firstOrder = firstOrder;
        }
    }
    /** The heap limit the growth check compares against (lowered by tests). */
    long heapLimit = Runtime.getRuntime().maxMemory();

    // Two primitive streams: per node i, args[i] packs its two arguments, (first << 32) | second
    // (an input node's first is -1 and its second its ordinal), and part[5i .. 5i+4] its partials
    // p0, p1, h00, h01, h11. Interleaving keeps one node's record in one cache line and makes
    // recording two sequential stores streams instead of eight. Values are not stored: no sweep
    // reads them (the handles carry them). An input has no partials: every sweep recognises it by
    // its first argument and never reads its part entries, so variables() leaves them as they are
    // (a thousand inputs' five stores each were a tenth of a Rosenbrock gradient at n = 1000).
    private long[] args;
    private double[] part;
    private int capacity;
    private int size;

    private int[] inputs;
    private int inputCount;
    /**
     * How many nodes at the bottom of the tape are inputs (nodes 0 .. leading - 1, as a facade
     * records them): the adjoint sweep stops above them, since an input has no arguments.
     */
    private int leading;

    // work arrays of the first-order and K = 1 sweeps, kept between calls (zeroed before each use)
    // because allocating and zeroing fresh ones costs as much as the sweep itself
    private double[] workA;
    private double[] workB;
    private double[] workT;
    private boolean[] workNeed;

    /** The cap: the most nodes this tape records. */
    private final long maxNodes;
    /** The cap of the current call: maxNodes, or less for a capped facade call on a scratch tape. */
    private long cap;
    /** min(capacity, cap + 1): push grows the arrays, or refuses the node, when the next node reaches it. */
    private int limit;
    /** The tape's name in messages about its size: {@link #NAME}, or the facade's for a scratch call. */
    private String name = NAME;
    /** The facade whose call uses this scratch tape, named by misuse messages; null for a user's tape. */
    String facade;
    /** True while this scratch tape waits between facade calls: a kept variable then reads as a number. */
    boolean idle;
    /** When a reused (scratch) tape shrinks after calls much smaller than it. */
    private final TapeMemory.Trim trim = new TapeMemory.Trim();

    /** The arguments stream, for the package's tests of the sweep kernels. */
    long[] args() {
        return args;
    }

    /** The partials stream, for the package's tests of the sweep kernels. */
    double[] part() {
        return part;
    }

    /** Creates an empty tape owned by the calling thread. */
    public HTape() {
        this(MAX_NODES - 1);
    }

    /**
     * Creates an empty tape owned by the calling thread that records at most {@code maxNodes}
     * nodes (inputs included): one more throws {@link org.dualad.TapeLimitException} naming the
     * tape's size, the cap and the heap it takes, and records nothing. The cap bounds the
     * recording's arrays to 48 (maxNodes + 1) bytes, plus the sweeps' work arrays.
     *
     * @param maxNodes the most nodes the tape may record, at least 1
     * @throws IllegalArgumentException if maxNodes &lt; 1
     */
    public HTape(long maxNodes) {
        this.maxNodes = Math.min(TapeMemory.checkCap(maxNodes, "HTape"), MAX_NODES - 1);
        owner = Thread.currentThread();
        gen = new Gen(this, 0, false);
        // one slot beyond the nodes stays free (see push)
        capacity = (int) Math.min(INITIAL_CAPACITY, this.maxNodes + 1);
        cap = this.maxNodes;
        limit = capacity;
        args = new long[capacity];
        part = new double[5 * capacity];
        inputs = new int[8];
    }

    /** @return the most nodes this tape records (its cap, or the largest array's when none was given) */
    public long maxNodes() {
        return maxNodes;
    }

    /**
     * The heap this tape's arrays hold: 48 bytes per node of capacity recorded, the sweeps' work
     * arrays kept between calls (8 bytes a node each, 2 for the flags; a batched Hessian-vector
     * product's 16 K + 16, a first-order block sweep's 8 K + 16; a forward tangent sweep's 24 and its pool; 8 for the forward gradient's
     * last width plan) and 4 bytes per input slot;
     * array headers not counted.
     *
     * @return its nodes, capacity and bytes
     */
    public TapeFootprint footprint() {
        long bytes = 8L * args.length + 8L * part.length + 4L * inputs.length + length(workA) + length(workB)
                + length(workT) + (workNeed == null ? 0 : workNeed.length) + (lapWork == null ? 0 : lapWork.bytes())
                + (batchWork == null ? 0 : batchWork.bytes()) + (tangentWork == null ? 0 : tangentWork.bytes())
                + (planArgs == null ? 0 : 8L * planArgs.length);
        return new TapeFootprint(size, capacity, bytes);
    }

    private static long length(double[] w) {
        return w == null ? 0 : 8L * w.length;
    }

    /**
     * The number of directions per sweep for n inputs: the chunking rule every facade shares,
     * {@link Forward#chunkSize(int, int)} with at most {@link #MAX_DIRECTIONS}.
     * Why 32: the windowed sweeps make a wide batch cheap for local functions, and the work arrays
     * (2 K doubles per node) stay in cache for tapes of a few thousand nodes.
     *
     * @param n the number of inputs
     * @return K, 1 &le; K &le; MAX_DIRECTIONS
     */
    public static int directions(int n) {
        return Forward.chunkSize(n, MAX_DIRECTIONS);
    }

    // ---------------------------------------------------------------- recording

    /**
     * Records a new independent variable (the next input, in creation order).
     *
     * @param value its value
     * @return the variable
     * @throws IllegalStateException if called from a thread other than the tape's owner
     */
    public HVar variable(double value) {
        checkThread();
        int i = push(-1, 0, inputCount, 0, 0, 0, 0);
        if (inputCount == inputs.length) {
            inputs = Arrays.copyOf(inputs, inputCount * 2);
        }
        inputs[inputCount++] = i;
        if (leading == i) {
            leading = i + 1;
        }
        return new HVar(gen, i, value, 1, 0);
    }

    /**
     * Records n new independent variables.
     *
     * @param x their values (not modified)
     * @return the variables, in order
     */
    public HVar[] variables(double... x) {
        int n = x.length;
        HVar[] v = new HVar[n];
        if (n >= limit - size) {
            // the arrays grow, or the cap is reached, on the way: one at a time, as variable() does
            for (int i = 0; i < n; i++) {
                v[i] = variable(x[i]);
            }
            return v;
        }
        // room for all: one thread check and no growth test per input (a facade's every call)
        checkThread();
        int k = inputCount;
        if (k + n > inputs.length) {
            inputs = Arrays.copyOf(inputs, Math.max(2 * inputs.length, k + n));
        }
        int s = size;
        Gen g = gen;
        long[] ar = args;
        int[] in = inputs;
        for (int i = 0; i < n; i++) {
            int node = s + i;
            ar[node] = (-1L << 32) | (k + i); // as push(-1, 0, ordinal, ...) packs it; no partials
            in[k + i] = node;
            v[i] = new HVar(g, node, x[i], 1, 0);
        }
        size = s + n;
        inputCount = k + n;
        if (leading == s) {
            leading = s + n;
        }
        return v;
    }

    /**
     * A constant: not recorded, usable with any tape.
     *
     * @param value the constant
     * @return the constant
     */
    public static HVar constant(double value) {
        return new HVar(null, -1, value, 0, 0);
    }

    /**
     * @return the number of recorded nodes: the inputs and the binary operations of two variables
     *     on different nodes (unary steps, constant operands and same-node operations are folded
     *     into their result's (p, q) and record none; see the class comment)
     */
    public int size() {
        return size;
    }

    /** @return the number of inputs recorded by {@link #variable(double)} */
    public int inputCount() {
        return inputCount;
    }

    /**
     * Forgets the recording, keeping the arrays for reuse. Variables recorded before become
     * unusable (an {@link IllegalStateException} names the cause).
     */
    public void reset() {
        checkThread();
        gen.live = null;
        gen = new Gen(this, gen.generation + 1, gen.firstOrder);
        size = 0;
        inputCount = 0;
        leading = 0;
    }

    /**
     * Records g(x, y) for x = phi_a(a), y = phi_b(b) on two different nodes a and b (both of
     * this tape and generation: the caller checked): a node with first partials g_x p_a, g_y p_b and
     * second partials g_xx p_a^2 + g_x q_a, g_xy p_a p_b, g_yy p_b^2 + g_y q_b (computed by
     * {@link HVar}'s hook). Returns the node, or -1 (nothing recorded) when all five are zero: the
     * result is then a constant.
     */
    int record(int a, double fa, int b, double fb, double haa, double hab, double hbb) {
        // all five zero (of either sign, NaN is not zero) records nothing; a first partial is almost
        // never zero, so the usual path decides at its first, well-predicted compare
        if (fa != 0 || fb != 0 || haa != 0 || hab != 0 || hbb != 0) {
            return push(a, fa, b, fb, haa, hab, hbb);
        }
        return -1;
    }

    /**
     * Appends a node: arguments a, b (a = -1 for an input, b its ordinal) and five partials.
     * There is always room for one more node (the arrays grow after the store that fills them),
     * so no call interrupts the stores and the hook's values need not be saved around it.
     */
    private int push(int a, double pa, int b, double pb, double haa, double hab, double hbb) {
        int i = size;
        args[i] = ((long) a << 32) | (b & 0xFFFFFFFFL);
        int d = 5 * i;
        double[] pt = part;
        pt[d] = pa;
        pt[d + 1] = pb;
        pt[d + 2] = haa;
        pt[d + 3] = hab;
        pt[d + 4] = hbb;
        if (i + 1 == limit) {
            grow(); // a failed growth records nothing: the tape stays as it was
        }
        size = i + 1;
        return i;
    }

    /**
     * The recording of a binary operation's result, given its operands' ({@link Gen}; null for a
     * constant): the variables' one recording, or null when both are constants. The recordings,
     * not the variables, so that no variable escapes the caller. Two different recordings are
     * usually a constant and a variable ({@link #mixed}); then one load and compare checks that
     * the recording is current and the caller its owner.
     *
     * @throws IllegalStateException for a variable of an earlier recording, or another thread
     * @throws IllegalArgumentException for variables of two tapes
     */
    static Gen operands(Op op, Gen gx, Gen gy) {
        Gen g = gx;
        if (gx != gy) {
            g = mixed(op, gx, gy);
        }
        if (g != null && g.live != Thread.currentThread()) {
            throw misuse(op, gx, gy);
        }
        return g;
    }

    /** Two different recordings: the variable's when the other operand is a constant, else an error. */
    private static Gen mixed(Op op, Gen gx, Gen gy) {
        if (gy == null) {
            return gx;
        }
        if (gx == null) {
            return gy;
        }
        throw misuse(op, gx, gy);
    }

    /**
     * The exception for an operation on a variable of an earlier recording, on variables of two
     * tapes, or from a thread other than the owner; takes the recordings, not the variables (see
     * {@link HVar}'s hooks). gy is null for a unary operation (or a constant second operand).
     */
    static RuntimeException misuse(Op op, Gen gx, Gen gy) {
        String name = op.symbol();
        if (gx != null && gy != null && gx.tape != gy.tape) {
            return new IllegalArgumentException("HTape: " + name + " mixes variables of two tapes; record a"
                    + " function's inputs and all its operations on one tape");
        }
        HTape t = gx != null ? gx.tape : gy.tape;
        if (Thread.currentThread() != t.owner) {
            return new IllegalStateException("HTape: " + name + " used from thread '"
                    + Thread.currentThread().getName() + "' but the tape is owned by thread '" + t.owner.getName()
                    + "'; a tape is not shared between threads, create one per thread");
        }
        long e = gx != null && gx != t.gen ? gx.generation : gy.generation;
        if (t.facade != null) {
            return stale(name, t, e);
        }
        return new IllegalStateException("HTape: " + name + " on a variable recorded in generation " + e
                + ", before the tape was reset (now generation " + t.gen.generation + "); record the function again");
    }

    /**
     * The exception for a variable of an earlier call of the facade that lent this scratch tape
     * (worded as that facade's own messages), used by op.
     */
    static IllegalStateException stale(String op, HTape t, long generation) {
        return new IllegalStateException(op + ": a variable recorded in generation " + generation + " of " + t.name
                + ", which has been reset (now generation " + t.gen.generation + "); a variable of an earlier "
                + t.facade + " call cannot be used after that call returned");
    }

    /**
     * Room for the node just stored at size, or the cap's or the heap's error (the tape stays as it
     * was). Past this call's cap it throws even where the arrays have room (a bigger call's scratch).
     */
    private void grow() {
        int old = capacity;
        int c = TapeMemory.grownCapacity(name, size + 1L, old, cap, 1, MAX_NODES, BYTES_PER_NODE, heapLimit);
        c = TapeMemory.resize(name, size + 1L, old, c, 1, BYTES_PER_NODE, heapLimit, this::resize);
        capacity = c;
        limit = (int) Math.min(c, cap + 1);
    }

    /** The arrays with room for c nodes, or false (the tape as it was) where the heap cannot hold them. */
    private boolean resize(int c) {
        try {
            long[] a = Arrays.copyOf(args, c);
            double[] p = Arrays.copyOf(part, 5 * c);
            args = a;
            part = p;
            return true;
        } catch (OutOfMemoryError e) {
            return false;
        }
    }

    /**
     * After a call on a reused (scratch) tape: shrinks the arrays once calls have stayed far below
     * their size for a while ({@link TapeMemory.Trim}), dropping the work arrays with them. The
     * facades call this when a call of theirs is done with their reused tape.
     */
    public void trimAfterCall() {
        int c = trim.capacityAfter(size, capacity);
        if (c < capacity) {
            args = Arrays.copyOf(args, c);
            part = Arrays.copyOf(part, 5 * c);
            workA = null;
            workB = null;
            workT = null;
            workNeed = null;
            lapWork = null;
            batchWork = null;
            tangentWork = null;
            planArgs = null;
            capacity = c;
            limit = (int) Math.min(c, cap + 1);
            if (inputs.length > 2 * Math.max(inputCount, 8)) {
                inputs = Arrays.copyOf(inputs, Math.max(inputCount, 8));
            }
        }
    }

    // ---------------------------------------------------------------- the facades' scratch tape

    /** Each thread's scratch tape, shared by the facades; empty while a call uses it. */
    private static final ThreadLocal<SoftReference<HTape>[]> SCRATCH = ThreadLocal.withInitial(HTape::holder);

    @SuppressWarnings("unchecked")
    private static SoftReference<HTape>[] holder() {
        return (SoftReference<HTape>[]) new SoftReference<?>[1];
    }

    /**
     * The calling thread's scratch tape for one call of a facade ({@code Reverse}, {@code Hybrid}),
     * reset: the tape the thread keeps between calls, or a new one when it keeps none (no call
     * yet, released, reclaimed by the collector) or a call above is using it (a call nested in f).
     * Growing and zeroing a fresh tape costs more than recording into a warm one, hence the reuse;
     * no result depends on an earlier call. Give it back with {@link #releaseScratch(HTape)}.
     * For DualAD's facades; a user's code creates its own tapes.
     *
     * @param maxNodes the most nodes this call may record (its cap, at least 1)
     * @param name the tape's name in messages about its size, e.g. "gradient tape"
     * @param facade the facade, e.g. "Reverse": a variable of an earlier call is then refused in its
     *     words ("getReal: a variable recorded in generation ... a variable of an earlier Reverse
     *     call ..."); null keeps HTape's own messages
     * @return the thread's scratch tape, empty, owned by the calling thread
     */
    public static HTape acquireScratch(long maxNodes, String name, String facade) {
        SoftReference<HTape>[] h = SCRATCH.get();
        HTape t = h[0] == null ? null : h[0].get();
        if (t == null || !t.idle) {
            t = new HTape();
        } else {
            t.reset();
        }
        t.cap = Math.min(maxNodes, t.maxNodes);
        t.limit = (int) Math.min(t.capacity, t.cap + 1);
        t.name = name;
        t.facade = facade;
        t.gen.firstOrder = false;
        t.idle = false;
        return t;
    }

    /**
     * Marks a tape of {@link #acquireScratch} as recording for a call that needs first derivatives
     * only (a gradient): operations that run as one block on first-order numbers ({@link Matrices})
     * then refuse its variables with {@link UnsupportedOperationException}, and the facade runs f
     * again on first-order numbers, where they cost one EJML operation instead of O(n&sup3;) nodes.
     * The recording keeps first partials only (HVar's binary hooks skip the second ones, which a gradient
     * never reads), so {@link #hvp}, {@link #hessian} and {@link #laplacian} refuse it with
     * {@link IllegalStateException}; the next {@link #acquireScratch} clears the mark.
     *
     * @return this tape
     */
    public HTape firstOrderCall() {
        gen.firstOrder = true;
        return this;
    }

    /** Refuses a recording of first partials only ({@link #firstOrderCall}) to a sweep that reads the second. */
    private void secondOrder(String method) {
        if (gen.firstOrder) {
            throw new IllegalStateException(method + ": this recording keeps first derivatives only (the tape"
                    + " was marked by firstOrderCall() for a gradient); record f on a tape without that mark");
        }
    }

    /**
     * Keeps a tape of {@link #acquireScratch} as the calling thread's scratch tape, whatever its
     * size, through a {@link SoftReference} (the collector reclaims it before it would run out of
     * memory), unless the thread keeps another one that a call above is using; it shrinks after
     * calls much smaller than it ({@link TapeMemory}).
     *
     * @param tape the tape the call used
     */
    public static void releaseScratch(HTape tape) {
        tape.trimAfterCall();
        tape.idle = true;
        SoftReference<HTape>[] h = SCRATCH.get();
        HTape kept = h[0] == null ? null : h[0].get();
        if (kept != tape && (kept == null || kept.idle)) {
            h[0] = new SoftReference<>(tape);
        }
    }

    /**
     * @return the footprint of the calling thread's scratch tape as the last call left it (or as
     *     the running call has it so far), or {@link TapeFootprint#NONE} when the thread keeps none
     *     (no call yet, released, or reclaimed by the collector)
     */
    public static TapeFootprint scratchFootprint() {
        SoftReference<HTape> ref = SCRATCH.get()[0];
        HTape t = ref == null ? null : ref.get();
        return t == null ? TapeFootprint.NONE : t.footprint();
    }

    /**
     * Lets the calling thread's scratch tape go now (the next call records on a new one). Inside f
     * it lets go of nothing the running call uses.
     */
    public static void dropScratch() {
        SoftReference<HTape>[] h = SCRATCH.get();
        HTape kept = h[0] == null ? null : h[0].get();
        if (kept == null || kept.idle) {
            h[0] = null;
        }
    }

    /** The tape's name in messages about its size. */
    private static final String NAME = "HTape";
    /** Bytes a node of capacity takes: the packed arguments, five partials and the gradient's adjoint. */
    static final int BYTES_PER_NODE = 56;
    /** The most nodes a tape holds: five partials a node in one Java array. */
    static final int MAX_NODES = (Integer.MAX_VALUE - 16) / 5;

    private void checkThread() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("HTape: used from thread '" + Thread.currentThread().getName()
                    + "' but owned by thread '" + owner.getName() + "'; a tape is not shared between threads,"
                    + " create one per thread");
        }
    }

    /** The output's node index, or -1 for a constant output; checks ownership and freshness. */
    private int outputNode(HVar y, String method) {
        if (y == null) {
            throw new IllegalArgumentException(method + ": y must not be null");
        }
        checkThread();
        if (y.gen == null) {
            return -1;
        }
        if (y.gen.tape != this) {
            throw new IllegalArgumentException(method + ": y = " + y + " belongs to another tape");
        }
        if (y.gen != gen) {
            throw new IllegalStateException(method + ": y = " + y + " was recorded before the tape was reset");
        }
        return y.node;
    }

    // ---------------------------------------------------------------- sweeps

    /**
     * The gradient of y with respect to the inputs, by one backward sweep (no tangents).
     *
     * @param y the output (a variable of this tape, or a constant)
     * @return dy/dx_q for every input q, in creation order
     */
    public double[] gradient(HVar y) {
        return gradient(y, "gradient");
    }

    /**
     * As {@link #gradient(HVar)}, its errors worded for a facade's method.
     *
     * @param y the output (a variable of this tape, or a constant)
     * @param method the method named by the errors, e.g. "valueAndGradient"
     * @return dy/dx_q for every input q, in creation order
     */
    public double[] gradient(HVar y, String method) {
        int out = outputNode(y, method);
        double[] g = new double[inputCount];
        if (out < 0) {
            return g;
        }
        inputAdjoints(adjoints(out, y.p), out, g);
        return g;
    }

    /**
     * The vector-Jacobian product u<sup>T</sup> (dy/dx) of several outputs: one backward sweep
     * from the highest output's node, seeded with u_k p_k at every output's node (outputs that
     * share a node add). A zero weight contributes exactly zero, whatever its output's partial
     * ({@link Chain#term}).
     *
     * @param y the outputs (variables of this tape, or constants)
     * @param u one weight per output (not modified)
     * @param method the method named by the errors, e.g. "vjp"
     * @return sum_k u_k dy_k/dx_q for every input q, in creation order
     * @throws IllegalArgumentException if u does not have one weight per output, or an output is
     *     null or of another tape
     */
    public double[] vjp(HVar[] y, double[] u, String method) {
        if (u.length != y.length) {
            throw new IllegalArgumentException(method + ": u has length " + u.length + " but f has "
                    + y.length + " outputs; give one weight per output");
        }
        int[] nodes = outputNodes(y, method);
        int top = nodes[y.length];
        double[] g = new double[inputCount];
        if (top < 0) {
            return g;
        }
        double[] adj = workA = zeroed(workA, top + 1);
        for (int k = 0; k < y.length; k++) {
            if (nodes[k] >= 0) {
                adj[nodes[k]] += Chain.term(u[k], y[k].p);
            }
        }
        HSweeps.adjoints(args, part, adj, top, adj[top], leading);
        inputAdjoints(adj, top, g);
        return g;
    }

    /**
     * The Jacobian-vector product of several outputs, (dy_k/dx) v: one tangent sweep along v up
     * to the highest output's node, under the zero policy ({@link Chain#term}): an exactly-zero
     * tangent contributes exactly zero, whatever the partial.
     *
     * @param y the outputs (variables of this tape, or constants)
     * @param v the direction, one entry per input (not modified)
     * @param method the method named by the errors, e.g. "SparseJacobian.at"
     * @return dy_k/dx . v for every output k
     * @throws IllegalArgumentException if v does not have one entry per input, or an output is
     *     null or of another tape
     */
    public double[] jvp(HVar[] y, double[] v, String method) {
        if (v.length != inputCount) {
            throw new IllegalArgumentException(method + ": v has length " + v.length + " but the tape has "
                    + inputCount + " inputs; pass one entry per input");
        }
        int m = y.length;
        int[] nodes = outputNodes(y, method);
        int top = nodes[y.length];
        double[] out = new double[m];
        if (top < 0) {
            return out;
        }
        double[] t = workT = zeroed(workT, top + 1);
        HSweeps.tangentsOne(args, part, inputs, inputCount, top, v, true, t);
        for (int k = 0; k < m; k++) {
            if (nodes[k] >= 0) {
                out[k] = Chain.term(y[k].p, t[nodes[k]]);
            }
        }
        return out;
    }

    /**
     * The m x n Jacobian of m outputs with respect to the inputs: when m &ge; ratio n, forward
     * sweeps of {@link Forward#chunkSize(int)} unit directions each (one up to
     * {@link Forward#MAX_CHUNK} inputs), every node carrying its tangents
     * only on the window of directions where they can be non-zero (as {@link #forwardGradient});
     * below that, m backward sweeps (one row each, from its own output's node), unless a count of
     * both sweeps' work on this recording finds the columns cheaper (a banded f: each node's window
     * is narrow, while each row sweep walks from its output down to the inputs). Products with an exactly-zero factor are exactly
     * zero in both ({@link Chain#term}), so both give the same matrix to rounding.
     *
     * @param y the outputs (variables of this tape, or constants)
     * @param ratio columns are swept when m &ge; ratio n (0: always), and below that where they are
     *     estimated cheaper ({@link Integer#MAX_VALUE}: never, rows always)
     * @param method the method named by the errors, e.g. "jacobian"
     * @return J with J(k, q) = dy_k / dx_q, a new m x n matrix
     * @throws IllegalArgumentException if an output is null or of another tape
     */
    public DMatrixRMaj jacobian(HVar[] y, int ratio, String method) {
        int m = y.length;
        int n = inputCount;
        int[] nodes = outputNodes(y, method);
        int top = nodes[y.length];
        DMatrixRMaj jac = new DMatrixRMaj(m, n);
        if (top < 0) {
            return jac;
        }
        boolean columns = (long) m >= (long) ratio * n;
        // the plan weighs as many column sweeps as they would take: first one (the fewest, so
        // rows it chooses there stay rows, with no width to find), then the width's count
        if (columns || ratio < Integer.MAX_VALUE && JacobianPlan.columns(args, nodes, m, top, leading, n, n)) {
            if (unitColumns(y, nodes, top, jac.data)) {
                return jac;
            }
            int kk = columnWidth(nodes, top);
            if (columns || kk == n || JacobianPlan.columns(args, nodes, m, top, leading, n, kk)) {
                columns(y, nodes, top, jac, kk);
                return jac;
            }
        }
        rows(y, nodes, jac);
        return jac;
    }

    /**
     * Up to this many inputs the forward gradient and a Jacobian's columns take one block sweep of
     * all n unit directions ({@link #unitTangents}) instead of the windowed sweep, whose
     * bookkeeping then costs more than a node's n products: a harness (2026-12-06, Java 17) measured
     * the block sweep 1.15x to 1.9x faster on the anchor functions at n = 7 to 16 and 2.2x to 2.6x on
     * NIST-style curve models (3 to 7 parameters, 11 to 250 data points), and slower from n = 24
     * (Rosenbrock, grid) or 32 (log-sum-exp).
     */
    static final int BLOCK_INPUTS = 16;

    /**
     * The tangents of nodes 0 .. top along the n unit directions as dense rows (node i's along
     * input q at [i n + q]), by one block sweep in plain arithmetic ({@link HSweeps#blockTangents}),
     * in the tape's batch work; null when n is above {@link #BLOCK_INPUTS} or the rows would pass
     * the sweeps' pool budget ({@link HSweeps#poolBudget}).
     */
    double[] unitTangents(int top) {
        int n = inputCount;
        long m = top + 1L;
        if (n > BLOCK_INPUTS || n * m > HSweeps.poolBudget(m)) {
            return null;
        }
        double[] t = batchWork(top + 1, n, false).tan;
        HSweeps.blockTangents(args, part, top, null, 0, n, t, null);
        return t;
    }

    /**
     * dst[r + q] = p t[o + q] for the n inputs q under the zero policy; false when one is NaN.
     * Where every product of the block sweep had finite factors it formed the windowed sweep's
     * values to the bit (the same products, summed in the same pairs), and where one did not (an
     * infinite partial times a zero tangent) its result is NaN; so a row free of NaN is the
     * policy's, and a row with one is taken again by the windowed sweep.
     */
    private boolean unitRow(double[] t, int o, double p, double[] dst, int r) {
        boolean ok = true;
        for (int q = 0; q < inputCount; q++) {
            double v = Chain.term(p, t[o + q]);
            dst[r + q] = v;
            ok &= v == v;
        }
        return ok;
    }

    /**
     * The Jacobian's columns by one block sweep of the unit directions into jac (m x n,
     * row-major), where {@link #unitTangents} takes them; false (jac zeroed) when it does not, or
     * a row came out NaN.
     */
    private boolean unitColumns(HVar[] y, int[] nodes, int top, double[] jac) {
        double[] t = unitTangents(top);
        if (t == null) {
            return false;
        }
        int n = inputCount;
        boolean ok = true;
        for (int k = 0; k < y.length && ok; k++) {
            if (nodes[k] >= 0) {
                ok = unitRow(t, nodes[k] * n, y[k].p, jac, k * n);
            }
        }
        if (!ok) {
            Arrays.fill(jac, 0); // the windowed sweeps write only their windows' entries
        }
        return ok;
    }

    /**
     * Prepares the forward sweeps over nodes 0 .. top for the Jacobian's columns (their last
     * readers, every output read after the sweep, so no node takes over an output's tangents) and
     * returns the directions a sweep carries ({@link HSweeps#sweepWidth}).
     */
    private int columnWidth(int[] nodes, int top) {
        HSweeps.Tangents w = tangentWork(top + 1);
        HSweeps.lastReaders(args, top, w.last);
        for (int k = 0; k < nodes.length - 1; k++) {
            if (nodes[k] >= 0) {
                w.last[nodes[k]] = Integer.MAX_VALUE;
            }
        }
        return HSweeps.sweepWidth(args, top, inputCount, Forward.chunkSize(inputCount), w);
    }

    /**
     * The Jacobian's columns by windowed forward sweeps (as {@link #forwardGradient}). A method of
     * its own, as {@link #rows}: compiled inside one method, the row loop ran 2.5x slower in a
     * program that had also taken columns (Rosenbrock residuals, n = 1000).
     */
    private void columns(HVar[] y, int[] nodes, int top, DMatrixRMaj jac, int kk) {
        int m = y.length;
        int n = inputCount;
        // the K-direction windowed sweeps of forwardGradient, prepared by columnWidth: a column
        // costs each node only its window (a residual of two inputs, two entries)
        HSweeps.Tangents w = tangentWork;
        for (int base = 0; base < n; base += kk) {
            int width = Math.min(kk, n - base);
            HSweeps.tangents(args, part, top, base, width, w);
            double[] pool = w.pool;
            for (int k = 0; k < m; k++) {
                int nd = nodes[k];
                if (nd < 0) {
                    continue;
                }
                int o = w.off[nd];
                double p = y[k].p;
                for (int d = w.lo[nd]; d < w.hi[nd]; d++) {
                    jac.unsafe_set(k, base + d, Chain.term(p, pool[o + d]));
                }
            }
        }
    }

    /** The Jacobian's rows: one adjoint sweep from each output's node. */
    private void rows(HVar[] y, int[] nodes, DMatrixRMaj jac) {
        int m = y.length;
        int n = inputCount;
        for (int k = 0; k < m; k++) {
            int out = nodes[k];
            if (out < 0) {
                continue;
            }
            double[] adj = adjoints(out, y[k].p);
            if (leading >= n) {
                // inputs are nodes 0 .. n - 1 in order (a facade's recording): the row is one copy
                System.arraycopy(adj, 0, jac.data, k * n, Math.min(n, out + 1));
                continue;
            }
            for (int q = 0; q < n; q++) {
                if (inputs[q] <= out) {
                    jac.unsafe_set(k, q, adj[inputs[q]]);
                }
            }
        }
    }

    /**
     * The outputs' node indices (-1 for a constant), each checked as {@link #outputNode}, and
     * after them the highest (-1 when every output is a constant).
     */
    private int[] outputNodes(HVar[] y, String method) {
        int[] nodes = new int[y.length + 1];
        int top = -1;
        for (int k = 0; k < y.length; k++) {
            nodes[k] = outputNode(y[k], method);
            top = Math.max(top, nodes[k]);
        }
        nodes[y.length] = top;
        return nodes;
    }

    /** First-order adjoints of every node up to out for the seed p on out, in workA. */
    private double[] adjoints(int out, double p) {
        double[] adj = workA = zeroed(workA, out + 1);
        HSweeps.adjoints(args, part, adj, out, p, leading);
        return adj;
    }

    /**
     * The inputs' adjoints into g (one entry per input), from a sweep seeded at out: an input
     * created after the output does not reach it and reads 0.
     */
    private void inputAdjoints(double[] adj, int out, double[] g) {
        for (int q = 0; q < inputCount; q++) {
            g[q] = inputs[q] <= out ? adj[inputs[q]] : 0;
        }
    }

    /** Which nodes' tangents any backward sweep reads (see {@link HSweeps#tangentsNeeded}), in workNeed. */
    private boolean[] tangentsNeeded(int out, double q) {
        boolean[] need = workNeed;
        if (need == null || need.length < out + 1) {
            need = workNeed = new boolean[Math.max(out + 1, 2 * capacity)];
        } else {
            Arrays.fill(need, 0, out + 1, false);
        }
        HSweeps.tangentsNeeded(args, part, need, out, q);
        return need;
    }

    /**
     * The Hessian-vector product H v of y at the recorded point: one tangent sweep and one backward
     * sweep over dual adjoints, each one pass over the tape.
     *
     * @param y the output
     * @param v the direction, one entry per input (not modified)
     * @return H v
     * @throws IllegalArgumentException if v does not have one entry per input
     */
    public double[] hvp(HVar y, double[] v) {
        return hvp(y, v, null);
    }

    /**
     * H v, and the gradient into {@code gradient} when it is not null.
     *
     * @param y the output
     * @param v the direction (not modified)
     * @param gradient null, or an array of one entry per input that receives the gradient
     *     (modified)
     * @return H v
     */
    public double[] hvp(HVar y, double[] v, double[] gradient) {
        int out = outputNode(y, "hvp");
        secondOrder("hvp");
        int n = inputCount;
        if (v == null) {
            throw new IllegalArgumentException("hvp: v must not be null");
        }
        if (v.length != n) {
            throw new IllegalArgumentException("hvp: v has length " + v.length + " but the tape has " + n
                    + " inputs; pass one entry per input");
        }
        if (gradient != null && gradient.length != n) {
            throw new IllegalArgumentException("hvp: gradient has length " + gradient.length
                    + " but the tape has " + n + " inputs");
        }
        double[] hv = new double[n];
        if (out < 0) {
            if (gradient != null) {
                Arrays.fill(gradient, 0);
            }
            return hv;
        }
        int m = out + 1;
        // Plain products first: they differ from the zero policy's only where a zero meets an
        // infinite or NaN factor, which makes a NaN that reaches some input (every node's
        // adjoints flow down to inputs); then the sweeps are redone under the policy.
        sweepOne(out, y.p, y.q, v, false);
        if (anyNaN(workA, workB, n)) {
            sweepOne(out, y.p, y.q, v, true);
        }
        double[] a = workA;
        double[] b = workB;
        for (int q = 0; q < n; q++) {
            int i = inputs[q];
            if (i < m) {
                hv[q] = b[i];
                if (gradient != null) {
                    gradient[q] = a[i];
                }
            } else if (gradient != null) {
                gradient[q] = 0;
            }
        }
        return hv;
    }

    /** Whether an input's adjoint value or adjoint tangent is NaN. */
    private boolean anyNaN(double[] a, double[] b, int n) {
        for (int q = 0; q < n; q++) {
            int i = inputs[q];
            if (i < a.length && (Double.isNaN(a[i]) || Double.isNaN(b[i]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * One tangent sweep along v and one backward sweep of dual adjoints (into workT, workA,
     * workB), seeded for y = phi(out); with policy, every product with an exactly-zero factor is zero.
     */
    private void sweepOne(int out, double p, double q, double[] v, boolean policy) {
        int m = out + 1;
        double[] t = workT = zeroed(workT, m);
        HSweeps.tangentsOne(args, part, inputs, inputCount, out, v, policy, t);
        double[] a = workA = zeroed(workA, m);
        double[] b = workB = zeroed(workB, m);
        HSweeps.dualAdjointsOne(args, part, out, p, q, policy, t, a, b);
    }

    /**
     * The dense Hessian of y with {@link #directions(int)} directions per sweep.
     *
     * @param y the output
     * @return the n x n Hessian, exactly symmetric (see {@link #hessian(HVar, int, double[])})
     */
    public DMatrixRMaj hessian(HVar y) {
        return hessian(y, directions(inputCount), null);
    }

    /**
     * The dense Hessian of y: ceil(n / K) batches, each one windowed tangent sweep and one backward
     * sweep carrying K adjoint tangents; the adjoint values (the gradient) are computed once. Batch
     * b seeds the unit directions e_{bK} .. e_{bK+K-1}, so its adjoint tangents at input q are
     * H(q, bK..bK+K-1). The result is made exactly symmetric by averaging each pair:
     * H(i, j) = H(j, i) = (H(i, j) + H(j, i)) / 2 (both computed entries agree to rounding; the
     * mean is the better estimate and the result passes any symmetric-matrix check).
     *
     * @param y the output
     * @param directions K, directions per sweep, &ge; 1 (larger than n means n)
     * @param gradient null, or an array of one entry per input that receives the gradient
     *     (modified)
     * @return the n x n Hessian H(i, j) = d2y / dx_i dx_j
     * @throws IllegalArgumentException if directions &lt; 1 or gradient has the wrong length
     */
    public DMatrixRMaj hessian(HVar y, int directions, double[] gradient) {
        int out = outputNode(y, "hessian");
        secondOrder("hessian");
        int n = inputCount;
        if (directions < 1) {
            throw new IllegalArgumentException("hessian: directions must be at least 1, got " + directions);
        }
        if (gradient != null && gradient.length != n) {
            throw new IllegalArgumentException("hessian: gradient has length " + gradient.length
                    + " but the tape has " + n + " inputs");
        }
        DMatrixRMaj h = new DMatrixRMaj(n, n);
        if (out < 0) {
            if (gradient != null) {
                Arrays.fill(gradient, 0);
            }
            return h;
        }
        int kk = Math.max(1, Math.min(directions, n));
        HSweeps.Work w = new HSweeps.Work(out + 1, kk);
        double[] adj = adjoints(out, y.p);
        if (gradient != null) {
            inputAdjoints(adj, out, gradient);
        }
        double[] hd = h.data;
        boolean[] need = tangentsNeeded(out, y.q);
        // a batch whose directions reach most formed tangents runs the block sweep (unit seeds)
        double[] fill = n > kk ? HSweeps.batchFill(args, need, out, n, kk, w.alo, w.ahi) : null;
        for (int base = 0; base < n; base += kk) {
            int width = Math.min(kk, n - base);
            if ((n <= BLOCK_HESSIAN_INPUTS || fill != null && fill[base / kk] > BLOCK_FILL)
                    && blockColumns(y.q, out, adj, need, base, width, kk, w, hd)) {
                continue;
            }
            HSweeps.sweep(args, part, out, adj, y.q, null, base, width, kk, w, need);
            for (int q = 0; q < n; q++) {
                int i = inputs[q];
                if (i > out) {
                    continue;
                }
                int lo = w.alo[i];
                int hi = Math.min(w.ahi[i], width);
                for (int k = lo; k < hi; k++) {
                    hd[q * n + base + k] = w.at[i * kk + k];
                }
            }
        }
        HSweeps.symmetrize(hd, n);
        return h;
    }

    /**
     * J V for a seed matrix V of K columns: one forward sweep carrying the K columns as dense rows
     * (plain arithmetic), each output's K tangents into {@code jv}; a column with a NaN result is
     * redone by {@link #jvp(HVar[], double[], String)} under the zero policy. A compressed sparse
     * Jacobian passes its column colors' seeds here, up to 32 a sweep.
     *
     * @param y the outputs (variables of this tape, or constants)
     * @param v the seed matrix, n x K row-major: v[q K + k] is column k's entry for input q
     *     (not modified)
     * @param kk K, the number of columns, &ge; 1
     * @param jv where J V lands, m x K row-major (overwritten)
     * @param method the caller's name, for messages
     * @throws IllegalArgumentException if kk &lt; 1, v is shorter than n K, jv shorter than m K,
     *     or an output is of another tape
     */
    public void jvpBatch(HVar[] y, double[] v, int kk, double[] jv, String method) {
        int n = inputCount;
        int m = y.length;
        if (kk < 1) {
            throw new IllegalArgumentException(method + ": K must be at least 1, got " + kk);
        }
        batchShape(kk, v, n, "v", "n", method);
        batchShape(kk, jv, m, "jv", "m", method);
        int[] nodes = outputNodes(y, method);
        int top = nodes[m];
        Arrays.fill(jv, 0, m * kk, 0);
        if (top < 0) {
            return;
        }
        double[] t = batchWork(top + 1, kk, false).tan;
        HSweeps.blockTangents(args, part, top, v, 0, kk, t, null);
        for (int r = 0; r < m; r++) {
            if (nodes[r] >= 0) {
                double p = y[r].p;
                int o = nodes[r] * kk;
                for (int d = 0; d < kk; d++) {
                    jv[r * kk + d] = Chain.term(p, t[o + d]);
                }
            }
        }
        double[] column = null;
        for (int d = 0; d < kk; d++) {
            if (!anyNaN(jv, m, kk, d)) {
                continue;
            }
            if (column == null) {
                column = new double[n];
            }
            for (int q = 0; q < n; q++) {
                column[q] = v[q * kk + d];
            }
            double[] c = jvp(y, column, method);
            for (int r = 0; r < m; r++) {
                jv[r * kk + d] = c[r];
            }
        }
    }

    /** Whether column d of a rows x K row-major matrix holds a NaN. */
    private static boolean anyNaN(double[] a, int rows, int kk, int d) {
        for (int r = 0; r < rows; r++) {
            double x = a[r * kk + d];
            if (x != x) {
                return true;
            }
        }
        return false;
    }

    /** Checks a rows x K row-major argument's length (K &ge; 1, checked by the caller), naming it. */
    private static void batchShape(int kk, double[] a, int rows, String name, String rowsName, String method) {
        if (a == null || a.length < (long) rows * kk) {
            throw new IllegalArgumentException(method + ": " + name + " must hold " + rowsName + " x K = " + rows
                    + " x " + kk + " entries (row-major), got " + (a == null ? "null" : a.length + " entries"));
        }
    }

    /**
     * The share of a batch's formed tangent entries within the nodes' reach
     * ({@link HSweeps#batchFill}) above which a dense Hessian runs that batch by the block sweep
     * ({@link HSweeps#block}) instead of the windowed one: where the batch's inputs reach most
     * nodes (log-sum-exp's first batch 0.89, an MLP's 0.85; Rosenbrock and the grid below 0.09) a
     * window's bookkeeping costs more than the zeros it skips (a batch 1.25x to 1.5x faster by
     * block on log-sum-exp and the MLP, 2.4x to 4.8x slower on Rosenbrock and the grid).
     */
    static final double BLOCK_FILL = 0.5;

    /**
     * Up to this many inputs a dense Hessian takes the block sweep whatever its fill: its rows'
     * updates are written out up to 16 directions, and at that width the windows' bookkeeping
     * mostly costs more than a row (a harness, 2026-12-06: n = 4 to 8, log-sum-exp 1.5x and the
     * MLP 1.4x faster, the grid 1.15x, Rosenbrock the same; n = 9 to 16, log-sum-exp and the MLP
     * 1.35x to 1.4x faster, the grid and Rosenbrock at n = 10 the same, Rosenbrock at n = 16 1.1x
     * slower; choosing by fill there instead, one more pass, lost what it saved).
     */
    static final int BLOCK_HESSIAN_INPUTS = 16;

    /**
     * One batch of the dense Hessian's columns, base .. base + width - 1, by the block sweep in
     * plain arithmetic, into hd; false (hd untouched) when a result is NaN, for the windowed
     * sweep under the zero policy to decide.
     */
    private boolean blockColumns(double q, int out, double[] adj, boolean[] need, int base, int width, int kk,
                                 HSweeps.Work w, double[] hd) {
        int n = inputCount;
        HSweeps.block(args, part, out, 0, q, null, base, kk, w, need, adj, false);
        for (int r = 0; r < n; r++) {
            int i = inputs[r];
            if (i > out || w.alo[i] == 0) {
                continue;
            }
            for (int k = 0; k < width; k++) {
                double v = w.at[i * kk + k];
                if (v != v) {
                    return false;
                }
            }
        }
        for (int r = 0; r < n; r++) {
            int i = inputs[r];
            if (i > out || w.alo[i] == 0) {
                continue;
            }
            System.arraycopy(w.at, i * kk, hd, r * n + base, width);
        }
        return true;
    }

    /**
     * H V for a seed matrix V of K columns (row-major, n x K, not modified): the product lands in
     * {@code hv} (n x K, row-major, overwritten). Used by the stochastic estimators.
     *
     * @param y the recorded output
     * @param v the seed matrix, n x K row-major
     * @param kk K, the number of columns
     * @param hv where the product lands, n x K row-major
     */
    public void hvpBatch(HVar y, double[] v, int kk, double[] hv) {
        hvpBatch(y, v, kk, hv, null);
    }

    /**
     * H V for a seed matrix V of K columns, and the gradient: one tangent sweep carrying the K
     * columns and one backward sweep of the adjoints and their K tangents, so K products cost one
     * pass over the tape each way instead of K (a compressed sparse Hessian passes its colors'
     * seeds here; on a band of 3 to 31 colors 1.0x to 2.9x faster than a product per color,
     * {@code CompressedBench}). The sweeps run
     * in plain arithmetic; where a result comes out NaN they are redone under the zero policy by
     * the windowed sweep of {@link #hessian(HVar, int, double[])}, so the results are the zero
     * policy's (as {@link #hessian(HVar)}'s). The sweeps' work arrays are kept for the next call,
     * as the other sweeps' are.
     *
     * @param y the recorded output (a variable of this tape, or a constant: H V = 0)
     * @param v the seed matrix, n x K row-major: v[q K + k] is column k's entry for input q
     *     (not modified)
     * @param kk K, the number of columns, &ge; 1
     * @param hv where the product lands, n x K row-major (overwritten)
     * @param gradient null, or an array of one entry per input that receives the gradient
     *     (modified)
     * @throws IllegalArgumentException if kk &lt; 1, v or hv is null or shorter than n K, or
     *     gradient has the wrong length
     */
    public void hvpBatch(HVar y, double[] v, int kk, double[] hv, double[] gradient) {
        int out = outputNode(y, "hvpBatch");
        secondOrder("hvpBatch");
        int n = inputCount;
        if (kk < 1) {
            throw new IllegalArgumentException("hvpBatch: kk must be at least 1, got " + kk);
        }
        batchShape(kk, v, n, "v", "n", "hvpBatch");
        batchShape(kk, hv, n, "hv", "n", "hvpBatch");
        if (gradient != null && gradient.length != n) {
            throw new IllegalArgumentException("hvpBatch: gradient has length " + gradient.length
                    + " but the tape has " + n + " inputs");
        }
        Arrays.fill(hv, 0, n * kk, 0);
        if (out < 0) {
            if (gradient != null) {
                Arrays.fill(gradient, 0);
            }
            return;
        }
        HSweeps.Work w = batchWork(out + 1, kk, true);
        boolean[] need = tangentsNeeded(out, y.q);
        // plain arithmetic first, adjoints and adjoint tangents in one backward pass; a NaN in a
        // result may be a zero times an infinity, which the zero policy's sweep decides
        double[] plain = workA = zeroed(workA, out + 1);
        HSweeps.block(args, part, out, y.p, y.q, v, 0, kk, w, need, plain, true);
        if (blockResults(plain, w, out, kk, hv, gradient)) {
            return;
        }
        Arrays.fill(hv, 0, n * kk, 0);
        double[] adj = adjoints(out, y.p);
        if (gradient != null) {
            inputAdjoints(adj, out, gradient);
        }
        HSweeps.sweep(args, part, out, adj, y.q, v, 0, kk, kk, w, need);
        for (int q = 0; q < n; q++) {
            int i = inputs[q];
            if (i > out) {
                continue;
            }
            for (int k = w.alo[i]; k < w.ahi[i]; k++) {
                hv[q * kk + k] = w.at[i * kk + k];
            }
        }
    }

    /**
     * Copies a block sweep's results to hv and gradient (when not null); false when one of them is
     * NaN, and the policy's sweep must decide.
     */
    private boolean blockResults(double[] adj, HSweeps.Work w, int out, int kk, double[] hv, double[] gradient) {
        boolean nan = false;
        for (int q = 0; q < inputCount; q++) {
            int i = inputs[q];
            double a = i <= out ? adj[i] : 0;
            nan |= a != a;
            if (gradient != null) {
                gradient[q] = a;
            }
            if (i > out || w.alo[i] == 0) {
                continue;
            }
            for (int k = 0; k < kk; k++) {
                double h = w.at[i * kk + k];
                hv[q * kk + k] = h;
                nan |= h != h;
            }
        }
        return !nan;
    }

    /**
     * The K-direction sweeps' work arrays for m nodes, kept between calls as the other sweeps'
     * are; each sweep writes every entry it reads, so they need no zeroing here. A first-order
     * sweep (adjointTangents false) reads only the tangent rows, and a new work takes adjoint-tangent
     * rows only when asked for them or when the one it replaces had them.
     */
    private HSweeps.Work batchWork(int m, int kk, boolean adjointTangents) {
        HSweeps.Work w = batchWork;
        long rows = (long) m * kk;
        if (w == null || w.tlo.length < m || w.tan.length < rows || adjointTangents && w.at.length < rows) {
            boolean keep = adjointTangents || w != null && w.at.length > 0;
            w = batchWork = new HSweeps.Work(m, kk, keep);
        }
        return w;
    }

    /**
     * {@link HSweeps#sweepWidth} for the forward gradient of node out, planned again only when the
     * recording's arguments differ from those of the last plan: a facade that takes the gradient
     * of one f at many points records the same arguments every call, and comparing them costs a
     * fraction of the counting pass (which took 15% of Rosenbrock's forward gradient at n = 1000).
     * The width depends on the arguments, n and k alone, not on the partials.
     */
    private int plannedWidth(int out, int n, int k, HSweeps.Tangents w) {
        if (n <= k) {
            return Math.max(n, 1);
        }
        long[] p = planArgs;
        if (p != null && planNodes == out + 1 && planInputs == n && planChunk == k
                && Arrays.equals(p, 0, out + 1, args, 0, out + 1)) {
            return planWidth;
        }
        int width = HSweeps.sweepWidth(args, out, n, k, w);
        if (p == null || p.length < out + 1) {
            p = planArgs = new long[out + 1];
        }
        System.arraycopy(args, 0, p, 0, out + 1);
        planNodes = out + 1;
        planInputs = n;
        planChunk = k;
        planWidth = width;
        return width;
    }

    /** The directions a sweep of the last planned forward gradient carried (for tests). */
    int plannedWidth() {
        return planWidth;
    }

    /** The packed arguments (nodes 0 .. planNodes - 1) the last forward gradient's width was planned on, or null. */
    private long[] planArgs;
    /** That plan's node count, input count, chunk and width. */
    private int planNodes;
    private int planInputs;
    private int planChunk;
    private int planWidth;

    /** Work arrays for forward tangent sweeps over nodes 0 .. m - 1, kept from call to call. */
    private HSweeps.Tangents tangentWork(int m) {
        HSweeps.Tangents w = tangentWork;
        if (w == null || w.lo.length < m) {
            w = tangentWork = new HSweeps.Tangents(Math.max(m, Math.min(capacity, 2 * m)));
        }
        return w;
    }

    /** The forward tangent sweeps' work arrays ({@link #tangentWork}), or null before the first sweep. */
    private HSweeps.Tangents tangentWork;

    /** The batched sweep's work arrays ({@link #batchWork}), or null before the first batch. */
    private HSweeps.Work batchWork;

    /** w zeroed on [0, m), or a new array when w is too short. */
    private double[] zeroed(double[] w, int m) {
        if (w == null || w.length < m) {
            return new double[Math.max(m, capacity)];
        }
        Arrays.fill(w, 0, m, 0);
        return w;
    }

    /**
     * The fewest directions one Laplacian sweep carries by default where n is larger (see
     * {@link #laplacian(HVar)}): wider than {@link #MAX_DIRECTIONS}, as the Laplacian keeps rows
     * only for live tangents.
     */
    public static final int LAPLACIAN_DIRECTIONS = 128;

    /**
     * The exact Laplacian of y, the trace of its Hessian, sum_q d2y / dx_q^2 (see
     * {@link #laplacian(HVar, int)}), in as few sweeps as its tangent rows allow: all n
     * directions in one sweep when the most tangents alive at once, n doubles each, fit in 4 MB or
     * 48 bytes a node (about the tape's own size), else chunks as wide as fit, never narrower than
     * {@code Forward.chunkSize(n, LAPLACIAN_DIRECTIONS)}. Each sweep passes over every node that
     * forms a tangent, so where tangents are narrow (a sum of local terms) one wide sweep costs
     * little more than one narrow one: Rosenbrock at n = 1000 in one sweep instead of eight is 2.7x
     * faster.
     *
     * @param y the output (a variable of this tape, or a constant: 0)
     * @return the Laplacian at the recorded point
     */
    public double laplacian(HVar y) {
        return laplacian(y, Forward.chunkSize(inputCount, LAPLACIAN_DIRECTIONS), true);
    }

    /**
     * The exact Laplacian of y by forward sweeps only, no Hessian formed: each node's Laplacian is
     * L = p0 L_a + p1 L_b + h00 |t_a|^2 + 2 h01 t_a.t_b + h11 |t_b|^2 (an input's is 0) and y's is
     * p L + q |t|^2 on its own node, where t is a node's gradient; the squared norms and dot
     * products are accumulated over ceil(n / K) windowed tangent sweeps of K unit directions and
     * then combined by one scalar pass, so the result does not depend on K. Only the tangents that
     * a second partial on the way to y reads are formed (a linear chain of additions costs its new
     * entries): a sum of local terms costs a small multiple of one sweep. Zero policy as
     * {@link #hessian(HVar)}: the Laplacian equals the trace of the Hessian to rounding, with the
     * same NaN and infinities wherever the inputs are finite; where h00 and h11 are opposite infinities (atan2 of two inputs at a
     * subnormal radius) it is h00 (|t_a|^2 - |t_b|^2), exact where the diagonal's sum is not.
     *
     * @param y the output (a variable of this tape, or a constant: 0)
     * @param directions K, directions per sweep, &ge; 1 (larger than n means n)
     * @return the Laplacian at the recorded point
     * @throws IllegalArgumentException if y is null or of another tape, or directions &lt; 1
     * @throws IllegalStateException if y was recorded before a reset, or from another thread
     */
    public double laplacian(HVar y, int directions) {
        return laplacian(y, directions, false);
    }

    private double laplacian(HVar y, int directions, boolean widen) {
        int out = outputNode(y, "laplacian");
        secondOrder("laplacian");
        if (directions < 1) {
            throw new IllegalArgumentException("laplacian: directions must be at least 1, got " + directions);
        }
        if (out < 0) {
            return 0;
        }
        int n = inputCount;
        if (lapWork == null) {
            lapWork = new HSweeps.LapWork();
        }
        return HSweeps.laplacian(args, part, out, y.p, y.q, n, Math.max(1, Math.min(directions, n)), widen,
                leading, lapWork);
    }

    /** The Laplacian's work arrays, kept between calls as the other sweeps' are: 49 bytes a node and its rows. */
    private HSweeps.LapWork lapWork;

    /** @return e.g. {@code HTape[12 nodes, 2 inputs]} */
    @Override
    public String toString() {
        return "HTape[" + size + " nodes, " + inputCount + " inputs]";
    }

    // ---------------------------------------------------------------- along a direction, forward gradient

    /**
     * The point x + t v as functions of ONE new input t, recorded at t = 0: element i is the
     * variable x[i] + v[i] t, on t's node with p = v[i] and q = 0 (a constant where v[i] = 0).
     * Every operation of f on these stays on that one node, so f records nothing more (the tape
     * grows by t's node alone) and costs about what a dual number costs; f's result y carries
     * d/dt f(x + t v) = &nabla;f(x)&middot;v and d&sup2;/dt&sup2; f(x + t v) = v<sup>T</sup>H v
     * at t = 0. {@link #gradient(HVar)} reads the first as its one entry (t is this tape's one
     * input when the tape was empty), {@link #hessian(HVar)} the second.
     *
     * <pre>{@code
     * HTape tape = new HTape();
     * HVar[] in = tape.along(new double[] {3, 4}, new double[] {1, 2});
     * HVar y = in[0].multiply(in[1]);         // xy along (1, 2): 4 * 1 + 3 * 2 = 10, v^T H v = 4
     * tape.gradient(y);                       // [10.0]; tape.hessian(y) is [[4.0]]
     * }</pre>
     *
     * @param x the point, one entry per input of f (not modified)
     * @param v the direction, as many entries as x (not modified)
     * @return the n variables x[i] + v[i] t
     * @throws IllegalArgumentException if x or v is null or their lengths differ
     * @throws IllegalStateException if called from a thread other than the tape's owner
     */
    public HVar[] along(double[] x, double[] v) {
        if (x == null || v == null) {
            throw new IllegalArgumentException("along: " + (x == null ? "x" : "v") + " must not be null");
        }
        if (v.length != x.length) {
            throw new IllegalArgumentException("along: v has length " + v.length + " but x has length " + x.length
                    + "; pass one direction entry per entry of x");
        }
        int t = variable(0).node;
        Gen g = gen;
        HVar[] in = new HVar[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = v[i] == 0 ? constant(x[i]) : new HVar(g, t, x[i], v[i], 0);
        }
        return in;
    }

    /**
     * The gradient of y by forward accumulation: sweeps forward over the recording, each carrying
     * the tangents of K unit directions (inputs bK .. bK + K - 1) through every node up to y's, so
     * ceil(n / K) sweeps in all; y's tangents, times its p, are the gradient's entries. Each node
     * keeps its tangents only on the window [lo, hi) of directions outside which they are exactly
     * zero, packed one after the other, and a node that is the last reader of an argument updates
     * that argument's tangents in place: a sum of local terms (extended Rosenbrock, a grid energy)
     * costs a few entries per node, not K, and its running sum the width of each term it adds. Zero policy as everywhere ({@link Chain}): an exactly
     * zero tangent or partial contributes exactly zero, even against an infinite or NaN factor.
     * The same gradient as {@link #gradient(HVar)} to rounding; the reverse sweep is cheaper for
     * many inputs, this one is the trace's forward mode (and checks it).
     *
     * @param y the output (a variable of this tape, or a constant)
     * @param directions K, the directions per sweep, &ge; 1 (larger than n means n)
     * @return dy/dx_q for every input q, in creation order
     * @throws IllegalArgumentException if directions &lt; 1, or y belongs to another tape
     * @throws IllegalStateException if y was recorded before the tape's last reset
     */
    public double[] forwardGradient(HVar y, int directions) {
        int out = outputNode(y, "forwardGradient");
        if (directions < 1) {
            throw new IllegalArgumentException("forwardGradient: directions must be at least 1, got " + directions);
        }
        return forwardGradient(y, out, directions, false);
    }

    /**
     * The gradient of y by forward accumulation as {@link #forwardGradient(HVar, int)}, with the
     * directions per sweep chosen from the recording: all n in one sweep where the tangents stay
     * narrow (a sum of local terms: the sweep's passes over the nodes, not its entries, are then
     * the cost), else about {@link Forward#chunkSize(int)} a sweep, wider where the tangents'
     * pool allows; up to {@link #BLOCK_INPUTS} inputs, one block sweep of dense rows. The same
     * entries as any chunking (up to the sign of an exact zero).
     *
     * @param y the output (a variable of this tape, or a constant)
     * @return dy/dx_q for every input q, in creation order
     * @throws IllegalArgumentException if y belongs to another tape
     * @throws IllegalStateException if y was recorded before the tape's last reset
     */
    public double[] forwardGradient(HVar y) {
        return forwardGradient(y, outputNode(y, "forwardGradient"), Forward.chunkSize(inputCount), true);
    }

    private double[] forwardGradient(HVar y, int out, int directions, boolean widen) {
        int n = inputCount;
        double[] g = new double[n];
        if (out < 0 || n == 0) {
            return g;
        }
        double[] t = widen ? unitTangents(out) : null;
        if (t != null) {
            if (unitRow(t, out * n, y.p, g, 0)) {
                return g;
            }
            Arrays.fill(g, 0); // the windowed sweeps write only their windows' entries
        }
        HSweeps.Tangents w = tangentWork(out + 1);
        HSweeps.lastReaders(args, out, w.last);
        int kk = widen ? plannedWidth(out, n, directions, w) : Math.min(directions, n);
        double p = y.p;
        for (int base = 0; base < n; base += kk) {
            int width = Math.min(kk, n - base);
            HSweeps.tangents(args, part, out, base, width, w);
            double[] pool = w.pool;
            int o = w.off[out];
            for (int d = w.lo[out]; d < w.hi[out]; d++) {
                g[base + d] = Chain.term(p, pool[o + d]);
            }
        }
        return g;
    }
}
