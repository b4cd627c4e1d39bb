package org.dualad.sparse;

import java.util.Objects;
import org.dualad.VectorFunction;
import org.dualad.internal.Arguments;
import org.ejml.data.DGrowArray;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.IGrowArray;
import org.ejml.interfaces.linsol.LinearSolverSparse;
import org.ejml.sparse.FillReducing;
import org.ejml.sparse.csc.CommonOps_DSCC;
import org.ejml.sparse.csc.factory.LinearSolverFactory_DSCC;

/**
 * Sparse nonlinear least squares, minimize (1/2) |r(x)|^2 for residuals r: R^n -&gt; R^m with a
 * sparse Jacobian: Gauss-Newton steps and a Levenberg-Marquardt solver whose normal equations
 * (J^T J + lambda diag(J^T J)) d = -J^T r are formed and solved sparse, by EJML
 * ({@link CommonOps_DSCC} products, {@link LinearSolverFactory_DSCC#cholesky} in the natural
 * ordering, which suits banded problems; a 2-D stencil fills in). The Jacobian comes from a
 * {@link SparseJacobian}, so pattern and coloring are paid once and every iteration costs the
 * compressed sweeps, one sparse product and one sparse Cholesky factorization.
 *
 * <p>Forming J^T J squares the condition number: this suits well-scaled problems (a residual
 * count of 10^5 and a banded Jacobian solve in well under a second); for ill-conditioned ones
 * prefer a QR-based solver. Immutable and thread-safe: every call keeps its own work arrays.
 *
 * <pre>{@code
 * SparseLeastSquares ls = SparseLeastSquares.of(MyFns::residuals, x0);
 * SparseLeastSquares.Result r = ls.solve(x0, 100, 1e-10);
 * r.point();      // the minimizer
 * }</pre>
 */
public final class SparseLeastSquares {
    private static final double LAMBDA_START = 1e-3;
    private static final double LAMBDA_MAX = 1e16;

    private final SparseJacobian jacobian;

    private SparseLeastSquares(SparseJacobian jacobian) {
        this.jacobian = jacobian;
    }

    /**
     * Detects the residuals' Jacobian pattern at x0 and colors it.
     *
     * @param residuals r: R^n -&gt; R^m, written over RealFieldElement
     * @param x0 a point, n &ge; 1 entries (not modified)
     * @return the solver
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if x0 is empty or r's outputs are bad
     */
    public static SparseLeastSquares of(VectorFunction residuals, double... x0) {
        Arguments.function(residuals, "SparseLeastSquares.of");
        Arguments.point(x0, "SparseLeastSquares.of");
        return new SparseLeastSquares(SparseJacobian.of(residuals, x0));
    }

    /**
     * A solver on a prepared Jacobian evaluator (a user pattern, a forced mode).
     *
     * @param jacobian the residuals' sparse Jacobian evaluator
     * @return the solver
     * @throws NullPointerException if jacobian is null
     */
    public static SparseLeastSquares of(SparseJacobian jacobian) {
        return new SparseLeastSquares(Objects.requireNonNull(jacobian, "SparseLeastSquares.of: jacobian must not be null"));
    }

    /** @return the Jacobian evaluator */
    public SparseJacobian jacobian() {
        return jacobian;
    }

    /**
     * The Gauss-Newton step at x: d solving (J^T J) d = -J^T r by sparse Cholesky.
     *
     * @param x the point, n entries (not modified)
     * @return d, n entries
     * @throws IllegalArgumentException if x has the wrong length
     * @throws IllegalStateException if J^T J is not positive definite at x (J has dependent
     *     columns): use {@link #solve}, whose damping makes it so
     */
    public double[] gaussNewtonStep(double... x) {
        ValueAndSparseJacobian e = jacobian.valueAndJacobian(check(x, "SparseLeastSquares.gaussNewtonStep"));
        Normal ne = new Normal(e);
        double[] d = ne.solve(0);
        if (d == null) {
            throw new IllegalStateException("SparseLeastSquares.gaussNewtonStep: J^T J is not positive definite at x"
                    + " (the Jacobian's columns are dependent); use solve, which damps it");
        }
        return d;
    }

    /**
     * Minimizes (1/2) |r(x)|^2 by Levenberg-Marquardt from x0: each iteration solves
     * (J^T J + lambda diag(J^T J)) d = -J^T r, accepts x + d when it lowers the cost (then lambda
     * / 10), else retries with 10 lambda. Stops, converged, when |J^T r|_inf &le; tolerance or
     * the accepted step has |d|_inf &le; tolerance (1 + |x|_inf).
     *
     * @param x0 the start, n entries (not modified)
     * @param maxIterations the most accepted or refused steps, &ge; 1
     * @param tolerance the stopping tolerance, &gt; 0
     * @return the last point, its cost, the iterations taken and whether it converged
     * @throws IllegalArgumentException if x0 has the wrong length, maxIterations &lt; 1 or
     *     tolerance is not positive
     */
    public Result solve(double[] x0, int maxIterations, double tolerance) {
        String m = "SparseLeastSquares.solve";
        double[] x = check(x0, m).clone();
        if (maxIterations < 1) {
            throw new IllegalArgumentException(m + ": maxIterations is " + maxIterations + " but must be at least 1");
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException(m + ": tolerance is " + tolerance + " but must be positive");
        }
        ValueAndSparseJacobian e = jacobian.valueAndJacobian(x);
        double cost = cost(e.value());
        double lambda = LAMBDA_START;
        Normal ne = new Normal(e);
        int it = 0;
        while (it < maxIterations) {
            if (ne.gradientNorm() <= tolerance) {
                return new Result(x, cost, ne.gradientNorm(), it, true);
            }
            it++;
            double[] d = ne.solve(lambda);
            if (d == null) {
                lambda *= 10;
                if (lambda > LAMBDA_MAX) {
                    break;
                }
                continue;
            }
            double[] xt = new double[x.length];
            double step = 0;
            double size = 0;
            for (int i = 0; i < x.length; i++) {
                xt[i] = x[i] + d[i];
                step = Math.max(step, Math.abs(d[i]));
                size = Math.max(size, Math.abs(x[i]));
            }
            ValueAndSparseJacobian et = jacobian.valueAndJacobian(xt);
            double ct = cost(et.value());
            if (ct <= cost) {
                x = xt;
                cost = ct;
                ne = new Normal(et);
                lambda = Math.max(lambda / 10, 1e-12);
                if (step <= tolerance * (1 + size)) {
                    return new Result(x, cost, ne.gradientNorm(), it, true);
                }
            } else {
                lambda *= 10;
                if (lambda > LAMBDA_MAX) {
                    break;
                }
            }
        }
        return new Result(x, cost, ne.gradientNorm(), it, ne.gradientNorm() <= tolerance);
    }

    private double[] check(double[] x, String method) {
        Objects.requireNonNull(x, () -> method + ": x must not be null");
        int n = jacobian.pattern().columns();
        if (x.length != n) {
            throw new IllegalArgumentException(method + ": x has length " + x.length + " but the residuals take "
                    + n + " inputs");
        }
        return x;
    }

    private static double cost(double[] r) {
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return 0.5 * s;
    }

    /** The normal equations at one point: A = J^T J and g = J^T r. */
    private static final class Normal {
        final DMatrixSparseCSC a;
        final DMatrixRMaj g;
        final IGrowArray gw = new IGrowArray();
        final DGrowArray gx = new DGrowArray();

        Normal(ValueAndSparseJacobian e) {
            DMatrixSparseCSC j = e.jacobian();
            DMatrixSparseCSC jt = CommonOps_DSCC.transpose(j, null, gw);
            a = CommonOps_DSCC.mult(jt, j, null, gw, gx);
            g = CommonOps_DSCC.mult(jt, new DMatrixRMaj(e.value().length, 1, true, e.value()), null);
        }

        double gradientNorm() {
            double s = 0;
            for (int i = 0; i < g.numRows; i++) {
                s = Math.max(s, Math.abs(g.data[i]));
            }
            return s;
        }

        /** d with (A + lambda diag(A)) d = -g, or null when the factorization fails. */
        double[] solve(double lambda) {
            int n = a.numCols;
            DMatrixSparseCSC m = a;
            if (lambda > 0) {
                double[] dv = new double[n];
                double largest = 0;
                for (int i = 0; i < n; i++) {
                    dv[i] = a.get(i, i);
                    largest = Math.max(largest, dv[i]);
                }
                // a column of J that is zero still gets damping, relative to the others
                double floor = largest > 0 ? 1e-12 * largest : 1;
                for (int i = 0; i < n; i++) {
                    dv[i] = lambda * Math.max(dv[i], floor);
                }
                m = CommonOps_DSCC.add(1, a, 1, CommonOps_DSCC.diag(dv), null, gw, gx);
            }
            if (!m.indicesSorted) {
                m.sortIndices(null);
            }
            LinearSolverSparse<DMatrixSparseCSC, DMatrixRMaj> chol = LinearSolverFactory_DSCC.cholesky(FillReducing.NONE);
            if (!chol.setA(m)) {
                return null;
            }
            DMatrixRMaj b = new DMatrixRMaj(n, 1);
            for (int i = 0; i < n; i++) {
                b.data[i] = -g.data[i];
            }
            DMatrixRMaj d = new DMatrixRMaj(n, 1);
            chol.solve(b, d);
            for (double v : d.data) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
            return d.data;
        }
    }

    /**
     * The outcome of {@link #solve}.
     *
     * @param point the last accepted point
     * @param cost (1/2) |r(point)|^2
     * @param gradientNorm |J^T r|_inf at point
     * @param iterations the steps tried (accepted or refused)
     * @param converged true if a stopping test passed within the iterations
     */
    public record Result(double[] point, double cost, double gradientNorm, int iterations, boolean converged) {
    }
}
