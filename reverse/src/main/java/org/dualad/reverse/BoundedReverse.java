package org.dualad.reverse;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.VectorFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * {@link Reverse}'s gradients, vector-Jacobian products and Jacobians with a cap on the tape:
 * made by {@link Reverse#withMaxNodes(long)}. A call whose f records more than {@link #maxNodes()}
 * nodes (inputs included) throws {@link org.dualad.TapeLimitException}, naming the tape's size,
 * the cap and the heap the capped tape takes, rather than growing the tape until the heap runs out.
 * Everything else (results, errors, the per-thread scratch tapes: the HTape of the gradients, the
 * edge tape of vjp and jacobian) is as the static methods of {@link Reverse}; a bound tape is the
 * same thread's scratch, used up to the cap.
 *
 * <p>Immutable; one instance may be shared by any number of threads.
 *
 * <pre>{@code
 * BoundedReverse r = Reverse.withMaxNodes(1_000_000);
 * double[] g = r.gradient(MyFns::f, x);     // throws TapeLimitException if f records more
 * }</pre>
 */
public final class BoundedReverse {
    private final long maxNodes;

    BoundedReverse(long maxNodes) {
        this.maxNodes = maxNodes;
    }

    /** @return the most nodes one call may record */
    public long maxNodes() {
        return maxNodes;
    }

    /**
     * As {@link Reverse#gradient(ScalarFunction, double...)}, on a capped tape.
     *
     * @param f the function
     * @param x the point (not modified), at least one element
     * @return df/dx_i, a new array of length n
     * @throws org.dualad.TapeLimitException if f records more than {@link #maxNodes()} nodes
     */
    public double[] gradient(ScalarFunction f, double... x) {
        return Reverse.valueAndGradient(f, x, "gradient", maxNodes).gradient();
    }

    /**
     * As {@link Reverse#valueAndGradient(ScalarFunction, double...)}, on a capped tape.
     *
     * @param f the function
     * @param x the point (not modified), at least one element
     * @return f(x) and df/dx
     * @throws org.dualad.TapeLimitException if f records more than {@link #maxNodes()} nodes
     */
    public ValueAndGradient valueAndGradient(ScalarFunction f, double... x) {
        return Reverse.valueAndGradient(f, x, "valueAndGradient", maxNodes);
    }

    /**
     * As {@link Reverse#vjp(VectorFunction, double[], double[])}, on a capped tape.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified), n &gt;= 1 elements
     * @param u the output weights, m elements (not modified)
     * @return u^T J, a new array of length n
     * @throws org.dualad.TapeLimitException if f records more than {@link #maxNodes()} nodes
     */
    public double[] vjp(VectorFunction f, double[] x, double[] u) {
        return Reverse.vjp(f, x, u, maxNodes);
    }

    /**
     * As {@link Reverse#jacobian(VectorFunction, double...)}, on a capped tape.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified), n &gt;= 1 elements
     * @return the m x n Jacobian
     * @throws org.dualad.TapeLimitException if f records more than {@link #maxNodes()} nodes
     */
    public DMatrixRMaj jacobian(VectorFunction f, double... x) {
        return Reverse.jacobian(f, x, maxNodes);
    }

    /** @return e.g. {@code Reverse.withMaxNodes(1000000)} */
    @Override
    public String toString() {
        return "Reverse.withMaxNodes(" + maxNodes + ")";
    }
}
