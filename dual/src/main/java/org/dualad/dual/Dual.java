package org.dualad.dual;

import org.apache.commons.math3.Field;

/**
 * A dual number a + b&epsilon; with &epsilon;^2 = 0: a value and one tangent, two doubles.
 *
 * <p>Every function follows f(a + b&epsilon;) = f(a) + b f'(a) &epsilon;, so seeding b = 1 on an
 * input carries the derivative along that input through any code written over
 * {@link org.apache.commons.math3.RealFieldElement}. The rules live once in
 * {@link Differentiable}; this class applies the chain rule to its two doubles.
 *
 * <pre>{@code
 * Dual x = Dual.variable(3);          // 3 + 1ε
 * Dual y = x.multiply(x).multiply(2); // Dual[18.0 + 12.0ε]
 * }</pre>
 *
 * <p>A zero tangent stays zero through every function, even where its derivative is infinite
 * (the zero policy of {@link Chain}: a product with an exactly zero factor is 0). Immutable;
 * {@code equals} and {@code hashCode} compare both parts bitwise (as {@link Double#equals}), so
 * {@code 0.0} and {@code -0.0} differ and NaN equals NaN.
 */
public final class Dual implements Differentiable<Dual> {
    /** The field of duals: zero is 0 + 0&epsilon;, one is 1 + 0&epsilon;. */
    public static final Field<Dual> FIELD = SimpleField.of(new Dual(0, 0), new Dual(1, 0));

    private final double value;
    private final double tangent;

    private Dual(double value, double tangent) {
        this.value = value;
        this.tangent = tangent;
    }

    /**
     * Creates value + tangent &epsilon;.
     *
     * @param value the real part
     * @param tangent the &epsilon; part
     * @return the dual
     */
    public static Dual of(double value, double tangent) {
        return new Dual(value, tangent);
    }

    /**
     * Creates an independent variable: value + 1&epsilon;.
     *
     * @param value the point
     * @return the seeded dual
     */
    public static Dual variable(double value) {
        return new Dual(value, 1);
    }

    /**
     * Creates a constant: value + 0&epsilon;.
     *
     * @param value the constant
     * @return the dual
     */
    public static Dual constant(double value) {
        return new Dual(value, 0);
    }

    /** @return the real part a */
    @Override
    public double value() {
        return value;
    }

    /** @return the tangent b, the derivative along the seeded direction */
    public double tangent() {
        return tangent;
    }

    @Override
    public double getReal() {
        return value;
    }

    @Override
    public Field<Dual> getField() {
        return FIELD;
    }

    @Override
    public Dual compose(Op op, double c, double f0, double f1, double f2) {
        return new Dual(f0, Chain.term(f1, tangent));
    }

    @Override
    public Dual compose(Op op, Dual y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
        return new Dual(g0, Chain.term(gx, tangent) + Chain.term(gy, y.tangent));
    }

    // Plain arithmetic written out: the hot path of every user function.

    @Override
    public Dual add(Dual y) {
        return new Dual(value + y.value, tangent + y.tangent);
    }

    @Override
    public Dual subtract(Dual y) {
        return new Dual(value - y.value, tangent - y.tangent);
    }

    @Override
    public Dual multiply(Dual y) {
        // Chain.term: a zero factor contributes zero even when the other is infinite or NaN
        return new Dual(value * y.value, Chain.term(y.value, tangent) + Chain.term(value, y.tangent));
    }

    @Override
    public Dual divide(Dual y) {
        // divide, not multiply by 1/y: 1/y overflows for a subnormal y where x/y does not
        double q = value / y.value;
        // both exponents within 2^+-250: the plain partials are normal numbers, right to an ulp;
        // beyond, d/dy is the rule table's (x/y subnormal lost up to 1e5 ulps of it), out of line
        if (Integer.compareUnsigned(Math.getExponent(value) + 250, 501) < 0
                && Integer.compareUnsigned(Math.getExponent(y.value) + 250, 501) < 0) {
            return new Dual(q, Chain.term(1 / y.value, tangent) - Chain.term(q / y.value, y.tangent));
        }
        return new Dual(q, Chain.term(1 / y.value, tangent) + Chain.term(Values.quotientSlope(value, y.value), y.tangent));
    }

    @Override
    public Dual negate() {
        return new Dual(-value, -tangent);
    }

    @Override
    public Dual add(double c) {
        return new Dual(value + c, tangent);
    }

    @Override
    public Dual subtract(double c) {
        return new Dual(value - c, tangent);
    }

    @Override
    public Dual multiply(double c) {
        return new Dual(value * c, Chain.term(c, tangent));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dual
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(((Dual) o).value)
                && Double.doubleToLongBits(tangent) == Double.doubleToLongBits(((Dual) o).tangent);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(value) + Double.hashCode(tangent);
    }

    /** @return e.g. {@code Dual[3.0 + 18.0ε]} */
    @Override
    public String toString() {
        return "Dual[" + value + Format.term(tangent, "ε") + "]";
    }
}
