package org.dualad.optim;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.dualad.dual.MultiDual;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
import org.dualad.reverse.Tape;
import org.dualad.reverse.Var;
import org.ejml.data.DMatrixRMaj;

/**
 * The one place where the adapters choose a differentiation mode. Every adapter calls these
 * methods and nothing else, so moving a quantity to another mode is a change here only.
 *
 * <p>The rule, for f: R^n -&gt; R^m:
 * <ul>
 *   <li>gradient of a scalar function: reverse mode ({@link Reverse#valueAndGradient}: one
 *       recording, one sweep, cost independent of n);</li>
 *   <li>value and Jacobian: forward when n &le; {@link #FORWARD_MAX_INPUTS} (one {@link MultiDual}
 *       pass gives both, whatever m is); beyond, one recording on a {@link Tape} gives the values,
 *       then m backward sweeps give the rows when m &lt; n, or forward MultiDual chunks the columns
 *       when m &ge; n;</li>
 *   <li>curve models (one small function per data point): the same split on the number of
 *       parameters p: forward up to {@link #FORWARD_MAX_INPUTS}, else one recording and one
 *       sweep per data point;</li>
 *   <li>Hessian: forward-over-reverse ({@link Hybrid#hessian}: one recording, ceil(n/K) sweeps).</li>
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
        return Reverse.valueAndGradient(f, x);
    }

    /** The Hessian. */
    static DMatrixRMaj hessian(ScalarFunction f, double[] x) {
        return Hybrid.hessian(f, x);
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
        if (x.length > FORWARD_MAX_INPUTS) {
            ValueAndJacobian r = recorded(f, x, method);
            if (r != null) {
                return r;
            }
        }
        int n = x.length;
        int k = Forward.chunkSize(n);
        MultiDual[] in = new MultiDual[n];
        double[] values = null;
        DMatrixRMaj jac = null;
        for (int base = 0; base < n; base += k) {
            int width = Math.min(k, n - base);
            Object pass = new Object(); // a number kept from another pass then throws, not mixes in
            for (int i = 0; i < n; i++) {
                int dir = i - base;
                in[i] = dir >= 0 && dir < width ? MultiDual.variable(x[i], dir, width, pass)
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

    /**
     * One recording of f: the values, and the rows by m backward sweeps when m &lt; n. Returns null
     * when m &ge; n, where forward chunks are cheaper.
     */
    private static ValueAndJacobian recorded(VectorFunction f, double[] x, String method) {
        int n = x.length;
        Tape tape = new Tape();
        Var[] in = new Var[n];
        for (int i = 0; i < n; i++) {
            in[i] = tape.variable(x[i]);
        }
        Var[] y = f.value(in);
        if (y == null || y.length == 0) {
            throw new IllegalArgumentException(method + ": the function returned "
                    + (y == null ? "null" : "no outputs") + "; it must return m >= 1 values");
        }
        int m = y.length;
        if (m >= n) {
            return null;
        }
        double[] values = new double[m];
        DMatrixRMaj jac = new DMatrixRMaj(m, n);
        for (int k = 0; k < m; k++) {
            if (y[k] == null) {
                throw new IllegalArgumentException(method + ": output " + k + " is null");
            }
            values[k] = y[k].value();
            tape.backward(y[k]);
            for (int i = 0; i < n; i++) {
                jac.unsafe_set(k, i, tape.adjoint(in[i]));
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
        if (p.length > FORWARD_MAX_INPUTS) {
            return curveRecorded(model, p, xs);
        }
        int n = p.length;
        int m = xs.length;
        int k = Forward.chunkSize(n);
        double[] values = new double[m];
        DMatrixRMaj jac = new DMatrixRMaj(m, n);
        MultiDual[] in = new MultiDual[n];
        for (int base = 0; base < n; base += k) {
            int width = Math.min(k, n - base);
            Object pass = new Object(); // a number kept from another pass then throws, not mixes in
            for (int i = 0; i < n; i++) {
                int dir = i - base;
                in[i] = dir >= 0 && dir < width ? MultiDual.variable(p[i], dir, width, pass)
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

    /** One recording and one sweep per data point, on one tape reset between points. */
    private static ValueAndJacobian curveRecorded(CurveModel model, double[] p, double[] xs) {
        int n = p.length;
        int m = xs.length;
        double[] values = new double[m];
        DMatrixRMaj jac = new DMatrixRMaj(m, n);
        Tape tape = new Tape();
        Var[] in = new Var[n];
        for (int r = 0; r < m; r++) {
            tape.reset();
            for (int i = 0; i < n; i++) {
                in[i] = tape.variable(p[i]);
            }
            Var y = model.value(in, xs[r]);
            if (y == null) {
                throw new IllegalArgumentException("CurveFit: the model returned null at x[" + r + "] = " + xs[r]);
            }
            values[r] = y.value();
            tape.backward(y);
            for (int i = 0; i < n; i++) {
                jac.unsafe_set(r, i, tape.adjoint(in[i]));
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
