package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayFieldVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.Forward;
import org.dualad.dual.Matrices;
import org.dualad.dual.VectorRule;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Vector rules and matrix operations on both reverse tapes: one block, one vjp call per sweep,
 * closed forms, agreement with forward mode and with the scalar tape through FieldLUDecomposition,
 * replay refusal, the printed graph, misuse and threads.
 */
class VectorBlockTest {
    static final AtomicInteger VJP_CALLS = new AtomicInteger();

    /** (x0, x1, x2) -> (x0 x1, sin x2 + x0). */
    static final VectorRule BLOCK = VectorRule.of("productSine", 3, 2,
            x -> new double[] {x[0] * x[1], Math.sin(x[2]) + x[0]},
            (x, y, dx) -> new double[] {x[1] * dx[0] + x[0] * dx[1], Math.cos(x[2]) * dx[2] + dx[0]},
            (x, y, w) -> {
                VJP_CALLS.incrementAndGet();
                return new double[] {w[0] * x[1] + w[1], w[0] * x[0], w[1] * Math.cos(x[2])};
            });

    static <T extends RealFieldElement<T>> T f(T[] x) {
        // a unary chain before the block (folded on the edge tape) and both outputs used twice
        T[] in = x.clone();
        in[0] = x[0].multiply(3).exp();
        T[] y = BLOCK.apply(in);
        return y[0].multiply(y[1]).add(y[1].exp()).add(y[0].multiply(x[2]));
    }

    static <T extends RealFieldElement<T>> T written(T[] x) {
        T e = x[0].multiply(3).exp();
        T y0 = e.multiply(x[1]);
        T y1 = x[2].sin().add(e);
        return y0.multiply(y1).add(y1.exp()).add(y0.multiply(x[2]));
    }

    static final double[] X = {0.2, -1.3, 2.1};

    @Test
    void edgeTapeCallsTheVjpOncePerSweepAndMatchesTheWrittenOutFunction() {
        double[] expected = Reverse.gradient(VectorBlockTest::written, X);
        VJP_CALLS.set(0);
        assertArrayEquals(expected, Reverse.gradient(VectorBlockTest::f, X), 1e-13);
        assertEquals(1, VJP_CALLS.get());
        assertArrayEquals(expected, Forward.gradient(VectorBlockTest::f, X), 1e-13);
    }

    @Test
    void opTapeRecordsOneNodePerOutputAndSweepsTheBlockOnce() {
        Tape tape = new Tape();
        Var[] x = {tape.variable(X[0]), tape.variable(X[1]), tape.variable(X[2])};
        Var y = f(x);
        VJP_CALLS.set(0);
        tape.backward(y);
        assertEquals(1, VJP_CALLS.get());
        double[] expected = Reverse.gradient(VectorBlockTest::written, X);
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], tape.adjoint(x[i]), 1e-13);
        }
        int blocks = 0;
        for (int i = 0; i < tape.size(); i++) {
            if (tape.vectorRule(i) != null) {
                blocks++;
                assertEquals(0, tape.arity(i));
            }
        }
        assertEquals(2, blocks);
        int first = firstBlockNode(tape);
        assertEquals(BLOCK, tape.vectorRule(first));
        assertEquals(1, tape.vectorRuleOutput(first + 1));
        assertArrayEquals(new int[] {4, 1, 2}, tape.vectorRuleArguments(first)); // 3: x0 * 3, 4: its exp
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.op(first));
        assertTrue(e.getMessage().contains("'productSine'"), e.getMessage());
    }

    private static int firstBlockNode(Tape tape) {
        for (int i = 0; i < tape.size(); i++) {
            if (tape.vectorRule(i) != null) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void zeroAdjointsDoNotCallTheVjp() {
        Tape tape = new Tape();
        Var[] x = {tape.variable(1), tape.variable(2), tape.variable(3)};
        Var[] y = BLOCK.apply(x);
        Var out = x[0].multiply(x[1]);
        VJP_CALLS.set(0);
        tape.backward(out);
        assertEquals(0, VJP_CALLS.get());
        tape.backward(y[1]);
        assertEquals(1, VJP_CALLS.get());
        assertEquals(1, tape.adjoint(x[0]));
        assertEquals(Math.cos(3), tape.adjoint(x[2]), 1e-16);
        Var[] c = BLOCK.apply(new Var[] {tape.constant(1), tape.constant(2), tape.constant(0)});
        assertTrue(c[0].isConstant());
        assertEquals(2, c[0].value());
    }

    static <T extends RealFieldElement<T>> T[] vectorOut(T[] x) {
        return BLOCK.apply(x);
    }

    @Test
    void jacobianAndVjpOfABlockMatchForwardMode() {
        DMatrixRMaj jr = Reverse.jacobian(VectorBlockTest::vectorOut, X);
        DMatrixRMaj jf = Forward.jacobian(VectorBlockTest::vectorOut, X);
        assertArrayEquals(jf.data, jr.data, 1e-15);
        assertArrayEquals(new double[] {2 * X[1] - 1, 2 * X[0], -Math.cos(X[2])},
                Reverse.vjp(VectorBlockTest::vectorOut, X, new double[] {2, -1}), 1e-15);
    }

    @Test
    void aRecordingRefusesABlockClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reverse.record(VectorBlockTest::f, X));
        assertTrue(e.getMessage().contains("the vector rule 'productSine'")
                && e.getMessage().contains("a Recording cannot replay; use Reverse.gradient"), e.getMessage());
    }

    @Test
    void dotShowsTheRuleByName() {
        Tape tape = new Tape();
        Var[] x = {tape.variable(X[0]), tape.variable(X[1]), tape.variable(X[2])};
        tape.backward(f(x));
        String fwd = Dot.forward(tape, "a", "b", "c");
        assertTrue(fwd.contains("productSine [0]") && fwd.contains("productSine [1]"), fwd);
        assertTrue(fwd.contains("n1 -> n5;") && fwd.contains("n4 -> n6;"), fwd);
        String adj = Dot.adjoint(tape, "a", "b", "c");
        assertTrue(adj.contains("[label=\"vjp\", style=dashed]"), adj);
    }

    @Test
    void misuseOfTapesIsCaught() {
        Tape t1 = new Tape();
        Tape t2 = new Tape();
        Var[] x = {t1.variable(1), t2.variable(2), t1.variable(3)};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BLOCK.apply(x));
        assertTrue(e.getMessage().contains("vector rule 'productSine'"), e.getMessage());
        Var[] stale = {t1.variable(1), t1.variable(2), t1.variable(3)};
        t1.reset();
        assertThrows(IllegalStateException.class, () -> BLOCK.apply(stale));
    }

    // ---------------------------------------------------------------- matrices

    static final int N = 6;
    static final double[][] M = new double[N][N];
    static final double[] B = new double[N];

    static {
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < N; i++) {
            B[i] = r.nextDouble() - 0.5;
            for (int j = 0; j < N; j++) {
                M[i][j] = r.nextDouble() - 0.5 + (i == j ? 3 : 0);
            }
        }
    }

    static <T extends RealFieldElement<T>> T[][] a(T[] x) {
        T[][] a = MathArrays.buildArray(x[0].getField(), N, N);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                a[i][j] = x[i].multiply(x[j]).add(M[i][j]);
            }
        }
        return a;
    }

    static <T extends RealFieldElement<T>> T[] b(T[] x) {
        T[] b = MathArrays.buildArray(x[0].getField(), N);
        for (int i = 0; i < N; i++) {
            b[i] = x[0].getField().getOne().multiply(B[i]);
        }
        return b;
    }

    static <T extends RealFieldElement<T>> T logDet(T[] x) {
        return Matrices.logDet(a(x));
    }

    static <T extends RealFieldElement<T>> T quad(T[] x) {
        return Matrices.inverseQuadraticForm(a(x), b(x));
    }

    /** The scalar path: Commons Math's FieldLUDecomposition on the number type (every operation on the tape). */
    static <T extends RealFieldElement<T>> T logDetScalar(T[] x) {
        FieldMatrix<T> u = new FieldLUDecomposition<>(new Array2DRowFieldMatrix<>(x[0].getField(), a(x), false)).getU();
        T s = u.getEntry(0, 0).abs().log();
        for (int i = 1; i < N; i++) {
            s = s.add(u.getEntry(i, i).abs().log());
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T quadScalar(T[] x) {
        T[] b = b(x);
        T[] s = new FieldLUDecomposition<>(new Array2DRowFieldMatrix<>(x[0].getField(), a(x), false)).getSolver()
                .solve(new ArrayFieldVector<>(b, false)).toArray();
        T r = b[0].multiply(s[0]);
        for (int i = 1; i < N; i++) {
            r = r.add(b[i].multiply(s[i]));
        }
        return r;
    }

    /** Each operation once: product, both solves, inverse. */
    static <T extends RealFieldElement<T>> T mixed(T[] x) {
        T[][] a = a(x);
        T[][] spd = Matrices.multiply(a, transpose(a));
        T[][] s = Matrices.solve(a, spd);
        T[][] inv = Matrices.inverse(spd);
        T[] c = Matrices.choleskySolve(spd, b(x));
        T r = x[0].getField().getZero();
        for (int i = 0; i < N; i++) {
            r = r.add(c[i].multiply(x[i]));
            for (int j = 0; j < N; j++) {
                r = r.add(s[i][j].multiply(inv[j][i]).multiply(0.1 * (i - 2 * j)));
            }
        }
        return r;
    }

    static <T> T[][] transpose(T[][] a) {
        T[][] t = a.clone();
        for (int i = 0; i < a.length; i++) {
            t[i] = a[i].clone();
            for (int j = 0; j < a.length; j++) {
                t[i][j] = a[j][i];
            }
        }
        return t;
    }

    static final double[] XM = {0.3, -0.8, 1.1, 0.4, -0.2, 0.6};

    @Test
    void logDetGradientClosedFormOnBothTapesAndTheScalarPath() {
        RealMatrix av = new Array2DRowRealMatrix(M);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                av.addToEntry(i, j, XM[i] * XM[j]);
            }
        }
        RealMatrix inv = new LUDecomposition(av).getSolver().getInverse();
        double[] expected = new double[N];
        for (int k = 0; k < N; k++) {
            // dA/dx_k = e_k x^T + x e_k^T, so tr(A^-1 dA/dx_k) = sum_j (inv[j][k] + inv[k][j]) x_j
            for (int j = 0; j < N; j++) {
                expected[k] += (inv.getEntry(j, k) + inv.getEntry(k, j)) * XM[j];
            }
        }
        assertArrayEquals(expected, Reverse.gradient(VectorBlockTest::logDet, XM), 1e-13);
        assertArrayEquals(expected, Reverse.gradient(VectorBlockTest::logDetScalar, XM), 1e-13);
        assertArrayEquals(expected, opTapeGradient(XM, true), 1e-13);
        assertArrayEquals(expected, Forward.gradient(VectorBlockTest::logDet, XM), 1e-13);
    }

    /**
     * Reverse.gradient first runs f on the trace (HVar), which a matrix operation refuses in a
     * gradient call: f runs again on the edge tape, where the operation is one block, not the
     * O(n^3) nodes of the field path. The last call's tape says which path was taken.
     */
    @Test
    void reverseGradientTakesAMatrixOperationAsOneBlock() {
        Reverse.releaseScratch();
        assertArrayEquals(Reverse.gradient(VectorBlockTest::logDetScalar, XM),
                Reverse.gradient(VectorBlockTest::logDet, XM), 1e-13);
        long blockNodes = Reverse.scratchFootprint().nodes();
        Reverse.gradient(VectorBlockTest::logDetScalar, XM);
        long scalarNodes = Reverse.scratchFootprint().nodes();
        assertTrue(blockNodes < N * N + 4 * N && blockNodes * 2 < scalarNodes,
                "block " + blockNodes + " nodes, field path " + scalarNodes);
    }

    private static double[] opTapeGradient(double[] x0, boolean logDet) {
        Tape tape = new Tape();
        Var[] x = new Var[x0.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = tape.variable(x0[i]);
        }
        tape.backward(logDet ? logDet(x) : quad(x));
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = tape.adjoint(x[i]);
        }
        return g;
    }

    @Test
    void inverseQuadraticFormAgreesAcrossModesAndWithTheScalarPath() {
        double[] scalar = Reverse.gradient(VectorBlockTest::quadScalar, XM);
        assertArrayEquals(scalar, Reverse.gradient(VectorBlockTest::quad, XM), 1e-12);
        assertArrayEquals(scalar, opTapeGradient(XM, false), 1e-12);
        assertArrayEquals(scalar, Forward.gradient(VectorBlockTest::quad, XM), 1e-12);
        assertEquals(Reverse.valueAndGradient(VectorBlockTest::quadScalar, XM).value(),
                Reverse.valueAndGradient(VectorBlockTest::quad, XM).value(), 1e-13);
    }

    @Test
    void everyMatrixOperationAgreesWithForwardMode() {
        assertArrayEquals(Forward.gradient(VectorBlockTest::mixed, XM), Reverse.gradient(VectorBlockTest::mixed, XM), 1e-10);
    }

    @Test
    void theBlockPathRecordsFarFewerBytesThanTheScalarPath() {
        Tape block = new Tape();
        Tape scalar = new Tape();
        Var[] xb = new Var[N];
        Var[] xs = new Var[N];
        for (int i = 0; i < N; i++) {
            xb[i] = block.variable(XM[i]);
            xs[i] = scalar.variable(XM[i]);
        }
        logDet(xb);
        logDetScalar(xs);
        // the matrix A(x) costs 2 N^2 nodes either way; the factorization N^3-ish scalar nodes or one block
        assertTrue(block.size() <= 2 * N * N + N + 1, block.toString());
        assertTrue(scalar.size() > block.size() + N * N, scalar.toString());
        assertTrue(block.bytes() > (long) block.size() * Tape.BYTES_PER_NODE);
        assertTrue(Dot.forward(block).contains("= logDet(6x6)\\n"), "the graph names the operation and its shape");
    }

    @Test
    void onTheEdgeTapeTheBlockIsOneNodeAndItsStorage() {
        EdgeTape block = new EdgeTape(16);
        EdgeTape scalar = new EdgeTape(16);
        logDet(block.variables(XM));
        logDetScalar(scalar.variables(XM));
        // A(x): one node per x_i x_j with i != j (x_i x_i stays on x_i's node), then the block's one output
        assertEquals(N + N * (N - 1) + 1, block.size);
        assertEquals(1, block.blockCount);
        assertEquals((long) block.size * EdgeTape.BYTES_PER_NODE + 12L * N * N + block.blocks[0].lin.bytes(), block.bytes());
        assertTrue(scalar.size > 2 * block.size, scalar.toString());
        block.reset();
        assertEquals(0, block.blockCount);
        assertEquals(null, block.blocks[0], "a reset lets the factorization go");
    }

    @Test
    void aRecordingRefusesAMatrixOperationNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Reverse.record(VectorBlockTest::quad, XM));
        assertTrue(e.getMessage().startsWith("record: f applies the vector rule 'inverseQuadraticForm(6x6)'"), e.getMessage());
    }

    @Test
    void threadsShareRulesButNotState() throws Exception {
        double[] expected = Reverse.gradient(VectorBlockTest::mixed, XM);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                fs.add(pool.submit(() -> Reverse.gradient(VectorBlockTest::mixed, XM)));
            }
            for (Future<double[]> f : fs) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
