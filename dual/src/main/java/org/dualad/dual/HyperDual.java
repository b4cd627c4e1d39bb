package org.dualad.dual;

import org.apache.commons.math3.Field;

/**
 * A hyper-dual number a + b&epsilon;&#8321; + c&epsilon;&#8322; + d&epsilon;&#8321;&epsilon;&#8322;
 * with &epsilon;&#8321;^2 = &epsilon;&#8322;^2 = 0 and &epsilon;&#8321;&epsilon;&#8322; &ne; 0
 * (Fike and Alonso, 2011): exact first and second derivatives in one pass, no subtractive
 * cancellation and no step size.
 *
 * <p>f(x) = f(a) + b f'(a) &epsilon;&#8321; + c f'(a) &epsilon;&#8322;
 * + (d f'(a) + b c f''(a)) &epsilon;&#8321;&epsilon;&#8322;. Seeding &epsilon;&#8321; along input
 * i and &epsilon;&#8322; along input j makes the &epsilon;&#8321;&epsilon;&#8322; part of f(x) the
 * Hessian entry H<sub>ij</sub>.
 *
 * <pre>{@code
 * HyperDual x = HyperDual.variable(2);   // 2 + ε1 + ε2
 * HyperDual y = x.pow(3);                // HyperDual[8.0 + 12.0ε1 + 12.0ε2 + 12.0ε1ε2]
 * }</pre>
 *
 * <p>Immutable; {@code equals}/{@code hashCode} compare the four parts bitwise.
 */
public final class HyperDual implements Differentiable<HyperDual> {
    /** The field of hyper-duals: zero and one with no perturbation parts. */
    public static final Field<HyperDual> FIELD =
            SimpleField.of(new HyperDual(0, 0, 0, 0), new HyperDual(1, 0, 0, 0));

    private final double a;
    private final double b;
    private final double c;
    private final double d;

    private HyperDual(double a, double b, double c, double d) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    /**
     * Creates a + b&epsilon;&#8321; + c&epsilon;&#8322; + d&epsilon;&#8321;&epsilon;&#8322;.
     *
     * @param a the real part
     * @param b the &epsilon;&#8321; part
     * @param c the &epsilon;&#8322; part
     * @param d the &epsilon;&#8321;&epsilon;&#8322; part
     * @return the hyper-dual
     */
    public static HyperDual of(double a, double b, double c, double d) {
        return new HyperDual(a, b, c, d);
    }

    /**
     * Creates the variable of a one-input function: a + &epsilon;&#8321; + &epsilon;&#8322;, so
     * that f(x) carries f' in both first parts and f'' in the &epsilon;&#8321;&epsilon;&#8322; part.
     *
     * @param a the point
     * @return the seeded hyper-dual
     */
    public static HyperDual variable(double a) {
        return new HyperDual(a, 1, 1, 0);
    }

    /**
     * Creates a constant: a with no perturbation.
     *
     * @param a the constant
     * @return the hyper-dual
     */
    public static HyperDual constant(double a) {
        return new HyperDual(a, 0, 0, 0);
    }

    /** @return the real part a */
    @Override
    public double value() {
        return a;
    }

    /** @return the &epsilon;&#8321; part b: the derivative along the first seed */
    public double e1() {
        return b;
    }

    /** @return the &epsilon;&#8322; part c: the derivative along the second seed */
    public double e2() {
        return c;
    }

    /** @return the &epsilon;&#8321;&epsilon;&#8322; part d: the mixed second derivative */
    public double e1e2() {
        return d;
    }

    @Override
    public double getReal() {
        return a;
    }

    @Override
    public Field<HyperDual> getField() {
        return FIELD;
    }

    /** @return 2: the &epsilon;1&epsilon;2 part needs a custom {@link Rule}'s second derivatives */
    @Override
    public int derivativeOrder() {
        return 2;
    }

    @Override
    public HyperDual compose(Op op, double k, double f0, double f1, double f2) {
        return new HyperDual(f0, Chain.term(f1, b), Chain.term(f1, c),
                Chain.term(f1, d) + Chain.term(f2, b, c));
    }

    @Override
    public HyperDual compose(Op op, HyperDual y, double g0, double gx, double gy,
                             double gxx, double gxy, double gyy) {
        // d' = (gx dx + gy dy) + (sx cx + sy cy), sx = gxx bx + gxy by, sy = gxy bx + gyy by: the
        // grouping of Forward.hessian's kernels, so that all of them round alike
        double sx = Chain.term(gxx, b) + Chain.term(gxy, y.b);
        double sy = Chain.term(gxy, b) + Chain.term(gyy, y.b);
        return new HyperDual(g0,
                Chain.term(gx, b) + Chain.term(gy, y.b),
                Chain.term(gx, c) + Chain.term(gy, y.c),
                (Chain.term(gx, d) + Chain.term(gy, y.d)) + (Chain.term(sx, c) + Chain.term(sy, y.c)));
    }

    // Plain arithmetic written out: no zero second partials to multiply through.

    @Override
    public HyperDual add(HyperDual y) {
        return new HyperDual(a + y.a, b + y.b, c + y.c, d + y.d);
    }

    @Override
    public HyperDual subtract(HyperDual y) {
        return new HyperDual(a - y.a, b - y.b, c - y.c, d - y.d);
    }

    @Override
    public HyperDual multiply(HyperDual y) {
        // every product under the zero policy (Chain), grouped as Forward.hessian's kernels group it
        return new HyperDual(a * y.a, Chain.term(y.a, b) + Chain.term(a, y.b), Chain.term(y.a, c) + Chain.term(a, y.c),
                (Chain.term(y.a, d) + Chain.term(a, y.d)) + (Chain.term(y.b, c) + Chain.term(b, y.c)));
    }

    @Override
    public HyperDual negate() {
        return new HyperDual(-a, -b, -c, -d);
    }

    @Override
    public HyperDual add(double k) {
        return new HyperDual(a + k, b, c, d);
    }

    @Override
    public HyperDual subtract(double k) {
        return new HyperDual(a - k, b, c, d);
    }

    @Override
    public HyperDual multiply(double k) {
        return new HyperDual(a * k, Chain.term(k, b), Chain.term(k, c), Chain.term(k, d));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HyperDual)) {
            return false;
        }
        HyperDual h = (HyperDual) o;
        return Double.doubleToLongBits(a) == Double.doubleToLongBits(h.a)
                && Double.doubleToLongBits(b) == Double.doubleToLongBits(h.b)
                && Double.doubleToLongBits(c) == Double.doubleToLongBits(h.c)
                && Double.doubleToLongBits(d) == Double.doubleToLongBits(h.d);
    }

    @Override
    public int hashCode() {
        return ((Double.hashCode(a) * 31 + Double.hashCode(b)) * 31 + Double.hashCode(c)) * 31
                + Double.hashCode(d);
    }

    /** @return e.g. {@code HyperDual[8.0 + 12.0ε1 + 12.0ε2 + 12.0ε1ε2]} */
    @Override
    public String toString() {
        return "HyperDual[" + a + Format.term(b, "ε1") + Format.term(c, "ε2") + Format.term(d, "ε1ε2") + "]";
    }
}
