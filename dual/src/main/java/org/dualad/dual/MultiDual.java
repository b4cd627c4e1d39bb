package org.dualad.dual;

import java.util.Arrays;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.exception.DimensionMismatchException;

/**
 * A dual number with k tangents: a + &Sigma;<sub>j&lt;k</sub> b<sub>j</sub>&epsilon;<sub>j</sub>,
 * carrying k directional derivatives in one pass, so a gradient of n inputs costs ceil(n/k)
 * passes instead of n.
 *
 * <p>f(a + b&middot;&epsilon;) = f(a) + f'(a) b&middot;&epsilon;. The tangents are stored in one
 * {@code double[]} that covers only the window of directions [offset, offset + length) that can be
 * non-zero; every direction outside it is exactly zero. A seeded input has a window of one, a
 * constant an empty one, and a result the union of its arguments' windows. Functions whose inputs
 * each touch few operations (sums of local terms, like the extended Rosenbrock function) thus cost
 * far less than k per operation, while dense functions cost exactly k.
 *
 * <pre>{@code
 * MultiDual x = MultiDual.variable(3.0, 0, 2);  // x = 3, direction 0 of 2
 * MultiDual y = MultiDual.variable(4.0, 1, 2);  // y = 4, direction 1 of 2
 * x.multiply(y);                                // MultiDual[12.0; 4.0, 3.0]
 * }</pre>
 *
 * <p><b>Seeding passes.</b> A number also carries the pass it was seeded in (an object compared
 * by identity; {@link #variable(double, int, int)} seeds the pass {@code null}). A binary operation
 * of two numbers that both have tangents from different passes throws
 * {@link IllegalArgumentException}: direction j of one pass is not direction j of another, so a
 * number kept from an earlier pass (in a field, a cache, a lambda's capture) and mixed into a later
 * one would silently add its derivatives to the wrong inputs. {@link Forward} seeds every pass with a
 * pass of its own. A number without tangents (a constant) mixes with any pass.
 *
 * <p>Immutable (the window array is never written after construction, so results may share it).
 * {@code equals} compares value, width and all k tangents bitwise, whatever the windows.
 */
public final class MultiDual implements Differentiable<MultiDual> {
    private static final double[] EMPTY = new double[0];

    private final double value;
    private final int width;
    private final int offset;
    private final double[] window;
    /** The seeding pass, compared by identity; irrelevant while the window is empty. */
    private final Object pass;

    private MultiDual(double value, int width, int offset, double[] window, Object pass) {
        this.value = value;
        this.width = width;
        this.offset = offset;
        this.window = window;
        this.pass = pass;
    }

    /**
     * Creates the i-th of k independent variables: value + 1&epsilon;<sub>i</sub>.
     *
     * @param value the point
     * @param direction the seeded direction i, 0 &le; i &lt; width
     * @param width the number of tangents k
     * @return the seeded number
     * @throws IllegalArgumentException if the direction is outside [0, width)
     */
    public static MultiDual variable(double value, int direction, int width) {
        return variable(value, direction, width, null);
    }

    /**
     * Creates the i-th of k independent variables of one seeding pass: value + 1&epsilon;<sub>i</sub>.
     * Seed all inputs of a pass with one new object (e.g. {@code new Object()}), so that a number
     * kept from another pass and mixed into this one throws instead of adding its derivatives to
     * the wrong inputs.
     *
     * @param value the point
     * @param direction the seeded direction i, 0 &le; i &lt; width
     * @param width the number of tangents k
     * @param pass the seeding pass, compared by identity; null for the pass of
     *     {@link #variable(double, int, int)}
     * @return the seeded number
     * @throws IllegalArgumentException if the direction is outside [0, width)
     */
    public static MultiDual variable(double value, int direction, int width, Object pass) {
        if (width < 1 || direction < 0 || direction >= width) {
            throw new IllegalArgumentException("MultiDual.variable: direction must be in [0, " + width
                    + ") and width at least 1, got direction " + direction + ", width " + width);
        }
        return new MultiDual(value, width, direction, new double[] {1}, pass);
    }

    /**
     * Creates a constant with k tangents, all zero.
     *
     * @param value the constant
     * @param width the number of tangents k
     * @return the number
     */
    public static MultiDual constant(double value, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("MultiDual.constant: width must be at least 1, got " + width);
        }
        return new MultiDual(value, width, 0, EMPTY, null);
    }

    /**
     * Creates value + &Sigma; tangents[j] &epsilon;<sub>j</sub>, in the pass of
     * {@link #variable(double, int, int)}.
     *
     * @param value the real part
     * @param tangents the k tangents (copied)
     * @return the number
     */
    public static MultiDual of(double value, double... tangents) {
        if (tangents.length < 1) {
            throw new IllegalArgumentException("MultiDual.of: tangents must have at least one element");
        }
        return new MultiDual(value, tangents.length, 0, tangents.clone(), null);
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public double getReal() {
        return value;
    }

    /** @return the number of tangents k */
    public int width() {
        return width;
    }

    /**
     * @param j a direction, 0 &le; j &lt; k
     * @return the derivative along direction j
     */
    public double tangent(int j) {
        if (j < 0 || j >= width) {
            throw new IndexOutOfBoundsException("MultiDual.tangent: j must be in [0, " + width + "), got " + j);
        }
        int i = j - offset;
        return i >= 0 && i < window.length ? window[i] : 0;
    }

    /** @return all k tangents, a new array */
    public double[] tangents() {
        double[] out = new double[width];
        System.arraycopy(window, 0, out, offset, window.length);
        return out;
    }

    /**
     * Adds the stored tangents, scaled, into {@code out[base + j]} for every direction j of the
     * window: the allocation-free way to gather a gradient.
     *
     * @param out the destination (modified)
     * @param base the index of direction 0 in {@code out}
     */
    public void addTangentsTo(double[] out, int base) {
        for (int i = 0; i < window.length; i++) {
            out[base + offset + i] += window[i];
        }
    }

    @Override
    public Field<MultiDual> getField() {
        return SimpleField.of(constant(0, width), constant(1, width));
    }

    @Override
    public MultiDual compose(Op op, double c, double f0, double f1, double f2) {
        return new MultiDual(f0, width, offset, scale(f1, window), pass);
    }

    @Override
    public MultiDual compose(Op op, MultiDual y, double g0, double gx, double gy,
                             double gxx, double gxy, double gyy) {
        return combine(op, g0, gx, this, gy, y);
    }

    @Override
    public MultiDual add(MultiDual y) {
        return combine(Op.ADD, value + y.value, 1, this, 1, y);
    }

    @Override
    public MultiDual subtract(MultiDual y) {
        return combine(Op.SUBTRACT, value - y.value, 1, this, -1, y);
    }

    @Override
    public MultiDual multiply(MultiDual y) {
        return combine(Op.MULTIPLY, value * y.value, y.value, this, value, y);
    }

    @Override
    public MultiDual negate() {
        return new MultiDual(-value, width, offset, scale(-1, window), pass);
    }

    @Override
    public MultiDual add(double c) {
        return new MultiDual(value + c, width, offset, window, pass);
    }

    @Override
    public MultiDual subtract(double c) {
        return new MultiDual(value - c, width, offset, window, pass);
    }

    @Override
    public MultiDual multiply(double c) {
        return new MultiDual(value * c, width, offset, scale(c, window), pass);
    }

    private static double[] scale(double f, double[] t) {
        if (t.length == 0) {
            return EMPTY;
        }
        double[] r = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            r[i] = Chain.term(f, t[i]);
        }
        return r;
    }

    /**
     * value g0 with tangents gx tx + gy ty over the union of the two windows, in the pass of the
     * operand with tangents (both operands' when both have them, which must then be one pass).
     */
    private static MultiDual combine(Op op, double g0, double gx, MultiDual x, double gy, MultiDual y) {
        if (x.width != y.width) {
            throw new DimensionMismatchException(y.width, x.width);
        }
        double[] tx = x.window;
        double[] ty = y.window;
        if (ty.length == 0) {
            return new MultiDual(g0, x.width, x.offset, scale(gx, tx), x.pass);
        }
        if (tx.length == 0) {
            return new MultiDual(g0, x.width, y.offset, scale(gy, ty), y.pass);
        }
        if (x.pass != y.pass) {
            throw mixedPasses(op);
        }
        if (x.offset == y.offset && tx.length == ty.length) {
            double[] r = new double[tx.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = Chain.term(gx, tx[i]) + Chain.term(gy, ty[i]);
            }
            return new MultiDual(g0, x.width, x.offset, r, x.pass);
        }
        int lo = Math.min(x.offset, y.offset);
        int hi = Math.max(x.offset + tx.length, y.offset + ty.length);
        double[] r = new double[hi - lo];
        int dx = x.offset - lo;
        for (int i = 0; i < tx.length; i++) {
            r[dx + i] = Chain.term(gx, tx[i]);
        }
        int dy = y.offset - lo;
        for (int i = 0; i < ty.length; i++) {
            r[dy + i] += Chain.term(gy, ty[i]);
        }
        return new MultiDual(g0, x.width, lo, r, x.pass);
    }

    private static IllegalArgumentException mixedPasses(Op op) {
        return new IllegalArgumentException("MultiDual: " + op.symbol() + " of two numbers seeded in different"
                + " passes (a number kept from an earlier Forward pass or call, e.g. in a field, is mixed into"
                + " this one); its tangents belong to other inputs, so compute every number of f from f's"
                + " arguments in the same call");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MultiDual)) {
            return false;
        }
        MultiDual m = (MultiDual) o;
        if (Double.doubleToLongBits(value) != Double.doubleToLongBits(m.value) || width != m.width) {
            return false;
        }
        for (int j = 0; j < width; j++) {
            if (Double.doubleToLongBits(tangent(j)) != Double.doubleToLongBits(m.tangent(j))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(value) + Arrays.hashCode(tangents());
    }

    /** @return e.g. {@code MultiDual[12.0; 4.0, 3.0]}: the value, then the k tangents */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MultiDual[").append(value).append(';');
        for (int j = 0; j < width; j++) {
            sb.append(j == 0 ? " " : ", ").append(tangent(j));
        }
        return sb.append(']').toString();
    }

    // Package-private access for the vector rules (ForwardVector), which apply a block to the
    // windows of several numbers at once.

    int windowOffset() {
        return offset;
    }

    /** The window (never modified by the caller). */
    double[] window() {
        return window;
    }

    Object pass() {
        return pass;
    }

    static MultiDual ofWindow(double value, int width, int offset, double[] window, Object pass) {
        return new MultiDual(value, width, offset, window.length == 0 ? EMPTY : window, pass);
    }

    static IllegalArgumentException mixedPassesIn(String rule) {
        return new IllegalArgumentException("MultiDual: the vector rule '" + rule + "' got numbers seeded in"
                + " different passes (a number kept from an earlier Forward pass or call, e.g. in a field, is mixed"
                + " into this one); compute every number of f from f's own arguments");
    }
}
