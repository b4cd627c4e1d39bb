package org.dualad.dual;

import java.util.Objects;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.util.MathArrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;

/**
 * Matrix operations on arrays of the number type, each computed by an EJML kernel and
 * differentiated as one operation: forward mode applies the operation's directional derivative,
 * reverse mode records one block whose adjoint rule runs once in the backward sweep (no scalar
 * operation of the factorization is recorded).
 *
 * <table>
 *   <caption>operations and their derivative rules</caption>
 *   <tr><th>method</th><th>value</th><th>directional derivative</th><th>adjoint</th></tr>
 *   <tr><td>{@link #multiply}</td><td>C = A B</td><td>dA B + A dB</td><td>Abar = Cbar B<sup>T</sup>, Bbar = A<sup>T</sup> Cbar</td></tr>
 *   <tr><td>{@link #solve}, {@link #choleskySolve}</td><td>X = A<sup>-1</sup> B</td><td>A<sup>-1</sup>(dB - dA X)</td><td>Bbar = A<sup>-T</sup> Xbar, Abar = -Bbar X<sup>T</sup></td></tr>
 *   <tr><td>{@link #inverse}</td><td>Y = A<sup>-1</sup></td><td>-Y dA Y</td><td>Abar = -Y<sup>T</sup> Ybar Y<sup>T</sup></td></tr>
 *   <tr><td>{@link #logDet}</td><td>log|det A|</td><td>tr(A<sup>-1</sup> dA)</td><td>Abar = ybar A<sup>-T</sup></td></tr>
 *   <tr><td>{@link #inverseQuadraticForm}</td><td>b<sup>T</sup> A<sup>-1</sup> b</td><td>db&middot;(x + z) - z<sup>T</sup> dA x</td><td>Abar = -ybar z x<sup>T</sup>, bbar = ybar (x + z)</td></tr>
 * </table>
 * with x = A<sup>-1</sup> b and z = A<sup>-T</sup> b. Solves, inverses, log-determinants and
 * quadratic forms factor A by LU with partial pivoting by magnitude (EJML
 * {@code LUDecompositionAlt_DDRM}); {@link #choleskySolve} by Cholesky.
 *
 * <h2>Which path a number type takes</h2>
 * {@link Dual}, {@link MultiDual} and the reverse-mode variables (types implementing
 * {@link VectorComposable}) take the single-operation path above ({@link VectorRule}). Every other
 * type ({@link HyperDual}, {@link FieldDual}, the hybrid module's second-order types, Commons
 * Math's {@code DerivativeStructure}, {@code Decimal64}, ...) takes the field path: the same
 * operation written in T's own arithmetic through Commons Math ({@code Array2DRowFieldMatrix},
 * {@code FieldLUDecomposition}), its rows first put in the pivot order that partial pivoting by
 * magnitude chooses on the values (Commons Math itself takes the first non-zero pivot). Both give the
 * same numbers to rounding; the field path records O(n<sup>3</sup>) operations.
 *
 * <h2>Bad input</h2>
 * A null matrix, row or entry throws {@link NullPointerException}; a ragged, empty, non-square or
 * mis-sized operand {@link IllegalArgumentException}, naming the method, the argument and the
 * shapes. A matrix whose LU factorization meets an exactly zero pivot is singular in floating point:
 * {@link IllegalArgumentException} from every operation but {@link #multiply}. A nearly singular
 * matrix gives the IEEE results of the factorization (large, possibly infinite). NaN entries give
 * NaN results and never throw.
 */
public final class Matrices {
    private Matrices() {
    }

    /**
     * The product C = A B.
     *
     * @param <T> the number type
     * @param a an r x s matrix (not modified)
     * @param b an s x t matrix (not modified)
     * @return C, r x t
     * @throws NullPointerException if a, b, a row or an entry is null
     * @throws IllegalArgumentException if a matrix is ragged or empty, or the shapes do not chain
     */
    public static <T extends RealFieldElement<T>> T[][] multiply(T[][] a, T[][] b) {
        int[] sa = shape("multiply", "a", a);
        int[] sb = shape("multiply", "b", b);
        if (sa[1] != sb[0]) {
            throw new IllegalArgumentException("multiply: a is " + sa[0] + "x" + sa[1] + " but b is " + sb[0] + "x"
                    + sb[1] + "; b needs as many rows as a has columns");
        }
        refuseFirstOrderTrace("multiply", a);
        if (!fast(a[0][0])) {
            Field<T> f = a[0][0].getField();
            return new Array2DRowFieldMatrix<>(f, a, false).multiply(new Array2DRowFieldMatrix<>(f, b, false)).getData();
        }
        T[] y = MatrixRules.product(sa[0], sa[1], sb[1]).apply(flatten(a[0][0].getField(), a, b));
        return unflatten(y, sa[0], sb[1]);
    }

    /**
     * The solution X = A<sup>-1</sup> B, by LU with partial pivoting.
     *
     * @param <T> the number type
     * @param a an n x n matrix (not modified)
     * @param b an n x k matrix (not modified)
     * @return X, n x k
     * @throws NullPointerException if a, b, a row or an entry is null
     * @throws IllegalArgumentException if a matrix is ragged or empty, a is not square, b does not
     *     have n rows, or a is singular (an exactly zero pivot)
     */
    public static <T extends RealFieldElement<T>> T[][] solve(T[][] a, T[][] b) {
        return solve("solve", a, b, false);
    }

    /**
     * The solution x = A<sup>-1</sup> b of one right-hand side, as {@link #solve(RealFieldElement[][], RealFieldElement[][])}.
     *
     * @param <T> the number type
     * @param a an n x n matrix (not modified)
     * @param b n numbers (not modified)
     * @return x, n numbers
     * @throws NullPointerException if an argument, a row or an entry is null
     * @throws IllegalArgumentException as the matrix form
     */
    public static <T extends RealFieldElement<T>> T[] solve(T[][] a, T[] b) {
        return column(solve("solve", a, asColumn("solve", b), false));
    }

    /**
     * The solution X = A<sup>-1</sup> B for a symmetric positive definite A, by Cholesky (about half
     * the work of LU). A must be symmetric to rounding (|a<sub>ij</sub> - a<sub>ji</sub>| &le;
     * 10<sup>-12</sup> (|a<sub>ij</sub>| + |a<sub>ji</sub>|)); the factorization reads its lower
     * triangle. The derivative is that of A<sup>-1</sup> B in every entry of A (both triangles), so
     * it agrees with {@link #solve} for every A(x) that is symmetric for all x.
     *
     * @param <T> the number type
     * @param a an n x n symmetric positive definite matrix (not modified)
     * @param b an n x k matrix (not modified)
     * @return X, n x k
     * @throws NullPointerException if a, b, a row or an entry is null
     * @throws IllegalArgumentException if a matrix is ragged or empty, a is not square or not
     *     symmetric, b does not have n rows, or a is not positive definite
     */
    public static <T extends RealFieldElement<T>> T[][] choleskySolve(T[][] a, T[][] b) {
        return solve("choleskySolve", a, b, true);
    }

    /**
     * {@link #choleskySolve(RealFieldElement[][], RealFieldElement[][])} of one right-hand side.
     *
     * @param <T> the number type
     * @param a an n x n symmetric positive definite matrix (not modified)
     * @param b n numbers (not modified)
     * @return x, n numbers
     * @throws NullPointerException if an argument, a row or an entry is null
     * @throws IllegalArgumentException as the matrix form
     */
    public static <T extends RealFieldElement<T>> T[] choleskySolve(T[][] a, T[] b) {
        return column(solve("choleskySolve", a, asColumn("choleskySolve", b), true));
    }

    /**
     * The inverse A<sup>-1</sup>, by LU with partial pivoting. (To apply A<sup>-1</sup> to a
     * matrix, {@link #solve} is cheaper and more accurate.)
     *
     * @param <T> the number type
     * @param a an n x n matrix (not modified)
     * @return A<sup>-1</sup>, n x n
     * @throws NullPointerException if a, a row or an entry is null
     * @throws IllegalArgumentException if a is ragged, empty, not square or singular
     */
    public static <T extends RealFieldElement<T>> T[][] inverse(T[][] a) {
        int n = square("inverse", a);
        refuseFirstOrderTrace("inverse", a);
        if (!fast(a[0][0])) {
            return fieldSolve("inverse", a, identity(a[0][0].getField(), n));
        }
        return unflatten(MatrixRules.inverse(n).apply(flatten(a[0][0].getField(), a)), n, n);
    }

    /**
     * The logarithm of the absolute value of the determinant, log|det A| = &Sigma; log|u<sub>ii</sub>|
     * over the diagonal of the LU factor (no overflow for large n). The sign of det A is not part of
     * the result; the derivative is tr(A<sup>-1</sup> dA) whatever the sign.
     *
     * @param <T> the number type
     * @param a an n x n matrix (not modified)
     * @return log|det A|
     * @throws NullPointerException if a, a row or an entry is null
     * @throws IllegalArgumentException if a is ragged, empty or not square, or singular (det A = 0:
     *     the value would be -&infin; with no derivative)
     */
    public static <T extends RealFieldElement<T>> T logDet(T[][] a) {
        int n = square("logDet", a);
        refuseFirstOrderTrace("logDet", a);
        if (!fast(a[0][0])) {
            FieldLUDecomposition<T> lu = fieldLu("logDet", a);
            FieldMatrix<T> u = lu.getU();
            if (u == null) {
                throw MatrixRules.singular("logDet", n, n - 1);
            }
            T s = u.getEntry(0, 0).abs().log();
            for (int i = 1; i < n; i++) {
                s = s.add(u.getEntry(i, i).abs().log());
            }
            return s;
        }
        return MatrixRules.logDet(n).apply(flatten(a[0][0].getField(), a))[0];
    }

    /**
     * The quadratic form of the inverse, b<sup>T</sup> A<sup>-1</sup> b, by one LU solve.
     *
     * @param <T> the number type
     * @param a an n x n matrix (not modified)
     * @param b n numbers (not modified)
     * @return b<sup>T</sup> A<sup>-1</sup> b
     * @throws NullPointerException if an argument, a row or an entry is null
     * @throws IllegalArgumentException if a is ragged, empty, not square or singular, or b does not
     *     have n entries
     */
    public static <T extends RealFieldElement<T>> T inverseQuadraticForm(T[][] a, T[] b) {
        int n = square("inverseQuadraticForm", a);
        T[][] col = asColumn("inverseQuadraticForm", b);
        if (col.length != n) {
            throw new IllegalArgumentException("inverseQuadraticForm: b has length " + col.length + " but a is " + n
                    + "x" + n);
        }
        refuseFirstOrderTrace("inverseQuadraticForm", a);
        if (!fast(a[0][0])) {
            T[][] x = fieldSolve("inverseQuadraticForm", a, col);
            T s = b[0].multiply(x[0][0]);
            for (int i = 1; i < n; i++) {
                s = s.add(b[i].multiply(x[i][0]));
            }
            return s;
        }
        return MatrixRules.inverseQuadraticForm(n).apply(flatten(a[0][0].getField(), a, col))[0];
    }

    // ---------------------------------------------------------------- paths

    /** True for the types that run a matrix operation as one block. */
    private static boolean fast(Object t) {
        return t instanceof Dual || t instanceof MultiDual || t instanceof VectorComposable;
    }

    /**
     * Refuses the variables of a trace recorded for a gradient ({@link HTape#firstOrderCall()}):
     * the facade then runs f on first-order numbers, where the operation is one block.
     */
    private static void refuseFirstOrderTrace(String method, Object[][] a) {
        if (!(a[0][0] instanceof HVar)) {
            return;
        }
        for (Object[] row : a) {
            for (Object e : row) {
                HTape.Gen g = ((HVar) e).gen;
                if (g != null && g.firstOrder) {
                    throw new UnsupportedOperationException("Matrices." + method + ": a gradient takes a matrix"
                            + " operation as one block on first-order numbers, not on HVar");
                }
            }
        }
    }

    private static <T extends RealFieldElement<T>> T[][] solve(String method, T[][] a, T[][] b, boolean cholesky) {
        int n = square(method, a);
        int[] sb = shape(method, "b", b);
        if (sb[0] != n) {
            throw new IllegalArgumentException(method + ": b has " + sb[0] + " rows but a is " + n + "x" + n
                    + "; b needs one row per row of a");
        }
        if (cholesky) {
            checkSymmetric(method, a);
        }
        refuseFirstOrderTrace(method, a);
        if (!fast(a[0][0])) {
            if (cholesky) {
                MatrixRules.cholesky(method, values(a));
            }
            return fieldSolve(method, a, b);
        }
        VectorRule rule = MatrixRules.solve(method, n, sb[1], cholesky);
        return unflatten(rule.apply(flatten(a[0][0].getField(), a, b)), n, sb[1]);
    }

    /**
     * The field path's LU: rows put in the order partial pivoting by magnitude picks on the values
     * (EJML), then Commons Math's {@code FieldLUDecomposition}, whose first-non-zero pivot search
     * then keeps that order.
     */
    private static <T extends RealFieldElement<T>> FieldLUDecomposition<T> fieldLu(String method, T[][] a) {
        return new FieldLUDecomposition<>(new Array2DRowFieldMatrix<>(a[0][0].getField(), permuted(a, pivots(method, a)), false));
    }

    private static <T extends RealFieldElement<T>> T[][] fieldSolve(String method, T[][] a, T[][] b) {
        int[] p = pivots(method, a);
        FieldLUDecomposition<T> lu = new FieldLUDecomposition<>(
                new Array2DRowFieldMatrix<>(a[0][0].getField(), permuted(a, p), false));
        if (lu.getU() == null) {
            throw MatrixRules.singular(method, a.length, a.length - 1);
        }
        Field<T> f = a[0][0].getField();
        return lu.getSolver().solve(new Array2DRowFieldMatrix<>(f, permuted(b, p), false)).getData();
    }

    /** The row order of EJML's partial pivoting on the values; a zero pivot is refused. */
    private static <T extends RealFieldElement<T>> int[] pivots(String method, T[][] a) {
        DMatrixRMaj v = values(a);
        LUDecompositionAlt_DDRM dec = new LUDecompositionAlt_DDRM();
        dec.decompose(v);
        int n = a.length;
        double[] lu = dec.getLU().data;
        for (int i = 0; i < n; i++) {
            if (lu[i * n + i] == 0) {
                throw MatrixRules.singular(method, n, i);
            }
        }
        return dec.getRowPivotV(null);
    }

    private static <T> T[][] permuted(T[][] a, int[] p) {
        T[][] r = a.clone();
        for (int i = 0; i < p.length; i++) {
            r[i] = a[p[i]];
        }
        return r;
    }

    private static <T extends RealFieldElement<T>> DMatrixRMaj values(T[][] a) {
        DMatrixRMaj v = new DMatrixRMaj(a.length, a[0].length);
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                T e = a[i][j];
                v.data[i * v.numCols + j] = e instanceof Differentiable ? ((Differentiable<?>) e).value() : e.getReal();
            }
        }
        return v;
    }

    private static <T extends RealFieldElement<T>> T[][] identity(Field<T> f, int n) {
        T[][] r = MathArrays.buildArray(f, n, n);
        for (int i = 0; i < n; i++) {
            r[i][i] = f.getOne();
        }
        return r;
    }

    // ---------------------------------------------------------------- shapes

    @SafeVarargs
    private static <T extends RealFieldElement<T>> T[] flatten(Field<T> f, T[][]... ms) {
        int len = 0;
        for (T[][] m : ms) {
            len += m.length * m[0].length;
        }
        T[] r = MathArrays.buildArray(f, len);
        int k = 0;
        for (T[][] m : ms) {
            for (T[] row : m) {
                System.arraycopy(row, 0, r, k, row.length);
                k += row.length;
            }
        }
        return r;
    }

    private static <T extends RealFieldElement<T>> T[][] unflatten(T[] y, int rows, int cols) {
        T[][] r = MathArrays.buildArray(y[0].getField(), rows, -1);
        for (int i = 0; i < rows; i++) {
            r[i] = java.util.Arrays.copyOfRange(y, i * cols, (i + 1) * cols);
        }
        return r;
    }

    private static <T extends RealFieldElement<T>> T[][] asColumn(String method, T[] b) {
        Objects.requireNonNull(b, method + ": b is null");
        if (b.length == 0) {
            throw new IllegalArgumentException(method + ": b is empty; give one entry per row of a");
        }
        for (int i = 0; i < b.length; i++) {
            if (b[i] == null) {
                throw new NullPointerException(method + ": b[" + i + "] is null");
            }
        }
        T[][] r = MathArrays.buildArray(b[0].getField(), b.length, 1);
        for (int i = 0; i < b.length; i++) {
            r[i][0] = b[i];
        }
        return r;
    }

    private static <T> T[] column(T[][] x) {
        T[] r = java.util.Arrays.copyOf(x[0], x.length);
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i][0];
        }
        return r;
    }

    private static int square(String method, Object[][] a) {
        int[] s = shape(method, "a", a);
        if (s[0] != s[1]) {
            throw new IllegalArgumentException(method + ": a is " + s[0] + "x" + s[1] + " but must be square");
        }
        return s[0];
    }

    /** Rows and columns of a rectangular, non-empty matrix without null entries. */
    private static int[] shape(String method, String name, Object[][] a) {
        if (a == null) {
            throw new NullPointerException(method + ": " + name + " is null");
        }
        if (a.length == 0) {
            throw new IllegalArgumentException(method + ": " + name + " has no rows; give at least a 1x1 matrix");
        }
        int cols = -1;
        for (int i = 0; i < a.length; i++) {
            Object[] row = a[i];
            if (row == null) {
                throw new NullPointerException(method + ": " + name + "[" + i + "] is null");
            }
            if (cols < 0) {
                cols = row.length;
                if (cols == 0) {
                    throw new IllegalArgumentException(method + ": " + name + " has empty rows; give at least a 1x1 matrix");
                }
            } else if (row.length != cols) {
                throw new IllegalArgumentException(method + ": " + name + " is ragged: row 0 has " + cols
                        + " entries but row " + i + " has " + row.length);
            }
            for (int j = 0; j < cols; j++) {
                if (row[j] == null) {
                    throw new NullPointerException(method + ": " + name + "[" + i + "][" + j + "] is null");
                }
            }
        }
        return new int[] {a.length, cols};
    }

    private static <T extends RealFieldElement<T>> void checkSymmetric(String method, T[][] a) {
        DMatrixRMaj v = values(a);
        int n = a.length;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double p = v.data[i * n + j];
                double q = v.data[j * n + i];
                if (Math.abs(p - q) > 1e-12 * (Math.abs(p) + Math.abs(q))) { // NaN passes: NaN in, NaN out
                    throw new IllegalArgumentException(method + ": a is not symmetric: a[" + i + "][" + j + "] = " + p
                            + " but a[" + j + "][" + i + "] = " + q + "; use Matrices.solve (LU) for a general matrix");
                }
            }
        }
    }
}
