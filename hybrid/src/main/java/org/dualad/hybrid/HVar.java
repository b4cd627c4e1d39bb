package org.dualad.hybrid;

import org.apache.commons.math3.Field;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Op;
import org.dualad.dual.SimpleField;

/**
 * A variable of an {@link HTape}: a light handle (tape, node index, value). Every operation on it
 * records a node with its first and second partial derivatives, taken from the rules of
 * {@link Differentiable}; the derivatives themselves appear only after a sweep
 * ({@link HTape#gradient}, {@link HTape#hvp}, {@link HTape#hessian}).
 *
 * <p>A constant ({@link HTape#constant(double)}, or the result of an operation whose derivatives
 * vanish) belongs to no tape and is never recorded.
 *
 * <p>Immutable. {@code equals} compares the tape (by identity) and the value (bitwise, as
 * {@link Double#equals}); it does not compare derivative information, which a tape variable does
 * not hold until a sweep. Use {@code ==} to ask whether two handles are the same node.
 */
public final class HVar implements Differentiable<HVar> {
    private static final Field<HVar> FIELD = SimpleField.of(HTape.constant(0), HTape.constant(1));

    final HTape tape;
    final int index;
    final int epoch;
    private final double value;

    HVar(HTape tape, int index, int epoch, double value) {
        this.tape = tape;
        this.index = index;
        this.epoch = epoch;
        this.value = value;
    }

    /** @return the value */
    @Override
    public double value() {
        return value;
    }

    /** @return true if this is a constant, recorded on no tape */
    public boolean isConstant() {
        return tape == null;
    }

    /** @return the tape's field: zero and one are constants */
    @Override
    public Field<HVar> getField() {
        return FIELD;
    }

    /** Records f(this) with partial f1 and second partial f2. */
    @Override
    public HVar compose(Op op, double c, double f0, double f1, double f2) {
        if (tape == null) {
            return HTape.constant(f0);
        }
        return tape.unary(this, f0, f1, f2);
    }

    /** Records g(this, y) with its first and second partials. */
    @Override
    public HVar compose(Op op, HVar y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
        if (tape == null && y.tape == null) {
            return HTape.constant(g0);
        }
        return (tape != null ? tape : y.tape).binary(this, y, g0, gx, gy, gxx, gxy, gyy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HVar && ((HVar) o).tape == tape
                && Double.doubleToLongBits(((HVar) o).value) == Double.doubleToLongBits(value);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    /** @return e.g. {@code HVar[3.0 @ node 0]} or {@code HVar[2.0 constant]} */
    @Override
    public String toString() {
        return tape == null ? "HVar[" + value + " constant]" : "HVar[" + value + " @ node " + index + "]";
    }
}
