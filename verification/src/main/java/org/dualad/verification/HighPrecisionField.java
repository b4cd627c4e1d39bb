package org.dualad.verification;

import org.apache.commons.math3.Field;
import org.apache.commons.math3.FieldElement;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;

/**
 * The field of {@link HighPrecision} numbers: how many variables they are differentiated by, to
 * which order (1: value and gradient, 2: also the Hessian), and with how many decimal digits (a
 * {@link DfpField}). Make the inputs with {@link #variable} and {@link #constant}.
 *
 * <pre>{@code
 * HighPrecisionField field = new HighPrecisionField(2, 2);            // 2 variables, order 2
 * HighPrecision[] x = {field.variable(0, 1.5), field.variable(1, -0.25)};
 * HighPrecision y = MyFns.f(x);
 * y.value();             // a Dfp with ~64 significant digits
 * y.secondDerivative(0, 1);
 * }</pre>
 *
 * <p>A field is cheap to make (a few hundred microseconds once the JIT is warm; Commons Math keeps
 * the digits of its constants) and not safe for concurrent use: {@link DfpField} records IEEE
 * flags as it computes (nothing here reads them). Use one per thread, as {@link Oracles} does (one
 * per call).
 */
public final class HighPrecisionField implements Field<HighPrecision> {
    /** Default decimal digits: 64 (16 radix-10000 limbs), of which 40 or more are correct. */
    public static final int DEFAULT_DIGITS = 64;

    /** The largest number of decimal digits accepted (the exact reduction keeps 1000 digits of pi). */
    public static final int MAX_DIGITS = 600;

    private final int variables;
    private final int order;
    private final HighPrecisionMath math;
    private final HighPrecision zero;
    private final HighPrecision one;

    /**
     * A field of {@link #DEFAULT_DIGITS} digits.
     *
     * @param variables the number of variables n, &ge; 0 (0: plain high-precision numbers)
     * @param order 1 (value and gradient) or 2 (also the Hessian)
     * @throws IllegalArgumentException for a negative n or another order
     */
    public HighPrecisionField(int variables, int order) {
        this(variables, order, DEFAULT_DIGITS);
    }

    /**
     * @param variables the number of variables n, &ge; 0
     * @param order 1 (value and gradient) or 2 (also the Hessian)
     * @param digits decimal digits of every value and derivative, 20 to {@link #MAX_DIGITS}
     * @throws IllegalArgumentException for a negative n, another order or digits out of range
     */
    public HighPrecisionField(int variables, int order, int digits) {
        if (variables < 0) {
            throw new IllegalArgumentException("HighPrecisionField: variables must be >= 0, got " + variables);
        }
        if (order != 1 && order != 2) {
            throw new IllegalArgumentException("HighPrecisionField: order must be 1 (gradient) or 2 (Hessian), got "
                    + order);
        }
        if (digits < 20 || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("HighPrecisionField: digits must be in [20, " + MAX_DIGITS + "], got "
                    + digits);
        }
        this.variables = variables;
        this.order = order;
        this.math = new HighPrecisionMath(digits);
        this.zero = constant(math.zero());
        this.one = constant(math.one());
    }

    /** @return the number of variables n every element is differentiated by */
    public int variables() {
        return variables;
    }

    /** @return 1 (gradient) or 2 (gradient and Hessian) */
    public int order() {
        return order;
    }

    /** @return the decimal digits every value carries (at least the number asked for) */
    public int digits() {
        return math.digits();
    }

    /** @return the Commons Math field of the values and derivatives */
    public DfpField dfpField() {
        return math.field();
    }

    /**
     * Input i at the double x, converted exactly up to the field's digits (rounded once, half-even:
     * a double has up to 767 significant decimal digits), with derivative 1 along variable i.
     *
     * @param i the variable's index, 0 &le; i &lt; n
     * @param x its value
     * @return the variable
     * @throws IllegalArgumentException if i is out of range
     */
    public HighPrecision variable(int i, double x) {
        if (i < 0 || i >= variables) {
            throw new IllegalArgumentException("HighPrecisionField.variable: index " + i + " is outside 0.."
                    + (variables - 1));
        }
        return HighPrecision.variable(this, i, math.of(x));
    }

    /**
     * @param c the value (rounded once to the field's digits)
     * @return a constant: every derivative structurally zero
     */
    public HighPrecision constant(double c) {
        return constant(math.of(c));
    }

    /**
     * @param c the value, a Dfp of this field's {@link #dfpField()}
     * @return a constant
     * @throws IllegalArgumentException if c belongs to a Dfp field of other precision
     */
    public HighPrecision constant(Dfp c) {
        if (c.getRadixDigits() != math.field().getRadixDigits()) {
            throw new IllegalArgumentException("HighPrecisionField.constant: c has " + 4 * c.getRadixDigits()
                    + " digits but this field has " + 4 * math.field().getRadixDigits());
        }
        return HighPrecision.constant(this, c);
    }

    HighPrecisionMath math() {
        return math;
    }

    @Override
    public HighPrecision getZero() {
        return zero;
    }

    @Override
    public HighPrecision getOne() {
        return one;
    }

    @Override
    public Class<? extends FieldElement<HighPrecision>> getRuntimeClass() {
        return HighPrecision.class;
    }

    @Override
    public String toString() {
        return "HighPrecisionField[" + variables + " variables, order " + order + ", " + digits() + " digits]";
    }
}
