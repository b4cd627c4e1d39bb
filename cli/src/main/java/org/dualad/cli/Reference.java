package org.dualad.cli;

import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.dualad.ScalarFunction;

/**
 * The reference column of {@code check}: Commons Math's {@link DerivativeStructure}, exact to
 * rounding with its own rule implementations (order 2), so it does not share DualAD's rule table.
 */
final class Reference {
    private Reference() {
    }

    /**
     * Value, gradient and Hessian in one evaluation of f on order-2 DerivativeStructures.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return {value}, the gradient, and the Hessian rows, packed as {{value}, g, H[0], ..., H[n-1]}
     */
    static double[][] derivativeStructure(ScalarFunction f, double[] x) {
        int n = x.length;
        DerivativeStructure[] in = new DerivativeStructure[n];
        for (int i = 0; i < n; i++) {
            in[i] = new DerivativeStructure(n, 2, i, x[i]);
        }
        DerivativeStructure y = f.value(in);
        double[][] out = new double[n + 2][];
        out[0] = new double[] {y.getValue()};
        out[1] = new double[n];
        int[] orders = new int[n];
        for (int i = 0; i < n; i++) {
            orders[i] = 1;
            out[1][i] = y.getPartialDerivative(orders);
            orders[i] = 0;
        }
        for (int i = 0; i < n; i++) {
            out[2 + i] = new double[n];
            for (int j = 0; j < n; j++) {
                orders[i]++;
                orders[j]++;
                out[2 + i][j] = y.getPartialDerivative(orders);
                orders[i]--;
                orders[j]--;
            }
        }
        return out;
    }
}
