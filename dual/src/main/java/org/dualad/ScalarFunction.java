package org.dualad;

import org.apache.commons.math3.RealFieldElement;

/**
 * A function R^n -&gt; R written once, generically, so that every DualAD mode (and every Commons Math
 * field type) can evaluate it.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
 *     T a = x[1].subtract(x[0].multiply(x[0]));
 *     T b = x[0].negate().add(1);
 *     return a.multiply(a).multiply(100).add(b.multiply(b));
 * }
 * double[] g = Forward.gradient(MyFns::rosenbrock, 1.0, 2.0);
 * }</pre>
 *
 * A method reference to a generic static method fits this interface; a lambda cannot (Java lambdas
 * cannot implement generic methods), so write the function as a method.
 */
@FunctionalInterface
public interface ScalarFunction {
    /**
     * Evaluates the function.
     *
     * @param x the point, one element per input (not modified)
     * @param <T> the number type of the mode doing the evaluating
     * @return the value
     */
    <T extends RealFieldElement<T>> T value(T[] x);
}
