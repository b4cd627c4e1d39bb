package org.dualad.optim;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.dualad.dual.MultiDual;
import org.ejml.data.DMatrixRMaj;

/**
 * The one place where the adapters choose a differentiation mode. Every adapter calls these
 * methods and nothing else, so moving a quantity to reverse or forward-over-reverse mode is a
 * one-line change here (marked "mode switch").
 *
 * <p>The rule, for f: R^n -&gt; R^m:
 * <ul>
 *   <li>gradient of a scalar function: reverse mode when it is available (cost independent of n),
 *       forward {@link MultiDual} chunks meanwhile;</li>
 *   <li>value and Jacobian: forward when n &le; m or n &le; {@link #FORWARD_MAX_INPUTS} (one
 *       MultiDual pass gives both), reverse (one recording, m sweeps) otherwise;</li>
 *   <li>Hessian: forward-over-reverse ({@code Hybrid.hessian}) when available, HyperDual passes
 *       meanwhile.</li>
 * </ul>
 * Stateless, hence thread-safe.
 */
final class Engine {
    /**
     * Up to this many inputs a Jacobian is one forward pass of a MultiDual whatever m is; the
     * curve-fitting case (a handful of parameters, many data points) always lands here.
     */
    static final int FORWARD_MAX_INPUTS = Forward.MAX_CHUNK;

    private Engine() {
    }

    /**
     * @param n inputs
     * @param m outputs
     * @return true when the Jacobian should be taken in forward mode
     */
    static boolean forwardJacobian(int n, int m) {
        return n <= FORWARD_MAX_INPUTS || n <= m;
    }

    /** f(x) with no tangents: a constant MultiDual carries no tangent storage. */
    static double value(ScalarFunction f, double[] x, String method) {
        MultiDual[] in = new MultiDual[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = MultiDual.constant(x[i], 1);
        }
        MultiDual y = f.value(in);
        if (y == null) {
            throw new IllegalArgumentException(method + ": the function returned null");
        }
        return y.value();
    }

    /** Value and gradient from the same evaluation. */
    static ValueAndGradient valueAndGradient(ScalarFunction f, double[] x) {
        return Forward.valueAndGradient(f, x); // mode switch: Reverse.valueAndGradient(f, x)
    }

    /** The Hessian. */
    static DMatrixRMaj hessian(ScalarFunction f, double[] x) {
        return Forward.hessian(f, x); // mode switch: Hybrid.hessian(f, x)
    }

    /**
     * Value and Jacobian of f at x from one evaluation per chunk of k inputs (one evaluation in
     * total when n &le; {@link Forward#MAX_CHUNK}).
     *
     * @param f the function
     * @param x the point (not modified)
     * @param method the calling method, for error messages
     * @return the values (length m) and the m x n Jacobian
     */
    static ValueAndJacobian valueAndJacobian(VectorFunction f, double[] x, String method) {
        // mode switch: when !forwardJacobian(n, m), Reverse.jacobian on one recording.
        int n = x.length;
        int k = Forward.chunkSize(n);
        MultiDual[] in = new MultiDual[n];
        double[] values = null;
        DMatrixRMaj jac = null;
        for (int base = 0; base < n; base += k) {
            int width = Math.min(k, n - base);
            for (int i = 0; i < n; i++) {
                int dir = i - base;
                in[i] = dir >= 0 && dir < width ? MultiDual.variable(x[i], dir, width)
                        : MultiDual.constant(x[i], width);
            }
            MultiDual[] y = f.value(in);
            check(y, values, method);
            if (jac == null) {
                values = new double[y.length];
                jac = new DMatrixRMaj(y.length, n);
            }
            for (int i = 0; i < y.length; i++) {
                values[i] = y[i].value();
                y[i].addTangentsTo(jac.data, i * n + base);
            }
        }
        return new ValueAndJacobian(values, jac);
    }

    private static void check(MultiDual[] y, double[] values, String method) {
        if (y == null || y.length == 0) {
            throw new IllegalArgumentException(method + ": the function returned "
                    + (y == null ? "null" : "no outputs") + "; it must return m >= 1 values");
        }
        if (values != null && values.length != y.length) {
            throw new IllegalArgumentException(method + ": the function returned " + y.length
                    + " outputs but " + values.length + " before; the output length must not change");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] == null) {
                throw new IllegalArgumentException(method + ": output " + i + " is null");
            }
        }
    }

    /**
     * Predictions of a curve model at every data point and their m x p Jacobian with respect to the
     * parameters, one MultiDual evaluation of the model per data point (per chunk of parameters).
     */
    static ValueAndJacobian curve(CurveModel model, double[] p, double[] xs) {
        // mode switch: when !forwardJacobian(p.length, xs.length), record each point on a tape
        // and sweep it once (Reverse.gradient per point).
        int n = p.length;
        int m = xs.length;
        int k = Forward.chunkSize(n);
        double[] values = new double[m];
        DMatrixRMaj jac = new DMatrixRMaj(m, n);
        MultiDual[] in = new MultiDual[n];
        for (int base = 0; base < n; base += k) {
            int width = Math.min(k, n - base);
            for (int i = 0; i < n; i++) {
                int dir = i - base;
                in[i] = dir >= 0 && dir < width ? MultiDual.variable(p[i], dir, width)
                        : MultiDual.constant(p[i], width);
            }
            for (int r = 0; r < m; r++) {
                MultiDual y = model.value(in, xs[r]);
                if (y == null) {
                    throw new IllegalArgumentException("CurveFit: the model returned null at x["
                            + r + "] = " + xs[r]);
                }
                values[r] = y.value();
                y.addTangentsTo(jac.data, r * n + base);
            }
        }
        return new ValueAndJacobian(values, jac);
    }

    /** Model predictions on plain numbers (no tangents). */
    static double[] curveValues(CurveModel model, double[] p, double[] xs) {
        MultiDual[] in = new MultiDual[p.length];
        for (int i = 0; i < p.length; i++) {
            in[i] = MultiDual.constant(p[i], 1);
        }
        double[] out = new double[xs.length];
        for (int r = 0; r < xs.length; r++) {
            out[r] = model.value(in, xs[r]).value();
        }
        return out;
    }

    /** A value vector and its Jacobian; the caller owns both. */
    record ValueAndJacobian(double[] values, DMatrixRMaj jacobian) {
    }
}
