package org.dualad.sparse;

import org.ejml.data.DMatrixSparseCSC;

/**
 * The outputs of f and its sparse Jacobian at one point, from the same evaluation.
 *
 * @param value f(x), m entries (owned by the caller)
 * @param jacobian the m x n Jacobian (owned by the caller)
 */
public record ValueAndSparseJacobian(double[] value, DMatrixSparseCSC jacobian) {
}
