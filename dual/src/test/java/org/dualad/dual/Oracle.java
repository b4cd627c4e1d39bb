package org.dualad.dual;

import java.util.function.Function;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * Commons Math {@link DerivativeStructure} as the independent reference: a function of n inputs
 * evaluated at orders 1, 2 and 3, so that each expected derivative comes from the structure of its
 * own order (order 1 for first, order 2 for second derivatives) and the next order gives its
 * condition, from which the tolerance is derived.
 *
 * <h2>Tolerance</h2>
 * An expected quantity e(p) computed in floating point by two independent formulas can differ by
 * a few rounding errors in its own evaluation plus the effect of input-sized relative errors:
 * tol = C &epsilon; (|e| + &Sigma;<sub>k</sub> |p<sub>k</sub> &part;e/&part;p<sub>k</sub>|) plus a
 * tiny absolute floor. Away from domain edges that is about 1e-14 relative; near an edge (asin at
 * 1 - 1e-12) it grows exactly as the condition number does, which is how far the oracle itself
 * (1 - x^2 formed directly) can be from the truth.
 */
final class Oracle {
    /** Rounding errors allowed per quantity (formula steps of either side). */
    static final double C = 16;
    /** Machine epsilon. */
    static final double EPS = Math.ulp(1.0);
    /** Absolute floor: below it both sides are in or near underflow (the oracle's 1e-600 intermediates flush to 0). */
    static final double FLOOR = 1e-290;

    private final double[] p;
    private final DerivativeStructure[] byOrder = new DerivativeStructure[4];

    Oracle(double[] p, Function<DerivativeStructure[], DerivativeStructure> f) {
        this.p = p.clone();
        for (int order = 1; order <= 3; order++) {
            DerivativeStructure[] x = new DerivativeStructure[p.length];
            for (int k = 0; k < p.length; k++) {
                x[k] = new DerivativeStructure(p.length, order, k, p[k]);
            }
            byOrder[order] = f.apply(x);
        }
    }

    private double partial(int order, int... inputs) {
        int[] orders = new int[p.length];
        for (int k : inputs) {
            orders[k]++;
        }
        return byOrder[order].getPartialDerivative(orders);
    }

    /** @return f(p) */
    double value() {
        return byOrder[1].getValue();
    }

    /** @return the tolerance for the value */
    double valueTolerance() {
        return tolerance(value(), 1);
    }

    /** @return df/dp_i from the order-1 structure, 0 for i = -1 */
    double first(int i) {
        return i < 0 ? 0 : partial(1, i);
    }

    /** @return the tolerance for df/dp_i */
    double firstTolerance(int i) {
        return i < 0 ? 0 : tolerance(first(i), 2, i);
    }

    /** @return d2f/dp_i dp_j from the order-2 structure, 0 if either is -1 */
    double second(int i, int j) {
        return i < 0 || j < 0 ? 0 : partial(2, i, j);
    }

    /** @return the tolerance for d2f/dp_i dp_j */
    double secondTolerance(int i, int j) {
        return i < 0 || j < 0 ? 0 : tolerance(second(i, j), 3, i, j);
    }

    /**
     * Norm-wise: C eps times (the sum of |partials| of e's own order m, which bounds how far a
     * formula that mixes them, as DerivativeStructure's do, can be off in one component, plus the
     * input-scaled partials of order m + 1: the conditioning), read from the order m + 1 structure.
     */
    private double tolerance(double e, int order, int... inputs) {
        int n = p.length;
        int m = inputs.length;
        double sum = Math.abs(e);
        int count = 1;
        for (int r = 0; r < m; r++) {
            count *= n;
        }
        int[] idx = new int[m + 1];
        for (int code = 0; code < count; code++) {
            int c = code;
            for (int r = 0; r < m; r++) {
                idx[r] = c % n;
                c /= n;
            }
            sum += m == 0 ? 0 : abs(partial(order, java.util.Arrays.copyOf(idx, m)));
            for (int k = 0; k < n; k++) {
                idx[m] = k;
                double d = partial(order, idx);
                if (p[k] != 0 && d != 0) {
                    sum += Math.abs(p[k] * d);
                }
            }
        }
        return C * EPS * sum + FLOOR;
    }

    private static double abs(double d) {
        return Double.isNaN(d) ? 0 : Math.abs(d);
    }

    /**
     * @param expected the oracle's value
     * @param actual ours
     * @param tol the tolerance (NaN or infinite when the oracle's next order is not finite: then
     *     1e-8 relative)
     * @return true if they agree: NaN with NaN, an infinity exactly, finite within tol
     */
    static boolean close(double expected, double actual, double tol) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(actual);
        }
        if (Double.isInfinite(expected)) {
            return expected == actual;
        }
        if (!Double.isFinite(actual)) {
            return false;
        }
        if (!(tol < Double.POSITIVE_INFINITY)) {
            tol = 1e-8 * Math.abs(expected) + FLOOR;
        }
        return Math.abs(actual - expected) <= tol;
    }
}
