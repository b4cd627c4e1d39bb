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

    @Override
    public HyperRow compose(Op op, double k, double f0, double f1, double f2) {
        int len = cd.length >> 1;
        if (len == 0) {
            return new HyperRow(f0, Chain.term(f1, b), width, 0, EMPTY);
        }
        double[] r = new double[cd.length];
        for (int i = 0; i < len; i++) {
            double c = cd[i];
            r[i] = Chain.term(f1, c);
            r[len + i] = Chain.term(f1, cd[len + i]) + Chain.term(f2, b * c);
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
        return combine(g0, nb, gx, gxx * b + gxy * y.b, this, gy, gxy * b + gyy * y.b, y);
    }

    /**
     * c' = gx cx + gy cy and d' = gx dx + sx cx + gy dy + sy cy over the union window, where
     * sx = gxx bx + gxy by and sy = gxy bx + gyy by carry the second-order terms.
     */
    private static HyperRow combine(double g0, double nb, double gx, double sx, HyperRow x,
                                    double gy, double sy, HyperRow y) {
        int lx = x.cd.length >> 1;
        int ly = y.cd.length >> 1;
        int lo = lx == 0 ? y.offset : ly == 0 ? x.offset : Math.min(x.offset, y.offset);
        int hi = Math.max(lx == 0 ? lo : x.offset + lx, ly == 0 ? lo : y.offset + ly);
        int len = hi - lo;
        double[] r = new double[2 * len];
        accumulate(r, len, x.offset - lo, x.cd, lx, gx, sx);
        accumulate(r, len, y.offset - lo, y.cd, ly, gy, sy);
        return new HyperRow(g0, nb, x.width, lo, r);
    }

    /** r[c] += g c, r[d] += g d + s c over one argument's window at offset o of the result. */
    private static void accumulate(double[] r, int len, int o, double[] cd, int l, double g, double s) {
        if (Double.isFinite(g) && Double.isFinite(s)) {
            // finite partials: 0 * g is 0, so the zero-tangent policy needs no branch
            for (int i = 0; i < l; i++) {
                double c = cd[i];
                r[o + i] += g * c;
                r[len + o + i] += g * cd[l + i] + s * c;
            }
        } else {
            for (int i = 0; i < l; i++) {
                double c = cd[i];
                r[o + i] += Chain.term(g, c);
                r[len + o + i] += Chain.term(g, cd[l + i]) + Chain.term(s, c);
            }
        }
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
