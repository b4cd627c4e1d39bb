package org.dualad.optim;

import org.apache.commons.math3.RealFieldElement;

/**
 * A model y = model(params, x) for curve fitting, written once generically: the adapters evaluate
 * it on plain numbers for predictions and on DualAD numbers for the Jacobian with respect to the
 * parameters.
 *
 * <pre>{@code
 * // Misra1a: y = b1 (1 - exp(-b2 x))
 * static <T extends RealFieldElement<T>> T misra1a(T[] b, double x) {
 *     return b[0].multiply(b[1].multiply(-x).exp().negate().add(1));
 * }
 * CurveFit fit = CurveFit.of(MyModels::misra1a, xs);
 * }</pre>
 *
 * As with {@link org.dualad.ScalarFunction}, a method reference to a generic static method fits;
 * a lambda does not.
 */
@FunctionalInterface
public interface CurveModel {
    /**
     * Evaluates the model.
     *
     * @param params the parameters (not modified)
     * @param x the independent variable of one data point
     * @param <T> the number type of the mode doing the evaluating
     * @return the predicted y
     */
    <T extends RealFieldElement<T>> T value(T[] params, double x);
}
