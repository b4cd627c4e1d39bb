package org.dualad.cli;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.VectorFunction;

/**
 * A way of computing derivatives (forward, reverse, hybrid): what each command asks for its
 * result, so a new mode is one class and one line in {@link Modes#ALL}. A mode that cannot
 * compute something leaves the default, which throws {@link UnsupportedOperationException}; the
 * command then reports it as bad input (exit 2).
 *
 * <p>Matrices are row-major {@code double[rows][columns]}; every array is new and the caller's.
 */
public interface Mode {
    /** @return the name used with {@code --mode} */
    String name();

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return f(x) and its gradient
     */
    default ValueAndGradient gradient(ScalarFunction f, double[] x) {
        throw unsupported("gradient");
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return the n x n Hessian
     */
    default double[][] hessian(ScalarFunction f, double[] x) {
        throw unsupported("hessian");
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return the trace of the Hessian
     */
    default double laplacian(ScalarFunction f, double[] x) {
        throw unsupported("laplacian");
    }

    /**
     * @param f the function R^n -&gt; R^m
     * @param x the point (not modified)
     * @return the m x n Jacobian
     */
    default double[][] jacobian(VectorFunction f, double[] x) {
        throw unsupported("jacobian");
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @param v the direction (not modified)
     * @return the Hessian-vector product H(x) v
     */
    default double[] hvp(ScalarFunction f, double[] x, double[] v) {
        throw unsupported("hvp");
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("mode " + name() + " does not compute " + what
                + " (--mode forward computes every command)");
    }
}
