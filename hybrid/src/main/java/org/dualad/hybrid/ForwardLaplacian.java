package org.dualad.hybrid;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import org.apache.commons.math3.Field;
import org.dualad.dual.Chain;
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
 * J is non-zero only on a span [lo, hi) of the n inputs: a seeded input has a span of one, a
 * constant an empty one, and a result the union of its arguments'. Up to {@link #EAGER_SPAN}
 * entries J is stored as an array over its span. A wider J that only linear operations produced
 * (a running sum, a linear map) is kept lazily as a linear combination of its arguments'
 * gradients, J = s_x J_x + s_y J_y, and formed only when a second derivative needs it (|J|^2 or
 * J_x&middot;J_y), by one pass over the lazy subgraph in topological order. So a sum of n local
 * terms costs O(n), not O(n^2), and a dense function forms each wide J once. An operation with
 * derivative 1 (x + c) shares its argument's J. Every product is {@link Chain#term}: a zero
 * factor (a J entry, L, a partial) contributes exactly zero even against an infinite or NaN one.
 *
 * <pre>{@code
 * ForwardLaplacian u = ForwardLaplacian.variable(3, 0, 2);
 * ForwardLaplacian v = ForwardLaplacian.variable(4, 1, 2);
 * u.pow(3).add(v.multiply(v)).add(u.multiply(v).multiply(4)).laplacian();  // 6u + 2 = 20.0
 * }</pre>
 *
 * <p>Immutable as observed (a lazy J, once formed, is cached in a holder with a final field, so
 * sharing across threads is safe). {@code equals} compares the value, the width, the n gradient
 * entries and L bitwise, whatever the representation.
 */
public final class ForwardLaplacian implements Differentiable<ForwardLaplacian> {
    /**
     * The widest J formed eagerly by a linear operation; wider ones stay lazy until a second
     * derivative needs them. Why 32: copying up to 32 doubles is cheaper than a lazy node's later
     * graph walk, and local functions never exceed it.
     */
    public static final int EAGER_SPAN = 32;

    /** A formed J over the span [lo, hi): final field, so safely published. */
    private static final class Win {
        final double[] w;

        Win(double[] w) {
            this.w = w;
        }
    }

    private static final Win EMPTY = new Win(new double[0]);

    private final double value;
    private final double lap;
    private final int width;
    private final int lo;
    private final int hi;
    private final Win eager;
    // a lazy J = sx J(lx) + sy J(ly); ly may be null
    private final ForwardLaplacian lx;
    private final ForwardLaplacian ly;
    private final double sx;
    private final double sy;
    private Win cache;

    private ForwardLaplacian(double value, double lap, int width, int lo, int hi, Win eager,
                             ForwardLaplacian lx, double sx, ForwardLaplacian ly, double sy) {
        this.value = value;
        this.lap = lap;
        this.width = width;
        this.lo = lo;
        this.hi = hi;
        this.eager = eager;
        this.lx = lx;
        this.sx = sx;
        this.ly = ly;
        this.sy = sy;
    }

    private static ForwardLaplacian formed(double value, double lap, int width, int lo, double[] w) {
        return w.length == 0 ? new ForwardLaplacian(value, lap, width, 0, 0, EMPTY, null, 0, null, 0)
                : new ForwardLaplacian(value, lap, width, lo, lo + w.length, new Win(w), null, 0, null, 0);
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
        return formed(value, 0, width, index, new double[] {1});
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
        return formed(value, 0, width, 0, new double[0]);
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
        double[] w = win().w;
        System.arraycopy(w, 0, g, lo, w.length);
        return g;
    }

    /** @return the field of constants of this width */
    @Override
    public Field<ForwardLaplacian> getField() {
        return SimpleField.of(constant(0, width), constant(1, width));
    }

    /** J' = f1 J, L' = f1 L + f2 |J|^2. */
    /** @return 2: a custom {@link org.dualad.dual.Rule} must supply its second derivatives here */
    @Override
    public int derivativeOrder() {
        return 2;
    }

    @Override
    public ForwardLaplacian compose(Op op, double c, double f0, double f1, double f2) {
        double l = Chain.term(f1, lap);
        if (f2 != 0 && hi > lo) {
            double[] w = win().w;
            l += Chain.term(f2, dot(w, 0, w, 0, w.length));
        }
        return scaled(this, f1, f0, l, width);
    }

    /** A number with value f0, Laplacian l and J = s J(x). */
    private static ForwardLaplacian scaled(ForwardLaplacian x, double s, double f0, double l, int n) {
        if (x.hi == x.lo || s == 0) {
            return formed(f0, l, n, 0, EMPTY.w);
        }
        Win k = x.known();
        if (s == 1) {
            // the same J: share its representation
            return k != null ? new ForwardLaplacian(f0, l, n, x.lo, x.hi, k, null, 0, null, 0)
                    : new ForwardLaplacian(f0, l, n, x.lo, x.hi, null, x.lx, x.sx, x.ly, x.sy);
        }
        if (k != null && x.hi - x.lo <= EAGER_SPAN) {
            double[] w = k.w;
            double[] j = new double[w.length];
            for (int d = 0; d < w.length; d++) {
                j[d] = Chain.term(s, w[d]);
            }
            return formed(f0, l, n, x.lo, j);
        }
        return new ForwardLaplacian(f0, l, n, x.lo, x.hi, null, x, s, null, 0);
    }

    /**
     * J = g_x J_x + g_y J_y, L = g_x L_x + g_y L_y + g_xx |J_x|^2 + 2 g_xy J_x.J_y + g_yy |J_y|^2.
     *
     * @throws IllegalArgumentException if both arguments carry gradients of different widths
     */
    @Override
    public ForwardLaplacian compose(Op op, ForwardLaplacian y, double g0, double gx, double gy,
                                    double gxx, double gxy, double gyy) {
        boolean hasX = hi > lo;
        boolean hasY = y.hi > y.lo;
        int n = Math.max(width, y.width);
        if (hasX && hasY && width != y.width) {
            throw new IllegalArgumentException("ForwardLaplacian: combining gradients of " + width + " and "
                    + y.width + " inputs; make every input of one function with the same width");
        }
        double l = Chain.term(gx, lap) + Chain.term(gy, y.lap);
        if (gxx != 0 && gyy == -gxx && hasX && hasY) {
            // a harmonic g (atan2): g_xx |J_x|^2 + g_yy |J_y|^2 = g_xx (|J_x|^2 - |J_y|^2), which
            // stays exactly 0 for two seeded inputs where g_xx and g_yy overflow to opposite
            // infinities (atan2 at a subnormal radius) and their sum would be NaN
            double[] wx = win().w;
            double[] wy = y.win().w;
            l += Chain.term(gxx, dot(wx, 0, wx, 0, wx.length) - dot(wy, 0, wy, 0, wy.length));
        } else {
            if (gxx != 0 && hasX) {
                double[] w = win().w;
                l += Chain.term(gxx, dot(w, 0, w, 0, w.length));
            }
            if (gyy != 0 && hasY) {
                double[] w = y.win().w;
                l += Chain.term(gyy, dot(w, 0, w, 0, w.length));
            }
        }
        if (gxy != 0 && hasX && hasY) {
            int a = Math.max(lo, y.lo);
            int b = Math.min(hi, y.hi);
            if (a < b) {
                l += Chain.term(2 * gxy, dot(win().w, a - lo, y.win().w, a - y.lo, b - a));
            }
        }
        boolean useX = hasX && gx != 0;
        boolean useY = hasY && gy != 0;
        if (!useY) {
            return scaled(this, useX ? gx : 0, g0, l, n);
        }
        if (!useX) {
            return scaled(y, gy, g0, l, n);
        }
        int o = Math.min(lo, y.lo);
        int e = Math.max(hi, y.hi);
        Win kx = known();
        Win ky = y.known();
        if (kx == null || ky == null || e - o > EAGER_SPAN) {
            return new ForwardLaplacian(g0, l, n, o, e, null, this, gx, y, gy);
        }
        double[] j = new double[e - o];
        double[] wx = kx.w;
        int bx = lo - o;
        for (int d = 0; d < wx.length; d++) {
            j[bx + d] = Chain.term(gx, wx[d]);
        }
        double[] wy = ky.w;
        int by = y.lo - o;
        for (int d = 0; d < wy.length; d++) {
            j[by + d] += Chain.term(gy, wy[d]);
        }
        return formed(g0, l, n, o, j);
    }

    /** The formed J if there is one yet, else null. */
    private Win known() {
        return eager != null ? eager : cache;
    }

    /** The formed J over [lo, hi), forming (and caching) a lazy one. */
    private Win win() {
        Win k = known();
        if (k == null) {
            k = form();
            cache = k;
        }
        return k;
    }

    /**
     * Forms a lazy J: lists the lazy subgraph below this node in post-order (children before
     * parents, by an explicit stack: no recursion depth limit), then walks it parents-first pushing
     * coefficients down, adding coefficient times J into the result at each formed node reached.
     * Each lazy node is visited once however many paths reach it.
     */
    private Win form() {
        IdentityHashMap<ForwardLaplacian, Integer> state = new IdentityHashMap<>();
        ArrayList<ForwardLaplacian> post = new ArrayList<>();
        ArrayDeque<ForwardLaplacian> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            ForwardLaplacian u = stack.peek();
            Integer s = state.get(u);
            if (s == null) {
                state.put(u, -1);
                if (u.ly != null && u.ly.known() == null && !state.containsKey(u.ly)) {
                    stack.push(u.ly);
                }
                if (u.lx.known() == null && !state.containsKey(u.lx)) {
                    stack.push(u.lx);
                }
            } else {
                stack.pop();
                if (s == -1) {
                    state.put(u, post.size());
                    post.add(u);
                }
            }
        }
        int m = post.size();
        double[] coef = new double[m];
        coef[m - 1] = 1;
        double[] acc = new double[hi - lo];
        for (int t = m - 1; t >= 0; t--) {
            double c = coef[t];
            if (c == 0) {
                continue;
            }
            ForwardLaplacian u = post.get(t);
            spread(u.lx, Chain.term(c, u.sx), state, coef, acc);
            if (u.ly != null) {
                spread(u.ly, Chain.term(c, u.sy), state, coef, acc);
            }
        }
        return new Win(acc);
    }

    private void spread(ForwardLaplacian ch, double k, IdentityHashMap<ForwardLaplacian, Integer> state,
                        double[] coef, double[] acc) {
        Win w = ch.known();
        if (w == null) {
            coef[state.get(ch)] += k;
            return;
        }
        double[] a = w.w;
        int b = ch.lo - lo;
        for (int d = 0; d < a.length; d++) {
            acc[b + d] += Chain.term(k, a[d]);
        }
    }

    /** a . b, each product under the zero policy (J_x . J_y may pair a 0 with an infinity). */
    private static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s = 0;
        for (int d = 0; d < len; d++) {
            s += Chain.term(a[ao + d], b[bo + d]);
        }
        return s;
    }

    /** Equal when value, width, L and all n gradient entries are bitwise equal. */
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
        double[] a = gradient();
        double[] b = f.gradient();
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Consistent with {@link #equals}: value, L, width and the n gradient entries. */
    @Override
    public int hashCode() {
        int h = 31 * (31 * Double.hashCode(value) + Double.hashCode(lap)) + width;
        return 31 * h + Arrays.hashCode(gradient());
    }

    /** @return e.g. {@code ForwardLaplacian[91.0; J = [43.0, 20.0]; L = 20.0]} */
    @Override
    public String toString() {
        return "ForwardLaplacian[" + value + "; J = " + Arrays.toString(gradient()) + "; L = " + lap + "]";
    }
}
