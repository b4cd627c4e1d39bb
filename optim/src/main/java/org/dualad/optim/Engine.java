package org.dualad.optim;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.ValueAndJacobian;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.dual.MultiDual;
import org.dualad.verification.Mode;
import org.ejml.data.DMatrixRMaj;

/**
 * The one place where the adapters choose a differentiation mode. Every adapter calls these
 * methods and nothing else; they compose the facades' primitives, taken from the mode registry
 * ({@link Mode}), so moving a quantity to another mode is a change of one constant here.
 *
 * <p>The rule, for f: R^n -&gt; R^m:
 * <ul>
 *   <li>gradient of a scalar function: {@link Mode#REVERSE} (one recording, one sweep, cost
 *       independent of n);</li>
 *   <li>value and Jacobian: {@link Mode#FORWARD} when n &le; {@link #FORWARD_MAX_INPUTS} (one
 *       recording on the trace and one windowed forward sweep give both, whatever m is); beyond,
 *       {@link Mode#REVERSE} (one recording, then m backward sweeps, or forward sweeps of the
 *       recording when m &ge; 2n or they are estimated cheaper);</li>
 *   <li>curve models (one small function per data point): forward up to
 *       {@link #FORWARD_MAX_INPUTS} parameters (the model at every data point is one vector
 *       function of the parameters), else one reverse gradient per data point;</li>
 *   <li>Hessian: {@link Mode#HYBRID} (forward over reverse: one recording, ceil(n/K) sweeps).</li>
 * </ul>
 * Stateless, hence thread-safe.
 */
final class Engine {
    /**
     * Up to this many inputs a Jacobian is one forward sweep of the trace whatever m is; the
     * curve-fitting case (a handful of parameters, many data points) always lands here.
     */
    static final int FORWARD_MAX_INPUTS = Forward.MAX_CHUNK;

    private Engine() {
    }

    /**
     * f(x) with no tangents, on the trace's constants ({@link HTape#constant}): the number type
     * the gradient and Hessian run f on too, so an optimizer that alternates values (line
     * searches) with gradients keeps f's compiled code on one type (ARCHITECTURE.md, "Every mode
     * on one trace"). A constant belongs to no tape: nothing is recorded. An f that refuses them
     * (a rule or vector rule without second derivatives throws UnsupportedOperationException on
     * a second-order type) runs on first-order constants instead, as its gradient does.
     */
    static double value(ScalarFunction f, double[] x, String method) {
        try {
            return valueOn(f, hvarConstants(x), method);
        } catch (UnsupportedOperationException e) {
            return valueOn(f, multiDualConstants(x), method);
        }
    }

    private static <T extends RealFieldElement<T>> double valueOn(ScalarFunction f, T[] in, String method) {
        T y = f.value(in);
        if (y == null) {
            throw new IllegalArgumentException(method + ": the function returned null");
        }
        return y.getReal();
    }

    private static HVar[] hvarConstants(double[] x) {
        HVar[] in = new HVar[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = HTape.constant(x[i]);
        }
        return in;
    }

    private static MultiDual[] multiDualConstants(double[] x) {
        MultiDual[] in = new MultiDual[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = MultiDual.constant(x[i], 1);
        }
        return in;
    }

    /** Value and gradient from the same evaluation. */
    static ValueAndGradient valueAndGradient(ScalarFunction f, double[] x) {
        return Mode.REVERSE.valueAndGradient(f, x);
    }

    /** The Hessian. */
    static DMatrixRMaj hessian(ScalarFunction f, double[] x) {
        return Mode.HYBRID.hessian(f, x);
    }

    /**
     * Value and Jacobian of f at x: one forward pass up to {@link #FORWARD_MAX_INPUTS} inputs,
     * else one recording and its sweeps.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return the values (length m) and the m x n Jacobian
     */
    static ValueAndJacobian valueAndJacobian(VectorFunction f, double[] x) {
        return (x.length <= FORWARD_MAX_INPUTS ? Mode.FORWARD : Mode.REVERSE).valueAndJacobian(f, x);
    }

    /**
     * Predictions of a curve model at every data point and their m x p Jacobian with respect to the
     * parameters: up to {@link #FORWARD_MAX_INPUTS} parameters one forward pass of the model at
     * every data point; beyond, one reverse gradient per data point (each recording small, where
     * one recording of all points would be swept once per point).
     */
    static ValueAndJacobian curve(CurveModel model, double[] p, double[] xs) {
        if (p.length <= FORWARD_MAX_INPUTS) {
            return Mode.FORWARD.valueAndJacobian(new VectorFunction() {
                @Override
                public <T extends RealFieldElement<T>> T[] value(T[] params) {
                    T[] out = MathArrays.buildArray(params[0].getField(), xs.length);
                    for (int r = 0; r < xs.length; r++) {
                        out[r] = predict(model, params, xs, r);
                    }
                    return out;
                }
            }, p);
        }
        int n = p.length;
        int m = xs.length;
        double[] values = new double[m];
        DMatrixRMaj jac = new DMatrixRMaj(m, n);
        for (int r = 0; r < m; r++) {
            int row = r;
            ValueAndGradient vg = Mode.REVERSE.valueAndGradient(new ScalarFunction() {
                @Override
                public <T extends RealFieldElement<T>> T value(T[] params) {
                    return predict(model, params, xs, row);
                }
            }, p);
            values[r] = vg.value();
            System.arraycopy(vg.gradient(), 0, jac.data, r * n, n);
        }
        return new ValueAndJacobian(values, jac);
    }

    private static <T extends RealFieldElement<T>> T predict(CurveModel model, T[] params, double[] xs, int r) {
        T y = model.value(params, xs[r]);
        if (y == null) {
            throw new IllegalArgumentException("CurveFit: the model returned null at x[" + r + "] = " + xs[r]);
        }
        return y;
    }

    /**
     * Model predictions without tangents, on the trace's constants: {@link #curve} runs the model
     * on the trace's HVar at any number of parameters, so a fit's values and Jacobians keep the
     * model's code on one type. A model with a first-order rule runs on MultiDual constants, as
     * its Jacobian then does.
     */
    static double[] curveValues(CurveModel model, double[] p, double[] xs) {
        try {
            return predictions(model, hvarConstants(p), xs);
        } catch (UnsupportedOperationException e) {
            return predictions(model, multiDualConstants(p), xs); // a first-order rule: as value(...)
        }
    }

    private static <T extends RealFieldElement<T>> double[] predictions(CurveModel model, T[] in, double[] xs) {
        double[] out = new double[xs.length];
        for (int r = 0; r < xs.length; r++) {
            out[r] = model.value(in, xs[r]).getReal();
        }
        return out;
    }
}
