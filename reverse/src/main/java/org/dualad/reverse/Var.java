package org.dualad.reverse;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Op;
import org.dualad.dual.VectorComposable;
import org.dualad.dual.VectorRule;
import org.dualad.dual.Rule;

/**
 * A reverse-mode variable: a light handle to a node of a {@link Tape} (the tape, the node index
 * and the cached value), or a constant of that tape (index -1, no node).
 *
 * <p>Every function of {@link org.apache.commons.math3.RealFieldElement} comes from the rule table
 * in {@link Differentiable}; this class only records each application as a tape node with its
 * local partials (the first-order tape ignores the second-order parts the rules also supply).
 * Operations whose arguments are all constants give a constant and record nothing.
 *
 * <p>{@link #getReal()}, {@link #round()}, {@link #toString()} and {@link #hashCode()} are the
 * user's reads of a value: the tape counts them ({@link Tape#userReads()}), because code that
 * branches on them makes a recording valid only where the branches stay the same (see
 * {@link Recording}). The rules themselves read {@link #value()}, which is not counted; user code
 * written over {@code RealFieldElement} cannot call it (a function that casts to reach it is
 * caught by a recording's value guard wherever the branch changes the value). Reading the value of
 * a stale variable (recorded before a reset, or leaked out of an earlier recording of f) throws
 * {@link IllegalStateException}.
 *
 * <p>Immutable. {@code equals} is identity of the node (same tape, index and generation) and
 * bitwise equality of the value, so two constants of one tape with the same value are equal, two
 * separately recorded variables are not.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Var x = tape.variable(3);
 * Var y = x.multiply(x).multiply(3);   // Var[#2 = 27.0]
 * tape.backward(y);
 * tape.adjoint(x);                     // 18.0
 * }</pre>
 */
public final class Var implements Differentiable<Var>, VectorComposable<Var> {
    final Tape tape;
    final int index;
    final double value;
    final long generation;

    Var(Tape tape, int index, double value, long generation) {
        this.tape = tape;
        this.index = index;
        this.value = value;
        this.generation = generation;
    }

    /** @return the value, as the rules read it (not counted as a user read) */
    @Override
    public double value() {
        return value;
    }

    /**
     * The value, as user code reads it: the tape counts the read as a possible branch decision,
     * which makes replaying a {@link Recording} re-record instead of trusting the tape.
     *
     * @return the value
     */
    @Override
    public double getReal() {
        if (index >= 0) {
            tape.noteRead(this, "getReal");
        }
        return value;
    }

    /** @return Math.round of the value, counted as a user read like {@link #getReal()} */
    @Override
    public long round() {
        if (index >= 0) {
            tape.noteRead(this, "round");
        }
        return Math.round(value);
    }

    /** @return true if this is a constant (no node, adjoint always 0) */
    public boolean isConstant() {
        return index < 0;
    }

    /** @return the tape this variable or constant belongs to */
    public Tape tape() {
        return tape;
    }

    /** @return this tape's field; its zero and one are constants */
    @Override
    public Field<Var> getField() {
        return tape.field();
    }

    // One allocation site per hook: with a single `new Var` the JIT can scalar-replace the
    // temporaries of user code (escape analysis gives up on allocations merged from branches).

    @Override
    public Var compose(Op op, double c, double f0, double f1, double f2) {
        if (op == Op.CUSTOM) {
            throw customTag();
        }
        int node = index < 0 ? -1 : tape.unary(this, op, c, f0, f1);
        return new Var(tape, node, f0, node < 0 ? 0 : generation);
    }

    @Override
    public Var compose(Op op, Var y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
        if (op == Op.CUSTOM) {
            throw customTag();
        }
        Tape t = index >= 0 || y.index < 0 ? tape : y.tape;
        int node = index < 0 && y.index < 0 ? -1 : t.binary(this, y, op, g0, gx, gy);
        return new Var(t, node, g0, node < 0 ? 0 : t.generation);
    }

    /**
     * Records a vector block as m nodes (the rule's outputs) and one side record whose adjoint is
     * the rule's vjp; all constant inputs give constant outputs and record nothing. A
     * {@link Recording} refuses a tape holding one (see {@link Reverse#record}).
     */
    @Override
    public void composeVector(VectorRule.Linearization lin, Var[] x, Var[] y) {
        Tape t = null;
        for (Var v : x) {
            if (v.index >= 0) {
                t = v.tape;
                break;
            }
        }
        if (t == null) {
            for (int j = 0; j < y.length; j++) {
                y[j] = new Var(tape, -1, lin.output(j), 0);
            }
            return;
        }
        int base = t.block(lin, x);
        for (int j = 0; j < y.length; j++) {
            y[j] = new Var(t, base + j, lin.output(j), t.generation);
        }
    }

    /** A CUSTOM node without its rule could not be replayed: the tag comes only with a Rule. */
    private static IllegalArgumentException customTag() {
        return new IllegalArgumentException("compose: Op.CUSTOM is recorded through a Rule (rule.apply(x)), which"
                + " keeps the rule with its node; a tape cannot replay the tag alone");
    }

    /** A custom rule is recorded as itself: the node keeps the rule, and a replay re-evaluates it. */
    @Override
    public Var compose(Rule rule, double f0, double f1, double f2) {
        int node = index < 0 ? -1 : tape.custom(rule, new Var[] {this}, f0, new double[] {f1});
        return new Var(tape, node, f0, node < 0 ? 0 : generation);
    }

    /** As the one-argument form: one node (k &le; 2) or a chain of k - 1 nodes (see {@link Tape}). */
    @Override
    public Var compose(Rule rule, Var[] args, double f0, double[] g, double[] h) {
        Tape t = null;
        for (Var a : args) {
            if (a.index >= 0) {
                t = a.tape;
                break;
            }
        }
        int node = t == null ? -1 : t.custom(rule, args, f0, g);
        Tape owner = t == null ? tape : t;
        return new Var(owner, node, f0, node < 0 ? 0 : owner.generation);
    }

    // ---------------------------------------------------------------- linear combinations

    // Every other type computes a linear combination's value with MathArrays.linearCombination
    // (compensated) and its derivatives from the composed sum (Differentiable). A replay must
    // compute that value again at a new point, so the op tape records the composed sum s as
    // usual (products and additions: the sparsity detector sees the pairs, the program folds the
    // sum) and then one linear rule over s (gradient 1) and the factors (gradient 0, read for the
    // compensated value only: the program gives them no edge).

    @Override
    public Var linearCombination(Var[] a, Var[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero(); // the empty sum, as in every other type
        }
        int k = a.length;
        Var[] args = new Var[2 * k + 1];
        Var sum = a[0].multiply(b[0]);
        for (int i = 0; i < k; i++) {
            if (i > 0) {
                sum = sum.add(a[i].multiply(b[i]));
            }
            args[1 + i] = a[i];
            args[1 + k + i] = b[i];
        }
        args[0] = sum;
        return compensated(args, x -> MathArrays.linearCombination(Arrays.copyOfRange(x, 1, k + 1),
                Arrays.copyOfRange(x, k + 1, 2 * k + 1)));
    }

    @Override
    public Var linearCombination(double[] a, Var[] b) {
        if (a.length != b.length) {
            throw new DimensionMismatchException(b.length, a.length);
        }
        if (a.length == 0) {
            return getField().getZero();
        }
        int k = a.length;
        double[] c = a.clone();
        Var[] args = new Var[k + 1];
        Var sum = b[0].multiply(c[0]);
        for (int i = 0; i < k; i++) {
            if (i > 0) {
                sum = sum.add(b[i].multiply(c[i]));
            }
            args[1 + i] = b[i];
        }
        args[0] = sum;
        return compensated(args, x -> MathArrays.linearCombination(c, Arrays.copyOfRange(x, 1, k + 1)));
    }

    @Override
    public Var linearCombination(Var a1, Var b1, Var a2, Var b2) {
        return LC2.apply(a1.multiply(b1).add(a2.multiply(b2)), a1, b1, a2, b2);
    }

    @Override
    public Var linearCombination(double a1, Var b1, double a2, Var b2) {
        return compensated(new Var[] {b1.multiply(a1).add(b2.multiply(a2)), b1, b2},
                x -> MathArrays.linearCombination(a1, x[1], a2, x[2]));
    }

    @Override
    public Var linearCombination(Var a1, Var b1, Var a2, Var b2, Var a3, Var b3) {
        return LC3.apply(a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3)), a1, b1, a2, b2, a3, b3);
    }

    @Override
    public Var linearCombination(double a1, Var b1, double a2, Var b2, double a3, Var b3) {
        return compensated(new Var[] {b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3)), b1, b2, b3},
                x -> MathArrays.linearCombination(a1, x[1], a2, x[2], a3, x[3]));
    }

    @Override
    public Var linearCombination(Var a1, Var b1, Var a2, Var b2, Var a3, Var b3, Var a4, Var b4) {
        return LC4.apply(a1.multiply(b1).add(a2.multiply(b2)).add(a3.multiply(b3)).add(a4.multiply(b4)),
                a1, b1, a2, b2, a3, b3, a4, b4);
    }

    @Override
    public Var linearCombination(double a1, Var b1, double a2, Var b2, double a3, Var b3, double a4, Var b4) {
        return compensated(new Var[] {b1.multiply(a1).add(b2.multiply(a2)).add(b3.multiply(a3)).add(b4.multiply(a4)),
            b1, b2, b3, b4},
                x -> MathArrays.linearCombination(a1, x[1], a2, x[2], a3, x[3], a4, x[4]));
    }

    /**
     * The composed sum args[0] with the value given, which reads the factors, the other
     * arguments: one linear rule, gradient 1 on the sum, 0 on the factors.
     */
    private static Var compensated(Var[] args, ToDoubleFunction<double[]> value) {
        return sumRule(args.length, value).apply(args);
    }

    private static Rule sumRule(int arity, ToDoubleFunction<double[]> value) {
        double[] g = new double[arity];
        g[0] = 1;
        return Rule.linear("linearCombination", value, g);
    }

    // the forms whose value reads only their arguments share one rule each (immutable)
    private static final Rule LC2 = sumRule(5, x -> MathArrays.linearCombination(x[1], x[2], x[3], x[4]));
    private static final Rule LC3 = sumRule(7, x -> MathArrays.linearCombination(x[1], x[2], x[3], x[4], x[5], x[6]));
    private static final Rule LC4 = sumRule(9,
            x -> MathArrays.linearCombination(x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8]));

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Var)) {
            return false;
        }
        Var v = (Var) o;
        return tape == v.tape && index == v.index && generation == v.generation
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(v.value);
    }

    /**
     * @return a hash of the node and the value; a user read of the value like {@link #getReal()}
     *     (a hash-ordered collection of variables can make f's operation order depend on it)
     */
    @Override
    public int hashCode() {
        if (index >= 0) {
            tape.noteReadQuietly(this);
        }
        return 31 * (31 * index + Long.hashCode(generation)) + Double.hashCode(value);
    }

    /**
     * @return {@code Var[#3 = 0.25]} for node 3, {@code Var[const 0.25]} for a constant; a user
     *     read of the value like {@link #getReal()} (code can parse or compare the text), except
     *     that a stale variable prints without an error (for messages and debuggers)
     */
    @Override
    public String toString() {
        if (index >= 0) {
            tape.noteReadQuietly(this);
        }
        return describe();
    }

    /** The text of {@link #toString()} without counting a read: for the library's own messages. */
    String describe() {
        return index < 0 ? "Var[const " + value + "]" : "Var[#" + index + " = " + value + "]";
    }
}
