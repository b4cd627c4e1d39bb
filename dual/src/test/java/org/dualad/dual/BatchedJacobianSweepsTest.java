package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link HTape#jvpBatch}: K columns in one forward sweep, in plain arithmetic, give each column's
 * {@code jvp} bit for bit where every factor is finite, and the zero policy's values where a
 * partial is infinite (the NaN a plain product of zero and infinity makes sends that column to
 * the policy's sweep).
 */
class BatchedJacobianSweepsTest {

    /** Five outputs of four inputs: shared arguments, unary folds, a constant output, an input as output. */
    private static HVar[] outputs(HTape t, double... x0) {
        HVar[] x = t.variables(x0);
        return new HVar[] {
            x[0].multiply(x[1]).add(x[2].sin()),
            x[1].sqrt().multiply(x[3]),
            x[0].divide(x[2].add(3)).exp().subtract(x[3].multiply(x[3])),
            HTape.constant(2.5),
            x[2].multiply(4),
        };
    }

    private static double[] seeds(int rows, int kk) {
        double[] s = new double[rows * kk];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < kk; k++) {
                s[r * kk + k] = (r + k) % 3 == 0 ? 0 : Math.cos(r - 2.0 * k);
            }
        }
        return s;
    }

    private static double[] column(double[] a, int rows, int kk, int k) {
        double[] c = new double[rows];
        for (int r = 0; r < rows; r++) {
            c[r] = a[r * kk + k];
        }
        return c;
    }

    @Test
    void everyColumnIsItsOwnSweep() {
        // x1 = 0: sqrt's infinite partial meets zero tangents and zero adjoints
        for (double x1 : new double[] {0.7, 0}) {
            HTape t = new HTape();
            HVar[] y = outputs(t, 0.3, x1, -1.2, 2);
            for (int kk : new int[] {1, 3, 6}) {
                double[] v = seeds(4, kk);
                double[] jv = new double[5 * kk];
                t.jvpBatch(y, v, kk, jv, "test");
                for (int k = 0; k < kk; k++) {
                    double[] expected = t.jvp(y, column(v, 4, kk, k), "test");
                    double[] got = column(jv, 5, kk, k);
                    for (int r = 0; r < 5; r++) {
                        assertEquals(expected[r], got[r], 0, "x1 = " + x1 + ", K = " + kk + ", (Jv)(" + r + "," + k + ")");
                    }
                }
            }
        }
    }

    @Test
    void badShapesAreNamed() {
        HTape t = new HTape();
        HVar[] y = outputs(t, 1, 2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.jvpBatch(y, new double[7], 2, new double[10], "SparseJacobian.at"));
        assertEquals("SparseJacobian.at: v must hold n x K = 4 x 2 entries (row-major), got 7 entries", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.jvpBatch(y, new double[8], 2, new double[9], "m"));
        assertEquals("m: jv must hold m x K = 5 x 2 entries (row-major), got 9 entries", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.jvpBatch(y, null, 2, new double[10], "m"));
        assertEquals("m: v must hold n x K = 4 x 2 entries (row-major), got null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.jvpBatch(y, new double[8], 0, new double[10], "m"));
        assertEquals("m: K must be at least 1, got 0", e.getMessage());
    }
}
