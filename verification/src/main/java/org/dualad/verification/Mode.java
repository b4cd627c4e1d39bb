package org.dualad.verification;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.ValueAndJacobian;
import org.dualad.VectorFunction;
import org.dualad.dual.Dual;
import org.dualad.dual.DualNumbers;
import org.dualad.dual.Forward;
import org.dualad.hybrid.ForwardLaplacian;
import org.dualad.hybrid.Hybrid;
import org.dualad.internal.Arguments;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixRMaj;

/**
 * The registry of DualAD's modes: which mode computes what (value and gradient, value and
 * Jacobian, Hessian, Hessian-vector product, Laplacian) and through which facade primitive. The
 * checks, the {@code dualad} command and the optimizer adapters all take their derivatives from
 * here. Adding a mode is one entry with method references; a null reference means the mode does
 * not offer that derivative (the checks skip it, a caller asking for it gets an
 * {@link UnsupportedOperationException}):
 *
 * <pre>{@code
 * REVERSE("reverse", Reverse::valueAndGradient, Reverse::valueAndJacobian, null, null, null),
 * }</pre>
 */
public enum Mode {
    /**
     * {@link Forward}: gradients by forward tangent sweeps over f's trace (one run of f on
     * {@code HVar}), Hessians and Hessian-vector products by the trace's second-order sweeps,
     * Jacobians by windowed forward sweeps of the same trace; the Laplacian by the one forward pass of
     * {@link ForwardLaplacian} numbers (no tape: the registry's Laplacian independent of the
     * HTape's, and exact where the diagonal entries overflow but their sum does not, which a sum
     * of per-entry passes is not).
     */
    FORWARD("forward", Forward::valueAndGradient, Forward::valueAndJacobian, Forward::hessian, Forward::hvp,
            Mode::forwardLaplacian),
    /**
     * Forward mode one scalar {@link Dual} pass per input
     * ({@link DualNumbers#directionalDerivative} and {@link DualNumbers#jvp} along each unit vector): a
     * second forward code path, independent of the multi-direction kernel and of the trace.
     */
    FORWARD_DUAL("forward (Dual)", Mode::dualValueAndGradient, Mode::dualValueAndJacobian, null, null, null),
    /** {@link Reverse}: one recording, then one backward sweep per output (or forward sweeps for tall Jacobians). */
    REVERSE("reverse", Reverse::valueAndGradient, Reverse::valueAndJacobian, null, null, null),
    /**
     * A {@link Recording} made at a nearby point (each coordinate moved by
     * 2^-10 (1 + |x_i|)), replayed there twice and then at x: checks the replay path as a
     * recording used many times runs it (the third replay runs the compiled replay program), which
     * re-evaluates the values without running f (and re-records where a branch or a piecewise
     * decision changed).
     */
    REVERSE_REPLAY("reverse (replay)", Mode::replayValueAndGradient, null, null, null, null),
    /**
     * {@link Hybrid}: forward over reverse for gradients, Hessians and Hessian-vector products, and
     * forward sweeps over the same recording for Laplacians ({@link Hybrid#laplacian}).
     */
    HYBRID("hybrid", Hybrid::valueAndGradient, null, Hybrid::hessian, Hybrid::hvp, Hybrid::laplacian),
    /**
     * {@link DualNumbers}: tape-free forward mode, independent of the trace that {@link Forward},
     * {@link Reverse} and {@link Hybrid} record f on: windowed multi-direction duals for gradients
     * and Jacobians,
     * hyper-dual lanes and rows for Hessians, one hyper-dual row pass for Hessian-vector products.
     */
    DUAL_NUMBERS("dual numbers", DualNumbers::valueAndGradient, DualNumbers::valueAndJacobian, DualNumbers::hessian,
            DualNumbers::hvp, null);

    /** A value-and-gradient primitive. */
    @FunctionalInterface
    interface Gradient {
        ValueAndGradient of(ScalarFunction f, double[] x);
    }

    /** A value-and-Jacobian primitive. */
    @FunctionalInterface
    interface Jacobian {
        ValueAndJacobian of(VectorFunction f, double[] x);
    }

    /** A Hessian primitive. */
    @FunctionalInterface
    interface Hessian {
        DMatrixRMaj of(ScalarFunction f, double[] x);
    }

    /** A Hessian-vector product primitive. */
    @FunctionalInterface
    interface Hvp {
        double[] of(ScalarFunction f, double[] x, double[] v);
    }

    /** A Laplacian primitive. */
    @FunctionalInterface
    interface Laplacian {
        double of(ScalarFunction f, double[] x);
    }

    private final String label;
    private final Gradient gradient;
    private final Jacobian jacobian;
    private final Hessian hessian;
    private final Hvp hvp;
    private final Laplacian laplacian;

    Mode(String label, Gradient gradient, Jacobian jacobian, Hessian hessian, Hvp hvp, Laplacian laplacian) {
        this.label = label;
        this.gradient = gradient;
        this.jacobian = jacobian;
        this.hessian = hessian;
        this.hvp = hvp;
        this.laplacian = laplacian;
    }

    /** @return the name used in reports, e.g. "forward" */
    public String label() {
        return label;
    }

    /** @return true if this mode computes gradients */
    public boolean hasGradient() {
        return gradient != null;
    }

    /** @return true if this mode computes Jacobians */
    public boolean hasJacobian() {
        return jacobian != null;
    }

    /** @return true if this mode computes Hessians */
    public boolean hasHessian() {
        return hessian != null;
    }

    /** @return true if this mode computes Hessian-vector products */
    public boolean hasHvp() {
        return hvp != null;
    }

    /** @return true if this mode computes Laplacians */
    public boolean hasLaplacian() {
        return laplacian != null;
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return this mode's gradient of f at x
     * @throws UnsupportedOperationException if {@link #hasGradient()} is false
     */
    public double[] gradient(ScalarFunction f, double... x) {
        return valueAndGradient(f, x).gradient();
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return f(x) and this mode's gradient of f at x
     * @throws UnsupportedOperationException if {@link #hasGradient()} is false
     */
    public ValueAndGradient valueAndGradient(ScalarFunction f, double... x) {
        return supported(gradient, "gradients").of(f, x);
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return this mode's Jacobian of f at x
     * @throws UnsupportedOperationException if {@link #hasJacobian()} is false
     */
    public DMatrixRMaj jacobian(VectorFunction f, double... x) {
        return valueAndJacobian(f, x).jacobian();
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return f(x) and this mode's Jacobian of f at x
     * @throws UnsupportedOperationException if {@link #hasJacobian()} is false
     */
    public ValueAndJacobian valueAndJacobian(VectorFunction f, double... x) {
        return supported(jacobian, "Jacobians").of(f, x);
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return this mode's Hessian of f at x
     * @throws UnsupportedOperationException if {@link #hasHessian()} is false
     */
    public DMatrixRMaj hessian(ScalarFunction f, double... x) {
        return supported(hessian, "Hessians").of(f, x);
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @param v the direction, one entry per input (not modified)
     * @return this mode's Hessian-vector product H v of f at x
     * @throws UnsupportedOperationException if {@link #hasHvp()} is false
     */
    public double[] hvp(ScalarFunction f, double[] x, double[] v) {
        return supported(hvp, "Hessian-vector products").of(f, x, v);
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return this mode's Laplacian (trace of the Hessian) of f at x
     * @throws UnsupportedOperationException if {@link #hasLaplacian()} is false
     */
    public double laplacian(ScalarFunction f, double... x) {
        return supported(laplacian, "Laplacians").of(f, x);
    }

    private <P> P supported(P primitive, String what) {
        if (primitive == null) {
            throw new UnsupportedOperationException(label + " mode does not compute " + what);
        }
        return primitive;
    }

    /** The Laplacian of f at x by one pass of forward-Laplacian numbers (checks as every facade). */
    private static double forwardLaplacian(ScalarFunction f, double[] x) {
        Arguments.function(f, "laplacian");
        Arguments.point(x, "laplacian");
        int n = x.length;
        ForwardLaplacian[] in = new ForwardLaplacian[n];
        for (int i = 0; i < n; i++) {
            in[i] = ForwardLaplacian.variable(x[i], i, n);
        }
        return Arguments.output(f.value(in), "laplacian").laplacian();
    }

    private static ValueAndGradient replayValueAndGradient(ScalarFunction f, double[] x) {
        double[] near = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            near[i] = x[i] + 0x1p-10 * (1 + Math.abs(x[i]));
        }
        Recording r = Reverse.record(f, near);
        r.gradient(near); // two replays where the decisions hold: the third is compiled
        r.gradient(near);
        return r.valueAndGradient(x);
    }

    /** f(x) on constant duals: the value beside the one-direction passes. */
    private static Dual[] constants(double[] x) {
        Dual[] in = new Dual[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = Dual.constant(x[i]);
        }
        return in;
    }

    private static ValueAndGradient dualValueAndGradient(ScalarFunction f, double[] x) {
        double[] g = new double[x.length];
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = 1;
            g[i] = DualNumbers.directionalDerivative(f, x, e);
            e[i] = 0;
        }
        return new ValueAndGradient(f.value(constants(x)).value(), g);
    }

    private static ValueAndJacobian dualValueAndJacobian(VectorFunction f, double[] x) {
        int n = x.length;
        double[] e = new double[n];
        DMatrixRMaj jac = null;
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            double[] col = DualNumbers.jvp(f, x, e);
            e[j] = 0;
            if (jac == null) {
                jac = new DMatrixRMaj(col.length, n);
            }
            for (int i = 0; i < col.length && i < jac.numRows; i++) {
                jac.set(i, j, col[i]);
            }
        }
        Dual[] y = f.value(constants(x));
        double[] values = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            values[i] = y[i].value();
        }
        return new ValueAndJacobian(values, jac);
    }
}
