package org.dualad;

import org.apache.commons.math3.RealFieldElement;

/**
 * A function R^n -&gt; R^m written once, generically, so that every DualAD mode can evaluate it.
 * The returned array must have the same length m on every call.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T[] polar(T[] p) {
 *     T[] out = MathArrays.buildArray(p[0].getField(), 2);
 *     out[0] = p[0].multiply(p[1].cos());
 *     out[1] = p[0].multiply(p[1].sin());
 *     return out;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface VectorFunction {
    /**
     * Evaluates the function.
     *
     * @param x the point, one element per input (not modified)
     * @param <T> the number type of the mode doing the evaluating
     * @return the m outputs (a new array, or one the caller may keep)
     */
    <T extends RealFieldElement<T>> T[] value(T[] x);
}
