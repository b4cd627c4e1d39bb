package org.dualad.optim;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.dualad.ValueAndJacobian;
import org.dualad.VectorFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * A DualAD vector function as a Commons Math {@link MultivariateJacobianFunction}: the value and
 * the exact Jacobian come from one evaluation of the user's function, recorded on the trace: one
 * forward sweep of the recording carrying all n input tangents when n &le; 128 (dense rows up to
 * 16 inputs), otherwise one backward sweep per output (or forward sweeps when there are at least
 * twice as many outputs as inputs, or they are estimated cheaper).
 *
 * <pre>{@code
 * LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer().optimize(
 *         JacobianFunctions.leastSquares(Fns::residuals, 1.0, 1.0)
 *                 .maxEvaluations(1000).maxIterations(1000).build());
 * }</pre>
 *
 * The returned objects keep only the function: one instance may serve several optimizer
 * threads at once.
 */
public final class JacobianFunctions {
    private JacobianFunctions() {
    }

    /**
     * f as a {@link MultivariateJacobianFunction}.
     *
     * @param f the function R^n -&gt; R^m
     * @return point -&gt; (f(point), J(point)), both new per call
     */
    public static MultivariateJacobianFunction of(VectorFunction f) {
        if (f == null) {
            throw new NullPointerException("JacobianFunctions.of: f is null");
        }
        return point -> {
            double[] x = point.toArray();
            if (x.length == 0) {
                throw new IllegalArgumentException("JacobianFunctions: the point is empty; f needs n >= 1 inputs");
            }
            ValueAndJacobian vj = Engine.valueAndJacobian(f, x);
            return pair(vj.values(), vj.jacobian());
        };
    }

    /**
     * A {@link LeastSquaresBuilder} minimizing |r(x)|^2 for residuals r, started at {@code start}:
     * the model is r, the target is zero. Add limits and {@code build()}.
     *
     * @param residuals the residual function R^n -&gt; R^m
     * @param start the starting point, n &ge; 1 values (copied by the builder)
     * @return the builder with model, target and start set
     */
    public static LeastSquaresBuilder leastSquares(VectorFunction residuals, double... start) {
        MultivariateJacobianFunction model = of(residuals);
        int m = model.value(new ArrayRealVector(start)).getFirst().getDimension();
        return new LeastSquaresBuilder().model(model).target(new double[m]).start(start);
    }

    /** Wraps without copying: the arrays are fresh per call, so sharing them is safe. */
    static Pair<RealVector, RealMatrix> pair(double[] values, DMatrixRMaj jac) {
        double[][] rows = new double[jac.numRows][];
        for (int i = 0; i < jac.numRows; i++) {
            rows[i] = new double[jac.numCols];
            System.arraycopy(jac.data, i * jac.numCols, rows[i], 0, jac.numCols);
        }
        return new Pair<>(new ArrayRealVector(values, false), new Array2DRowRealMatrix(rows, false));
    }
}
