package org.dualad;

import org.apache.commons.math3.RealFieldElement;

/**
 * One step x<sub>t+1</sub> = step(t, x<sub>t</sub>, p) of a loop (a time step of an integrator, a
 * recurrence), written once generically like every DualAD function, so that the loop can be
 * differentiated with checkpointing ({@code org.dualad.reverse.Checkpoint}).
 *
 * <pre>{@code
 * // explicit Euler for the pendulum x'' = -p0 sin x, step 0.01
 * static <T extends RealFieldElement<T>> T[] euler(int t, T[] x, T[] p) {
 *     T[] y = MathArrays.buildArray(x[0].getField(), 2);
 *     y[0] = x[0].add(x[1].multiply(0.01));
 *     y[1] = x[1].subtract(p[0].multiply(x[0].sin()).multiply(0.01));
 *     return y;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StepFunction {
    /**
     * Advances the state by one step.
     *
     * @param t the step's index, 0 &le; t &lt; the number of steps
     * @param x the state x<sub>t</sub> (not modified), n elements
     * @param p the parameters (not modified), possibly empty
     * @param <T> the number type of the mode doing the evaluating
     * @return x<sub>t+1</sub>, a new array of the same length n
     */
    <T extends RealFieldElement<T>> T[] step(int t, T[] x, T[] p);
}
