package org.dualad.reverse;

import org.apache.commons.math3.RealFieldElement;

/**
 * A scalar function of a point x and data: f(x, data), differentiated with respect to x only. Its
 * data reach the function as arguments (numbers of the same type as x), not through a field, so
 * that a {@link Recording} made by {@link Reverse#record(DataFunction, double[], double[])} replays
 * it on new data without recording it again.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T loss(T[] w, T[] batch) {   // sum_k (w0 b_k - w1)^2
 *     T s = w[0].getField().getZero();
 *     for (T b : batch) {
 *         T r = w[0].multiply(b).subtract(w[1]);
 *         s = s.add(r.multiply(r));
 *     }
 *     return s;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DataFunction {
    /**
     * Evaluates the function.
     *
     * @param x the point, one element per input (not modified)
     * @param data the data (not modified)
     * @param <T> the number type of the mode doing the evaluating
     * @return the value
     */
    <T extends RealFieldElement<T>> T value(T[] x, T[] data);
}
