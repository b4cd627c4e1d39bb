package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.Decimal64;
import org.apache.commons.math3.util.MathArrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * {@link Matrices} in forward mode: closed forms of the derivatives, the single-operation path
 * (Dual, MultiDual) against the field path (HyperDual's e1 part, through Commons Math's
 * FieldLUDecomposition), and bad input.
 */
class MatricesTest {
    static final int N = 4;
    /** A fixed non-symmetric matrix with a zero leading entry: Commons Math's own pivot search would take it. */
    static final double[][] M = new double[N][N];
    static final double[] B = {0.5, -1, 2, 0.25};

    static {
        Random r = new Random(7);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                M[i][j] = r.nextDouble() - 0.5 + (i == j ? 2 : 0);
            }
        }
        M[0][0] = 0;
    }

    /** A(x) = M + x x^T with x in R^N. */
    static <T extends RealFieldElement<T>> T[][] a(T[] x) {
        T[][] a = MathArrays.buildArray(x[0].getField(), N, N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                a[i][j] = x[i].multiply(x[j]).add(M[i][j]);
            }
        }
        return a;
    }

    static <T extends RealFieldElement<T>> T logDet(T[] x) {
        return Matrices.logDet(a(x));
    }

    static <T extends RealFieldElement<T>> T quad(T[] x) {
        T[] b = MathArrays.buildArray(x[0].getField(), N);
        for (int i = 0; i < N; i++) {
            b[i] = x[0].getField().getOne().multiply(B[i]);
        }
        return Matrices.inverseQuadraticForm(a(x), b);
    }

    /** Every op in one scalar: sum of the entries of (A^-1 (A A)) ... mixed so each op's derivative matters. */
    static <T extends RealFieldElement<T>> T mixed(T[] x) {
        T[][] a = a(x);
        T[][] p = Matrices.multiply(a, a);
        T[][] s = Matrices.solve(a, p);
        T[][] inv = Matrices.inverse(p);
        T[] col = MathArrays.buildArray(x[0].getField(), N);
        for (int i = 0; i < N; i++) {
            col[i] = x[i].sin();
        }
        T[] v = Matrices.solve(a, col);
        T r = x[0].getField().getZero();
        for (int i = 0; i < N; i++) {
            r = r.add(v[i].multiply(i + 1));
            for (int j = 0; j < N; j++) {
                r = r.add(s[i][j].multiply(inv[j][i]).multiply(0.1 * (i - j)));
            }
        }
        return r;
    }

    /** A symmetric positive definite S(x) = M^T M + diag(exp x) + x x^T, through choleskySolve. */
    static <T extends RealFieldElement<T>> T chol(T[] x) {
        T[][] s = MathArrays.buildArray(x[0].getField(), N, N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double mm = 0;
                for (int k = 0; k < N; k++) {
                    mm += M[k][i] * M[k][j];
                }
                s[i][j] = x[i].multiply(x[j]).add(mm);
            }
            s[i][i] = s[i][i].add(x[i].exp());
        }
        T[] b = MathArrays.buildArray(x[0].getField(), N);
        for (int i = 0; i < N; i++) {
            b[i] = x[i].cos();
        }
        T[] y = Matrices.choleskySolve(s, b);
        T r = y[0];
        for (int i = 1; i < N; i++) {
            r = r.add(y[i].multiply(y[i]));
        }
        return r;
    }

    static final double[] X = {0.3, -0.8, 1.1, 0.4};

    private static DMatrixRMaj aValue(double[] x) {
        DMatrixRMaj a = new DMatrixRMaj(M);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                a.add(i, j, x[i] * x[j]);
            }
        }
        return a;
    }

    @Test
    void logDetGradientIsTheTraceOfTheInverseTimesDA() {
        DMatrixRMaj a = aValue(X);
        DMatrixRMaj inv = new DMatrixRMaj(N, N);
        CommonOps_DDRM.invert(a, inv);
        double[] expected = new double[N];
        for (int k = 0; k < N; k++) {
            // dA/dx_k = e_k x^T + x e_k^T: tr(A^-1 dA) = (x^T A^-1)_k + (A^-1 x)_k
            for (int j = 0; j < N; j++) {
                expected[k] += inv.get(j, k) * X[j] + inv.get(k, j) * X[j];
            }
        }
        assertArrayEquals(expected, Forward.gradient(MatricesTest::logDet, X), 1e-13);
        assertArrayEquals(expected, Forward.gradient(MatricesTest::logDet, X, 1), 1e-13);
        assertEquals(Math.log(Math.abs(CommonOps_DDRM.det(a))), Forward.valueAndGradient(MatricesTest::logDet, X).value(), 1e-13);
    }

    @Test
    void inverseQuadraticFormGradientClosedForm() {
        DMatrixRMaj a = aValue(X);
        DMatrixRMaj b = new DMatrixRMaj(N, 1, true, B);
        DMatrixRMaj u = new DMatrixRMaj(N, 1);
        DMatrixRMaj z = new DMatrixRMaj(N, 1);
        CommonOps_DDRM.solve(a, b, u);
        CommonOps_DDRM.solve(CommonOps_DDRM.transpose(a, null), b, z);
        double[] expected = new double[N];
        for (int k = 0; k < N; k++) {
            // -(A^-T b)^T dA (A^-1 b) with dA = e_k x^T + x e_k^T
            double xu = 0;
            double zx = 0;
            for (int j = 0; j < N; j++) {
                xu += X[j] * u.get(j);
                zx += z.get(j) * X[j];
            }
            expected[k] = -(z.get(k) * xu + zx * u.get(k));
        }
        assertArrayEquals(expected, Forward.gradient(MatricesTest::quad, X), 1e-13);
        assertEquals(CommonOps_DDRM.dot(b, u), Forward.valueAndGradient(MatricesTest::quad, X).value(), 1e-13);
    }

    /** HyperDual takes the field path (FieldLUDecomposition): its e1 parts are the same gradient. */
    private static double[] fieldPathGradient(ScalarFunctionOfHyper f) {
        double[] g = new double[N];
        for (int i = 0; i < N; i++) {
            HyperDual[] h = new HyperDual[N];
            for (int k = 0; k < N; k++) {
                h[k] = HyperDual.of(X[k], k == i ? 1 : 0, 0, 0);
            }
            g[i] = f.value(h).e1();
        }
        return g;
    }

    interface ScalarFunctionOfHyper {
        HyperDual value(HyperDual[] x);
    }

    @Test
    void singleOperationPathAgreesWithTheFieldPath() {
        assertArrayEquals(fieldPathGradient(MatricesTest::logDet), Forward.gradient(MatricesTest::logDet, X), 1e-12);
        assertArrayEquals(fieldPathGradient(MatricesTest::quad), Forward.gradient(MatricesTest::quad, X), 1e-12);
        assertArrayEquals(fieldPathGradient(MatricesTest::mixed), Forward.gradient(MatricesTest::mixed, X), 1e-11);
        assertArrayEquals(fieldPathGradient(MatricesTest::chol), Forward.gradient(MatricesTest::chol, X), 1e-12);
        Decimal64[] d = new Decimal64[N];
        for (int i = 0; i < N; i++) {
            d[i] = new Decimal64(X[i]);
        }
        assertEquals(mixed(d).getReal(), Forward.valueAndGradient(MatricesTest::mixed, X).value(), 1e-12);
    }

    @Test
    void secondDerivativesComeThroughTheFieldPath() {
        // d2/dx0^2 log det A = -tr(A^-1 A' A^-1 A') + tr(A^-1 A''), A' = e0 x^T + x e0^T, A'' = 2 e0 e0^T
        DMatrixRMaj inv = new DMatrixRMaj(N, N);
        CommonOps_DDRM.invert(aValue(X), inv);
        DMatrixRMaj d1 = new DMatrixRMaj(N, N);
        for (int j = 0; j < N; j++) {
            d1.add(0, j, X[j]);
            d1.add(j, 0, X[j]);
        }
        DMatrixRMaj t = CommonOps_DDRM.mult(inv, d1, null);
        double expected = -CommonOps_DDRM.trace(CommonOps_DDRM.mult(t, t, null)) + 2 * inv.get(0, 0);
        assertEquals(expected, Forward.hessian(MatricesTest::logDet, X).get(0, 0), 1e-12);
    }

    private static Dual[][] duals(double[][] m) {
        Dual[][] r = new Dual[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = new Dual[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                r[i][j] = Dual.of(m[i][j], i + j);
            }
        }
        return r;
    }

    @Test
    void badShapesAreRefusedNamingMethodArgumentAndShape() {
        Dual[][] ragged = duals(new double[][] {{1, 2}, {3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Matrices.logDet(ragged));
        assertEquals("logDet: a is ragged: row 0 has 2 entries but row 1 has 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Matrices.inverse(duals(new double[][] {{1, 2}})));
        assertEquals("inverse: a is 1x2 but must be square", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Matrices.multiply(duals(new double[][] {{1, 2}}), duals(new double[][] {{1, 2}})));
        assertTrue(e.getMessage().startsWith("multiply: a is 1x2 but b is 1x2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Matrices.solve(duals(new double[][] {{1, 2}, {3, 4}}), new Dual[] {Dual.constant(1)}));
        assertTrue(e.getMessage().startsWith("solve: b has 1 rows but a is 2x2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Matrices.inverseQuadraticForm(duals(new double[][] {{1, 2}, {3, 4}}), new Dual[] {Dual.constant(1)}));
        assertEquals("inverseQuadraticForm: b has length 1 but a is 2x2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Matrices.logDet(new Dual[0][]));
        assertTrue(e.getMessage().startsWith("logDet: a has no rows"), e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class, () -> Matrices.logDet((Dual[][]) null));
        assertEquals("logDet: a is null", n.getMessage());
        Dual[][] holed = duals(new double[][] {{1, 2}, {3, 4}});
        holed[1][0] = null;
        n = assertThrows(NullPointerException.class, () -> Matrices.logDet(holed));
        assertEquals("logDet: a[1][0] is null", n.getMessage());
    }

    @Test
    void aSingularMatrixIsRefusedOnEveryPath() {
        double[][] s = {{1, 2}, {2, 4}};
        for (Runnable r : new Runnable[] {
            () -> Matrices.logDet(duals(s)),
            () -> Matrices.inverse(duals(s)),
            () -> Matrices.solve(duals(s), new Dual[] {Dual.constant(1), Dual.constant(1)}),
            () -> Matrices.inverseQuadraticForm(duals(s), new Dual[] {Dual.constant(1), Dual.constant(1)}),
            () -> Matrices.logDet(new Decimal64[][] {{new Decimal64(1), new Decimal64(2)}, {new Decimal64(2), new Decimal64(4)}}),
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().contains("is singular: pivot 1 of its LU factorization"), e.getMessage());
        }
        // multiply has no factorization: a singular product is just a product
        assertEquals(5, Matrices.multiply(duals(s), duals(s))[0][0].value());
    }

    @Test
    void choleskyRefusesAsymmetricAndIndefiniteMatrices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Matrices.choleskySolve(duals(new double[][] {{2, 1}, {0, 2}}), new Dual[] {Dual.constant(1), Dual.constant(1)}));
        assertTrue(e.getMessage().startsWith("choleskySolve: a is not symmetric: a[1][0] = 0.0 but a[0][1] = 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Matrices.choleskySolve(duals(new double[][] {{1, 2}, {2, 1}}), new Dual[] {Dual.constant(1), Dual.constant(1)}));
        assertTrue(e.getMessage().contains("is not positive definite"), e.getMessage());
        Decimal64 one = new Decimal64(1);
        Decimal64 two = new Decimal64(2);
        e = assertThrows(IllegalArgumentException.class,
                () -> Matrices.choleskySolve(new Decimal64[][] {{one, two}, {two, one}}, new Decimal64[] {one, one}));
        assertTrue(e.getMessage().contains("is not positive definite"), e.getMessage());
    }

    @Test
    void nanEntriesGiveNanAndNeverThrow() {
        Dual[][] a = duals(new double[][] {{Double.NaN, 1}, {1, 2}});
        assertTrue(Double.isNaN(Matrices.logDet(a).value()));
        assertTrue(Double.isNaN(Matrices.solve(a, new Dual[] {Dual.constant(1), Dual.constant(1)})[0].value()));
        assertTrue(Double.isNaN(Matrices.choleskySolve(a, new Dual[] {Dual.constant(1), Dual.constant(1)})[0].value()));
    }

    @Test
    void productAndSolveAgreeWithEjmlValuesAndDirectionalDerivatives() {
        double[][] p = {{1, 2, 3}, {4, 5, 6}};
        double[][] q = {{1, -1}, {0, 2}, {3, 1}};
        Dual[][] c = Matrices.multiply(duals(p), duals(q));
        // tangent of entry (i, j) of each operand is i + j: dC = dP Q + P dQ
        DMatrixRMaj dp = new DMatrixRMaj(new double[][] {{0, 1, 2}, {1, 2, 3}});
        DMatrixRMaj dq = new DMatrixRMaj(new double[][] {{0, 1}, {1, 2}, {2, 3}});
        DMatrixRMaj dc = CommonOps_DDRM.mult(dp, new DMatrixRMaj(q), null);
        CommonOps_DDRM.multAdd(new DMatrixRMaj(p), dq, dc);
        DMatrixRMaj cv = CommonOps_DDRM.mult(new DMatrixRMaj(p), new DMatrixRMaj(q), null);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(cv.get(i, j), c[i][j].value(), 1e-15);
                assertEquals(dc.get(i, j), c[i][j].tangent(), 1e-14);
            }
        }
    }
}
