package org.dualad.cli;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.VectorFunction;
import org.dualad.reverse.Reverse;

/**
 * Reverse mode through {@link Reverse}: the gradient by one recording and one backward sweep, the
 * Jacobian by one sweep per output. Second derivatives are hybrid mode's.
 */
final class ReverseMode implements Mode {
    @Override
    public String name() {
        return "reverse";
    }

    @Override
    public ValueAndGradient gradient(ScalarFunction f, double[] x) {
        return Reverse.valueAndGradient(f, x);
    }

    @Override
    public double[][] jacobian(VectorFunction f, double[] x) {
        return ForwardMode.rows(Reverse.jacobian(f, x));
    }
}
