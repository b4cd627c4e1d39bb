package org.dualad.reverse;

import java.util.Arrays;

/**
 * The result of differentiating a loop x<sub>t+1</sub> = step(t, x<sub>t</sub>, p) with
 * {@link Checkpoint}: the final state, the scalar differentiated, its derivatives with respect to
 * the initial state and to the parameters, and what the checkpointing schedule cost.
 *
 * @param value the loss at the final state, or for a vjp u&middot;x<sub>T</sub>
 * @param finalState x<sub>T</sub>
 * @param initialState the derivative with respect to x<sub>0</sub> (n entries)
 * @param parameters the derivative with respect to p (one entry per parameter)
 * @param snapshots the most states held at once besides x<sub>0</sub>
 * @param advancedSteps the plain (undifferentiated) steps run, the first forward pass included
 * @param recordedSteps the steps recorded and swept backwards (always the number of steps)
 */
public record LoopGradient(double value, double[] finalState, double[] initialState, double[] parameters,
                           int snapshots, long advancedSteps, long recordedSteps) {

    /** @return e.g. {@code LoopGradient[value=0.25, d/dx0=[...], d/dp=[...], snapshots=1415, ...]} */
    @Override
    public String toString() {
        return "LoopGradient[value=" + value + ", d/dx0=" + Arrays.toString(initialState) + ", d/dp="
                + Arrays.toString(parameters) + ", snapshots=" + snapshots + ", advancedSteps=" + advancedSteps
                + ", recordedSteps=" + recordedSteps + "]";
    }
}
