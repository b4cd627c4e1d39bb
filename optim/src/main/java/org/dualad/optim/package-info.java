/**
 * Adapters that let Commons Math 3.6.1's own optimizers run on DualAD's exact derivatives.
 *
 * <ul>
 *   <li>{@link org.dualad.optim.Objectives}: a {@link org.dualad.ScalarFunction} as
 *       {@code ObjectiveFunction} + {@code ObjectiveFunctionGradient} (for
 *       {@code NonLinearConjugateGradientOptimizer}), as a
 *       {@code MultivariateDifferentiableFunction}, and a {@link org.dualad.UnaryFunction} as a
 *       {@code UnivariateDifferentiableFunction};</li>
 *   <li>{@link org.dualad.optim.JacobianFunctions}: a {@link org.dualad.VectorFunction} of residuals
 *       as a {@code MultivariateJacobianFunction} for {@code LeastSquaresBuilder}, value and
 *       Jacobian from one evaluation;</li>
 *   <li>{@link org.dualad.optim.CurveFit}: a {@link org.dualad.optim.CurveModel}
 *       {@code y = model(params, x)} written once, fitted to data arrays;</li>
 *   <li>{@link org.dualad.optim.Newton}: Newton steps and a trust-region Newton minimizer on the
 *       exact Hessian, solved with EJML.</li>
 * </ul>
 *
 * Every adapter is immutable and keeps no per-call state, so one instance may be used by several
 * optimizer threads at once.
 */
package org.dualad.optim;
