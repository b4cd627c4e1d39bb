package org.dualad.dual;

import org.apache.commons.math3.Field;

/**
 * A variable of an {@link HTape}: a value v and its derivatives as a function of ONE tape node,
 * v = phi(node), carried as p = phi'(node) and q = phi''(node) at the recorded point.
 *
 * <h2>Second-order preaccumulation</h2>
 * Only a binary operation of two variables on different nodes records a node; everything else
 * updates (p, q) and records nothing:
 * <ul>
 *   <li>a unary step psi (and a binary operation with a constant operand, which is one):
 *       p' = psi' p, q' = psi'' p^2 + psi' q;</li>
 *   <li>g(x, y) with x = phi_a(a), y = phi_b(b) on two nodes a != b: a new node with first
 *       partials g_x p_a, g_y p_b and second partials g_xx p_a^2 + g_x q_a, g_xy p_a p_b,
 *       g_yy p_b^2 + g_y q_b; the result is that node itself (p = 1, q = 0);</li>
 *   <li>g(x, y) on one node (x x, x - x, x / (x + 1)): the chain rule on that node,
 *       p = g_x p_a + g_y p_b, q = g_xx p_a^2 + 2 g_xy p_a p_b + g_yy p_b^2 + g_x q_a + g_y q_b.</li>
 * </ul>
 * The rules (psi', psi'', g's partials) come from {@link Differentiable}; this class never writes
 * one. The derivatives with respect to the inputs appear only after a sweep
 * ({@link HTape#gradient}, {@link HTape#hvp}, {@link HTape#hessian}), which starts from the
 * output's node and applies its (p, q).
 *
 * <h2>Zero policy</h2>
 * Every product of two factors is {@link Chain#term}: exactly 0 when one factor is exactly 0,
 * whatever the other (infinite or NaN): so a variable that does not depend on its node (p = q = 0, e.g. {@code x - x} or
 * {@code floor(x)}) is a constant, and a constant (p = q = 0) passed through sqrt at 0 stays a
 * constant. A variable whose p and q are both exactly 0 belongs to no tape. Values are untouched:
 * NaN in, NaN out.
 *
 * <p>A constant ({@link HTape#constant(double)}, or a result whose derivatives vanish) belongs to
 * no tape and has p = q = 0.
 *
 * <p>Immutable. {@code equals} compares the tape (by identity) and the value (bitwise, as
 * {@link Double#equals}); it does not compare derivative information. Two variables may share a
 * node (x and sin(x) do); {@link #toString()} shows the node and (p, q).
 */
public final class HVar implements Differentiable<HVar> {
    private static final Field<HVar> FIELD = SimpleField.of(HTape.constant(0), HTape.constant(1));

    /** The recording (its tape and generation), or null for a constant. */
    final HTape.Gen gen;
    /** The node, or -1 for a constant. */
    final int node;
    /** Not final only so that {@link ValueRun} can refill its own constants; never changed otherwise. */
    private double value;
    /** d value / d node (0 for a constant). */
    final double p;
    /** d2 value / d node^2 (0 for a constant). */
    final double q;

    /**
     * The fields as given: a constant is (null, -1, value, 0, 0), and callers pass it so. The
     * hooks turn a variable whose p and q both vanish into one on their variables' path only: a
     * constant's path needs no such test (its terms are zero, its node -1), so that f's compiled
     * code, which keeps both paths once constants have run through it (the replay's value
     * guard), carries no test or conditional move on every result (Rosenbrock n = 1000: a
     * gradient after the guarded replay took 1.3x as long with the test in this constructor).
     */
    HVar(HTape.Gen gen, int node, double value, double p, double q) {
        this.gen = gen;
        this.node = node;
        this.value = value;
        this.p = p;
        this.q = q;
    }

    /** Sets a {@link ValueRun} constant's value for its next run; nothing else calls this. */
    void refill(double v) {
        value = v;
    }

    /** @return the value */
    @Override
    public double value() {
        return value;
    }

    /**
     * The value, as user code reads it. A variable recorded before its tape was reset (e.g. kept
     * from an earlier facade call, whose scratch tape is reset before every call) throws: its value
     * belongs to an earlier point, and code that mixes it in would silently compute with it. Between
     * two facade calls (the scratch tape unused) such a kept variable reads as the number it is. A
     * constant belongs to no tape and never throws.
     *
     * @return the value
     * @throws IllegalStateException if this variable was recorded before its tape's last reset and
     *     the tape is in use
     */
    @Override
    public double getReal() {
        HTape.Gen g = gen;
        if (g != null && g.live == null && !g.tape.idle) {
            HTape t = g.tape;
            if (t.facade != null) {
                throw HTape.stale("getReal", t, g.generation);
            }
            throw new IllegalStateException("HVar.getReal: " + this + " was recorded in generation " + g.generation
                    + ", before its tape was reset (now generation " + t.gen.generation + "); a variable cannot be read"
                    + " after reset(), nor one kept from an earlier call of f");
        }
        return value;
    }

    /** @return true if this is a constant, recorded on no tape */
    public boolean isConstant() {
        return gen == null;
    }

    /** The tape, or null for a constant. */
    HTape tape() {
        return gen == null ? null : gen.tape;
    }

    /** @return the tape's field: zero and one are constants */
    @Override
    public Field<HVar> getField() {
        return FIELD;
    }

    // One allocation site per hook, and no local holding `this` or y merged from both, so that the
    // JIT can keep the temporaries of user code in registers (scalar replacement); the error paths
    // take fields for the same reason. Both hooks stay small enough to be inlined. Where every
    // operand is a constant (no tape: p = q = 0) the partials are zero without being computed: the
    // value guard and optimizer values run f on constants, and in a program that also records, the
    // JIT keeps both paths, so the constants' one must be short (AnchorBench, Rosenbrock n = 100:
    // the guarded replay 32-42x plain -> 19-21x in the several-modes JVM).

    /** psi(this): p' = psi' p, q' = psi'' p^2 + psi' q; records nothing. */
    /** @return 2: a custom {@link org.dualad.dual.Rule} must supply its second derivatives here */
    @Override
    public int derivativeOrder() {
        return 2;
    }

    @Override
    public HVar compose(Op op, double c, double f0, double f1, double f2) {
        HTape.Gen g = gen;
        int nd = node;
        double np = 0;
        double nq = 0;
        if (g != null) {
            if (g.live != Thread.currentThread()) {
                throw HTape.misuse(op, g, null);
            }
            np = Chain.term(f1, p);
            // (f'' p) p, as a hyper-dual forms f'' b c: p p first could underflow to 0 where it does not
            nq = Chain.term(f2, p, p) + Chain.term(f1, q);
            if (np == 0 && nq == 0) {
                // no longer depends on its node (floor, or a derivative that vanishes): a constant
                g = null;
                nd = -1;
                np = 0;
                nq = 0;
            }
        }
        return new HVar(g, nd, f0, np, nq); // a constant stays one: no tape, node -1, p = q = 0
    }

    /**
     * g(this, y): records a node when both are variables on different nodes, else the chain rule
     * on the one node involved (a constant operand has p = q = 0, so its terms vanish).
     */
    @Override
    public HVar compose(Op op, HVar y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
        HTape.Gen g = HTape.operands(op, gen, y.gen);
        double fa = 0;
        double fb = 0;
        double haa = 0;
        double hab = 0;
        double hbb = 0;
        if (g != null) {
            double pa = p;
            double pb = y.p;
            fa = Chain.term(gx, pa);
            fb = Chain.term(gy, pb);
            if (!g.firstOrder) {
                haa = Chain.term(gxx, pa, pa) + Chain.term(gx, q);
                hab = Chain.term(gxy, pa, pb);
                hbb = Chain.term(gyy, pb, pb) + Chain.term(gy, y.q);
            }
        }
        return finish(g, y, g0, fa, fb, haa, hab, hbb);
    }

    /**
     * The tail of every binary hook, given g(x, y)'s partials with respect to the two nodes
     * (g_x p_a, g_y p_b) and its second partials (g_xx p_a^2 + g_x q_a, g_xy p_a p_b,
     * g_yy p_b^2 + g_y q_b): on two different nodes, a recorded node (p = 1, q = 0); on one node
     * (or with a constant operand, whose terms are 0), the chain rule on that node. A constant's
     * node is -1, so max picks the one node. Two constants (g null) take the first test and
     * nothing else: in a program that also records, f's compiled code keeps every path, and the
     * value guard's constants then skip the node tests and the chain rule's sums (the guard on
     * the grid anchor: 2.9-3.1x plain -> 2.5-2.6x in the several-modes JVM, 2.1x -> 2.0x alone).
     */
    private HVar finish(HTape.Gen g, HVar y, double g0, double fa, double fb, double haa, double hab, double hbb) {
        int nd;
        double np;
        double nq;
        if (g == null) {
            // two constants: the value guard's and optimizer values' whole path
            nd = -1;
            np = 0;
            nq = 0;
        } else if (node != y.node && (node | y.node) >= 0) {
            nd = g.tape.record(node, fa, y.node, fb, haa, hab, hbb);
            np = 1;
            nq = 0;
            if (nd < 0) {
                // all five partials zero (atan2 at the origin): nothing recorded, a constant
                g = null;
                np = 0;
            }
        } else {
            // one node (a constant operand's terms are 0 and its node -1)
            nd = Math.max(node, y.node);
            np = fa + fb;
            nq = haa + 2 * hab + hbb;
            if (np == 0 && nq == 0) {
                // x - x, x / x: no longer depends on its node, a constant
                g = null;
                nd = -1;
                np = 0;
                nq = 0;
            }
        }
        return new HVar(g, nd, g0, np, nq);
    }

    // Plain arithmetic written out, with the rules' own expressions (Differentiable's defaults):
    // the hot path of every user function. Reached through the shared default methods instead, it
    // would depend on the JIT inlining those, and once another number type has made one of them
    // hot enough to be compiled on its own it is too big to inline, and every temporary of f
    // becomes an allocation. OpSecondDerivativeTest holds these to the rules.

    // add, subtract and multiply also apply their partials here (1, 1; 1, -1; y, x and
    // d2/dxdy = 1, as Differentiable's rules give them): the generic hook's products by 1 and 0
    // drop out, which keeps these, the most frequent operations, small enough to inline.

    @Override
    public HVar add(HVar y) {
        HTape.Gen g = HTape.operands(Op.ADD, gen, y.gen);
        return finish(g, y, value + y.value, p, y.p, q, 0, y.q);
    }

    @Override
    public HVar subtract(HVar y) {
        HTape.Gen g = HTape.operands(Op.SUBTRACT, gen, y.gen);
        return finish(g, y, value - y.value, p, -y.p, q, 0, -y.q);
    }

    @Override
    public HVar multiply(HVar y) {
        HTape.Gen g = HTape.operands(Op.MULTIPLY, gen, y.gen);
        double a = value;
        double b = y.value;
        double fa = 0;
        double fb = 0;
        double haa = 0;
        double hab = 0;
        double hbb = 0;
        if (g != null) {
            fa = Chain.term(b, p);
            fb = Chain.term(a, y.p);
            if (!g.firstOrder) {
                haa = Chain.term(b, q);
                hab = Chain.term(p, y.p);
                hbb = Chain.term(a, y.q);
            }
        }
        return finish(g, y, a * b, fa, fb, haa, hab, hbb);
    }

    @Override
    public HVar divide(HVar y) {
        double b = y.value;
        // divide, not multiply by 1/y: 1/y overflows for a subnormal y where x/y does not
        double r = value / b;
        double inv = 1 / b;
        // both exponents within 2^+-250: every plain partial is a normal number, and right to an ulp
        if (Integer.compareUnsigned(Math.getExponent(value) + 250, 501) < 0
                && Integer.compareUnsigned(Math.getExponent(b) + 250, 501) < 0) {
            return compose(Op.DIVIDE, y, r, inv, -r / b, 0, -inv / b, 2 * (r / b) / b);
        }
        return divideOutOfRange(y);
    }

    /**
     * x / y beyond 2^+-250: the rule table's partials, whose exponents are kept apart where a
     * plain step leaves the normal range (x / y subnormal lost up to 1e5 ulps of d/dy and 4e7 of
     * d2/dy2); out of line, so that divide stays small enough to inline.
     */
    private HVar divideOutOfRange(HVar y) {
        double b = y.value;
        return compose(Op.DIVIDE, y, value / b, 1 / b, Values.quotientSlope(value, b), 0, Values.quotientMixed(b),
                Values.quotientCurvature(value, b));
    }

    @Override
    public HVar negate() {
        return compose(Op.NEGATE, 0, -value, -1, 0);
    }

    @Override
    public HVar add(double c) {
        return compose(Op.ADD_CONSTANT, c, value + c, 1, 0);
    }

    @Override
    public HVar subtract(double c) {
        return compose(Op.SUBTRACT_CONSTANT, c, value - c, 1, 0);
    }

    @Override
    public HVar multiply(double c) {
        return compose(Op.MULTIPLY_CONSTANT, c, value * c, c, 0);
    }

    @Override
    public HVar multiply(int n) {
        return multiply((double) n);
    }

    @Override
    public HVar divide(double c) {
        return compose(Op.DIVIDE_CONSTANT, c, value / c, 1 / c, 0);
    }

    /** Equal when on the same tape (or both constants) with bitwise-equal values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HVar && ((HVar) o).tape() == tape()
                && Double.doubleToLongBits(((HVar) o).value) == Double.doubleToLongBits(value);
    }

    /** Consistent with {@link #equals}: the value's hash. */
    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    /**
     * @return e.g. {@code HVar[2.0 constant]}, or {@code HVar[9.0 @ node 0, p 6.0, q 2.0]} for 9 =
     *     phi(node 0) with phi' = 6 and phi'' = 2 (x^2 at x = 3 on input node 0)
     */
    @Override
    public String toString() {
        return gen == null ? "HVar[" + value + " constant]"
                : "HVar[" + value + " @ node " + node + ", p " + p + ", q " + q + "]";
    }
}
