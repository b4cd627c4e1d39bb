package org.dualad.reverse;

import org.apache.commons.math3.Field;
import org.dualad.dual.Chain;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Op;
import org.dualad.dual.VectorComposable;
import org.dualad.dual.VectorRule;

/**
 * The number type {@link Reverse#gradient}, {@link Reverse#vjp} and {@link Reverse#jacobian} run f
 * on: a value v and its derivative as a multiple of one node of an {@link EdgeTape},
 * dv = p d node.
 *
 * <h2>Why: unary operations cost nothing</h2>
 * A unary operation y = f(x), or a binary one with a constant operand (x + c, c x, x / c, ...),
 * records nothing: y refers to x's node with the partial p f'(x). Only a binary operation of two
 * variables records a node, whose two edges are the operands' nodes with partials p dg/dx and
 * q dg/dy; the result is 1 times that node. On two variables of the same node (x x, x - x, and x
 * against x + 1 alike) it adds the partials and records nothing. So the sweep visits a condensed
 * graph, every chain of unary steps folded into one edge: the Extended Rosenbrock function
 * records 3 nodes per input where the op tape records 9. This is preaccumulation (the idea
 * behind Adept's expression templates and CoDiPack's Jacobian tapes) done at run time on a form
 * small enough to live in the fields of one small object.
 *
 * <h2>The zero policy</h2>
 * Every product of two partials here (folding a step into p) and in the sweep is
 * {@link Chain#term}: exactly 0 when either factor is exactly 0, even against an infinite or NaN
 * other factor. So a chain through a zero factor contributes 0 whichever order its products are
 * taken in (d/dx [0 sqrt(x)] = 0 and d/dx sqrt(x x) = 0 at 0), as in every other mode.
 *
 * <p>Immutable; user code sees it only as the {@code T} of its function. {@code getReal()} is not
 * tracked (nothing is replayed from this tape), but reading the value of a variable of an earlier
 * call (leaked out of f into a field) during a later call throws, as any other use of it does.
 */
final class LinVar implements Differentiable<LinVar>, VectorComposable<LinVar> {
    final EdgeTape tape;
    final long generation;
    final double value;
    /** The node, or -1 for a constant. */
    final int node;
    /** d value / d node. */
    final double partial;

    LinVar(EdgeTape tape, long generation, double value, int node, double partial) {
        this.tape = tape;
        this.generation = generation;
        this.value = value;
        this.node = node;
        this.partial = partial;
    }

    @Override
    public double value() {
        return value;
    }

    /**
     * The value, as user code reads it. Read inside a later call on this variable's tape (leaked
     * out of f into a field), it throws: its value belongs to an earlier point, and the later call
     * would silently compute with it. Read after its call has returned, it is just a number.
     *
     * @throws IllegalStateException for a variable of an earlier call, read during a later one
     */
    @Override
    public double getReal() {
        if (node >= 0 && generation != tape.generation && tape.borrowed) {
            throw stale("getReal", tape, generation);
        }
        return value;
    }

    /**
     * Math.round of the value, as user code reads it.
     *
     * @throws IllegalStateException for a variable of an earlier call, read during a later one
     */
    @Override
    public long round() {
        return Math.round(getReal());
    }

    @Override
    public Field<LinVar> getField() {
        return tape.field;
    }

    // One allocation site per hook, and no local holding `this` or y merged from both, so that the
    // JIT keeps the temporaries of user code in registers; the error paths take fields for the
    // same reason. Both hooks stay small enough to be inlined even once compiled on their own.

    @Override
    public LinVar compose(Op op, double c, double f0, double f1, double f2) {
        if (node >= 0 && generation != tape.generation) {
            throw stale(op, tape, generation);
        }
        return new LinVar(tape, node >= 0 ? generation : 0, f0, node, node >= 0 ? Chain.term(partial, f1) : 0);
    }

    @Override
    public LinVar compose(Op op, LinVar y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
        boolean xa = node >= 0;
        boolean ya = y.node >= 0;
        EdgeTape t = xa ? tape : y.tape;
        long gen = xa ? generation : y.generation;
        if ((xa || ya) && (gen != t.generation || xa && ya && (y.tape != t || y.generation != gen))) {
            throw misuse(op, tape, generation, xa, y.tape, y.generation, ya);
        }
        double qx = xa ? Chain.term(partial, gx) : 0;
        double qy = ya ? Chain.term(y.partial, gy) : 0;
        int k = xa ? node : y.node;
        double q = xa ? qx : qy;
        if (xa && ya) {
            if (node == y.node) {
                q = qx + qy; // x x, x - x, x / (x + 1): two edges to one node are one
            } else {
                k = t.node(node, qx, y.node, qy);
                q = 1;
            }
        }
        return new LinVar(t, k >= 0 ? gen : 0, g0, k, q);
    }

    // Plain arithmetic written out (as Dual does), with the rules' own first-order expressions
    // (a first-order tape has no use for the second-order ones): the hot path of every user
    // function. Reached through the shared default methods instead, it would
    // depend on the JIT inlining those, and once another number type has made one of them hot
    // enough to be compiled on its own it is too big to inline, and every temporary of f
    // becomes an allocation. The every-op-every-mode test holds these to the rules bit for bit.

    @Override
    public LinVar add(LinVar y) {
        return compose(Op.ADD, y, value + y.value, 1, 1, 0, 0, 0);
    }

    @Override
    public LinVar subtract(LinVar y) {
        return compose(Op.SUBTRACT, y, value - y.value, 1, -1, 0, 0, 0);
    }

    @Override
    public LinVar multiply(LinVar y) {
        return compose(Op.MULTIPLY, y, value * y.value, y.value, value, 0, 1, 0);
    }

    @Override
    public LinVar divide(LinVar y) {
        // divide, not multiply by 1/y: 1/y overflows for a subnormal y where x/y does not
        double q = value / y.value;
        // -q/y, or the rule table's form where q or it leaves the normal range (the replay's own)
        return compose(Op.DIVIDE, y, q, 1 / y.value, ReplayProgram.quotientSlope(value, y.value, q), 0, 0, 0);
    }

    @Override
    public LinVar negate() {
        return compose(Op.NEGATE, 0, -value, -1, 0);
    }

    @Override
    public LinVar add(double c) {
        return compose(Op.ADD_CONSTANT, c, value + c, 1, 0);
    }

    @Override
    public LinVar subtract(double c) {
        return compose(Op.SUBTRACT_CONSTANT, c, value - c, 1, 0);
    }

    @Override
    public LinVar multiply(double c) {
        return compose(Op.MULTIPLY_CONSTANT, c, value * c, c, 0);
    }

    @Override
    public LinVar multiply(int n) {
        return multiply((double) n);
    }

    @Override
    public LinVar divide(double c) {
        return compose(Op.DIVIDE_CONSTANT, c, value / c, 1 / c, 0);
    }

    /**
     * Records a vector block: its outputs are m new nodes, each 1 times itself; its inputs are the
     * variables' nodes with their partials (so a unary chain before the block stays folded). All
     * constant inputs give constant outputs and record nothing.
     */
    @Override
    public void composeVector(VectorRule.Linearization lin, LinVar[] x, LinVar[] y) {
        String what = "vector rule '" + lin.rule().name() + "'";
        EdgeTape t = null;
        long gen = 0;
        int[] nodes = new int[x.length];
        double[] scales = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            LinVar v = x[i];
            nodes[i] = v.node;
            scales[i] = v.partial;
            if (v.node < 0) {
                continue;
            }
            if (t == null) {
                t = v.tape;
                gen = v.generation;
            }
            if (v.tape != t) {
                throw new IllegalArgumentException(what + ": a variable of " + v.tape.name() + " is combined with one of "
                        + t.name() + "; variables of two Reverse calls (or threads) cannot be mixed");
            }
            if (v.generation != t.generation || gen != t.generation) {
                throw stale(what, t, v.generation != t.generation ? v.generation : gen);
            }
        }
        if (t == null) {
            for (int j = 0; j < y.length; j++) {
                y[j] = new LinVar(tape, 0, lin.output(j), -1, 0);
            }
            return;
        }
        int base = t.block(lin, nodes, scales);
        for (int j = 0; j < y.length; j++) {
            y[j] = new LinVar(t, gen, lin.output(j), base + j, 1);
        }
    }

    private static IllegalStateException stale(Op op, EdgeTape tape, long generation) {
        return stale(op.symbol(), tape, generation);
    }

    private static IllegalStateException stale(String op, EdgeTape tape, long generation) {
        return new IllegalStateException(op + ": a variable recorded in generation " + generation
                + " of " + tape.name() + ", which has been reset (now generation " + tape.generation
                + "); a variable of an earlier Reverse call cannot be used after that call returned");
    }

    private static RuntimeException misuse(Op op, EdgeTape tx, long gx, boolean xa, EdgeTape ty, long gy, boolean ya) {
        if (xa && ya && tx != ty) {
            return new IllegalArgumentException(op.symbol() + ": a variable of " + ty.name()
                    + " is combined with one of " + tx.name()
                    + "; variables of two Reverse calls (or threads) cannot be mixed");
        }
        return xa && gx != tx.generation ? stale(op.symbol(), tx, gx) : stale(op.symbol(), ty, gy);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LinVar)) {
            return false;
        }
        LinVar v = (LinVar) o;
        return tape == v.tape && generation == v.generation && node == v.node
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(v.value)
                && Double.doubleToLongBits(partial) == Double.doubleToLongBits(v.partial);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * node + Long.hashCode(generation)) + Double.hashCode(value)) + Double.hashCode(partial);
    }

    /**
     * @return {@code LinVar[0.25]} for a constant, {@code LinVar[0.25; 2.0 d#3]} for a variable:
     *     its value and its derivative as a multiple of a tape node
     */
    @Override
    public String toString() {
        return node < 0 ? "LinVar[" + value + "]" : "LinVar[" + value + "; " + partial + " d#" + node + "]";
    }
}
