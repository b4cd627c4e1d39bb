package org.dualad.spark;

import java.util.Arrays;

/**
 * The outcome of a distributed fit.
 *
 * @param parameters the fitted parameters
 * @param objective the objective at them: the residual sum of squares for a least-squares fit, the
 *     summed loss otherwise
 * @param iterations the optimizer's iterations
 * @param passes the passes over the data set (Spark jobs) the fit ran
 * @param converged whether the convergence test held (otherwise the iteration limit stopped it)
 */
public record FitResult(double[] parameters, double objective, int iterations, int passes, boolean converged) {

    /** @return e.g. {@code FitResult[parameters=[...], objective=1315.82, iterations=7, passes=9, converged=true]} */
    @Override
    public String toString() {
        return "FitResult[parameters=" + Arrays.toString(parameters) + ", objective=" + objective + ", iterations="
                + iterations + ", passes=" + passes + ", converged=" + converged + "]";
    }
}
