package org.dualad.hybrid;

/**
 * A stochastic (Hutchinson) estimate of a Laplacian, the trace of a Hessian: the mean of
 * v^T H v over random Rademacher directions v, with its standard error.
 *
 * @param estimate the sample mean of v^T H v, an unbiased estimate of the Laplacian
 * @param standardError the sample standard deviation over sqrt(samples): the estimate is within
 *     about two standard errors of the exact value in 95% of seeds
 * @param samples the number of directions drawn
 */
public record LaplacianEstimate(double estimate, double standardError, int samples) {

    /** @return e.g. {@code LaplacianEstimate[20.13 ± 0.41 (100 samples)]} */
    @Override
    public String toString() {
        return "LaplacianEstimate[" + estimate + " ± " + standardError + " (" + samples + " samples)]";
    }
}
