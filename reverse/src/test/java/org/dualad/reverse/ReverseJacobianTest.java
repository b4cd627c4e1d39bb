package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ValueAndJacobian;
import org.dualad.VectorFunction;
import org.dualad.dual.Forward;
import org.junit.jupiter.api.Test;

/** One recording per Jacobian, whichever sweeps read it. */
class ReverseJacobianTest {
    /** m outputs of n inputs: y_k = exp(x_{k mod n} x_{(k+1) mod n}) + k sin(x_0), plus an input and a constant. */
    static final class Counting implements VectorFunction {
        final int m;
        int calls;

        Counting(int m) {
            this.m = m;
        }

        @Override
        public <T extends RealFieldElement<T>> T[] value(T[] x) {
            calls++;
            int n = x.length;
            T[] y = MathArrays.buildArray(x[0].getField(), m);
            for (int k = 0; k < m - 2; k++) {
                y[k] = x[k % n].multiply(x[(k + 1) % n]).exp().add(x[0].sin().multiply(k));
            }
            y[m - 2] = x[n - 1]; // an input itself: its column is seeded, its row one entry
            y[m - 1] = x[0].getField().getOne().multiply(3); // a constant: a zero row
            return y;
        }
    }

    @Test
    void tallAndWideJacobiansRecordFOnceAndAgreeWithForwardMode() {
        int[][] shapes = {{1, 4}, {3, 6}, {3, 7}, {5, 3}, {8, 9}, {2, 40}};
        for (int[] s : shapes) {
            int n = s[0];
            int m = s[1];
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 0.3 + 0.2 * i;
            }
            Counting f = new Counting(m);
            ValueAndJacobian r = Reverse.valueAndJacobian(f, x);
            assertEquals(1, f.calls, "n = " + n + ", m = " + m + ": f runs once");
            ValueAndJacobian fw = Forward.valueAndJacobian(new Counting(m), x);
            assertArrayEquals(fw.values(), r.values(), 0.0, "values, n = " + n + ", m = " + m);
            for (int k = 0; k < m * n; k++) {
                double want = fw.jacobian().data[k];
                assertEquals(want, r.jacobian().data[k], 4 * Math.ulp(Math.abs(want)) + 1e-300,
                        "entry " + k + ", n = " + n + ", m = " + m);
            }
            Counting again = new Counting(m);
            assertArrayEquals(r.jacobian().data, Reverse.jacobian(again, x).data, 0.0);
            assertEquals(1, again.calls);
        }
    }

    static <T extends RealFieldElement<T>> T[] nullOutput(T[] x) {
        return java.util.Arrays.copyOf(x, x.length + 1); // the last output is null
    }

    @Test
    void valueAndJacobianNamesItselfInErrors() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> Reverse.valueAndJacobian(ReverseJacobianTest::nullOutput, 1)).getMessage();
        assertTrue(m.startsWith("valueAndJacobian: f returned null at output 1"), m);
        m = assertThrows(NullPointerException.class, () -> Reverse.valueAndJacobian(null, 1)).getMessage();
        assertTrue(m.startsWith("valueAndJacobian: f must not be null"), m);
    }
}
