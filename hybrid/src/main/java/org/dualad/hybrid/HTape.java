package org.dualad.hybrid;

import java.util.Arrays;
import org.dualad.TapeFootprint;
import org.dualad.TapeMemory;
import org.dualad.dual.Chain;
import org.dualad.dual.Forward;
import org.dualad.dual.Op;
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
 * {@link #hessian}). When (p, q) are folded, a product with an exactly-zero
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
 * arrays are each call's own), so 56 bytes a node with the gradient's adjoint, 74 with them all. The arrays double when full: the capacity stays within twice the nodes.
 * {@link #footprint()} reads nodes, capacity and bytes. {@link #HTape(long)} caps the tape:
 * recording beyond maxNodes nodes throws {@link org.dualad.TapeLimitException}; a tape the heap
 * cannot hold throws an {@link OutOfMemoryError} naming its size and the heap's limit; both record
 * nothing and leave the tape usable (see {@link TapeMemory}).
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

    // read by HVar's hooks on every operation
    final Thread owner;
    /** Bumped by every reset; 64 bits, so it never wraps back to a stale variable's epoch. */
    long epoch;
    /** The heap limit the growth check compares against (lowered by tests). */
    long heapLimit = Runtime.getRuntime().maxMemory();

    // Two primitive streams: per node i, args[i] packs its two arguments, (first << 32) | second
    // (an input node's first is -1 and its second its ordinal), and part[5i .. 5i+4] its partials
    // p0, p1, h00, h01, h11. Interleaving keeps one node's record in one cache line and makes
    // recording two sequential stores streams instead of eight. Values are not stored: no sweep
    // reads them (the handles carry them).
    private long[] args;
    private double[] part;
    private int capacity;
    private int size;

    private int[] inputs;
    private int inputCount;

    // work arrays of the first-order and K = 1 sweeps, kept between calls (zeroed before each use)
    // because allocating and zeroing fresh ones costs as much as the sweep itself
    private double[] workA;
    private double[] workB;
    private double[] workT;
    private boolean[] workNeed;

    /** The cap: the most nodes this tape records. */
    private final long maxNodes;
    /** When a reused (scratch) tape shrinks after calls much smaller than it. */
    private final TapeMemory.Trim trim = new TapeMemory.Trim();

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
        // one slot beyond the nodes stays free (see push)
        capacity = (int) Math.min(INITIAL_CAPACITY, this.maxNodes + 1);
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
     * arrays kept between calls (8 bytes a node each, 2 for the flags) and 4 bytes per input slot;
     * array headers not counted.
     *
     * @return its nodes, capacity and bytes
     */
    public TapeFootprint footprint() {
        long bytes = 8L * args.length + 8L * part.length + 4L * inputs.length + length(workA) + length(workB)
                + length(workT) + (workNeed == null ? 0 : workNeed.length);
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
        return new HVar(this, i, epoch, value, 1, 0);
    }

    /**
     * Records n new independent variables.
     *
     * @param x their values (not modified)
     * @return the variables, in order
     */
    public HVar[] variables(double... x) {
        HVar[] v = new HVar[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = variable(x[i]);
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
        return new HVar(null, -1, 0, value, 0, 0);
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
        epoch++;
        size = 0;
        inputCount = 0;
    }

    /**
     * Records g(x, y) for x = phi_a(a), y = phi_b(b) on two different nodes a and b (both of
     * this tape and epoch: the caller checked): a node with first partials g_x p_a, g_y p_b and
     * second partials g_xx p_a^2 + g_x q_a, g_xy p_a p_b, g_yy p_b^2 + g_y q_b (computed by
     * {@link HVar}'s hook). Returns the node, or -1 (nothing recorded) when all five are zero: the
     * result is then a constant.
     */
    int record(int a, double fa, int b, double fb, double haa, double hab, double hbb) {
        // all five zero (of either sign): the bits or'ed, sign bits shifted out; no branch per value
        if ((Double.doubleToRawLongBits(fa) | Double.doubleToRawLongBits(fb) | Double.doubleToRawLongBits(haa)
                | Double.doubleToRawLongBits(hab) | Double.doubleToRawLongBits(hbb)) << 1 == 0) {
            return -1;
        }
        return push(a, fa, b, fb, haa, hab, hbb);
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
        if (i + 1 == capacity) {
            grow(); // a failed growth records nothing: the tape stays as it was
        }
        size = i + 1;
        return i;
    }

    /**
     * The tape of a binary operation's result, given its operands' fields (tape and epoch of
     * each; a null tape is a constant): the first variable's tape, or null when both are
     * constants. Fields, not the variables, so that no variable escapes the caller.
     *
     * @throws IllegalStateException for a stale epoch or another thread
     * @throws IllegalArgumentException for variables of two tapes
     */
    static HTape operands(Op op, HTape tx, long ex, HTape ty, long ey) {
        HTape t = tx != null ? tx : ty;
        long e = tx != null ? ex : ey;
        if (t != null && (e != t.epoch || t.owner != Thread.currentThread()
                || ty != null && (ty != t || ey != e))) {
            throw misuse(op, tx, ex, ty, ey);
        }
        return t;
    }

    /**
     * The exception for an operation on a stale variable, on variables of two tapes, or from a
     * thread other than the owner; takes fields, not the variables (see {@link HVar}'s hooks).
     * ty is null for a unary operation (or a constant second operand).
     */
    static RuntimeException misuse(Op op, HTape tx, long ex, HTape ty, long ey) {
        String name = op.symbol();
        if (tx != null && ty != null && tx != ty) {
            return new IllegalArgumentException("HTape: " + name + " mixes variables of two tapes; record a"
                    + " function's inputs and all its operations on one tape");
        }
        HTape t = tx != null ? tx : ty;
        if (Thread.currentThread() != t.owner) {
            return new IllegalStateException("HTape: " + name + " used from thread '"
                    + Thread.currentThread().getName() + "' but the tape is owned by thread '" + t.owner.getName()
                    + "'; a tape is not shared between threads, create one per thread");
        }
        long e = tx != null && ex != tx.epoch ? ex : ey;
        return new IllegalStateException("HTape: " + name + " on a variable recorded in epoch " + e
                + ", before the tape was reset (now epoch " + t.epoch + "); record the function again");
    }

    /** Room for the node just stored at size, or the cap's or the heap's error (the tape stays as it was). */
    private void grow() {
        int old = capacity;
        int c = TapeMemory.grownCapacity(NAME, size + 1L, old, maxNodes, 1, MAX_NODES, BYTES_PER_NODE, heapLimit);
        try {
            args = Arrays.copyOf(args, c);
            part = Arrays.copyOf(part, 5 * c);
        } catch (OutOfMemoryError e) {
            throw TapeMemory.cannotGrow(NAME, size, c, BYTES_PER_NODE, heapLimit, e);
        }
        capacity = c;
    }

    /**
     * After a call on a reused (scratch) tape: shrinks the arrays once calls have stayed far below
     * their size for a while ({@link TapeMemory.Trim}), dropping the work arrays with them.
     */
    void trimAfterCall() {
        int c = trim.capacityAfter(size, capacity);
        if (c < capacity) {
            args = Arrays.copyOf(args, c);
            part = Arrays.copyOf(part, 5 * c);
            workA = null;
            workB = null;
            workT = null;
            workNeed = null;
            capacity = c;
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
        if (y.tape == null) {
            return -1;
        }
        if (y.tape != this) {
            throw new IllegalArgumentException(method + ": y = " + y + " belongs to another tape");
        }
        if (y.epoch != epoch) {
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
        int out = outputNode(y, "gradient");
        double[] g = new double[inputCount];
        if (out < 0) {
            return g;
        }
        double[] adj = adjoints(out, y.p);
        for (int q = 0; q < inputCount; q++) {
            g[q] = inputs[q] <= out ? adj[inputs[q]] : 0; // an input created after the output does not reach it
        }
        return g;
    }

    /**
     * First-order adjoints of every node up to out, for the seed p on out (the output is
     * phi(out) with phi' = p, so its gradient is p times out's). Every recorded node below has
     * two arguments; an input has none (its first argument is -1).
     */
    private double[] adjoints(int out, double p) {
        double[] adj = workA = zeroed(workA, out + 1);
        adj[out] = p;
        final long[] ar = args;
        final double[] pt = part;
        for (int i = out; i >= 0; i--) {
            double a = adj[i];
            int j = (int) (ar[i] >> 32);
            if (a == 0 || j < 0) {
                continue;
            }
            if (Math.abs(a) <= Double.MAX_VALUE) {
                // a finite non-zero adjoint: the plain products are the zero policy's (Chain)
                adj[j] += pt[5 * i] * a;
                adj[(int) ar[i]] += pt[5 * i + 1] * a;
            } else {
                adj[j] += Chain.term(pt[5 * i], a);
                adj[(int) ar[i]] += Chain.term(pt[5 * i + 1], a);
            }
        }
        return adj;
    }

    /**
     * Which nodes' tangents any backward sweep reads (activity analysis, once per call): the
     * output's when its q is not zero (it seeds the adjoint tangents with q times its tangent), and
     * node j's when a consumer has a second partial involving j (h_aa or h_ab for its first
     * argument, h_ab or h_bb for its second), or when a consumer's own tangent is needed and its
     * partial in j is not zero. A running sum, for example, feeds only additions (second partials
     * 0), so its tangents (dense in the directions) are never formed.
     */
    private boolean[] tangentsNeeded(int out, double q) {
        final long[] ar = args;
        final double[] pt = part;
        boolean[] need = workNeed;
        if (need == null || need.length < out + 1) {
            need = workNeed = new boolean[Math.max(out + 1, 2 * capacity)];
        } else {
            Arrays.fill(need, 0, out + 1, false);
        }
        need[out] = q != 0;
        for (int c = out; c >= 0; c--) {
            int j = (int) (ar[c] >> 32);
            if (j < 0) {
                continue;
            }
            int d = 5 * c;
            boolean nc = need[c];
            double s01 = pt[d + 3];
            if ((nc && pt[d] != 0) || pt[d + 2] != 0 || s01 != 0) {
                need[j] = true;
            }
            if ((nc && pt[d + 1] != 0) || s01 != 0 || pt[d + 4] != 0) {
                need[(int) ar[c]] = true;
            }
        }
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
     * workB), seeded for y = phi(out): grad y = p grad(out), H y v = p H(out) v +
     * q grad(out) (grad(out) . v). Every tangent is formed: for one direction that costs no more
     * than deciding whether a backward sweep reads it (the activity pass pays off only for K
     * directions). With policy, every product with an exactly-zero factor is zero
     * ({@link Chain#term}), as the K-direction sweeps skip zero coefficients and zero entries.
     */
    private void sweepOne(int out, double p, double q, double[] v, boolean policy) {
        final long[] ar = args;
        final double[] pt = part;
        int m = out + 1;
        double[] t = workT = zeroed(workT, m);
        for (int r = 0; r < inputCount; r++) {
            int i = inputs[r];
            if (i < m) {
                t[i] = v[r];
            }
        }
        for (int i = 0; i < m; i++) {
            long e = ar[i];
            int j = (int) (e >> 32);
            if (j >= 0) {
                int k = (int) e;
                t[i] = policy ? Chain.term(pt[5 * i], t[j]) + Chain.term(pt[5 * i + 1], t[k])
                        : pt[5 * i] * t[j] + pt[5 * i + 1] * t[k];
            }
        }
        double[] a = workA = zeroed(workA, m);
        double[] b = workB = zeroed(workB, m);
        a[out] = p;
        b[out] = Chain.term(q, t[out]);
        for (int i = out; i >= 0; i--) {
            double ai = a[i];
            double bi = b[i];
            long e = ar[i];
            int j = (int) (e >> 32);
            if ((ai == 0 && bi == 0) || j < 0) {
                continue;
            }
            int k = (int) e;
            int d = 5 * i;
            double tj = t[j];
            double tk = t[k];
            double px = pt[d];
            double py = pt[d + 1];
            double hxx = pt[d + 2];
            double hxy = pt[d + 3];
            double hyy = pt[d + 4];
            if (!policy) {
                a[j] += px * ai;
                a[k] += py * ai;
                b[j] += px * bi + (hxx * tj + hxy * tk) * ai;
                b[k] += py * bi + (hxy * tj + hyy * tk) * ai;
            } else {
                a[j] += Chain.term(px, ai);
                a[k] += Chain.term(py, ai);
                b[j] += Chain.term(px, bi) + Chain.term(Chain.term(hxx, tj) + Chain.term(hxy, tk), ai);
                b[k] += Chain.term(py, bi) + Chain.term(Chain.term(hxy, tj) + Chain.term(hyy, tk), ai);
            }
        }
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
        Work w = new Work(out + 1, kk);
        double[] adj = adjoints(out, y.p);
        if (gradient != null) {
            for (int q = 0; q < n; q++) {
                gradient[q] = inputs[q] <= out ? adj[inputs[q]] : 0;
            }
        }
        double[] hd = h.data;
        boolean[] need = tangentsNeeded(out, y.q);
        for (int base = 0; base < n; base += kk) {
            int width = Math.min(kk, n - base);
            sweep(out, adj, y.q, null, base, width, kk, w, need);
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
        symmetrize(hd, n);
        return h;
    }

    /** H(i, j) = H(j, i) = their mean, in 64 x 64 blocks so the transposed reads stay in cache. */
    private static void symmetrize(double[] hd, int n) {
        final int b = 64;
        for (int ib = 0; ib < n; ib += b) {
            int ie = Math.min(ib + b, n);
            for (int jb = ib; jb < n; jb += b) {
                int je = Math.min(jb + b, n);
                for (int i = ib; i < ie; i++) {
                    for (int j = Math.max(jb, i + 1); j < je; j++) {
                        double s = mean(hd[i * n + j], hd[j * n + i]);
                        hd[i * n + j] = s;
                        hd[j * n + i] = s;
                    }
                }
            }
        }
    }

    /**
     * (a + b) / 2 for the two computed entries of a symmetric pair. Halving the rounded sum is
     * exact below the top of the range; where the sum of two finite entries overflows (the mixed
     * entry -1/y^2 = -1e308 of x / y at y = 1e-154, computed twice) each is halved first instead,
     * exact there as both are far from the subnormal range, so the mean of two finite entries is
     * finite. Infinite or NaN entries give what a + b gives.
     */
    private static double mean(double a, double b) {
        double s = a + b;
        if (Math.abs(s) <= Double.MAX_VALUE || !(Math.abs(a) <= Double.MAX_VALUE && Math.abs(b) <= Double.MAX_VALUE)) {
            return 0.5 * s;
        }
        return 0.5 * a + 0.5 * b;
    }

    /**
     * H V for a seed matrix V of K columns (row-major, n x K, not modified): the product lands in
     * {@code hv} (n x K, row-major, overwritten). Used by the stochastic estimators.
     */
    void hvpBatch(HVar y, double[] v, int kk, double[] hv) {
        int out = outputNode(y, "hvp");
        int n = inputCount;
        Arrays.fill(hv, 0, n * kk, 0);
        if (out < 0) {
            return;
        }
        Work w = new Work(out + 1, kk);
        sweep(out, adjoints(out, y.p), y.q, v, 0, kk, kk, w, tangentsNeeded(out, y.q));
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

    /** Per-call work arrays of a K-direction sweep over m nodes. */
    private static final class Work {
        final double[] tan;
        final int[] tlo;
        final int[] thi;
        final double[] at;
        final int[] alo;
        final int[] ahi;

        Work(int m, int kk) {
            tan = new double[m * kk];
            tlo = new int[m];
            thi = new int[m];
            at = new double[m * kk];
            alo = new int[m];
            ahi = new int[m];
        }
    }

    /**
     * One windowed K-direction tangent sweep then one backward sweep of adjoint tangents, given
     * the first-order adjoints adj (seeded with the output's p) and the output's q, which seeds
     * the output's adjoint tangents with q times its tangents. Seed row q (input q's tangents) is
     * seed[q K .. q K + K); a null seed means the unit directions base .. base + width - 1.
     */
    private void sweep(int out, double[] adj, double outQ, double[] seed, int base, int width, int kk, Work w,
                       boolean[] need) {
        final long[] ar = args;
        final double[] pt = part;
        final double[] tan = w.tan;
        final int[] tlo = w.tlo;
        final int[] thi = w.thi;
        final double[] at = w.at;
        final int[] alo = w.alo;
        final int[] ahi = w.ahi;
        // forward tangents, windowed
        for (int i = 0; i <= out; i++) {
            int j = (int) (ar[i] >> 32);
            int ti = i * kk;
            if (j < 0) {
                if (seed == null) {
                    // unit seeds: input q carries direction q - base when that is in the batch
                    int dir = (int) ar[i] - base;
                    if (dir >= 0 && dir < width) {
                        tlo[i] = dir;
                        thi[i] = dir + 1;
                        tan[ti + dir] = 1;
                    } else {
                        tlo[i] = 0;
                        thi[i] = 0;
                    }
                    continue;
                }
                int so = (int) ar[i] * kk;
                int lo = 0;
                while (lo < kk && seed[so + lo] == 0) {
                    lo++;
                }
                int hi = kk;
                while (hi > lo && seed[so + hi - 1] == 0) {
                    hi--;
                }
                tlo[i] = lo;
                thi[i] = hi;
                System.arraycopy(seed, so + lo, tan, ti + lo, hi - lo);
                continue;
            }
            if (!need[i]) {
                continue;
            }
            int k = (int) ar[i];
            double px = pt[5 * i];
            double py = pt[5 * i + 1];
            boolean uj = px != 0 && tlo[j] < thi[j];
            boolean uk = py != 0 && tlo[k] < thi[k];
            int lo;
            int hi;
            if (uj && uk) {
                lo = Math.min(tlo[j], tlo[k]);
                hi = Math.max(thi[j], thi[k]);
            } else if (uj) {
                lo = tlo[j];
                hi = thi[j];
            } else if (uk) {
                lo = tlo[k];
                hi = thi[k];
            } else {
                tlo[i] = 0;
                thi[i] = 0;
                continue;
            }
            tlo[i] = lo;
            thi[i] = hi;
            for (int d = lo; d < hi; d++) {
                tan[ti + d] = 0;
            }
            if (uj) {
                axpy(px, tan, j * kk, tlo[j], thi[j], tan, ti);
            }
            if (uk) {
                axpy(py, tan, k * kk, tlo[k], thi[k], tan, ti);
            }
        }
        // backward: adjoint tangents, windowed; adjoint values are adj
        for (int i = 0; i <= out; i++) {
            alo[i] = 0;
            ahi[i] = 0;
        }
        if (outQ != 0 && tlo[out] < thi[out]) {
            // y = phi(out): H y = p H(out) + q grad(out) grad(out)^T, and q grad(out)^T V enters
            // as the output's adjoint tangents
            int to = out * kk;
            extend(at, out, kk, alo, ahi, tlo[out], thi[out]);
            axpy(outQ, tan, to, tlo[out], thi[out], at, to);
        }
        for (int i = out; i >= 0; i--) {
            int j = (int) (ar[i] >> 32);
            if (j < 0) {
                continue;
            }
            double ai = adj[i];
            int lo = alo[i];
            int hi = ahi[i];
            boolean hasAt = lo < hi;
            if (!hasAt && ai == 0) {
                continue;
            }
            int k = (int) ar[i];
            int ti = i * kk;
            int tj = j * kk;
            int tk = k * kk;
            double px = pt[5 * i];
            double py = pt[5 * i + 1];
            double cxx = Chain.term(pt[5 * i + 2], ai);
            double cxy = Chain.term(pt[5 * i + 3], ai);
            double cyy = Chain.term(pt[5 * i + 4], ai);
            if (hasAt) {
                if (px != 0) {
                    extend(at, j, kk, alo, ahi, lo, hi);
                    axpy(px, at, ti, lo, hi, at, tj);
                }
                if (py != 0) {
                    extend(at, k, kk, alo, ahi, lo, hi);
                    axpy(py, at, ti, lo, hi, at, tk);
                }
            }
            boolean wj = tlo[j] < thi[j];
            boolean wk = tlo[k] < thi[k];
            if (cxx != 0 && wj) {
                extend(at, j, kk, alo, ahi, tlo[j], thi[j]);
                axpy(cxx, tan, tj, tlo[j], thi[j], at, tj);
            }
            if (cxy != 0) {
                if (wk) {
                    extend(at, j, kk, alo, ahi, tlo[k], thi[k]);
                    axpy(cxy, tan, tk, tlo[k], thi[k], at, tj);
                }
                if (wj) {
                    extend(at, k, kk, alo, ahi, tlo[j], thi[j]);
                    axpy(cxy, tan, tj, tlo[j], thi[j], at, tk);
                }
            }
            if (cyy != 0 && wk) {
                extend(at, k, kk, alo, ahi, tlo[k], thi[k]);
                axpy(cyy, tan, tk, tlo[k], thi[k], at, tk);
            }
        }
    }

    /** dst[dOff + d] += c src[sOff + d] for d in [lo, hi), with the zero policy. */
    private static void axpy(double c, double[] src, int sOff, int lo, int hi, double[] dst, int dOff) {
        for (int d = lo; d < hi; d++) {
            double s = src[sOff + d];
            if (s != 0) {
                dst[dOff + d] += c * s;
            }
        }
    }

    /** Widens node j's adjoint-tangent window to cover [lo, hi), zeroing the new entries. */
    private static void extend(double[] at, int j, int kk, int[] alo, int[] ahi, int lo, int hi) {
        int base = j * kk;
        int ol = alo[j];
        int oh = ahi[j];
        if (ol >= oh) {
            for (int d = lo; d < hi; d++) {
                at[base + d] = 0;
            }
            alo[j] = lo;
            ahi[j] = hi;
            return;
        }
        if (lo < ol) {
            for (int d = lo; d < ol; d++) {
                at[base + d] = 0;
            }
            alo[j] = lo;
        }
        if (hi > oh) {
            for (int d = oh; d < hi; d++) {
                at[base + d] = 0;
            }
            ahi[j] = hi;
        }
    }

    /** w zeroed on [0, m), or a new array when w is too short. */
    private double[] zeroed(double[] w, int m) {
        if (w == null || w.length < m) {
            return new double[Math.max(m, capacity)];
        }
        Arrays.fill(w, 0, m, 0);
        return w;
    }

    /** @return e.g. {@code HTape[12 nodes, 2 inputs]} */
    @Override
    public String toString() {
        return "HTape[" + size + " nodes, " + inputCount + " inputs]";
    }
}
