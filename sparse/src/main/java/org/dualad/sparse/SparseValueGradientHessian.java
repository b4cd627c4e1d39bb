package org.dualad.sparse;

import org.ejml.data.DMatrixSparseCSC;

/**
 * A value, its gradient and its sparse Hessian at one point, from one recording.
 *
 * @param value f(x)
 * @param gradient df/dx, n entries (owned by the caller)
 * @param hessian the n x n Hessian, exactly symmetric (owned by the caller)
 */
public record SparseValueGradientHessian(double value, double[] gradient, DMatrixSparseCSC hessian) {
}
