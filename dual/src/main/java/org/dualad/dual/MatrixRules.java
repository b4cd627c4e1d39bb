package org.dualad.dual;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The matrix operations of {@link Matrices} as {@link VectorRule}s on EJML kernels: each one a
 * single block whose Jacobian-vector product is the operation's directional derivative and whose
 * vector-Jacobian product is its adjoint rule. Inputs and outputs are row-major flattenings of the
 * matrices, the first operand's entries first. The factorization made for the value is kept in the
 * linearization and reused by the derivative products.
 */
final class MatrixRules {
    private MatrixRules() {
    }

    /** C = A B, A r x s, B s x t: dC = dA B + A dB; Abar = Cbar B^T, Bbar = A^T Cbar. */
    static VectorRule product(int r, int s, int t) {
        String name = "multiply(" + r + "x" + s + ", " + s + "x" + t + ")";
        return new VectorRule(name, r * s + s * t, r * t, (rule, x) -> new Product(rule, x, r, s, t), false);
    }

    /** X = A^-1 B, A n x n (LU with partial pivoting, or Cholesky), B n x k. */
    static VectorRule solve(String method, int n, int k, boolean cholesky) {
        String name = method + "(" + n + "x" + n + ", " + n + "x" + k + ")";
        return new VectorRule(name, n * n + n * k, n * k, (rule, x) -> new Solve(rule, method, x, n, k, cholesky), false);
    }

    /** Y = A^-1: dY = -Y dA Y; Abar = -Y^T Ybar Y^T. */
    static VectorRule inverse(int n) {
        return new VectorRule("inverse(" + n + "x" + n + ")", n * n, n * n, (rule, x) -> new Inverse(rule, x, n), false);
    }

    /** y = log|det A|: dy = tr(A^-1 dA); Abar = ybar A^-T. */
    static VectorRule logDet(int n) {
        return new VectorRule("logDet(" + n + "x" + n + ")", n * n, 1, (rule, x) -> new LogDet(rule, x, n), false);
    }

    /**
     * y = b^T A^-1 b with x = A^-1 b and z = A^-T b: dy = db.(x + z) - z^T dA x;
     * Abar = -ybar z x^T, bbar = ybar (x + z).
     */
    static VectorRule inverseQuadraticForm(int n) {
        return new VectorRule("inverseQuadraticForm(" + n + "x" + n + ")", n * n + n, 1,
                (rule, x) -> new InverseQuadraticForm(rule, x, n), false);
    }

    // ---------------------------------------------------------------- shared kernels

    /** rows x cols matrix holding x[from, from + rows cols) (copied). */
    static DMatrixRMaj matrix(double[] x, int from, int rows, int cols) {
        return new DMatrixRMaj(rows, cols, true, Arrays.copyOfRange(x, from, from + rows * cols));
    }

    /**
     * An LU solver of A (partial pivoting by magnitude), refusing a zero pivot: the matrix is
     * singular in floating point and every solve with it would be infinite or NaN.
     */
    static LinearSolverLu_DDRM lu(String method, DMatrixRMaj a) {
        LUDecompositionAlt_DDRM dec = new LUDecompositionAlt_DDRM();
        LinearSolverLu_DDRM solver = new LinearSolverLu_DDRM(dec);
        solver.setA(a);
        DMatrixRMaj lu = dec.getLU();
        int n = a.numRows;
        for (int i = 0; i < n; i++) {
            if (lu.data[i * n + i] == 0) {
                throw singular(method, n, i);
            }
        }
        return solver;
    }

    static IllegalArgumentException singular(String method, int n, int pivot) {
        return new IllegalArgumentException(method + ": a (" + n + "x" + n + ") is singular: pivot " + pivot
                + " of its LU factorization (partial pivoting) is exactly 0, so the result and its derivative"
                + " are not defined");
    }

    /** A Cholesky solver of A, or a clear error where A is not positive definite. */
    static LinearSolverDense<DMatrixRMaj> cholesky(String method, DMatrixRMaj a) {
        LinearSolverChol_DDRM solver = new LinearSolverChol_DDRM(new CholeskyDecompositionInner_DDRM(true));
        if (!solver.setA(a.copy())) {
            throw notPositiveDefinite(method, a.numRows);
        }
        return solver;
    }

    static IllegalArgumentException notPositiveDefinite(String method, int n) {
        return new IllegalArgumentException(method + ": a (" + n + "x" + n + ") is not positive definite (its"
                + " Cholesky factorization fails); use Matrices.solve (LU) for a general matrix");
    }

    static DMatrixRMaj solveWith(LinearSolverDense<DMatrixRMaj> solver, DMatrixRMaj b) {
        DMatrixRMaj x = new DMatrixRMaj(b.numRows, b.numCols);
        solver.solve(b.copy(), x);
        return x;
    }

    static double[] concat(double[] p, double[] q) {
        double[] r = Arrays.copyOf(p, p.length + q.length);
        System.arraycopy(q, 0, r, p.length, q.length);
        return r;
    }

    // ---------------------------------------------------------------- the linearizations

    private static final class Product extends VectorRule.Linearization {
        private final int r;
        private final int s;
        private final int t;
        private final DMatrixRMaj a;
        private final DMatrixRMaj b;
        private final DMatrixRMaj c;

        Product(VectorRule rule, double[] x, int r, int s, int t) {
            super(rule);
            this.r = r;
            this.s = s;
            this.t = t;
            a = matrix(x, 0, r, s);
            b = matrix(x, r * s, s, t);
            c = CommonOps_DDRM.mult(a, b, null);
        }

        @Override
        public double output(int j) {
            return c.data[j];
        }

        @Override
        public long bytes() {
            return 8L * (r * s + s * t + r * t);
        }

        @Override
        double[] computeJvp(double[] dx) {
            DMatrixRMaj dc = CommonOps_DDRM.mult(matrix(dx, 0, r, s), b, null);
            CommonOps_DDRM.multAdd(a, matrix(dx, r * s, s, t), dc);
            return dc.data;
        }

        @Override
        double[] computeVjp(double[] ybar) {
            DMatrixRMaj cbar = matrix(ybar, 0, r, t);
            return concat(CommonOps_DDRM.multTransB(cbar, b, null).data, CommonOps_DDRM.multTransA(a, cbar, null).data);
        }
    }

    private static final class Solve extends VectorRule.Linearization {
        private final int n;
        private final int k;
        private final double[] in;
        private final boolean cholesky;
        private final LinearSolverDense<DMatrixRMaj> solver;
        private final DMatrixRMaj x;
        /** The solver of A^T, made at the first vjp (for Cholesky, A's own). */
        private LinearSolverDense<DMatrixRMaj> transposed;

        Solve(VectorRule rule, String method, double[] in, int n, int k, boolean cholesky) {
            super(rule);
            this.n = n;
            this.k = k;
            this.in = in;
            this.cholesky = cholesky;
            DMatrixRMaj a = matrix(in, 0, n, n);
            solver = cholesky ? cholesky(method, a) : lu(method, a);
            x = solveWith(solver, matrix(in, n * n, n, k));
        }

        @Override
        public double output(int j) {
            return x.data[j];
        }

        @Override
        public long bytes() {
            return 8L * (in.length + (cholesky ? 1 : 2) * n * n + n * k);
        }

        /** dX = A^-1 (dB - dA X). */
        @Override
        double[] computeJvp(double[] dx) {
            DMatrixRMaj rhs = matrix(dx, n * n, n, k);
            CommonOps_DDRM.multAdd(-1, matrix(dx, 0, n, n), x, rhs);
            return solveWith(solver, rhs).data;
        }

        /** Bbar = A^-T Xbar, Abar = -Bbar X^T. */
        @Override
        double[] computeVjp(double[] ybar) {
            if (transposed == null) {
                transposed = cholesky ? solver : lu(rule().name(), CommonOps_DDRM.transpose(matrix(in, 0, n, n), null));
            }
            DMatrixRMaj bbar = solveWith(transposed, matrix(ybar, 0, n, k));
            DMatrixRMaj abar = CommonOps_DDRM.multTransB(-1, bbar, x, null);
            return concat(abar.data, bbar.data);
        }
    }

    private static final class Inverse extends VectorRule.Linearization {
        private final int n;
        private final DMatrixRMaj y;

        Inverse(VectorRule rule, double[] in, int n) {
            super(rule);
            this.n = n;
            y = new DMatrixRMaj(n, n);
            lu("inverse", matrix(in, 0, n, n)).invert(y);
        }

        @Override
        public double output(int j) {
            return y.data[j];
        }

        @Override
        public long bytes() {
            return 8L * n * n;
        }

        @Override
        double[] computeJvp(double[] dx) {
            DMatrixRMaj t = CommonOps_DDRM.mult(matrix(dx, 0, n, n), y, null);
            return CommonOps_DDRM.mult(-1, y, t, null).data;
        }

        @Override
        double[] computeVjp(double[] ybar) {
            DMatrixRMaj t = CommonOps_DDRM.multTransA(y, matrix(ybar, 0, n, n), null);
            return CommonOps_DDRM.multTransB(-1, t, y, null).data;
        }
    }

    private static final class LogDet extends VectorRule.Linearization {
        private final int n;
        private final LinearSolverLu_DDRM solver;
        private final double value;
        /** A^-T, the gradient, made at the first derivative product. */
        private DMatrixRMaj gradient;

        LogDet(VectorRule rule, double[] in, int n) {
            super(rule);
            this.n = n;
            solver = lu("logDet", matrix(in, 0, n, n));
            DMatrixRMaj lu = solver.getDecomposition().getLU();
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.log(Math.abs(lu.data[i * n + i]));
            }
            value = s;
        }

        @Override
        public double output(int j) {
            return value;
        }

        @Override
        public long bytes() {
            return 16L * n * n;
        }

        private double[] gradient() {
            if (gradient == null) {
                DMatrixRMaj inv = new DMatrixRMaj(n, n);
                solver.invert(inv);
                gradient = CommonOps_DDRM.transpose(inv, null);
            }
            return gradient.data;
        }

        @Override
        double[] computeJvp(double[] dx) {
            double[] g = gradient();
            double s = 0;
            for (int i = 0; i < g.length; i++) {
                s += g[i] * dx[i];
            }
            return new double[] {s};
        }

        @Override
        double[] computeVjp(double[] ybar) {
            double[] g = gradient();
            double[] r = new double[g.length];
            double w = ybar[0];
            for (int i = 0; i < g.length; i++) {
                r[i] = Chain.term(w, g[i]);
            }
            return r;
        }
    }

    private static final class InverseQuadraticForm extends VectorRule.Linearization {
        private final int n;
        private final double[] in;
        private final DMatrixRMaj b;
        private final DMatrixRMaj x;
        private final double value;
        /** A^-T b, made at the first derivative product. */
        private DMatrixRMaj z;

        InverseQuadraticForm(VectorRule rule, double[] in, int n) {
            super(rule);
            this.n = n;
            this.in = in;
            b = matrix(in, n * n, n, 1);
            x = solveWith(lu("inverseQuadraticForm", matrix(in, 0, n, n)), b);
            value = CommonOps_DDRM.dot(b, x);
        }

        @Override
        public double output(int j) {
            return value;
        }

        @Override
        public long bytes() {
            return 8L * (in.length + 2 * n * n + 3 * n);
        }

        private DMatrixRMaj z() {
            if (z == null) {
                z = solveWith(lu("inverseQuadraticForm", CommonOps_DDRM.transpose(matrix(in, 0, n, n), null)), b);
            }
            return z;
        }

        @Override
        double[] computeJvp(double[] dx) {
            double[] zz = z().data;
            double[] xx = x.data;
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += dx[n * n + i] * (xx[i] + zz[i]);
                double row = 0;
                for (int j = 0; j < n; j++) {
                    row += dx[i * n + j] * xx[j];
                }
                s -= zz[i] * row;
            }
            return new double[] {s};
        }

        @Override
        double[] computeVjp(double[] ybar) {
            double[] zz = z().data;
            double[] xx = x.data;
            double w = ybar[0];
            double[] r = new double[n * n + n];
            for (int i = 0; i < n; i++) {
                double wz = -w * zz[i];
                for (int j = 0; j < n; j++) {
                    r[i * n + j] = Chain.term(wz, xx[j]);
                }
                r[n * n + i] = Chain.term(w, xx[i] + zz[i]);
            }
            return r;
        }
    }
}
