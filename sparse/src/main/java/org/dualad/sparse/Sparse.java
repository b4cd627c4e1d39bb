package org.dualad.sparse;

import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;
import org.dualad.internal.Arguments;
import org.ejml.data.DMatrixSparseCSC;

/**
 * One-shot sparse derivatives and pattern detection (static facade). For repeated evaluation
 * (an optimizer loop) build a {@link SparseJacobian} or {@link SparseHessian} once and call
 * {@code at(x)}: the pattern and coloring are then paid once.
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T f(T[] x) {     // sum (x[i+1] - x[i]^2)^2
 *     T s = x[0].getField().getZero();
 *     for (int i = 0; i + 1 < x.length; i++) {
 *         T a = x[i + 1].subtract(x[i].multiply(x[i]));
 *         s = s.add(a.multiply(a));
 *     }
 *     return s;
 * }
 * Sparse.hessianPattern(Fns::f, 1, 2, 3);   // SparsityPattern[3 x 3, 7 nonzeros] (tridiagonal)
 * Sparse.hessian(Fns::f, 1, 2, 3);          // 3 x 3 DMatrixSparseCSC, 7 stored entries
 * }</pre>
 */
public final class Sparse {
    private Sparse() {
    }

    /**
     * The Jacobian pattern of f from one recording at x (see {@link SparseJacobian}).
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point, n &ge; 1 entries (not modified)
     * @return the m x n pattern: row i holds the inputs output i structurally depends on
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty or f returns no outputs or a null one
     */
    public static SparsityPattern jacobianPattern(VectorFunction f, double... x) {
        Arguments.function(f, "Sparse.jacobianPattern");
        Arguments.point(x, "Sparse.jacobianPattern");
        return Detector.jacobian(f, x, "Sparse.jacobianPattern");
    }

    /**
     * The Hessian pattern of f from one recording at x: (i, j) is in it when some operation that
     * reaches the output has a second derivative coupling inputs i and j: a product couples its
     * arguments' inputs across, a quotient also every pair of its divisor's, any other nonlinear
     * operation every pair of its arguments' inputs; linear and piecewise-constant operations
     * couple none (see the package documentation).
     *
     * @param f the function
     * @param x the point, n &ge; 1 entries (not modified)
     * @return the symmetric n x n pattern
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty or f returns null
     */
    public static SparsityPattern hessianPattern(ScalarFunction f, double... x) {
        Arguments.function(f, "Sparse.hessianPattern");
        Arguments.point(x, "Sparse.hessianPattern");
        return Detector.hessian(f, x, "Sparse.hessianPattern");
    }

    /**
     * The sparse Jacobian of f at x: pattern, coloring and compressed sweeps in one call.
     *
     * @param f the function R^n -&gt; R^m
     * @param x the point, n &ge; 1 entries (not modified)
     * @return the m x n Jacobian
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty or f's outputs are bad
     */
    public static DMatrixSparseCSC jacobian(VectorFunction f, double... x) {
        Arguments.function(f, "Sparse.jacobian");
        Arguments.point(x, "Sparse.jacobian");
        return SparseJacobian.of(f, Detector.jacobian(f, x, "Sparse.jacobian")).at(x);
    }

    /**
     * The sparse Hessian of f at x: pattern, star coloring and compressed products in one call.
     *
     * @param f the function
     * @param x the point, n &ge; 1 entries (not modified)
     * @return the n x n Hessian, exactly symmetric
     * @throws NullPointerException if f or x is null
     * @throws IllegalArgumentException if x is empty or f returns null
     */
    public static DMatrixSparseCSC hessian(ScalarFunction f, double... x) {
        Arguments.function(f, "Sparse.hessian");
        Arguments.point(x, "Sparse.hessian");
        return SparseHessian.of(f, Detector.hessian(f, x, "Sparse.hessian")).at(x);
    }
}
