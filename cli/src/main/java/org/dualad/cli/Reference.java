package org.dualad.cli;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.apache.commons.math3.util.Decimal64;
import org.dualad.ScalarFunction;

/**
 * Independent references for {@code check}: Commons Math's {@link DerivativeStructure} (exact to
 * rounding, its own rule implementations, order 2) and Commons Math's
 * {@link FiniteDifferencesDifferentiator} (approximate, with a known error bound). Neither uses
 * DualAD's rule table, which is what makes them references.
 */
final class Reference {
    /** Points of the finite-difference stencil: 8 points give truncation error O(h^7). */
    static final int FD_POINTS = 8;
    /** Relative step of the finite differences: h = FD_STEP max(1, |x_i|). */
    static final double FD_STEP = 1e-2;

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

    /**
     * The gradient by central finite differences along each input, evaluating f on Commons Math's
     * {@link Decimal64} (plain doubles through FastMath).
     *
     * @param f the function
     * @param x the point (not modified)
     * @return the approximate gradient
     */
    static double[] finiteDifferences(ScalarFunction f, double[] x) {
        int n = x.length;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            final int axis = i;
            double h = FD_STEP * Math.max(1, Math.abs(x[i]));
            FiniteDifferencesDifferentiator d = new FiniteDifferencesDifferentiator(FD_POINTS, h);
            UnivariateFunction line = t -> {
                Decimal64[] p = new Decimal64[n];
                for (int k = 0; k < n; k++) {
                    p[k] = new Decimal64(k == axis ? t : x[k]);
                }
                return f.value(p).doubleValue();
            };
            UnivariateDifferentiableFunction slice = d.differentiate(line);
            g[i] = slice.value(new DerivativeStructure(1, 1, 0, x[i])).getPartialDerivative(1);
        }
        return g;
    }
}
