package org.dualad.spark;

import java.io.Serializable;
import org.dualad.optim.CurveModel;

/**
 * A {@link CurveModel} that Spark can ship to its executors: the same generic model, marked
 * {@link Serializable}.
 *
 * <p>A method reference to a static generic method fits and serializes:
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T misra1a(T[] b, double x) {
 *     return b[0].multiply(b[1].multiply(-x).exp().negate().add(1));
 * }
 * SparkFit.levenbergMarquardt(MyModels::misra1a, data, 500, 1e-4);
 * }</pre>
 * What does not work: a lambda (it cannot implement a generic method), a reference to an instance
 * method of an object that is not serializable, and a model that captures non-serializable state
 * (an open file, a connection). Every class the model uses must be on the executors' class path
 * (the application jar under {@code spark-submit}).
 */
@FunctionalInterface
public interface SparkModel extends CurveModel, Serializable {
}
