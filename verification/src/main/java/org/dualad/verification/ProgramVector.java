package org.dualad.verification;

import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.VectorFunction;

/**
 * m {@link Program}s of the same n inputs as one function R^n -&gt; R^m, for Jacobian checks.
 * Prints one formula per output.
 */
public final class ProgramVector implements VectorFunction {
    private final List<Program> outputs;

    private ProgramVector(List<Program> outputs) {
        this.outputs = outputs;
    }

    /**
     * @param outputs at least one program, all with the same number of inputs
     * @return the vector function
     * @throws IllegalArgumentException if the list is empty or the input counts differ
     */
    public static ProgramVector of(List<Program> outputs) {
        Objects.requireNonNull(outputs, "ProgramVector.of: outputs must not be null");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("ProgramVector.of: at least one output is needed");
        }
        int n = outputs.get(0).inputs();
        for (int i = 1; i < outputs.size(); i++) {
            if (outputs.get(i).inputs() != n) {
                throw new IllegalArgumentException("ProgramVector.of: output " + i + " has " + outputs.get(i).inputs()
                        + " inputs but output 0 has " + n);
            }
        }
        return new ProgramVector(List.copyOf(outputs));
    }

    /** @return the programs, one per output */
    public List<Program> outputs() {
        return outputs;
    }

    /** @return the number of inputs n */
    public int inputs() {
        return outputs.get(0).inputs();
    }

    @Override
    public <T extends RealFieldElement<T>> T[] value(T[] x) {
        T[] y = MathArrays.buildArray(x[0].getField(), outputs.size());
        for (int i = 0; i < y.length; i++) {
            y[i] = outputs.get(i).value(x);
        }
        return y;
    }

    /** @return e.g. {@code [f0: f = sin(x0) | f1: f = x0 * x1]} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < outputs.size(); i++) {
            s.append(i == 0 ? "" : " | ").append("f").append(i).append(": ").append(outputs.get(i));
        }
        return s.append("]").toString();
    }
}
