package org.dualad.optim;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.dualad.ValueAndJacobian;

/**
 * Curve fitting with a {@link CurveModel}: the predictions y_i = model(p, x_i) at every data point
 * and their m x p Jacobian d y_i / d p_j, as a Commons Math {@link MultivariateJacobianFunction}
 * for {@link LeastSquaresBuilder} (Levenberg-Marquardt, Gauss-Newton).
 *
 * <p><b>Mode rule.</b> Each row of the Jacobian is the gradient of the model at one data point
 * with respect to the p parameters. With p &le; 128 (every practical curve fit) the model at every
 * data point is recorded once on the trace ({@link org.dualad.dual.Forward#valueAndJacobian}) and
 * one forward sweep of the recording gives every prediction's row (up to 16 parameters a sweep of
 * dense rows of p tangents, beyond that windows of the parameters each node depends on). With more
 * parameters, each data point is recorded and swept backwards once, whose cost does not grow with
 * p.
 *
 * <pre>{@code
 * double[] p = CurveFit.fit(MyModels::misra1a, xs, ys, 500, 1e-4);   // Levenberg-Marquardt
 * }</pre>
 *
 * Immutable (the x values are copied): one instance may serve several optimizer threads at once.
 */
public final class CurveFit implements MultivariateJacobianFunction {
    private final CurveModel model;
    private final double[] xs;

    private CurveFit(CurveModel model, double[] xs) {
        this.model = model;
        this.xs = xs;
    }

    /**
     * The predictions of {@code model} at the points {@code x}, with their Jacobian.
     *
     * @param model the model
     * @param x the independent variable of each data point (copied)
     * @return the Jacobian function of the parameters
     */
    public static CurveFit of(CurveModel model, double[] x) {
        if (model == null) {
            throw new NullPointerException("CurveFit.of: model is null");
        }
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("CurveFit.of: x must hold at least one data point, got "
                    + (x == null ? "null" : "length 0"));
        }
        return new CurveFit(model, x.clone());
    }

    /**
     * A {@link LeastSquaresBuilder} with model, target (the observed y) and start set, and generous
     * limits (10000 evaluations and iterations); adjust and {@code build()}.
     *
     * @param model the model
     * @param x the independent variable of each data point (copied)
     * @param y the observed values, same length as x (copied by the builder)
     * @param start the starting parameters
     * @return the builder
     */
    public static LeastSquaresBuilder builder(CurveModel model, double[] x, double[] y, double... start) {
        CurveFit fit = of(model, x);
        if (y == null || y.length != x.length) {
            throw new IllegalArgumentException("CurveFit.builder: y has length "
                    + (y == null ? "null" : String.valueOf(y.length)) + " but x has length " + x.length);
        }
        if (start == null || start.length == 0) {
            throw new IllegalArgumentException("CurveFit.builder: start must hold at least one parameter");
        }
        return new LeastSquaresBuilder().model(fit).target(y).start(start)
                .maxEvaluations(10_000).maxIterations(10_000);
    }

    /**
     * Fits the model by Commons Math's {@link LevenbergMarquardtOptimizer} with default
     * tolerances.
     *
     * @param model the model
     * @param x the independent variable of each data point
     * @param y the observed values
     * @param start the starting parameters
     * @return the fitted parameters
     */
    public static double[] fit(CurveModel model, double[] x, double[] y, double... start) {
        LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer()
                .optimize(builder(model, x, y, start).build());
        return opt.getPoint().toArray();
    }

    /**
     * The residual sum of squares sum (y_i - model(p, x_i))^2.
     *
     * @param p the parameters
     * @param y the observed values, one per data point of this fit
     * @return the sum of squared residuals
     */
    public double residualSumOfSquares(double[] p, double[] y) {
        if (y.length != xs.length) {
            throw new IllegalArgumentException("CurveFit.residualSumOfSquares: y has length " + y.length
                    + " but the fit has " + xs.length + " data points");
        }
        double[] pred = predict(p);
        double s = 0;
        for (int i = 0; i < pred.length; i++) {
            double r = y[i] - pred[i];
            s += r * r;
        }
        return s;
    }

    /**
     * The predictions at every data point.
     *
     * @param p the parameters (not modified)
     * @return model(p, x_i) for each i, a new array
     */
    public double[] predict(double[] p) {
        return Engine.curveValues(model, p, xs);
    }

    /**
     * The predictions at any x (for plotting a fitted curve).
     *
     * @param p the parameters (not modified)
     * @param x the points (not modified)
     * @return model(p, x_i) for each i, a new array
     */
    public double[] predict(double[] p, double[] x) {
        return Engine.curveValues(model, p, x);
    }

    /** @return the number of data points m */
    public int size() {
        return xs.length;
    }

    /**
     * The predictions and their m x p Jacobian from one tangent-carrying evaluation per data point.
     *
     * @param params the parameters
     * @return (predictions, Jacobian), both new per call
     */
    @Override
    public Pair<RealVector, RealMatrix> value(RealVector params) {
        double[] p = params.toArray();
        if (p.length == 0) {
            throw new IllegalArgumentException("CurveFit: params is empty; the model needs at least one parameter");
        }
        ValueAndJacobian vj = Engine.curve(model, p, xs);
        return JacobianFunctions.pair(vj.values(), vj.jacobian());
    }
}
