package org.dualad.verification;

import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixRMaj;

/**
 * A DualAD mode as a derivative source for the checks: what it can compute (gradient, Jacobian,
 * Hessian, Laplacian) and how. Adding a mode is one entry with method references; a null reference
 * means the mode does not offer that derivative and the checks skip it:
 *
 * <pre>{@code
 * REVERSE("reverse", Reverse::gradient, Reverse::jacobian, null, null),
 * }</pre>
 */
public enum Mode {
    /** {@link Forward}: multi-direction duals for gradients and Jacobians, HyperDual for Hessians. */
    FORWARD("forward", Forward::gradient, Forward::jacobian, Forward::hessian, null),
    /**
     * Forward mode one scalar {@link org.dualad.dual.Dual} pass per input
     * ({@link Forward#directionalDerivative} and {@link Forward#jvp} along each unit vector): a
     * second forward code path, independent of the multi-direction kernel.
     */
    FORWARD_DUAL("forward (Dual)", Mode::dualGradient, Mode::dualJacobian, null, null),
    /** {@link Reverse}: a tape and one backward sweep per output. */
    REVERSE("reverse", Reverse::gradient, Reverse::jacobian, null, null),
    /**
     * A {@link Recording} made at a nearby point (each coordinate moved by
     * 2^-10 (1 + |x_i|)), replayed there twice and then at x: checks the replay path as a
     * recording used many times runs it (the third replay runs the compiled replay program), which
     * re-evaluates the values without running f (and re-records where a branch or a piecewise
     * decision changed).
     */
    REVERSE_REPLAY("reverse (replay)", Mode::replayGradient, null, null, null),
    /**
     * {@link Hybrid}: forward over reverse for gradients and Hessians, the one-pass forward
     * Laplacian for Laplacians.
     */
    HYBRID("hybrid", Hybrid::gradient, null, Hybrid::hessian, Hybrid::laplacian);

    /** A gradient source. */
    @FunctionalInterface
    interface Gradient {
        double[] of(ScalarFunction f, double[] x);
    }

    /** A Jacobian source. */
    @FunctionalInterface
    interface Jacobian {
        DMatrixRMaj of(VectorFunction f, double[] x);
    }

    /** A Hessian source. */
    @FunctionalInterface
    interface Hessian {
        DMatrixRMaj of(ScalarFunction f, double[] x);
    }

    /** A Laplacian source. */
    @FunctionalInterface
    interface Laplacian {
        double of(ScalarFunction f, double[] x);
    }

    private final String label;
    private final Gradient gradient;
    private final Jacobian jacobian;
    private final Hessian hessian;
    private final Laplacian laplacian;

    Mode(String label, Gradient gradient, Jacobian jacobian, Hessian hessian, Laplacian laplacian) {
        this.label = label;
        this.gradient = gradient;
        this.jacobian = jacobian;
        this.hessian = hessian;
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

    /** @return true if this mode computes Laplacians */
    public boolean hasLaplacian() {
        return laplacian != null;
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return this mode's Laplacian (trace of the Hessian) of f at x
     * @throws UnsupportedOperationException if {@link #hasLaplacian()} is false
     */
    public double laplacian(ScalarFunction f, double... x) {
        if (laplacian == null) {
            throw new UnsupportedOperationException(label + " mode does not compute Laplacians");
        }
        return laplacian.of(f, x);
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return this mode's gradient of f at x
     * @throws UnsupportedOperationException if {@link #hasGradient()} is false
     */
    public double[] gradient(ScalarFunction f, double... x) {
        if (gradient == null) {
            throw new UnsupportedOperationException(label + " mode does not compute gradients");
        }
        return gradient.of(f, x);
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return this mode's Jacobian of f at x
     * @throws UnsupportedOperationException if {@link #hasJacobian()} is false
     */
    public DMatrixRMaj jacobian(VectorFunction f, double... x) {
        if (jacobian == null) {
            throw new UnsupportedOperationException(label + " mode does not compute Jacobians");
        }
        return jacobian.of(f, x);
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return this mode's Hessian of f at x
     * @throws UnsupportedOperationException if {@link #hasHessian()} is false
     */
    public DMatrixRMaj hessian(ScalarFunction f, double... x) {
        if (hessian == null) {
            throw new UnsupportedOperationException(label + " mode does not compute Hessians");
        }
        return hessian.of(f, x);
    }

    private static double[] replayGradient(ScalarFunction f, double[] x) {
        double[] near = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            near[i] = x[i] + 0x1p-10 * (1 + Math.abs(x[i]));
        }
        Recording r = Reverse.record(f, near);
        r.gradient(near); // two replays where the decisions hold: the third is compiled
        r.gradient(near);
        return r.gradient(x);
    }

    private static double[] dualGradient(ScalarFunction f, double[] x) {
        double[] g = new double[x.length];
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = 1;
            g[i] = Forward.directionalDerivative(f, x, e);
            e[i] = 0;
        }
        return g;
    }

    private static DMatrixRMaj dualJacobian(VectorFunction f, double[] x) {
        int n = x.length;
        double[] e = new double[n];
        DMatrixRMaj jac = null;
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            double[] col = Forward.jvp(f, x, e);
            e[j] = 0;
            if (jac == null) {
                jac = new DMatrixRMaj(col.length, n);
            }
            for (int i = 0; i < col.length && i < jac.numRows; i++) {
                jac.set(i, j, col[i]);
            }
        }
        return jac;
    }
}
