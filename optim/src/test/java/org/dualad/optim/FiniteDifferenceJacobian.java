package org.dualad.optim;

import org.apache.commons.math3.analysis.UnivariateVectorFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableVectorFunction;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: the same curve model's Jacobian by Commons Math's
 * {@link FiniteDifferencesDifferentiator}, one parameter at a time (3-point central differences,
 * step 1e-6 relative to the parameter). Counts every evaluation of the prediction vector.
 */
final class FiniteDifferenceJacobian implements MultivariateJacobianFunction {
    private final CurveFit fit;
    private final int points;
    final AtomicLong modelEvaluations = new AtomicLong();

    FiniteDifferenceJacobian(CurveFit fit, int points) {
        this.fit = fit;
        this.points = points;
    }

    @Override
    public Pair<RealVector, RealMatrix> value(RealVector params) {
        double[] p = params.toArray();
        modelEvaluations.incrementAndGet();
        double[] values = fit.predict(p);
        RealMatrix jac = new Array2DRowRealMatrix(values.length, p.length);
        for (int j = 0; j < p.length; j++) {
            final int col = j;
            UnivariateVectorFunction along = t -> {
                double[] q = p.clone();
                q[col] = t;
                modelEvaluations.incrementAndGet();
                return fit.predict(q);
            };
            double h = 1e-6 * (p[j] == 0 ? 1 : Math.abs(p[j]));
            UnivariateDifferentiableVectorFunction d =
                    new FiniteDifferencesDifferentiator(points, h).differentiate(along);
            DerivativeStructure[] column = d.value(new DerivativeStructure(1, 1, 0, p[j]));
            for (int i = 0; i < column.length; i++) {
                jac.setEntry(i, j, column[i].getPartialDerivative(1));
            }
        }
        return new Pair<>(new ArrayRealVector(values, false), jac);
    }
}
