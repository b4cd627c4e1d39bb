package org.dualad.spark;

import java.io.Serializable;
import org.apache.commons.math3.RealFieldElement;

/**
 * One record's contribution to a loss that is a sum over records (a negative log-likelihood, a
 * squared error), written once generically and shipped to Spark's executors.
 *
 * <pre>{@code
 * // logistic regression, record = (label in {0, 1}, features...)
 * static <T extends RealFieldElement<T>> T logistic(T[] w, double[] r) {
 *     T z = w[0];
 *     for (int j = 1; j < w.length; j++) z = z.add(w[j].multiply(r[j]));
 *     // log(1 + exp(z)) - label z, written to stay finite for large |z|
 *     T softplus = z.getReal() > 0 ? z.add(z.negate().exp().log1p()) : z.exp().log1p();
 *     return softplus.subtract(z.multiply(r[0]));
 * }
 * }</pre>
 * Serialization is as for {@link SparkModel}: a method reference to a static generic method works.
 */
@FunctionalInterface
public interface RecordLoss extends Serializable {
    /**
     * Evaluates one record's loss.
     *
     * @param params the parameters (not modified)
     * @param record the record's numbers (not modified)
     * @param <T> the number type of the mode doing the evaluating
     * @return the loss of this record
     */
    <T extends RealFieldElement<T>> T value(T[] params, double[] record);
}
