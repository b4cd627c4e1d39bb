package org.dualad.optim;

import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.Arrays;

/**
 * Newton's method on the exact Hessian: a single step, and a damped (trust-region) minimizer.
 *
 * <p>The Newton step d solves H d = -g (EJML LU). The minimizer solves (H + &lambda; I) d = -g by
 * Cholesky, the Levenberg-Marquardt form of a trust region: &lambda; = 0 is a pure Newton step,
 * a larger &lambda; a shorter step turned toward -g. &lambda; grows until H + &lambda; I is positive
 * definite and the step reduces f by at least a quarter of what the quadratic model predicts
 * (ratio &rho; = actual / predicted), and shrinks after good steps (&rho; &gt; 3/4), so near a
 * minimum with a positive definite Hessian the iteration is Newton's, quadratically convergent.
 *
 * <pre>{@code
 * Newton.Result r = Newton.minimize(Fns::rosenbrock, new double[] {-1.2, 1}, 1e-10, 100);
 * r.point();   // [1.0, 1.0]
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class Newton {
    private Newton() {
    }

    /**
     * The result of {@link #minimize}.
     *
     * @param point the last accepted point (owned by the caller)
     * @param value f at that point
     * @param gradient the gradient there (owned by the caller)
     * @param iterations the Hessian evaluations made
     * @param converged whether max |g_i| &le; the tolerance was reached
     */
    public record Result(double[] point, double value, double[] gradient, int iterations, boolean converged) {
        @Override
        public String toString() {
            return "Newton.Result[point=" + Arrays.toString(point) + ", value=" + value + ", gradient="
                    + Arrays.toString(gradient) + ", iterations=" + iterations + ", converged=" + converged + "]";
        }
    }

    /**
     * The Newton step d with H(x) d = -&nabla;f(x).
     *
     * @param f the function
     * @param x the point, n &ge; 1 values (not modified)
     * @return d, or an array of NaN when H is singular
     */
    public static double[] step(ScalarFunction f, double... x) {
        check(f, x, "step");
        ValueAndGradient vg = Engine.valueAndGradient(f, x);
        DMatrixRMaj h = Engine.hessian(f, x);
        DMatrixRMaj b = new DMatrixRMaj(x.length, 1, true, vg.gradient());
        CommonOps_DDRM.scale(-1, b);
        DMatrixRMaj d = new DMatrixRMaj(x.length, 1);
        if (!CommonOps_DDRM.solve(h, b, d)) {
            double[] nan = new double[x.length];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return d.data;
    }

    /**
     * Minimizes f from x0 by damped Newton steps (see the class comment).
     *
     * @param f the function
     * @param x0 the start, n &ge; 1 values (not modified)
     * @param gradientTolerance stop when max |g_i| &le; this
     * @param maxIterations the most Hessian evaluations
     * @return the last point, its value and gradient
     */
    public static Result minimize(ScalarFunction f, double[] x0, double gradientTolerance, int maxIterations) {
        check(f, x0, "minimize");
        int n = x0.length;
        double[] x = x0.clone();
        ValueAndGradient vg = Engine.valueAndGradient(f, x);
        double fx = vg.value();
        double[] g = vg.gradient();
        double lambda = 0;
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(n);
        DMatrixRMaj b = new DMatrixRMaj(n, 1);
        DMatrixRMaj d = new DMatrixRMaj(n, 1);
        DMatrixRMaj damped = new DMatrixRMaj(n, n);
        int it = 0;
        while (it < maxIterations && !(maxAbs(g) <= gradientTolerance)) {
            DMatrixRMaj h = Engine.hessian(f, x);
            it++;
            double scale = Math.max(1e-12, maxAbsDiagonal(h));
            boolean accepted = false;
            // Inner loop: grow lambda until the step is acceptable. Bounded so a NaN f ends it.
            for (int tries = 0; tries < 60 && !accepted; tries++) {
                damped.setTo(h);
                for (int i = 0; i < n; i++) {
                    damped.add(i, i, lambda);
                }
                if (!chol.setA(damped)) {
                    lambda = Math.max(4 * lambda, 1e-6 * scale);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    b.data[i] = -g[i];
                }
                chol.solve(b, d);
                double predicted = -(dot(g, d.data) + 0.5 * quadratic(h, d.data));
                double[] trial = new double[n];
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + d.data[i];
                }
                double ft = Engine.value(f, trial, "minimize");
                double rho = predicted > 0 ? (fx - ft) / predicted : -1;
                if (rho > 0.25 || (predicted == 0 && ft <= fx)) {
                    accepted = true;
                    x = trial;
                    lambda = rho > 0.75 ? lambda / 3 : lambda;
                    if (lambda < 1e-12 * scale) {
                        lambda = 0;
                    }
                } else {
                    lambda = Math.max(4 * lambda, 1e-6 * scale);
                }
            }
            if (!accepted) {
                break;
            }
            vg = Engine.valueAndGradient(f, x);
            fx = vg.value();
            g = vg.gradient();
        }
        return new Result(x, fx, g, it, maxAbs(g) <= gradientTolerance);
    }

    private static void check(ScalarFunction f, double[] x, String method) {
        if (f == null) {
            throw new NullPointerException("Newton." + method + ": f is null");
        }
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("Newton." + method + ": x must hold at least one value, got "
                    + (x == null ? "null" : "length 0"));
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
            if (Double.isNaN(e)) {
                return Double.NaN;
            }
        }
        return m;
    }

    private static double maxAbsDiagonal(DMatrixRMaj h) {
        double m = 0;
        for (int i = 0; i < h.numRows; i++) {
            m = Math.max(m, Math.abs(h.unsafe_get(i, i)));
        }
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** d^T H d. */
    private static double quadratic(DMatrixRMaj h, double[] d) {
        int n = d.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += h.unsafe_get(i, j) * d[j];
            }
            s += d[i] * row;
        }
        return s;
    }
}
