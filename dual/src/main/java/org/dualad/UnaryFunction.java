package org.dualad;

import org.apache.commons.math3.RealFieldElement;

/**
 * A function R -&gt; R written once, generically: the one-variable form used by
 * {@code Forward.derivative} and {@code Forward.secondDerivative}.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T cube(T x) { return x.pow(3); }
 * double d = Forward.derivative(MyFns::cube, 2.0);   // 12.0
 * }</pre>
 */
@FunctionalInterface
public interface UnaryFunction {
    /**
     * Evaluates the function.
     *
     * @param x the argument
     * @param <T> the number type of the mode doing the evaluating
     * @return the value
     */
    <T extends RealFieldElement<T>> T value(T x);
}
