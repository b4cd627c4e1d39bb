package org.dualad;

import java.util.Arrays;

/**
 * A function value and its gradient, computed together by one evaluation.
 *
 * @param value f(x)
 * @param gradient the partial derivatives df/dx_i, one per input (the caller owns the array)
 */
public record ValueAndGradient(double value, double[] gradient) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueAndGradient
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(((ValueAndGradient) o).value)
                && Arrays.equals(gradient, ((ValueAndGradient) o).gradient);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(value) + Arrays.hashCode(gradient);
    }

    @Override
    public String toString() {
        return "ValueAndGradient[value=" + value + ", gradient=" + Arrays.toString(gradient) + "]";
    }
}
