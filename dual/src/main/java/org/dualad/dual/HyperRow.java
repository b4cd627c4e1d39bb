package org.dualad.dual;

import org.apache.commons.math3.Field;
import org.apache.commons.math3.exception.DimensionMismatchException;

/**
 * A hyper-dual number whose &epsilon;&#8322; part is a vector: a + b&epsilon;&#8321;
 * + &Sigma;<sub>j</sub> (c<sub>j</sub>&epsilon;&#8322;<sub>j</sub>
 * + d<sub>j</sub>&epsilon;&#8321;&epsilon;&#8322;<sub>j</sub>). Seeding &epsilon;&#8321; along
 * input i and &epsilon;&#8322;<sub>j</sub> along every input j &ge; i makes the d part of f(x) the
 * upper-triangle row H<sub>i,j&ge;i</sub> of the Hessian: n passes for the whole Hessian instead
 * of the n(n+1)/2 of scalar {@link HyperDual}s, with the same exact rules
 * (d' = f'(a) d + f''(a) b c).
 *
 * <p>c and d live in one array over a window of directions [offset, offset + length) (c first,
 * then d), as in {@link MultiDual}: every direction outside the window is exactly zero. Package
 * private: the kernel of {@link Forward#hessian}, not a user-facing number type.
 */
final class HyperRow implements Differentiable<HyperRow> {
    private static final double[] EMPTY = new double[0];

    private final double a;
    private final double b;
    private final int width;
    private final int offset;
    /** c over the window, then d over the same window: length 2 * window length. */
    private final double[] cd;

    private HyperRow(double a, double b, int width, int offset, double[] cd) {
        this.a = a;
        this.b = b;
        this.width = width;
        this.offset = offset;
        this.cd = cd;
    }

    /** An input: value a, b = 1 if it is the row's input, c = 1 along its own direction if seeded. */
    static HyperRow input(double a, boolean row, boolean seeded, int direction, int width) {
        return new HyperRow(a, row ? 1 : 0, width, seeded ? direction : 0, seeded ? new double[] {1, 0} : EMPTY);
    }

    /**
     * An input of a Hessian-vector pass: value a, &epsilon;&#8321; part b (the direction's entry)
     * and &epsilon;&#8322; along its own direction, so the d part of f(x) is the row v^T H.
     */
    static HyperRow input(double a, double b, int direction, int width) {
        return new HyperRow(a, b, width, direction, new double[] {1, 0});
    }

    /** Adds the d part into out[base + j] for every direction j of the window. */
    void addSecondTo(double[] out, int base) {
        int len = cd.length >> 1;
        for (int i = 0; i < len; i++) {
            out[base + offset + i] += cd[len + i];
        }
    }

    @Override
    public double value() {
        return a;
    }

    @Override
    public double getReal() {
        return a;
    }

    @Override
    public Field<HyperRow> getField() {
        return SimpleField.of(new HyperRow(0, 0, width, 0, EMPTY), new HyperRow(1, 0, width, 0, EMPTY));
    }

    /** @return 2: the &epsilon;1&epsilon;2 part needs a custom {@link Rule}'s second derivatives */
    @Override
    public int derivativeOrder() {
        return 2;
    }

    @Override
    public HyperRow compose(Op op, double k, double f0, double f1, double f2) {
        int len = cd.length >> 1;
        if (len == 0) {
            return new HyperRow(f0, Chain.term(f1, b), width, 0, EMPTY);
        }
        // plain products: the zero policy's values (see Chain) unless one of them is NaN
        double[] r = new double[cd.length];
        double t = f2 * b;
        boolean nan = false;
        for (int i = 0; i < len; i++) {
            double c = cd[i];
            double nc = f1 * c;
            double nd = f1 * cd[len + i] + t * c;
            r[i] = nc;
            r[len + i] = nd;
            nan |= nc != nc | nd != nd;
        }
        if (nan) {
            double s = Chain.term(f2, b);
            for (int i = 0; i < len; i++) {
                double c = cd[i];
                r[i] = Chain.term(f1, c);
                r[len + i] = Chain.term(f1, cd[len + i]) + Chain.term(s, c);
            }
        }
        return new HyperRow(f0, Chain.term(f1, b), width, offset, r);
    }

    @Override
    public HyperRow compose(Op op, HyperRow y, double g0, double gx, double gy,
                            double gxx, double gxy, double gyy) {
        if (width != y.width) {
            throw new DimensionMismatchException(y.width, width);
        }
        double nb = Chain.term(gx, b) + Chain.term(gy, y.b);
        if (cd.length == 0 && y.cd.length == 0) {
            return new HyperRow(g0, nb, width, 0, EMPTY);
        }
        double sx = Chain.term(gxx, b) + Chain.term(gxy, y.b);
        double sy = Chain.term(gxy, b) + Chain.term(gyy, y.b);
        return combine(g0, nb, gx, sx, this, gy, sy, y);
    }

    /**
     * c' = gx cx + gy cy and d' = (gx dx + gy dy) + (sx cx + sy cy) over the union window, where
     * sx = gxx bx + gxy by and sy = gxy bx + gyy by carry the second-order terms: grouped as the
     * small-n kernel {@link HyperLanes} groups them (an entry outside a window is 0), so both
     * kernels of {@link Forward#hessian} round alike.
     */
    private static HyperRow combine(double g0, double nb, double gx, double sx, HyperRow x,
                                    double gy, double sy, HyperRow y) {
        int lx = x.cd.length >> 1;
        int ly = y.cd.length >> 1;
        int lo = lx == 0 ? y.offset : ly == 0 ? x.offset : Math.min(x.offset, y.offset);
        int hi = Math.max(lx == 0 ? lo : x.offset + lx, ly == 0 ? lo : y.offset + ly);
        int len = hi - lo;
        double[] r = new double[2 * len];
        int ox = x.offset - lo;
        int oy = y.offset - lo;
        // plain products first: the zero policy's values (see Chain) unless one of them is NaN
        if (fill(r, len, gx, sx, x.cd, lx, ox, gy, sy, y.cd, ly, oy, false)) {
            fill(r, len, gx, sx, x.cd, lx, ox, gy, sy, y.cd, ly, oy, true);
        }
        return new HyperRow(g0, nb, x.width, lo, r);
    }

    /**
     * Writes c' and d' at every direction of the union window (r's c half, then its d half); x's
     * window starts at ox in it, y's at oy. With policy every product is {@link Chain#term};
     * without, plain. Returns whether a result is NaN.
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    private static boolean fill(double[] r, int len, double gx, double sx, double[] x, int lx, int ox,
                                double gy, double sy, double[] y, int ly, int oy, boolean policy) {
        boolean nan = false;
        for (int i = 0; i < len; i++) {
            int ix = i - ox;
            int iy = i - oy;
            boolean inX = ix >= 0 && ix < lx;
            boolean inY = iy >= 0 && iy < ly;
            double cx = inX ? x[ix] : 0;
            double dx = inX ? x[lx + ix] : 0;
            double cy = inY ? y[iy] : 0;
            double dy = inY ? y[ly + iy] : 0;
            double c;
            double d;
            if (policy) {
                c = Chain.term(gx, cx) + Chain.term(gy, cy);
                d = (Chain.term(gx, dx) + Chain.term(gy, dy)) + (Chain.term(sx, cx) + Chain.term(sy, cy));
            } else {
                c = gx * cx + gy * cy;
                d = (gx * dx + gy * dy) + (sx * cx + sy * cy);
            }
            r[i] = c;
            r[len + i] = d;
            nan |= c != c | d != d;
        }
        return nan;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HyperRow)) {
            return false;
        }
        HyperRow h = (HyperRow) o;
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(h.a)
                && Double.doubleToLongBits(b) == Double.doubleToLongBits(h.b)
                && width == h.width && offset == h.offset && java.util.Arrays.equals(cd, h.cd);
    }

    @Override
    public int hashCode() {
        return (31 * Double.hashCode(a) + Double.hashCode(b)) * 31 + java.util.Arrays.hashCode(cd);
    }

    @Override
    public String toString() {
        return "HyperRow[" + a + Format.term(b, "ε1") + ", window " + offset + "+" + (cd.length >> 1) + "]";
    }
}
