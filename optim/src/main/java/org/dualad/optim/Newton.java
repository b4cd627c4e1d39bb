package org.dualad.optim;

import org.apache.commons.math3.exception.MaxCountExceededException;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.ConjugateGradient;
import org.apache.commons.math3.linear.NonPositiveDefiniteOperatorException;
import org.apache.commons.math3.linear.RealLinearOperator;
import org.apache.commons.math3.linear.RealVector;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.hybrid.HessianOperator;
import org.dualad.hybrid.Hybrid;
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
 * <p>{@link #minimizeCg} takes the same damped steps without forming H: each iteration records f
 * once ({@link Hybrid#hessianOperator}) and solves the damped system by Commons Math's
 * {@link ConjugateGradient} on Hessian-vector products, to a relative residual of
 * min(1/10, sqrt(max |g_i|)) (an inexact Newton method, superlinear near the minimum). For large n,
 * where the dense Hessian and its Cholesky factor cost O(n^2) products and O(n^3) flops.
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
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(x0.length);
        return damped(f, x0, gradientTolerance, maxIterations, "minimize", x -> new DenseModel(f, x, chol));
    }

    /**
     * Minimizes f from x0 as {@link #minimize} does, with the damped Newton system solved by
     * conjugate gradients on Hessian-vector products instead of a dense Hessian (see the class
     * comment). A damping whose system is not positive definite, or whose conjugate gradients do not
     * converge in 2n + 20 products, is increased as a failed Cholesky factorization is.
     *
     * @param f the function
     * @param x0 the start, n &ge; 1 values (not modified)
     * @param gradientTolerance stop when max |g_i| &le; this
     * @param maxIterations the most Hessian operators used for a step (one recording of f each)
     * @return the last point, its value and gradient
     */
    public static Result minimizeCg(ScalarFunction f, double[] x0, double gradientTolerance, int maxIterations) {
        check(f, x0, "minimizeCg");
        return damped(f, x0, gradientTolerance, maxIterations, "minimizeCg", x -> new OperatorModel(f, x));
    }

    /** The quadratic model of f at one point: what a damped Newton step needs of its Hessian. */
    private interface Model {
        double value();

        double[] gradient();

        /** The Hessian's scale, for the damping's first step. */
        double scale();

        /** d with (H + lambda I) d = -g, or null where that system is not positive definite. */
        double[] step(double lambda);

        /** d^T H d. */
        double curvature(double[] d);
    }

    /** The trust-region iteration of the class comment, on the models {@code at} makes. */
    private static Result damped(ScalarFunction f, double[] x0, double gradientTolerance, int maxIterations,
                                 String method, java.util.function.Function<double[], Model> at) {
        int n = x0.length;
        double[] x = x0.clone();
        Model m = at.apply(x);
        double fx = m.value();
        double[] g = m.gradient();
        double lambda = 0;
        int it = 0;
        while (it < maxIterations && !(maxAbs(g) <= gradientTolerance)) {
            it++;
            // the model's scale, asked for only where the damping needs it: an operator pays a
            // product for it, which an undamped step (most steps near the minimum) never reads
            double scale = Double.NaN;
            boolean accepted = false;
            // Inner loop: grow lambda until the step is acceptable. Bounded so a NaN f ends it.
            for (int tries = 0; tries < 60 && !accepted; tries++) {
                double[] d = m.step(lambda);
                if (d == null) {
                    scale = scale(m, scale);
                    lambda = Math.max(4 * lambda, 1e-6 * scale);
                    continue;
                }
                double predicted = -(dot(g, d) + 0.5 * m.curvature(d));
                double[] trial = new double[n];
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + d[i];
                }
                double ft = Engine.value(f, trial, method);
                double rho = predicted > 0 ? (fx - ft) / predicted : -1;
                if (rho > 0.25 || (predicted == 0 && ft <= fx)) {
                    accepted = true;
                    x = trial;
                    lambda = rho > 0.75 ? lambda / 3 : lambda;
                    if (lambda > 0) {
                        scale = scale(m, scale);
                        if (lambda < 1e-12 * scale) {
                            lambda = 0;
                        }
                    }
                } else {
                    scale = scale(m, scale);
                    lambda = Math.max(4 * lambda, 1e-6 * scale);
                }
            }
            if (!accepted) {
                break;
            }
            m = at.apply(x);
            fx = m.value();
            g = m.gradient();
        }
        return new Result(x, fx, g, it, maxAbs(g) <= gradientTolerance);
    }

    /** The model's scale for the damping (at least 1e-12), or known, the scale already taken. */
    private static double scale(Model m, double known) {
        return Double.isNaN(known) ? Math.max(1e-12, m.scale()) : known;
    }

    /** The dense Hessian (taken at the first step asked of it) and its Cholesky factor. */
    private static final class DenseModel implements Model {
        private final ScalarFunction f;
        private final double[] x;
        private final ValueAndGradient vg;
        private final LinearSolverDense<DMatrixRMaj> chol;
        private DMatrixRMaj h;

        DenseModel(ScalarFunction f, double[] x, LinearSolverDense<DMatrixRMaj> chol) {
            this.f = f;
            this.x = x;
            this.chol = chol;
            vg = Engine.valueAndGradient(f, x);
        }

        private DMatrixRMaj hessian() {
            if (h == null) {
                h = Engine.hessian(f, x);
            }
            return h;
        }

        @Override
        public double value() {
            return vg.value();
        }

        @Override
        public double[] gradient() {
            return vg.gradient();
        }

        @Override
        public double scale() {
            return maxAbsDiagonal(hessian());
        }

        @Override
        public double[] step(double lambda) {
            int n = x.length;
            DMatrixRMaj damped = hessian().copy();
            for (int i = 0; i < n; i++) {
                damped.add(i, i, lambda);
            }
            if (!chol.setA(damped)) {
                return null;
            }
            double[] g = vg.gradient();
            DMatrixRMaj b = new DMatrixRMaj(n, 1);
            for (int i = 0; i < n; i++) {
                b.data[i] = -g[i];
            }
            DMatrixRMaj d = new DMatrixRMaj(n, 1);
            chol.solve(b, d);
            return d.data;
        }

        @Override
        public double curvature(double[] d) {
            return quadratic(hessian(), d);
        }
    }

    /**
     * H as products ({@link Hybrid#hessianOperator}: value, gradient and products from one
     * recording); steps by conjugate gradients to the relative residual of the class comment.
     */
    private static final class OperatorModel implements Model {
        private final HessianOperator h;
        private final double[] g;
        private final RealVector minusG;
        /** The relative residual the conjugate gradients stop at. */
        private final double forcing;

        OperatorModel(ScalarFunction f, double[] x) {
            h = Hybrid.hessianOperator(f, x);
            g = h.gradient();
            minusG = new ArrayRealVector(g).mapMultiply(-1);
            forcing = Math.min(0.1, Math.sqrt(maxAbs(g)));
        }

        @Override
        public double value() {
            return h.value();
        }

        @Override
        public double[] gradient() {
            return g;
        }

        /** The curvature along g (one product) stands in for the dense model's largest diagonal entry. */
        @Override
        public double scale() {
            double gg = dot(g, g);
            return gg > 0 ? Math.abs(dot(g, h.hvp(g))) / gg : 0;
        }

        @Override
        public double[] step(double lambda) {
            int n = g.length;
            RealLinearOperator damped = new RealLinearOperator() {
                @Override
                public int getRowDimension() {
                    return n;
                }

                @Override
                public int getColumnDimension() {
                    return n;
                }

                @Override
                public RealVector operate(RealVector v) {
                    RealVector hv = h.operate(v);
                    return lambda == 0 ? hv : hv.combineToSelf(1, lambda, v);
                }
            };
            try {
                return new ConjugateGradient(2 * n + 20, forcing, true)
                        .solve(damped, minusG).toArray();
            } catch (NonPositiveDefiniteOperatorException | MaxCountExceededException e) {
                return null;
            }
        }

        @Override
        public double curvature(double[] d) {
            return dot(d, h.hvp(d));
        }
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
