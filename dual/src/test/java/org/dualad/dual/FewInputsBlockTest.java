package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.apache.commons.math3.RealFieldElement;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Up to {@link HTape#BLOCK_INPUTS} inputs the forward gradient and a Jacobian's columns take one
 * block sweep of dense unit-direction rows: the windowed sweep's bits where no product met an
 * infinity, the windowed sweep's (zero-policy) result where one did, and the windowed sweep
 * itself above the input count or the pool budget.
 */
class FewInputsBlockTest {

    @Test
    void theBlockGradientHasTheWindowedSweepsBits() {
        Random rnd = new Random(20261206);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(HTape.BLOCK_INPUTS);
            HTape tape = new HTape();
            HVar y = ForwardWidthTest.program(tape.variables(ForwardWidthTest.positive(rnd, n)), rnd, 1 + rnd.nextInt(60));
            if (y.isConstant()) {
                continue;
            }
            assertNotNull(tape.unitTangents(y.node), "trial " + trial + ": the block sweep is taken");
            // an explicit chunk always takes the windowed sweep
            assertArrayEquals(tape.forwardGradient(y, n), tape.forwardGradient(y), "trial " + trial + ", n = " + n);
        }
    }

    @Test
    void theBlockJacobianHasTheWindowedSweepsBitsRowByRow() {
        Random rnd = new Random(6122026);
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + rnd.nextInt(HTape.BLOCK_INPUTS);
            HTape tape = new HTape();
            HVar[] x = tape.variables(ForwardWidthTest.positive(rnd, n));
            int m = 1 + rnd.nextInt(6);
            HVar[] y = new HVar[m + 1];
            for (int k = 0; k < m; k++) {
                y[k] = ForwardWidthTest.program(x, rnd, 1 + rnd.nextInt(30));
            }
            y[m] = HTape.constant(3); // a constant output: a zero row
            DMatrixRMaj jac = tape.jacobian(y, 0, "jacobian");
            for (int k = 0; k < m; k++) {
                double[] row = java.util.Arrays.copyOfRange(jac.data, k * n, (k + 1) * n);
                assertArrayEquals(tape.forwardGradient(y[k], n), row, "trial " + trial + ", row " + k);
            }
            assertArrayEquals(new double[n], java.util.Arrays.copyOfRange(jac.data, m * n, (m + 1) * n));
        }
    }

    /** sqrt(x0 x1) + x2 (and x1 x2): at x0 = 0 sqrt's infinite partial meets x1's zero tangent. */
    static <T extends RealFieldElement<T>> T[] kink(T[] x) {
        T[] r = org.apache.commons.math3.util.MathArrays.buildArray(x[0].getField(), 2);
        r[0] = x[0].multiply(x[1]).sqrt().add(x[2]);
        r[1] = x[1].multiply(x[2]);
        return r;
    }

    static <T extends RealFieldElement<T>> T kinkFirst(T[] x) {
        return kink(x)[0];
    }

    @Test
    void anInfiniteTimesZeroIsTheZeroPolicysZeroNotTheBlocksNaN() {
        double[] x = {0, 1, 2};
        double inf = Double.POSITIVE_INFINITY;
        // plain arithmetic would give d/dx1 = inf * 0 = NaN; the policy (and the reverse sweep) 0
        HTape tape = new HTape();
        HVar[] y = kink(tape.variables(x));
        assertNotNull(tape.unitTangents(y[1].node));
        assertArrayEquals(new double[] {inf, 0, 1}, tape.forwardGradient(y[0]));
        assertArrayEquals(tape.gradient(y[0]), tape.forwardGradient(y[0]));
        DMatrixRMaj jac = tape.jacobian(y, 0, "jacobian");
        assertArrayEquals(new double[] {inf, 0, 1, 0, 2, 1}, jac.data);
        assertArrayEquals(new double[] {inf, 0, 1}, Forward.gradient(FewInputsBlockTest::kinkFirst, x));
        assertArrayEquals(jac.data, Forward.jacobian(FewInputsBlockTest::kink, x).data);
    }

    /** sin(x0) + x1 x2, and x1 x2. */
    static <T extends RealFieldElement<T>> T[] sinPlusProduct(T[] x) {
        T[] r = org.apache.commons.math3.util.MathArrays.buildArray(x[0].getField(), 2);
        r[1] = x[1].multiply(x[2]);
        r[0] = x[0].sin().add(r[1]);
        return r;
    }

    @Test
    void aGenuineNaNStaysInItsOwnEntry() {
        // x0 = NaN: sin's partial is NaN, and in plain arithmetic NaN times x1's and x2's zero
        // tangents fills the whole row; the policy keeps it to d/dx0
        double[] x = {Double.NaN, 1, 2};
        HTape tape = new HTape();
        HVar[] y = sinPlusProduct(tape.variables(x));
        assertArrayEquals(new double[] {Double.NaN, 2, 1}, tape.forwardGradient(y[0]));
        assertArrayEquals(tape.gradient(y[0]), tape.forwardGradient(y[0]));
        DMatrixRMaj jac = tape.jacobian(y, 0, "jacobian");
        assertArrayEquals(new double[] {Double.NaN, 2, 1, 0, 2, 1}, jac.data);
    }

    @Test
    void aFallbackLeavesNothingOfTheBlockOutsideTheWindows() {
        // sqrt(x0 x1) + x0 at x0 = x1 = 0 (second order: the product is recorded, with zero first
        // partials): plain arithmetic gives inf times a zero row, NaN along every input; the
        // windowed sweep writes only x0's entry, the policy's 1, and must find the rest zero
        HTape tape = new HTape();
        HVar[] x = tape.variables(0, 0, 7);
        HVar y = x[0].multiply(x[1]).sqrt().add(x[0]);
        assertNotNull(tape.unitTangents(y.node));
        assertArrayEquals(new double[] {1, 0, 0}, tape.forwardGradient(y));
        assertArrayEquals(tape.gradient(y), tape.forwardGradient(y));
        DMatrixRMaj jac = tape.jacobian(new HVar[] {y, x[2].multiply(x[1])}, 0, "jacobian");
        assertArrayEquals(new double[] {1, 0, 0, 0, 7, 0}, jac.data);
    }

    @Test
    void moreInputsOrALongRecordingTakeTheWindowedSweep() {
        HTape tape = new HTape();
        HVar[] x = tape.variables(new double[HTape.BLOCK_INPUTS + 1]);
        HVar y = x[0].add(x[HTape.BLOCK_INPUTS]);
        assertNull(tape.unitTangents(y.node), "n = " + (HTape.BLOCK_INPUTS + 1));
        // n = 16 over 40000 nodes: 16 rows a node pass the pool budget (4 MB here)
        HTape longer = new HTape();
        double[] point = new double[HTape.BLOCK_INPUTS];
        java.util.Arrays.fill(point, 0.5);
        HVar[] v = longer.variables(point);
        HVar s = v[0];
        for (int i = 0; i < 40000; i++) {
            s = s.add(v[(i + 1) % v.length].multiply(s).sin());
        }
        assertNull(longer.unitTangents(s.node));
        double[] r = longer.gradient(s);
        double[] f = longer.forwardGradient(s);
        for (int q = 0; q < r.length; q++) {
            assertEquals(r[q], f[q], 1e-9 * (1 + Math.abs(r[q])), "entry " + q);
        }
    }
    @Test
    void aSmallHessianTakesTheBlockSweepAndAgreesWithItsProducts() {
        Random rnd = new Random(8);
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + rnd.nextInt(HTape.BLOCK_HESSIAN_INPUTS);
            HTape tape = new HTape();
            HVar y = ForwardWidthTest.program(tape.variables(ForwardWidthTest.positive(rnd, n)), rnd, 1 + rnd.nextInt(40));
            DMatrixRMaj h = tape.hessian(y);
            double[][] columns = new double[n][];
            for (int k = 0; k < n; k++) {
                double[] e = new double[n];
                e[k] = 1;
                columns[k] = tape.hvp(y, e);
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    double expected = i == k ? columns[k][i] : 0.5 * (columns[k][i] + columns[i][k]);
                    assertEquals(expected, h.get(i, k), 1e-13 * (1 + Math.abs(expected)),
                            "trial " + trial + ", H(" + i + "," + k + ")");
                }
            }
        }
    }
    @Test
    void theFirstOrderBlockKeepsTangentRowsOnly() {
        // a first-order block sweep reads only its tangent rows: the tape keeps 8 n bytes a node
        // for them (and 16 for the rows' bounds), not the adjoint-tangent rows a product needs
        int n = HTape.BLOCK_INPUTS;
        HTape tape = new HTape();
        double[] x = new double[n];
        java.util.Arrays.fill(x, 0.5);
        HVar[] v = tape.variables(x);
        HVar s = v[0];
        for (int i = 0; i < 2000; i++) {
            s = s.add(v[(i + 1) % n].multiply(s).sin());
        }
        long before = tape.footprint().bytes();
        tape.forwardGradient(s);
        long kept = tape.footprint().bytes() - before;
        long m = s.node + 1L;
        assertEquals(8 * n * m + 16 * m, kept, "bytes kept by the block sweep");
        // a Hessian-vector product on the same tape then needs the adjoint-tangent rows it lacks
        double[] e0 = new double[n];
        e0[0] = 1;
        double[] hv = new double[n];
        tape.hvpBatch(s, e0, 1, hv);
        double[] expected = tape.hvp(s, e0);
        for (int q = 0; q < n; q++) {
            assertEquals(expected[q], hv[q], 1e-12 * (1 + Math.abs(expected[q])), "H e0, entry " + q);
        }
    }
}
