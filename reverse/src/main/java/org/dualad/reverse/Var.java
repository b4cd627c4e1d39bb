package org.dualad.reverse;

import org.apache.commons.math3.Field;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Op;

/**
 * A reverse-mode variable: a light handle to a node of a {@link Tape} (the tape, the node index
 * and the cached value), or a constant of that tape (index -1, no node).
 *
 * <p>Every function of {@link org.apache.commons.math3.RealFieldElement} comes from the rule table
 * in {@link Differentiable}; this class only records each application as a tape node with its
 * local partials (the first-order tape ignores the second-order parts the rules also supply).
 * Operations whose arguments are all constants give a constant and record nothing.
 *
 * <p>{@link #getReal()} and {@link #round()} are the user's reads of a value: the tape counts them
 * ({@link Tape#userReads()}), because code that branches on them makes a recording valid only
 * where the branches stay the same (see {@link Recording}). The rules themselves read
 * {@link #value()}, which is not counted.
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
public final class Var implements Differentiable<Var> {
    final Tape tape;
    final int index;
    final double value;
    final int generation;

    Var(Tape tape, int index, double value, int generation) {
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
            tape.noteRead(this);
        }
        return value;
    }

    /** @return Math.round of the value, counted as a user read like {@link #getReal()} */
    @Override
    public long round() {
        return Math.round(getReal());
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

    @Override
    public Var compose(Op op, double c, double f0, double f1, double f2) {
        if (index < 0) {
            return new Var(tape, -1, f0, 0);
        }
        return tape.unary(this, op, c, f0, f1);
    }

    @Override
    public Var compose(Op op, Var y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
        if (index >= 0) {
            return tape.binary(this, y, op, g0, gx, gy);
        }
        if (y.index >= 0) {
            return y.tape.binary(this, y, op, g0, gx, gy);
        }
        return new Var(tape, -1, g0, 0);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Var)) {
            return false;
        }
        Var v = (Var) o;
        return tape == v.tape && index == v.index && generation == v.generation
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(v.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + generation) + Double.hashCode(value);
    }

    /** @return {@code Var[#3 = 0.25]} for node 3, {@code Var[const 0.25]} for a constant */
    @Override
    public String toString() {
        return index < 0 ? "Var[const " + value + "]" : "Var[#" + index + " = " + value + "]";
    }
}
