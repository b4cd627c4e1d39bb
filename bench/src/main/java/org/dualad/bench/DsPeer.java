package org.dualad.bench;

import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The first-order {@code DerivativeStructure} peer's two ends, shared by the benchmarks that run
 * it: n free parameters at x, and the n first partials of a result.
 */
final class DsPeer {
    private DsPeer() {
    }

    /** @return x as n free parameters of order 1 */
    static DerivativeStructure[] variables(double[] x) {
        int n = x.length;
        DerivativeStructure[] in = new DerivativeStructure[n];
        for (int i = 0; i < n; i++) {
            in[i] = new DerivativeStructure(n, 1, i, x[i]);
        }
        return in;
    }

    /** @return y's n first partial derivatives */
    static double[] gradient(DerivativeStructure y, int n) {
        double[] g = new double[n];
        int[] orders = new int[n];
        for (int i = 0; i < n; i++) {
            orders[i] = 1;
            g[i] = y.getPartialDerivative(orders);
            orders[i] = 0;
        }
        return g;
    }
}
