package org.dualad.verification;

import org.ejml.data.DMatrixRMaj;

/**
 * A finite-difference derivative with its expected error, so a caller can set a tolerance:
 * |estimate(i, j) - true(i, j)| is expected to stay below {@code errorBound(i, j)}.
 *
 * <p>The bound is an estimate, not a proof: twice the sum of the truncation error, estimated by
 * comparing the stencil at steps h and 2h (for a fourth-order stencil the difference is 15 times
 * the error at h), and the rounding error, 1.5 N / h (the 5-point stencil's weights sum to 1.5 / h
 * in absolute value), where f is taken to carry N of absolute noise: the larger of 16 ulps of |f|
 * and, for the gradient and the Jacobian, the rounding noise the high-precision oracle estimates
 * for f's operations at x ({@link HighPrecision#valueNoise()}), which sees cancellation (log(1 +
 * x^2) near 0 carries about an ulp of 1, not of its tiny value). See
 * {@link Oracles#finiteDifferenceJacobianWithError}.
 *
 * @param estimate the derivative: 1 x n for a gradient, m x n for a Jacobian, n x n for a Hessian
 *     (row = output, column = input)
 * @param errorBound the expected absolute error of each entry, same shape
 * @param step the step h used for each input (column)
 */
public record FiniteDifferenceEstimate(DMatrixRMaj estimate, DMatrixRMaj errorBound, double[] step) {

    /** @return the estimate's first row as an array: the gradient, for a scalar function */
    public double[] gradient() {
        return java.util.Arrays.copyOf(estimate.data, estimate.numCols);
    }

    /** @return the error bound's first row as an array, for a scalar function */
    public double[] gradientErrorBound() {
        return java.util.Arrays.copyOf(errorBound.data, errorBound.numCols);
    }
}
