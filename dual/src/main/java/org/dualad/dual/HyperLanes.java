package org.dualad.dual;

import org.apache.commons.math3.Field;

/**
 * A hyper-dual number with one &epsilon;&#8321; and four &epsilon;&#8322; lanes, all scalar fields:
 * a + b&epsilon;&#8321; + &Sigma;<sub>k&lt;4</sub> (c<sub>k</sub>&epsilon;&#8322;<sub>k</sub>
 * + d<sub>k</sub>&epsilon;&#8321;&epsilon;&#8322;<sub>k</sub>). Seeding &epsilon;&#8321; along input i
 * and lane k along input j<sub>k</sub> gives four Hessian entries H<sub>i,j<sub>k</sub></sub> per
 * pass with the exact hyper-dual rule d' = f'(a) d + f''(a) b c, so the value and the
 * &epsilon;&#8321; part are computed once for four entries instead of four times.
 *
 * <p>Fields, not an array, so that the JIT can keep a temporary in registers as it does a
 * {@link HyperDual}'s four parts. Package private: the small-n kernel of {@link Forward#hessian}.
 */
final class HyperLanes implements Differentiable<HyperLanes> {
    private final double a;
    private final double b;
    private final double c0;
    private final double c1;
    private final double c2;
    private final double c3;
    private final double d0;
    private final double d1;
    private final double d2;
    private final double d3;

    @SuppressWarnings("checkstyle:ParameterNumber")
    private HyperLanes(double a, double b, double c0, double c1, double c2, double c3,
                       double d0, double d1, double d2, double d3) {
        this.a = a;
        this.b = b;
        this.c0 = c0;
        this.c1 = c1;
        this.c2 = c2;
        this.c3 = c3;
        this.d0 = d0;
        this.d1 = d1;
        this.d2 = d2;
        this.d3 = d3;
    }

    /** Input p of a pass for row i whose lanes are inputs j0, j0 + 1, ... (lanes past n unused). */
    static HyperLanes input(double value, int p, int i, int j0) {
        int k = p - j0;
        return new HyperLanes(value, p == i ? 1 : 0, k == 0 ? 1 : 0, k == 1 ? 1 : 0, k == 2 ? 1 : 0, k == 3 ? 1 : 0,
                0, 0, 0, 0);
    }

    /** @return the &epsilon;&#8321;&epsilon;&#8322; part of lane k */
    double second(int k) {
        switch (k) {
            case 0: return d0;
            case 1: return d1;
            case 2: return d2;
            default: return d3;
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
    public Field<HyperLanes> getField() {
        return SimpleField.of(constant(0), constant(1));
    }

    private static HyperLanes constant(double v) {
        return new HyperLanes(v, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** @return 2: the &epsilon;1&epsilon;2 part needs a custom {@link Rule}'s second derivatives */
    @Override
    public int derivativeOrder() {
        return 2;
    }

    @Override
    public HyperLanes compose(Op op, double k, double f0, double f1, double f2) {
        // plain products: where none of the results is NaN they equal the zero policy's (see
        // Chain; at most the sign of a zero differs); otherwise they are redone term by term
        double t = f2 * b;
        double nb = f1 * b;
        double n0 = f1 * c0;
        double n1 = f1 * c1;
        double n2 = f1 * c2;
        double n3 = f1 * c3;
        double e0 = f1 * d0 + t * c0;
        double e1 = f1 * d1 + t * c1;
        double e2 = f1 * d2 + t * c2;
        double e3 = f1 * d3 + t * c3;
        if (clean(nb + n0 + n1 + n2 + n3 + e0 + e1 + e2 + e3)) {
            return new HyperLanes(f0, nb, n0, n1, n2, n3, e0, e1, e2, e3);
        }
        return composeSlow(f0, f1, f2);
    }

    /**
     * Whether a sum of every computed part is not NaN, so that none is: then plain products gave
     * the zero policy's values. A false alarm (inf - inf in the sum) only costs the slow path.
     */
    private static boolean clean(double sum) {
        return sum == sum;
    }

    /** The zero policy term by term (Chain), for a zero meeting an infinite or NaN factor. */
    private HyperLanes composeSlow(double f0, double f1, double f2) {
        double s = Chain.term(f2, b);
        return new HyperLanes(f0, Chain.term(f1, b),
                Chain.term(f1, c0), Chain.term(f1, c1), Chain.term(f1, c2), Chain.term(f1, c3),
                Chain.term(f1, d0) + Chain.term(s, c0), Chain.term(f1, d1) + Chain.term(s, c1),
                Chain.term(f1, d2) + Chain.term(s, c2), Chain.term(f1, d3) + Chain.term(s, c3));
    }

    @Override
    public HyperLanes compose(Op op, HyperLanes y, double g0, double gx, double gy,
                              double gxx, double gxy, double gyy) {
        // d_k = (gx dx + gy dy) + (sx cx + sy cy), sx = gxx bx + gxy by, sy = gxy bx + gyy by
        double sx = Chain.term(gxx, b) + Chain.term(gxy, y.b);
        double sy = Chain.term(gxy, b) + Chain.term(gyy, y.b);
        return new HyperLanes(g0, Chain.term(gx, b) + Chain.term(gy, y.b),
                lane(gx, c0, gy, y.c0), lane(gx, c1, gy, y.c1), lane(gx, c2, gy, y.c2), lane(gx, c3, gy, y.c3),
                lane(gx, d0, gy, y.d0) + lane(sx, c0, sy, y.c0), lane(gx, d1, gy, y.d1) + lane(sx, c1, sy, y.c1),
                lane(gx, d2, gy, y.d2) + lane(sx, c2, sy, y.c2), lane(gx, d3, gy, y.d3) + lane(sx, c3, sy, y.c3));
    }

    private static double lane(double gx, double tx, double gy, double ty) {
        return Chain.term(gx, tx) + Chain.term(gy, ty);
    }

    // Plain arithmetic written out (the bulk of user code), under the same zero policy.

    @Override
    public HyperLanes add(HyperLanes y) {
        return new HyperLanes(a + y.a, b + y.b, c0 + y.c0, c1 + y.c1, c2 + y.c2, c3 + y.c3,
                d0 + y.d0, d1 + y.d1, d2 + y.d2, d3 + y.d3);
    }

    @Override
    public HyperLanes subtract(HyperLanes y) {
        return new HyperLanes(a - y.a, b - y.b, c0 - y.c0, c1 - y.c1, c2 - y.c2, c3 - y.c3,
                d0 - y.d0, d1 - y.d1, d2 - y.d2, d3 - y.d3);
    }

    @Override
    public HyperLanes multiply(HyperLanes y) {
        double u = y.a;
        double v = a;
        // plain products, exact under the zero policy unless a result is NaN (see compose),
        // grouped as the binary compose groups them: (u dx + v dy) + (by cx + bx cy)
        double nb = u * b + v * y.b;
        double n0 = u * c0 + v * y.c0;
        double n1 = u * c1 + v * y.c1;
        double n2 = u * c2 + v * y.c2;
        double n3 = u * c3 + v * y.c3;
        double e0 = (u * d0 + v * y.d0) + (y.b * c0 + b * y.c0);
        double e1 = (u * d1 + v * y.d1) + (y.b * c1 + b * y.c1);
        double e2 = (u * d2 + v * y.d2) + (y.b * c2 + b * y.c2);
        double e3 = (u * d3 + v * y.d3) + (y.b * c3 + b * y.c3);
        if (clean(nb + n0 + n1 + n2 + n3 + e0 + e1 + e2 + e3)) {
            return new HyperLanes(v * u, nb, n0, n1, n2, n3, e0, e1, e2, e3);
        }
        return multiplySlow(y, u, v);
    }

    /** multiply under the zero policy term by term (Chain). */
    private HyperLanes multiplySlow(HyperLanes y, double u, double v) {
        // (xy)'' lanes: (u dx + v dy) + (by cx + bx cy), the binary compose's grouping
        return new HyperLanes(v * u, lane(u, b, v, y.b),
                lane(u, c0, v, y.c0), lane(u, c1, v, y.c1), lane(u, c2, v, y.c2), lane(u, c3, v, y.c3),
                lane(u, d0, v, y.d0) + lane(y.b, c0, b, y.c0),
                lane(u, d1, v, y.d1) + lane(y.b, c1, b, y.c1),
                lane(u, d2, v, y.d2) + lane(y.b, c2, b, y.c2),
                lane(u, d3, v, y.d3) + lane(y.b, c3, b, y.c3));
    }

    @Override
    public HyperLanes negate() {
        return new HyperLanes(-a, -b, -c0, -c1, -c2, -c3, -d0, -d1, -d2, -d3);
    }

    @Override
    public HyperLanes add(double k) {
        return new HyperLanes(a + k, b, c0, c1, c2, c3, d0, d1, d2, d3);
    }

    @Override
    public HyperLanes subtract(double k) {
        return new HyperLanes(a - k, b, c0, c1, c2, c3, d0, d1, d2, d3);
    }

    @Override
    public HyperLanes multiply(double k) {
        double nb = b * k;
        double n0 = c0 * k;
        double n1 = c1 * k;
        double n2 = c2 * k;
        double n3 = c3 * k;
        double e0 = d0 * k;
        double e1 = d1 * k;
        double e2 = d2 * k;
        double e3 = d3 * k;
        if (clean(nb + n0 + n1 + n2 + n3 + e0 + e1 + e2 + e3)) {
            return new HyperLanes(a * k, nb, n0, n1, n2, n3, e0, e1, e2, e3);
        }
        return multiplySlow(k);
    }

    private HyperLanes multiplySlow(double k) {
        return new HyperLanes(a * k, Chain.term(k, b), Chain.term(k, c0), Chain.term(k, c1), Chain.term(k, c2),
                Chain.term(k, c3), Chain.term(k, d0), Chain.term(k, d1), Chain.term(k, d2), Chain.term(k, d3));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HyperLanes)) {
            return false;
        }
        HyperLanes h = (HyperLanes) o;
        return bits(a) == bits(h.a) && bits(b) == bits(h.b) && bits(c0) == bits(h.c0) && bits(c1) == bits(h.c1)
                && bits(c2) == bits(h.c2) && bits(c3) == bits(h.c3) && bits(d0) == bits(h.d0)
                && bits(d1) == bits(h.d1) && bits(d2) == bits(h.d2) && bits(d3) == bits(h.d3);
    }

    private static long bits(double v) {
        return Double.doubleToLongBits(v);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(new double[] {a, b, c0, c1, c2, c3, d0, d1, d2, d3});
    }

    @Override
    public String toString() {
        return "HyperLanes[" + a + Format.term(b, "ε1") + "; d = " + d0 + ", " + d1 + ", " + d2 + ", " + d3 + "]";
    }
}
