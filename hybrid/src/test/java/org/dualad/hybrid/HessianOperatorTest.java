package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.exception.DimensionMismatchException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.ConjugateGradient;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.dualad.ScalarFunction;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The Hessian at one point as a linear operator: one recording, many products. */
class HessianOperatorTest {

    static <T extends RealFieldElement<T>> T cubic(T[] x) {    // u^3 + v^2 + 4uv
        return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
    }

    static <T extends RealFieldElement<T>> T constant(T[] x) {
        return x[0].getField().getOne().multiply(7);
    }

    /** sqrt and abs at their kinks, and a NaN from 0 * inf: the conventions go through the operator. */
    static <T extends RealFieldElement<T>> T kinks(T[] x) {
        return x[0].sqrt().add(x[1].abs().multiply(x[1])).add(x[2].log().multiply(x[0]));
    }

    @Test
    void productsAreHybridHvpsBitForBitOnEveryTestFunction() {
        ScalarFunction[] fs = {TestFunctions::rosenbrock, TestFunctions::logSumExp, TestFunctions::mixed,
            TestFunctions::rational};
        SplittableRandom r = new SplittableRandom(20261205);
        for (ScalarFunction f : fs) {
            for (int n : new int[] {1, 2, 7, 40}) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = 0.3 + 0.5 * r.nextDouble();
                }
                HessianOperator h = Hybrid.hessianOperator(f, x);
                for (int k = 0; k < 5; k++) {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = r.nextDouble() - 0.5;
                    }
                    assertArrayEquals(Hybrid.hvp(f, x, v), h.hvp(v), "n = " + n);
                    assertArrayEquals(Hybrid.hvp(f, x, v), h.operate(new ArrayRealVector(v)).toArray());
                }
                assertArrayEquals(Hybrid.gradient(f, x), h.gradient());
                assertEquals(Hybrid.valueAndGradient(f, x).value(), h.value());
            }
        }
    }

    @Test
    void unitProductsAreTheColumnsOfTheHessian() {
        double[] x = {0.7, -1.2, 0.4, 2.0, 1.1};
        ScalarFunction f = TestFunctions::mixed;
        DMatrixRMaj hessian = Hybrid.hessian(f, x);
        HessianOperator h = Hybrid.hessianOperator(f, x);
        for (int j = 0; j < x.length; j++) {
            double[] e = new double[x.length];
            e[j] = 1;
            double[] col = h.hvp(e);
            for (int i = 0; i < x.length; i++) {
                // the dense Hessian averages H(i, j) and H(j, i); each is the product's to rounding
                assertEquals(hessian.get(i, j), col[i], 1e-13 * Math.max(1, Math.abs(col[i])), i + "," + j);
            }
        }
    }

    @Test
    void aNewtonStepByCommonsMathConjugateGradient() {
        HessianOperator h = Hybrid.hessianOperator(HessianOperatorTest::cubic, 3, 4);
        assertArrayEquals(new double[] {43, 20}, h.gradient());
        assertArrayEquals(new double[] {18, 4}, h.hvp(1, 0));
        RealVector minusG = new ArrayRealVector(h.gradient()).mapMultiply(-1);
        RealVector step = new ConjugateGradient(10, 1e-14, true).solve(h, minusG);
        // H = [[18, 4], [4, 2]], so the Newton step -H^-1 g is (-0.3, -9.4)
        assertEquals(-0.3, step.getEntry(0), 1e-12);
        assertEquals(-9.4, step.getEntry(1), 1e-12);

        // a larger one against the dense solve of the Hessian
        double[] x = new double[30];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + 0.01 * Math.sin(i);
        }
        ScalarFunction f = TestFunctions::rosenbrock;
        HessianOperator big = Hybrid.hessianOperator(f, x);
        RealVector cg = new ConjugateGradient(200, 1e-13, true).solve(big,
                new ArrayRealVector(big.gradient()).mapMultiply(-1));
        DMatrixRMaj hm = Hybrid.hessian(f, x);
        Array2DRowRealMatrix dense = new Array2DRowRealMatrix(x.length, x.length);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                dense.setEntry(i, j, hm.get(i, j));
            }
        }
        RealVector d = new LUDecomposition(dense).getSolver().solve(new ArrayRealVector(big.gradient()));
        for (int i = 0; i < x.length; i++) {
            assertEquals(-d.getEntry(i), cg.getEntry(i), 1e-9 * Math.max(1, Math.abs(d.getEntry(i))), "entry " + i);
        }
    }

    @Test
    void theOperatorKeepsItsRecordingThroughOtherCallsOnTheThread() {
        double[] x = {1.5, -0.5, 2};
        double[] v = {1, 2, -1};
        ScalarFunction f = TestFunctions::rosenbrock;
        HessianOperator h = Hybrid.hessianOperator(f, x);
        double[] before = h.hvp(v);
        // the facades reset and reuse the thread's scratch tape
        Hybrid.hessian(TestFunctions::logSumExp, 1, 2, 3, 4);
        Hybrid.laplacian(TestFunctions::mixed, 0.5, 0.25);
        Hybrid.releaseScratch();
        assertArrayEquals(before, h.hvp(v));
        assertArrayEquals(Hybrid.hvp(f, x, v), h.hvp(v));
    }

    @Test
    void kinksNaNAndInfinitiesAsHybridHvp() {
        double[][] points = {{0, 0, 1}, {0, 2, 0}, {4, -0.0, 1}, {Double.NaN, 1, 1}, {1, Double.POSITIVE_INFINITY, 2}};
        for (double[] x : points) {
            HessianOperator h = Hybrid.hessianOperator(HessianOperatorTest::kinks, x);
            for (double[] v : new double[][] {{1, 0, 0}, {0, 1, 0}, {1, 1, 1}}) {
                assertArrayEquals(Hybrid.hvp(HessianOperatorTest::kinks, x, v), h.hvp(v),
                        java.util.Arrays.toString(x));
            }
        }
    }

    @Test
    void aFunctionThatIgnoresItsInputsHasTheZeroOperator() {
        HessianOperator h = Hybrid.hessianOperator(HessianOperatorTest::constant, 1, 2);
        assertEquals(7, h.value());
        assertArrayEquals(new double[] {0, 0}, h.gradient());
        assertArrayEquals(new double[] {0, 0}, h.hvp(3, 4));
    }

    @Test
    void shapeToStringAndFootprint() {
        HessianOperator h = Hybrid.hessianOperator(HessianOperatorTest::cubic, 3, 4);
        assertEquals(2, h.getRowDimension());
        assertEquals(2, h.getColumnDimension());
        assertTrue(h.isTransposable());
        assertArrayEquals(h.hvp(1, 2), h.operateTranspose(new ArrayRealVector(new double[] {1, 2})).toArray());
        assertEquals("HessianOperator[n = 2, value 91.0, " + h.footprint().nodes() + " tape nodes]", h.toString());
        assertTrue(h.footprint().nodes() >= 2);
        double[] g = h.gradient();
        g[0] = 99;
        assertEquals(43, h.gradient()[0], "gradient() returns a copy");
    }

    @Test
    void badInputNamesTheArgument() {
        ScalarFunction f = HessianOperatorTest::cubic;
        assertThrows(NullPointerException.class, () -> Hybrid.hessianOperator(null, 1, 2));
        assertThrows(NullPointerException.class, () -> Hybrid.hessianOperator(f, (double[]) null));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Hybrid.hessianOperator(f));
        assertTrue(empty.getMessage().startsWith("hessianOperator: x must have at least one element"), empty.getMessage());
        HessianOperator h = Hybrid.hessianOperator(f, 3, 4);
        NullPointerException nullV = assertThrows(NullPointerException.class, () -> h.hvp((double[]) null));
        assertTrue(nullV.getMessage().contains("v must not be null"), nullV.getMessage());
        IllegalArgumentException shortV = assertThrows(IllegalArgumentException.class, () -> h.hvp(1));
        assertTrue(shortV.getMessage().contains("HessianOperator.hvp: v has length 1 but x has length 2"),
                shortV.getMessage());
        assertThrows(DimensionMismatchException.class, () -> h.operate(new ArrayRealVector(3)));
    }

    @Test
    void anotherThreadIsRefused() throws InterruptedException {
        HessianOperator h = Hybrid.hessianOperator(HessianOperatorTest::cubic, 3, 4);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            ExecutionException e = assertThrows(ExecutionException.class, () -> other.submit(() -> h.hvp(1, 0)).get());
            assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
            assertTrue(e.getCause().getMessage().contains("thread"), e.getCause().getMessage());
        } finally {
            other.shutdown();
        }
        assertArrayEquals(new double[] {18, 4}, h.hvp(1, 0));
    }
}
