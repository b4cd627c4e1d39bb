package org.dualad.cli;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.dualad.dual.HyperDual;
import org.ejml.data.DMatrixRMaj;

/**
 * Forward mode through {@link Forward}: gradients and Jacobians by multi-direction duals,
 * Hessians by {@link HyperDual} (one pass per upper-triangle entry), the Laplacian by n HyperDual
 * passes along the diagonal, and H v by n HyperDual passes with e1 along v and e2 along each axis
 * (forward over forward: the e1e2 part is e_j^T H v, exact).
 */
final class ForwardMode implements Mode {
    @Override
    public String name() {
        return "forward";
    }

    @Override
    public ValueAndGradient gradient(ScalarFunction f, double[] x) {
        return Forward.valueAndGradient(f, x);
    }

    @Override
    public double[][] hessian(ScalarFunction f, double[] x) {
        return rows(Forward.hessian(f, x));
    }

    @Override
    public double laplacian(ScalarFunction f, double[] x) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += secondDerivativeAlong(f, x, unit(x.length, i), unit(x.length, i));
        }
        return sum;
    }

    @Override
    public double[][] jacobian(VectorFunction f, double[] x) {
        return rows(Forward.jacobian(f, x));
    }

    @Override
    public double[] hvp(ScalarFunction f, double[] x, double[] v) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = secondDerivativeAlong(f, x, v, unit(x.length, j));
        }
        return out;
    }

    /** u^T H w in one HyperDual pass: e1 seeded along u, e2 along w. */
    private static double secondDerivativeAlong(ScalarFunction f, double[] x, double[] u, double[] w) {
        HyperDual[] in = new HyperDual[x.length];
        for (int p = 0; p < x.length; p++) {
            in[p] = HyperDual.of(x[p], u[p], w[p], 0);
        }
        return f.value(in).e1e2();
    }

    private static double[] unit(int n, int i) {
        double[] e = new double[n];
        e[i] = 1;
        return e;
    }

    static double[][] rows(DMatrixRMaj m) {
        double[][] r = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            System.arraycopy(m.data, i * m.numCols, r[i], 0, m.numCols);
        }
        return r;
    }
}
