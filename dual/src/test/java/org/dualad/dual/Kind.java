package org.dualad.dual;

import org.apache.commons.math3.RealFieldElement;

/**
 * How a test seeds and reads one number type: the one hook every abstract suite here is
 * parameterised by. Inputs are seeded with unit perturbations: a first one along input i and, for
 * types that carry two, a second one along input j (-1: none), so the parts read back are the
 * partial derivatives d/dx_i, d/dx_j and d2/dx_i dx_j.
 *
 * @param <T> the number type
 */
interface Kind<T extends RealFieldElement<T>> {
    /** @return a short name for messages */
    String name();

    /**
     * @param p the point
     * @param i the input carrying the first perturbation, or -1
     * @param j the input carrying the second perturbation, or -1 (ignored by one-tangent types)
     * @return the seeded inputs
     */
    T[] build(double[] p, int i, int j);

    /** @return the derivative along the first perturbation */
    double first(T y);

    /** @return true if the type carries a second, independent first-order perturbation */
    boolean hasSecondDirection();

    /** @return the derivative along the second perturbation */
    double firstAlongJ(T y);

    /** @return true if the type carries the mixed second derivative */
    boolean hasSecondOrder();

    /** @return d2/dx_i dx_j */
    double mixed(T y);
}
