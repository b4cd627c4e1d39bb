package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.VectorFunction;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The choice between the Jacobian's row and column sweeps, and the work counts it rests on. */
class JacobianPlanTest {

    /** Packs a node's arguments as the tape does: (first << 32) | second; an input is (-1, ordinal). */
    private static long node(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /** n inputs, then r_i = g(x_i, x_(i+1)) at node n + i: a banded f, each output on its own node. */
    private static long[] banded(int n) {
        long[] ar = new long[2 * n - 1];
        for (int i = 0; i < n; i++) {
            ar[i] = node(-1, i);
        }
        for (int i = 0; i + 1 < n; i++) {
            ar[n + i] = node(i, i + 1);
        }
        return ar;
    }

    /** n inputs, a running sum s_k of them, then r_k = g(x_k, s) for every k: every output reads every input. */
    private static long[] dense(int n) {
        long[] ar = new long[3 * n - 1];
        for (int i = 0; i < n; i++) {
            ar[i] = node(-1, i);
        }
        ar[n] = node(0, 1);
        for (int i = 2; i < n; i++) {
            ar[n + i - 1] = node(n + i - 2, i);
        }
        int s = 2 * n - 2;
        for (int k = 0; k < n; k++) {
            ar[2 * n - 1 + k] = node(k, s);
        }
        return ar;
    }

    private static int[] range(int from, int count) {
        int[] r = new int[count];
        for (int k = 0; k < count; k++) {
            r[k] = from + k;
        }
        return r;
    }

    @Test
    void spansCountTheDirectionsAndOutputsEachNodeCarries() {
        long[] ar = dense(4); // 4 inputs, sums at 4, 5, 6 (s = 6), outputs at 7 .. 10
        int top = ar.length - 1;
        int[] lo = new int[top + 1];
        int[] hi = new int[top + 1];
        // sums span 2, 3, 4 inputs; each output spans all 4
        assertEquals(2 + 3 + 4 + 4 * 4, JacobianPlan.inputSpan(ar, top, lo, hi));
        assertEquals(0, lo[6]);
        assertEquals(3, hi[6]);
        // every sum reaches all 4 outputs, each output node itself one
        assertEquals(3 * 4 + 4, JacobianPlan.outputSpan(ar, range(7, 4), 4, top, lo, hi));
        // outputs 1 and 3 only: their range is 2 wide at the sums (a range, not a set: an upper bound)
        assertEquals(3 * 3 + 2, JacobianPlan.outputSpan(ar, new int[] {-1, 8, -1, 10}, 4, top, lo, hi));
    }

    @Test
    void aBandedFunctionGoesToColumnsAndADenseOneStaysOnRows() {
        for (int n : new int[] {100, 1000}) {
            long[] b = banded(n);
            int chunk = Forward.chunkSize(n);
            assertTrue(JacobianPlan.columns(b, range(n, n - 1), n - 1, b.length - 1, n, n, chunk),
                    "banded, n = " + n + ": each row sweep walks down to the inputs, each window is 2 wide");
            long[] d = dense(n);
            assertFalse(JacobianPlan.columns(d, range(2 * n - 1, n), n, d.length - 1, n, n, chunk),
                    "dense, n = " + n + ": every window is n wide, every row sweep active");
        }
        long[] b = banded(1000);
        assertFalse(JacobianPlan.columns(b, new int[] {1500, 1600}, 2, 1600, 1000, 1000, Forward.chunkSize(1000)),
                "two outputs: two row sweeps, whatever the structure");
    }

    private static <T extends RealFieldElement<T>> T[] residuals(T[] x) {
        int n = x.length;
        T[] r = MathArrays.buildArray(x[0].getField(), 2 * (n - 1));
        for (int i = 0; i + 1 < n; i++) {
            r[2 * i] = x[i + 1].subtract(x[i].multiply(x[i])).multiply(10);
            r[2 * i + 1] = x[i].negate().add(1).sin().multiply(x[i + 1]);
        }
        return r;
    }

    @Test
    void theChosenSweepsGiveTheRowsJacobian() {
        VectorFunction f = new VectorFunction() {
            @Override
            public <T extends RealFieldElement<T>> T[] value(T[] x) {
                return residuals(x);
            }
        };
        int n = 300;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        HTape tape = new HTape();
        HVar[] y = f.value(tape.variables(x));
        DMatrixRMaj chosen = tape.jacobian(y, 2, "jacobian"); // m = 2n - 2 < 2n: by the estimate, columns
        DMatrixRMaj rows = tape.jacobian(y, Integer.MAX_VALUE, "jacobian");
        DMatrixRMaj fwd = Forward.jacobian(f, x);
        for (int k = 0; k < y.length; k++) {
            for (int q = 0; q < n; q++) {
                double want = fwd.get(k, q);
                double tol = 4 * Math.ulp(want);
                assertEquals(want, rows.get(k, q), tol, "rows " + k + "," + q);
                assertEquals(want, chosen.get(k, q), tol, "chosen " + k + "," + q);
            }
        }
    }
}
