package org.dualad.reverse;

import java.util.Arrays;
import org.apache.commons.math3.Field;
import org.dualad.TapeFootprint;
import org.dualad.dual.Chain;
import org.dualad.dual.Op;
import org.dualad.dual.Rule;
import org.dualad.dual.SimpleField;
import org.dualad.dual.VectorRule;
import org.dualad.internal.TapeMemory;

/**
 * A reverse-mode tape: every operation on a {@link Var} of this tape appends one node, stored as
 * struct-of-arrays in growable primitive arrays.
 *
 * <h2>Layout (32 bytes per node in the hot arrays, plus a 1-byte op code)</h2>
 * <table>
 *   <caption>per-node storage</caption>
 *   <tr><th>array</th><th>bytes</th><th>content</th></tr>
 *   <tr><td>{@code double[] value}</td><td>8</td><td>the node's value</td></tr>
 *   <tr><td>{@code int[] args}</td><td>4 + 4</td><td>the two argument node indices side by side,
 *       -1 for a constant argument or no argument</td></tr>
 *   <tr><td>{@code double[] partials}</td><td>8 + 8</td><td>the two local partials d node / d arg
 *       side by side; where the argument is a constant (index -1) the slot holds instead the
 *       constant's value, and for a one-argument op the second slot holds the op's constant
 *       parameter (the c of x + c): what a replay and the printed graph need, at no extra
 *       cost</td></tr>
 *   <tr><td>{@code byte[] op}</td><td>1</td><td>{@link Op#ordinal()}, or -1 for an input</td></tr>
 * </table>
 * The backward sweep adds one {@code double} adjoint per node (8 bytes): 41 bytes per node of
 * capacity in all, plus 12 bytes per decision of a piecewise op (abs, floor, ...). Constants,
 * including those made by {@link #constant}, by the field or by {@code Var} arithmetic with a
 * {@code double}, cost no node. A tape of 5 x 10<sup>7</sup> nodes needs about 1.65 GB plus 0.4 GB
 * of adjoints.
 *
 * <h2>Memory</h2>
 * The arrays double when full, so the capacity stays below twice the nodes recorded once the tape
 * has grown; {@link #footprint()} reads nodes, capacity and bytes. {@link #Tape(int, long)} caps the
 * tape: recording beyond maxNodes nodes throws {@link org.dualad.TapeLimitException} and leaves the
 * tape as it was. A tape that cannot grow because the heap cannot hold it throws an
 * {@link OutOfMemoryError} naming its size and the heap's limit, also leaving it as it was (see
 * {@link TapeMemory}).
 *
 * <h2>Backward sweep</h2>
 * One loop from the output down to node 0 over primitive arrays, no allocation, no virtual call:
 * {@code adj[arg] += partial * adj[i]}, the product under the zero policy of {@link Chain} (a zero
 * partial gives 0 against an infinite or NaN adjoint). Nodes whose adjoint is exactly zero are
 * skipped (see {@link #SKIP_ZERO_ADJOINTS}), which is the same policy on the adjoint's side.
 *
 * <h2>Errors and threads</h2>
 * A tape belongs to the thread that created it: touching it (recording, sweeping, resetting,
 * reading an adjoint) from another thread throws {@link IllegalStateException} naming both
 * threads. Combining {@code Var}s of two tapes throws {@link IllegalArgumentException} naming both
 * tapes. After {@link #reset()} every {@code Var} recorded before is stale (a generation counter)
 * and using it throws {@link IllegalStateException}. There is no global state: tapes are
 * independent.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Var x = tape.variable(2), y = tape.variable(0.5);
 * Var f = x.multiply(x.multiply(x).add(y.multiply(y)).multiply(-0.5).exp());
 * tape.backward(f);
 * tape.adjoint(x);   // -3 exp(-2.125)
 * }</pre>
 */
public final class Tape {
    /**
     * The sweep skips a node whose adjoint is exactly 0 (CoDiPack does the same): a node that does
     * not influence the output then contributes nothing even where its local partial is infinite or
     * NaN (0 * inf would otherwise give NaN). A NaN or infinite adjoint is never skipped, so NaN
     * still propagates from any node that does influence the output.
     */
    public static final boolean SKIP_ZERO_ADJOINTS = true;

    /** The op code of an independent variable. */
    static final byte INPUT = -1;

    /** The op code of an output of a vector block ({@link org.dualad.dual.VectorRule}). */
    static final byte BLOCK = -2;

    /** The largest number of nodes a tape holds (the largest Java array, with some slack). */
    static final int MAX_NODES = (Integer.MAX_VALUE - 16) / 2;

    private static final Op[] OPS = Op.values();
    private static final int DEFAULT_CAPACITY = 64;

    // Package-private: Var records into them, Recording replays them, Dot prints them.
    double[] value;
    /** Argument indices, two per node: args[2i] and args[2i + 1]. */
    int[] args;
    /** Local partials, two per node, next to each other as the sweep reads them. */
    double[] partials;
    byte[] op;
    int size;

    /** Adjoints of the last sweep, valid for nodes [0, swept). */
    double[] adjoint = new double[0];
    int swept = -1;

    /** Discrete decisions of piecewise ops: node index and key, in tape order. */
    final Decisions decisions = new Decisions();

    /**
     * Custom rules ({@link Op#CUSTOM}): the first node of each, in tape order, and its rule. A rule
     * of k &le; 2 arguments is one node (its arguments and partials in the node's two slots); one
     * of k &gt; 2 arguments is a chain of k - 1 nodes, each holding the value: the first takes
     * arguments 1 and 2, each further node the previous node (partial 1) and the next argument.
     */
    int[] customNode = new int[4];
    Rule[] customRule = new Rule[4];
    int customs;

    /** How many times user code read a node's value (a possible branch), and the first such node. */
    int userReads;
    int firstReadNode = -1;

    int inputs;

    /** Vector blocks in tape order, each owning the output nodes [base, base + m) (op BLOCK). */
    TapeBlock[] blocks = new TapeBlock[0];
    int blockCount;

    /**
     * Bumped by every reset: a {@code Var} carries the generation it was recorded in. 64 bits, so
     * it cannot wrap around to a stale variable's generation (an int would after 2^32 resets).
     */
    long generation;
    /**
     * The heap limit the growth check compares against ({@link Runtime#maxMemory()}, read once
     * per tape; lowered by tests to reach the out-of-memory path without filling the heap).
     */
    long heapLimit = Runtime.getRuntime().maxMemory();
    /** True while {@link Reverse} lends this tape (its per-thread scratch) to a call. */
    boolean borrowed;
    /** The cap: the most nodes this tape records. */
    private final long maxNodes;
    private final Thread owner;
    private final Field<Var> field;

    /** Creates an empty tape owned by the calling thread. */
    public Tape() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates an empty tape owned by the calling thread, with room for {@code capacity} nodes
     * before it first grows (it doubles whenever full).
     *
     * @param capacity the initial number of nodes, at least 0
     * @throws IllegalArgumentException if capacity is negative
     */
    public Tape(int capacity) {
        this(capacity, MAX_NODES);
    }

    /**
     * Creates an empty tape owned by the calling thread, with room for {@code capacity} nodes
     * before it first grows, that records at most {@code maxNodes} nodes (inputs included): one
     * more throws {@link org.dualad.TapeLimitException} naming the tape's size, the cap and the
     * heap it takes, and records nothing. At 41 bytes a node (with the adjoints), the cap bounds
     * the tape's heap to about 41 maxNodes bytes.
     *
     * @param capacity the initial number of nodes, at least 0 (no more than maxNodes are allocated)
     * @param maxNodes the most nodes the tape may record, at least 1
     * @throws IllegalArgumentException if capacity is negative or maxNodes &lt; 1
     */
    public Tape(int capacity, long maxNodes) {
        if (capacity < 0) {
            throw new IllegalArgumentException("Tape: capacity is " + capacity + " but must be >= 0");
        }
        this.maxNodes = Math.min(TapeMemory.checkCap(maxNodes, "Tape"), MAX_NODES);
        int c = (int) Math.min(Math.max(capacity, 4), this.maxNodes);
        value = new double[c];
        args = new int[2 * c];
        partials = new double[2 * c];
        op = new byte[c];
        owner = Thread.currentThread();
        field = SimpleField.of(new Var(this, -1, 0, 0), new Var(this, -1, 1, 0));
    }

    // ---------------------------------------------------------------- public API

    /**
     * Records an independent variable (an input node).
     *
     * @param x its value
     * @return a handle to the new node
     * @throws IllegalStateException if called from a thread other than the owner
     */
    public Var variable(double x) {
        checkOwner("variable");
        int i = next();
        value[i] = x;
        args[2 * i] = -1;
        args[2 * i + 1] = -1;
        partials[2 * i] = 0;
        partials[2 * i + 1] = 0;
        op[i] = INPUT;
        inputs++;
        return new Var(this, i, x, generation);
    }

    /**
     * Makes a constant of this tape: it records no node and its adjoint is always 0.
     *
     * @param c the value
     * @return the constant
     */
    public Var constant(double c) {
        return new Var(this, -1, c, 0);
    }

    /** @return the field of this tape's variables; its zero and one are constants */
    public Field<Var> field() {
        return field;
    }

    /** @return the number of recorded nodes (inputs and operations; constants cost none) */
    public int size() {
        return size;
    }

    /** @return the number of input nodes recorded by {@link #variable} */
    public int inputCount() {
        return inputs;
    }

    /** @return the most nodes this tape records (its cap, or the largest array's when none was given) */
    public long maxNodes() {
        return maxNodes;
    }

    /**
     * The heap this tape's arrays hold: per node of capacity 41 bytes (value 8, two arguments 8,
     * two partials 16, op code 1, adjoint 8 once a sweep has run), plus 12 bytes per slot of the
     * piecewise decisions, plus what its vector rules keep; array headers not counted. (For what
     * the recorded nodes take, without the growth slack, see {@link #bytes()}.)
     *
     * @return its nodes, capacity and bytes
     */
    public TapeFootprint footprint() {
        long bytes = 8L * value.length + 4L * args.length + 8L * partials.length + op.length
                + 8L * adjoint.length + decisions.bytes();
        for (int k = 0; k < blockCount; k++) {
            bytes += blocks[k].bytes();
        }
        return new TapeFootprint(size, value.length, bytes);
    }

    /**
     * @return how many times user code read a variable's value through {@code getReal()} or
     *     {@code round()} since the last reset: each read may be a branch on the inputs
     */
    public int userReads() {
        return userReads;
    }

    /**
     * Runs the backward sweep from {@code output}: seeds its adjoint with 1 and accumulates
     * adj[arg] += partial * adj[node] down to node 0. Afterwards {@link #adjoint(Var)} gives
     * d output / d v for every node v recorded before the output. A constant output leaves every
     * adjoint 0. Atomic: a call that throws leaves the adjoints of the previous sweep as they were.
     *
     * @param output the node to differentiate
     * @throws IllegalArgumentException if output belongs to another tape
     * @throws IllegalStateException if output is stale (recorded before a reset) or the caller is
     *     not the owner thread
     */
    public void backward(Var output) {
        checkOwner("backward");
        java.util.Objects.requireNonNull(output, "backward: output is null");
        if (output.index >= 0) {
            checkMine("backward", output); // before touching the adjoints: a refused call keeps the last sweep's
        }
        prepareAdjoints();
        if (output.index < 0) {
            return;
        }
        adjoint[output.index] = 1;
        sweep(output.index);
    }

    /**
     * Runs one backward sweep seeded by several outputs at once: adj[outputs[k]] += seeds[k], then
     * the sweep. This is the vector-Jacobian product u^T J with u = seeds.
     *
     * @param outputs the outputs (constants among them contribute nothing)
     * @param seeds their adjoint seeds, same length
     * @throws NullPointerException if an argument or an output is null
     * @throws IllegalArgumentException if the lengths differ or an output belongs to another tape
     * @throws IllegalStateException if an output is stale (recorded before a reset)
     */
    public void backward(Var[] outputs, double[] seeds) {
        checkOwner("backward");
        java.util.Objects.requireNonNull(outputs, "backward: outputs is null");
        java.util.Objects.requireNonNull(seeds, "backward: seeds is null");
        if (outputs.length != seeds.length) {
            throw new IllegalArgumentException("backward: outputs has length " + outputs.length
                    + " but seeds has length " + seeds.length + "; give one seed per output");
        }
        // every check before the adjoints are touched: a refused call keeps the last sweep's
        for (int k = 0; k < outputs.length; k++) {
            Var v = outputs[k];
            if (v == null) {
                throw new NullPointerException("backward: outputs[" + k + "] is null");
            }
            if (v.index >= 0) {
                checkMine("backward", v);
            }
        }
        prepareAdjoints();
        int top = -1;
        for (int k = 0; k < outputs.length; k++) {
            Var v = outputs[k];
            if (v.index >= 0) {
                adjoint[v.index] += seeds[k];
                top = Math.max(top, v.index);
            }
        }
        if (top >= 0) {
            sweep(top);
        }
    }

    /**
     * The adjoint of v from the last {@link #backward} sweep: d output / d v. 0 for a constant.
     *
     * @param v a node of this tape
     * @return its adjoint
     * @throws IllegalStateException if no sweep ran since v was recorded
     */
    public double adjoint(Var v) {
        checkOwner("adjoint");
        if (v.index < 0) {
            return 0;
        }
        checkMine("adjoint", v);
        return adjoint(v.index);
    }

    /**
     * Forgets every node (keeping the allocated arrays for the next recording). Every {@code Var}
     * recorded so far becomes stale: using it, its value included ({@code getReal()}), throws
     * {@link IllegalStateException}. The generation counter is 64 bits: it never wraps back.
     */
    public void reset() {
        checkOwner("reset");
        size = 0;
        inputs = 0;
        swept = -1;
        decisions.clear();
        Arrays.fill(customRule, 0, customs, null); // let the rules go
        customs = 0;
        userReads = 0;
        firstReadNode = -1;
        generation++;
        if (blockCount > 0) {
            Arrays.fill(blocks, 0, blockCount, null); // let the factorizations go
            blockCount = 0;
        }
    }

    // ---------------------------------------------------------------- per-node accessors (printing)

    /**
     * @param node a node index in [0, size())
     * @return the node's operation, or null for an input
     * @throws IllegalStateException for an output of a vector rule, which has no {@code Op} (see
     *     {@link #vectorRule(int)})
     */
    public Op op(int node) {
        checkNode(node);
        byte o = op[node];
        if (o == BLOCK) {
            throw new IllegalStateException("op: node #" + node + " of " + name() + " is output "
                    + (node - block(node).base) + " of " + block(node).describe() + ", which has no Op;"
                    + " ask vectorRule(node) first");
        }
        return o == INPUT ? null : OPS[o];
    }

    /**
     * @param node a node index in [0, size())
     * @return true if the node is an independent variable
     */
    public boolean isInput(int node) {
        checkNode(node);
        return op[node] == INPUT;
    }

    /**
     * @param node a node index in [0, size())
     * @return its value
     */
    public double value(int node) {
        checkNode(node);
        return value[node];
    }

    /**
     * @param node a node index in [0, size())
     * @return how many arguments the node's operation takes: 0 (input, or an output of a vector
     *     rule, whose arguments are {@link #vectorRuleArguments(int)}), 1 or 2
     */
    public int arity(int node) {
        checkNode(node);
        if (op[node] == CUSTOM) {
            return customRule[customEntry(node)].arity() == 1 ? 1 : 2;
        }
        return op[node] < 0 ? 0 : OPS[op[node]].arity();
    }

    /**
     * @param node a node index in [0, size())
     * @return the custom {@link Rule} the node belongs to (for a rule of k &gt; 2 arguments, every
     *     node of its chain), or null for a node of a built-in op or an input
     */
    public Rule rule(int node) {
        checkNode(node);
        return op[node] == CUSTOM ? customRule[customEntry(node)] : null;
    }

    /** The op code of a custom rule's nodes. */
    static final byte CUSTOM = (byte) Op.CUSTOM.ordinal();

    /** The entry of customNode/customRule whose chain holds the CUSTOM node. */
    int customEntry(int node) {
        int lo = 0;
        int hi = customs - 1;
        while (lo < hi) { // the last entry whose first node is <= node
            int mid = (lo + hi + 1) >>> 1;
            if (customNode[mid] <= node) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * @param node a node index in [0, size())
     * @param k 0 for the first argument, 1 for the second
     * @return the argument's node index, or -1 if that argument is a constant (or absent)
     */
    public int argument(int node, int k) {
        checkArgument(node, k);
        return args[2 * node + k];
    }

    /**
     * @param node a node index in [0, size())
     * @param k 0 for the first argument, 1 for the second
     * @return the argument's value (a node's value, or the constant's)
     */
    public double argumentValue(int node, int k) {
        checkArgument(node, k);
        int a = args[2 * node + k];
        return a >= 0 ? value[a] : partials[2 * node + k];
    }

    /**
     * @param node a node index in [0, size())
     * @param k 0 for the first argument, 1 for the second
     * @return the local partial d node / d argument k; 0 for a constant argument (whose partial
     *     is never needed, so not recorded)
     */
    public double partial(int node, int k) {
        checkArgument(node, k);
        int a = args[2 * node + k];
        return a < 0 ? 0 : partials[2 * node + k];
    }

    /**
     * @param node a node index in [0, size())
     * @return the constant parameter of a one-argument operation (the c of x + c, the n of x^n),
     *     0 where it has none or for an input or two-argument node
     */
    public double constantParameter(int node) {
        checkNode(node);
        return op[node] >= 0 && OPS[op[node]].arity() == 1 ? partials[2 * node + 1] : 0;
    }

    /**
     * @param node a node index in [0, size())
     * @return its adjoint from the last sweep
     * @throws IllegalStateException if no sweep has covered this node
     */
    public double adjoint(int node) {
        checkNode(node);
        if (node >= swept) {
            throw new IllegalStateException("adjoint: node #" + node + " has no adjoint yet: call"
                    + " backward(output) after recording it (last sweep covered " + Math.max(swept, 0)
                    + " of " + size + " nodes)");
        }
        return adjoint[node];
    }

    /**
     * @param node a node index in [0, size())
     * @return the vector rule whose output the node is, or null for any other node
     */
    public VectorRule vectorRule(int node) {
        checkNode(node);
        return op[node] == BLOCK ? block(node).lin.rule() : null;
    }

    /**
     * @param node an output of a vector rule
     * @return which of the rule's outputs it is, in [0, m)
     * @throws IllegalArgumentException if the node is not an output of a vector rule
     */
    public int vectorRuleOutput(int node) {
        return node - blockOf("vectorRuleOutput", node).base;
    }

    /**
     * @param node an output of a vector rule
     * @return the rule's input nodes, in order, -1 for a constant input (a new array)
     * @throws IllegalArgumentException if the node is not an output of a vector rule
     */
    public int[] vectorRuleArguments(int node) {
        return blockOf("vectorRuleArguments", node).inputs.clone();
    }

    /**
     * @return the bytes this recording keeps without the arrays' growth slack (compare
     *     {@link #footprint()}): {@value #BYTES_PER_NODE} per node plus what its vector rules keep (input indices and each rule's linearization, e.g. a factorization)
     */
    public long bytes() {
        long b = (long) size * BYTES_PER_NODE;
        for (int k = 0; k < blockCount; k++) {
            b += blocks[k].bytes();
        }
        return b;
    }

    private TapeBlock blockOf(String method, int node) {
        checkNode(node);
        if (op[node] != BLOCK) {
            throw new IllegalArgumentException(method + ": node #" + node + " of " + name()
                    + " is not an output of a vector rule");
        }
        return block(node);
    }

    /** The block owning a BLOCK node (binary search: blocks are in tape order). */
    TapeBlock block(int node) {
        int lo = 0;
        int hi = blockCount - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (blocks[mid].base <= node) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return blocks[lo];
    }

    /**
     * @param v a variable or constant of this tape
     * @return its node index, or -1 for a constant
     */
    public int index(Var v) {
        return v.index < 0 ? -1 : checkMine("index", v);
    }

    /** @return e.g. {@code Tape@1b6d3586[12 nodes, owner main]} */
    @Override
    public String toString() {
        return name() + "[" + size + " nodes, owner " + owner.getName() + "]";
    }

    // ---------------------------------------------------------------- recording (called by Var)

    /**
     * Records y = op(x) given y's value f0 and dy/dx = f1; c is the op's constant parameter.
     * Returns the new node's index (the caller makes the one {@code Var}).
     */
    int unary(Var x, Op o, double c, double f0, double f1) {
        if (x.generation != generation || Thread.currentThread() != owner) {
            checkOwner(o.symbol());
            checkMine(o.symbol(), x);
        }
        int i = size;
        if (i == value.length) {
            grow();
        }
        value[i] = f0;
        args[2 * i] = x.index;
        args[2 * i + 1] = -1;
        partials[2 * i] = f1;
        partials[2 * i + 1] = c;
        op[i] = (byte) o.ordinal();
        size = i + 1;
        if (o.isPiecewise()) {
            decisions.add(i, o, x.value, c, f0, f1, 0);
        }
        return i;
    }

    /**
     * Records g = op(x, y) given g's value and partials; at least one of x, y is a node of this
     * tape, the other may be a constant (its value then fills the partial slot). Returns the new
     * node's index.
     */
    int binary(Var x, Var y, Op o, double g0, double gx, double gy) {
        if (Thread.currentThread() != owner) {
            checkOwner(o.symbol());
        }
        int ax = x.index;
        int ay = y.index;
        if (ax >= 0 && (x.tape != this || x.generation != generation)) {
            checkMine(o.symbol(), x, y);
        }
        if (ay >= 0 && (y.tape != this || y.generation != generation)) {
            checkMine(o.symbol(), y, x);
        }
        int i = size;
        if (i == value.length) {
            grow();
        }
        value[i] = g0;
        args[2 * i] = ax;
        args[2 * i + 1] = ay;
        partials[2 * i] = ax >= 0 ? gx : x.value;
        partials[2 * i + 1] = ay >= 0 ? gy : y.value;
        op[i] = (byte) o.ordinal();
        size = i + 1;
        if (o.isPiecewise()) {
            decisions.add(i, o, x.value, 0, g0, gx, gy);
        }
        return i;
    }

    /**
     * Records a vector block on the variables of x (at least one of them a node of this tape):
     * m output nodes (op BLOCK) holding the rule's outputs, and the block in the side list.
     * Returns the first output node.
     */
    int block(VectorRule.Linearization lin, Var[] x) {
        String what = "vector rule '" + lin.rule().name() + "'";
        checkOwner(what);
        int[] nodes = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            nodes[i] = x[i].index < 0 ? -1 : checkMine(what, x[i]);
        }
        int m = lin.rule().outputs();
        int base = size;
        for (int j = 0; j < m; j++) {
            int i = next();
            value[i] = lin.output(j);
            args[2 * i] = -1;
            args[2 * i + 1] = -1;
            partials[2 * i] = 0;
            partials[2 * i + 1] = 0;
            op[i] = BLOCK;
        }
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, Math.max(4, 2 * blockCount));
        }
        blocks[blockCount++] = new TapeBlock(lin, base, nodes, null);
        return base;
    }

    /**
     * Records y = rule(args) with value f0 and partials g: one node for k &le; 2, a chain of k - 1
     * for k &gt; 2 (see {@link #customNode}); at least one argument is a node, constants fill their
     * partial slots with their values. Returns the last node (the caller makes the one {@code Var}).
     */
    int custom(Rule rule, Var[] xs, double f0, double[] g) {
        int k = xs.length;
        int i;
        if (k == 1) {
            i = unary(xs[0], Op.CUSTOM, 0, f0, g[0]);
        } else {
            i = binary(xs[0], xs[1], Op.CUSTOM, f0, g[0], g[1]);
        }
        if (customs == customNode.length) {
            customNode = Arrays.copyOf(customNode, 2 * customs);
            customRule = Arrays.copyOf(customRule, 2 * customs);
        }
        customNode[customs] = i;
        customRule[customs] = rule;
        customs++;
        for (int j = 2; j < k; j++) {
            Var a = xs[j];
            if (a.index >= 0 && (a.tape != this || a.generation != generation)) {
                checkMine(rule.name(), a);
            }
            int l = next();
            value[l] = f0;
            args[2 * l] = l - 1;
            args[2 * l + 1] = a.index;
            partials[2 * l] = 1;
            partials[2 * l + 1] = a.index >= 0 ? g[j] : a.value;
            op[l] = CUSTOM;
            i = l;
        }
        return i;
    }

    /**
     * Notes that user code read a node's value (a possible branch on the inputs). A read of a
     * stale variable (recorded before a reset, or on a recording's tape that has been replaced)
     * throws: its value belongs to an earlier point, and code that mixes it in would silently
     * compute with it.
     */
    void noteRead(Var v, String method) {
        if (v.generation != generation) {
            checkMine(method, v);
        }
        if (Thread.currentThread() == owner) {
            if (userReads++ == 0) {
                firstReadNode = v.index;
            }
        }
    }

    /**
     * Counts a read that must never throw ({@code toString}, {@code hashCode}: printing and
     * hashing a stale variable stays possible); a stale or foreign-thread read is not counted.
     */
    void noteReadQuietly(Var v) {
        if (v.generation == generation && Thread.currentThread() == owner) {
            if (userReads++ == 0) {
                firstReadNode = v.index;
            }
        }
    }

    /**
     * Makes every variable recorded so far stale without forgetting the nodes: a
     * {@link Recording} retires a tape it replaces, so a variable leaked out of an earlier
     * recording of f (a field, a cache) throws when a later one uses it.
     */
    void retire() {
        generation++;
    }

    // ---------------------------------------------------------------- sweep

    private void prepareAdjoints() {
        if (adjoint.length < size) {
            adjoint = new double[value.length];
        } else {
            Arrays.fill(adjoint, 0, size, 0.0);
        }
        swept = size;
    }

    /**
     * The backward sweep from node top down to 0; adjoint[] holds the seeds. Between vector blocks
     * the node kernel; each block's vjp once where the sweep reaches it (every consumer of its
     * outputs lies above it, so their adjoints are complete).
     */
    void sweep(int top) {
        int b = blockCount - 1;
        while (b >= 0 && blocks[b].base > top) {
            b--;
        }
        for (; b >= 0; b--) {
            TapeBlock k = blocks[b];
            sweep(top, k.base + k.m, adjoint, args, partials);
            k.sweep(adjoint);
            top = k.base - 1;
        }
        sweep(top, 0, adjoint, args, partials);
    }

    /** The kernel from top down to 0 on a tape without vector blocks. */
    static void sweep(int top, double[] adj, int[] args, double[] partials) {
        sweep(top, 0, adj, args, partials);
    }

    /** The kernel from top down to bottom, on locals so the JIT keeps everything in registers. */
    static void sweep(int top, int bottom, double[] adj, int[] args, double[] partials) {
        for (int i = top; i >= bottom; i--) {
            double a = adj[i];
            if (SKIP_ZERO_ADJOINTS && a == 0) {
                continue;
            }
            int k = 2 * i;
            // a finite non-zero adjoint times any partial is the zero policy's product (Chain)
            boolean plain = Math.abs(a) <= Double.MAX_VALUE;
            int j = args[k];
            if (j >= 0) {
                adj[j] += plain ? partials[k] * a : Chain.term(partials[k], a);
            }
            j = args[k + 1];
            if (j >= 0) {
                adj[j] += plain ? partials[k + 1] * a : Chain.term(partials[k + 1], a);
            }
        }
    }

    // ---------------------------------------------------------------- checks and growth

    private int next() {
        int i = size;
        if (i == value.length) {
            grow();
        }
        size = i + 1;
        return i;
    }

    private void grow() {
        int old = value.length;
        int c = TapeMemory.grownCapacity(NAME, size + 1L, old, maxNodes, 0, MAX_NODES, BYTES_PER_NODE, heapLimit);
        TapeMemory.resize(NAME, size + 1L, old, c, 0, BYTES_PER_NODE, heapLimit, this::resize);
    }

    /** The arrays with room for c nodes, or false (the tape as it was) where the heap cannot hold them. */
    private boolean resize(int c) {
        try {
            double[] v = Arrays.copyOf(value, c);
            int[] a = Arrays.copyOf(args, 2 * c);
            double[] p = Arrays.copyOf(partials, 2 * c);
            byte[] o = Arrays.copyOf(op, c);
            value = v;
            args = a;
            partials = p;
            op = o;
            return true;
        } catch (OutOfMemoryError e) {
            return false;
        }
    }

    /** The tape's name in messages about its size. */
    private static final String NAME = "Tape";

    /**
     * Bytes a node of capacity takes: value, two args, two partials, op code, and its adjoint
     * once swept.
     */
    static final int BYTES_PER_NODE = 41;

    void checkOwner(String method) {
        Thread t = Thread.currentThread();
        if (t != owner) {
            throw new IllegalStateException(method + ": " + name() + " belongs to thread '" + owner.getName()
                    + "' but was used from thread '" + t.getName()
                    + "'; a tape is single-threaded: give each thread its own tape");
        }
    }

    /** Checks that v is a live node of this tape; returns its index. */
    private int checkMine(String method, Var v) {
        return checkMine(method, v, null);
    }

    private int checkMine(String method, Var v, Var other) {
        checkOwner(method);
        if (v.tape != this) {
            Tape mine = other != null && other.index >= 0 ? other.tape : this;
            throw new IllegalArgumentException(method + ": " + v.describe() + " belongs to " + v.tape.name()
                    + " but is combined with " + mine.name()
                    + "; variables of two tapes cannot be mixed (record both on one tape)");
        }
        if (v.generation != generation) {
            throw new IllegalStateException(method + ": " + v.describe() + " was recorded in generation "
                    + v.generation + " of " + name() + ", which has been reset (now generation "
                    + generation + "); a variable cannot be used after reset(), nor one leaked out of an"
                    + " earlier recording or call of f");
        }
        return v.index;
    }

    private void checkNode(int node) {
        if (node < 0 || node >= size) {
            throw new IndexOutOfBoundsException("node " + node + " is not in [0, " + size + ") of " + name());
        }
    }

    private void checkArgument(int node, int k) {
        checkNode(node);
        if (k != 0 && k != 1) {
            throw new IndexOutOfBoundsException("argument " + k + " of node " + node + ": k must be 0 or 1");
        }
    }

    String name() {
        return "Tape@" + Integer.toHexString(System.identityHashCode(this));
    }

    Thread owner() {
        return owner;
    }
}
