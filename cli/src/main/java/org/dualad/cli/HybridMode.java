package org.dualad.cli;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.hybrid.Hybrid;

/**
 * Forward-over-reverse through {@link Hybrid}: H v by one recording with dual tangents and one
 * backward sweep of dual adjoints, the Hessian by ceil(n / K) such sweeps, the Laplacian by one
 * forward-Laplacian pass.
 */
final class HybridMode implements Mode {
    @Override
    public String name() {
        return "hybrid";
    }

    @Override
    public ValueAndGradient gradient(ScalarFunction f, double[] x) {
        return Hybrid.valueAndGradient(f, x);
    }

    @Override
    public double[][] hessian(ScalarFunction f, double[] x) {
        return ForwardMode.rows(Hybrid.hessian(f, x));
    }

    @Override
    public double laplacian(ScalarFunction f, double[] x) {
        return Hybrid.laplacian(f, x);
    }

    @Override
    public double[] hvp(ScalarFunction f, double[] x, double[] v) {
        return Hybrid.hvp(f, x, v);
    }
}
