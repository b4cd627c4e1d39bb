package org.dualad.hybrid;

import org.apache.commons.math3.Field;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Op;
import org.dualad.dual.SimpleField;

/**
 * The forward Laplacian (Li et al. 2023): a number carrying its value, its gradient J with respect
 * to n inputs and its Laplacian L = trace of its Hessian, so that one forward pass of a function
 * yields the exact Laplacian of the result, with no Hessian formed.
 *
 * <p>Rules (from {@link Differentiable}'s f, f', f'' and a binary function's partials):
 * <ul>
 *   <li>unary f: J' = f'(a) J, L' = f'(a) L + f''(a) |J|^2;</li>
 *   <li>binary g(x, y): J = g_x J_x + g_y J_y,
 *       L = g_x L_x + g_y L_y + g_xx |J_x|^2 + 2 g_xy J_x&middot;J_y + g_yy |J_y|^2
 *       (for a product: L = y L_x + x L_y + 2 J_x&middot;J_y).</li>
 * </ul>
 * J is stored only on a window [offset, offset + length) of the n inputs outside which it is
 * exactly zero (as {@link org.dualad.dual.MultiDual} does): a seeded input has a window of one, a
 * constant an empty one, a result the union of its arguments'. Local functions therefore cost
 * little per operation; operations with derivative 1 on one argument (x + c, x + constant) share
 * the argument's window array instead of copying it. A zero J entry or a zero L contributes
 * exactly zero even through an infinite partial (DualAD's zero policy).
 *
 * <pre>{@code
 * ForwardLaplacian u = ForwardLaplacian.variable(3, 0, 2);
 * ForwardLaplacian v = ForwardLaplacian.variable(4, 1, 2);
 * u.pow(3).add(v.multiply(v)).add(u.multiply(v).multiply(4)).laplacian();  // 6u + 2 = 20.0
 * }</pre>
 *
 * <p>Immutable (a window array is never written after construction). {@code equals} compares the
 * value, the width, the n gradient entries and L bitwise, whatever the windows.
 */
public final class ForwardLaplacian implements Differentiable<ForwardLaplacian> {
    private static final double[] EMPTY = new double[0];

    private final double value;
    private final int width;
    private final int offset;
    private final double[] window;
    private final double lap;

    private ForwardLaplacian(double value, int width, int offset, double[] window, double lap) {
        this.value = value;
        this.width = width;
        this.offset = offset;
        this.window = window;
        this.lap = lap;
    }

    /**
     * The i-th of n independent variables: gradient e_i, Laplacian 0.
     *
     * @param value the point
     * @param index i, 0 &le; i &lt; n
     * @param width n, the number of inputs
     * @return the seeded number
     * @throws IllegalArgumentException if index is outside [0, width)
     */
    public static ForwardLaplacian variable(double value, int index, int width) {
        if (width < 1 || index < 0 || index >= width) {
            throw new IllegalArgumentException("ForwardLaplacian.variable: index must be in [0, " + width
                    + ") and width at least 1, got index " + index + ", width " + width);
        }
        return new ForwardLaplacian(value, width, index, new double[] {1}, 0);
    }

    /**
     * A constant: gradient 0, Laplacian 0.
     *
     * @param value the constant
     * @param width n, the number of inputs
     * @return the constant
     * @throws IllegalArgumentException if width &lt; 1
     */
    public static ForwardLaplacian constant(double value, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("ForwardLaplacian.constant: width must be at least 1, got " + width);
        }
        return new ForwardLaplacian(value, width, 0, EMPTY, 0);
    }

    /** @return the value */
    @Override
    public double value() {
        return value;
    }

    /** @return the Laplacian L = sum_i d2/dx_i^2 */
    public double laplacian() {
        return lap;
    }

    /** @return n, the number of inputs */
    public int width() {
        return width;
    }

    /** @return the gradient J (a new array of n entries) */
    public double[] gradient() {
        double[] g = new double[width];
        System.arraycopy(window, 0, g, offset, window.length);
        return g;
    }

    /** @return the field of constants of this width */
    @Override
    public Field<ForwardLaplacian> getField() {
        return SimpleField.of(constant(0, width), constant(1, width));
    }

    /** J' = f1 J, L' = f1 L + f2 |J|^2. */
    @Override
    public ForwardLaplacian compose(Op op, double c, double f0, double f1, double f2) {
        double[] w = window;
        int len = w.length;
        double l = term(f1, lap) + term(f2, dot(w, 0, w, 0, len));
        if (len == 0 || f1 == 0) {
            return new ForwardLaplacian(f0, width, 0, EMPTY, l);
        }
        if (f1 == 1) {
            return new ForwardLaplacian(f0, width, offset, w, l);
        }
        double[] j = new double[len];
        for (int d = 0; d < len; d++) {
            j[d] = term(f1, w[d]);
        }
        return new ForwardLaplacian(f0, width, offset, j, l);
    }

    /**
     * J = g_x J_x + g_y J_y, L = g_x L_x + g_y L_y + g_xx |J_x|^2 + 2 g_xy J_x.J_y + g_yy |J_y|^2.
     *
     * @throws IllegalArgumentException if both arguments carry gradients of different widths
     */
    @Override
    public ForwardLaplacian compose(Op op, ForwardLaplacian y, double g0, double gx, double gy,
                                    double gxx, double gxy, double gyy) {
        double[] wx = window;
        double[] wy = y.window;
        int lx = wx.length;
        int ly = wy.length;
        int n = Math.max(width, y.width);
        if (lx > 0 && ly > 0 && width != y.width) {
            throw new IllegalArgumentException("ForwardLaplacian: combining gradients of " + width + " and "
                    + y.width + " inputs; make every input of one function with the same width");
        }
        double l = term(gx, lap) + term(gy, y.lap);
        if (lx > 0) {
            l += term(gxx, dot(wx, 0, wx, 0, lx));
        }
        if (ly > 0) {
            l += term(gyy, dot(wy, 0, wy, 0, ly));
        }
        int ox = offset;
        int oy = y.offset;
        int lo = Math.max(ox, oy);
        int hi = Math.min(ox + lx, oy + ly);
        if (lo < hi) {
            l += term(2 * gxy, dot(wx, lo - ox, wy, lo - oy, hi - lo));
        }
        boolean useX = lx > 0 && gx != 0;
        boolean useY = ly > 0 && gy != 0;
        if (!useX && !useY) {
            return new ForwardLaplacian(g0, n, 0, EMPTY, l);
        }
        if (!useY) {
            return new ForwardLaplacian(g0, n, ox, gx == 1 ? wx : scaled(gx, wx), l);
        }
        if (!useX) {
            return new ForwardLaplacian(g0, n, oy, gy == 1 ? wy : scaled(gy, wy), l);
        }
        int o = Math.min(ox, oy);
        int e = Math.max(ox + lx, oy + ly);
        double[] j = new double[e - o];
        int bx = ox - o;
        for (int d = 0; d < lx; d++) {
            j[bx + d] = term(gx, wx[d]);
        }
        int by = oy - o;
        for (int d = 0; d < ly; d++) {
            j[by + d] += term(gy, wy[d]);
        }
        return new ForwardLaplacian(g0, n, o, j, l);
    }

    private static double[] scaled(double c, double[] w) {
        double[] j = new double[w.length];
        for (int d = 0; d < w.length; d++) {
            j[d] = term(c, w[d]);
        }
        return j;
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int d = 0; d < len; d++) {
            s += a[ao + d] * b[bo + d];
        }
        return s;
    }

    private static double term(double coefficient, double x) {
        return x == 0 ? 0 : coefficient * x;
    }

    /** Gradient entry i, 0 outside the window. */
    private double entry(int i) {
        int d = i - offset;
        return d >= 0 && d < window.length ? window[d] : 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ForwardLaplacian)) {
            return false;
        }
        ForwardLaplacian f = (ForwardLaplacian) o;
        if (f.width != width || Double.doubleToLongBits(f.value) != Double.doubleToLongBits(value)
                || Double.doubleToLongBits(f.lap) != Double.doubleToLongBits(lap)) {
            return false;
        }
        int lo = Math.min(offset, f.offset);
        int hi = Math.max(offset + window.length, f.offset + f.window.length);
        for (int i = lo; i < hi; i++) {
            if (Double.doubleToLongBits(entry(i)) != Double.doubleToLongBits(f.entry(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        // a sum over the entries that differ from +0.0, so the window layout does not matter
        int h = 31 * (31 * Double.hashCode(value) + Double.hashCode(lap)) + width;
        for (int d = 0; d < window.length; d++) {
            long bits = Double.doubleToLongBits(window[d]);
            if (bits != 0) {
                h += (offset + d + 1) * 0x9E3779B9 ^ Long.hashCode(bits);
            }
        }
        return h;
    }

    /** @return e.g. {@code ForwardLaplacian[91.0; J = [43.0, 20.0]; L = 20.0]} */
    @Override
    public String toString() {
        return "ForwardLaplacian[" + value + "; J = " + java.util.Arrays.toString(gradient()) + "; L = " + lap + "]";
    }
}
