package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.VectorFunction;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Vector-Jacobian products and Jacobians of several outputs of one recording. */
class HTapeVectorTest {
    /** m outputs mixing shared nodes, unary chains, an input itself and a constant. */
    static final VectorFunction MIXED = new VectorFunction() {
        @Override
        public <T extends RealFieldElement<T>> T[] value(T[] x) {
            int n = x.length;
            T[] y = MathArrays.buildArray(x[0].getField(), 2 * n + 2);
            for (int i = 0; i < n; i++) {
                T prod = x[i].multiply(x[(i + 1) % n]);
                y[2 * i] = prod.sin().add(x[i].exp());      // shares prod's node with the next
                y[2 * i + 1] = prod.multiply(prod).divide(x[(i + 2) % n].add(3));
            }
            y[2 * n] = x[n - 1];
            y[2 * n + 1] = x[0].getField().getOne().multiply(2);
            return y;
        }
    };

    private static HVar[] record(HTape tape, VectorFunction f, double[] x) {
        return f.value(tape.variables(x));
    }

    @Test
    void rowsAndColumnsAgreeWithForwardModeAndTheVjpIsTheirCombination() {
        Random r = new Random(17);
        for (int n = 1; n <= 7; n++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextGaussian();
            }
            HTape tape = new HTape();
            HVar[] y = record(tape, MIXED, x);
            DMatrixRMaj rows = tape.jacobian(y, Integer.MAX_VALUE, "jacobian");
            DMatrixRMaj cols = tape.jacobian(y, 1, "jacobian");
            DMatrixRMaj fwd = Forward.jacobian(MIXED, x);
            int m = y.length;
            double[] u = new double[m];
            for (int k = 0; k < m; k++) {
                u[k] = r.nextGaussian();
            }
            double[] vjp = tape.vjp(y, u, "vjp");
            for (int q = 0; q < n; q++) {
                double sum = 0;
                double mag = 0;
                for (int k = 0; k < m; k++) {
                    double want = fwd.get(k, q);
                    double tol = 8 * Math.ulp(Math.abs(want)) + 1e-300;
                    assertEquals(want, rows.get(k, q), tol, "row sweep, n = " + n + ", entry " + k + "," + q);
                    assertEquals(want, cols.get(k, q), tol, "column sweep, n = " + n + ", entry " + k + "," + q);
                    sum += u[k] * want;
                    mag += Math.abs(u[k] * want);
                }
                assertEquals(sum, vjp[q], 1e-14 * mag + 1e-300, "vjp, n = " + n + ", input " + q);
            }
            assertEquals(0, rows.get(m - 1, 0), "a constant output's row");
            assertEquals(1, rows.get(m - 2, n - 1), "an input's own row");
        }
    }

    @Test
    void inputsCreatedBetweenOperationsGetTheirOwnColumns() {
        HTape tape = new HTape();
        HVar a = tape.variable(0.5);
        HVar b = tape.variable(-1.5);
        HVar ab = a.multiply(b);                 // a node before the third input
        HVar c = tape.variable(2);
        HVar[] y = {ab.multiply(c), c.sin().add(a), b.multiply(c).exp()};
        DMatrixRMaj rows = tape.jacobian(y, Integer.MAX_VALUE, "jacobian");
        DMatrixRMaj cols = tape.jacobian(y, 0, "jacobian");
        double[][] want = {
            {b.value() * 2, a.value() * 2, a.value() * b.value()},
            {1, 0, Math.cos(2)},
            {0, 2 * Math.exp(-3), -1.5 * Math.exp(-3)}};
        for (int k = 0; k < 3; k++) {
            for (int q = 0; q < 3; q++) {
                assertEquals(want[k][q], rows.get(k, q), 1e-15, "row sweep " + k + "," + q);
                assertEquals(want[k][q], cols.get(k, q), 1e-15, "column sweep " + k + "," + q);
            }
        }
        assertArrayEquals(new double[] {0, 0.5 * Math.exp(-3), -0.375 * Math.exp(-3)},
                tape.vjp(y, new double[] {0, 0, 0.25}, "vjp"), 1e-16);
    }

    @Test
    void aZeroWeightOrTangentIsExactlyZeroEvenAgainstAnInfinitePartial() {
        HTape tape = new HTape();
        HVar[] x = tape.variables(0, 2);
        // d/dx0 sqrt at 0 is +inf: inside the tape (the product's node) and as the last output's own p
        HVar[] y = {x[0].sqrt().multiply(x[1]), x[1].multiply(x[1]), x[0].sqrt()};
        assertArrayEquals(new double[] {0, 4}, tape.vjp(y, new double[] {0, 1, 0}, "vjp"), 0.0,
                "the weights of sqrt's outputs are 0: their infinite partials contribute 0, not NaN");
        DMatrixRMaj j = tape.jacobian(y, 1, "jacobian");
        assertEquals(Double.POSITIVE_INFINITY, j.get(0, 0));
        assertEquals(0, j.get(0, 1), "sqrt(0) * 1: the column of x1 meets sqrt's infinite partial with a zero tangent");
        assertEquals(0, j.get(1, 0));
        DMatrixRMaj rows = tape.jacobian(y, Integer.MAX_VALUE, "jacobian");
        assertArrayEquals(j.data, rows.data, 0.0);
        HTape nan = new HTape();
        HVar[] z = nan.variables(Double.NaN, 1);
        HVar[] w = {z[0].multiply(z[1]), z[1].exp()};
        double[] g = nan.vjp(w, new double[] {1, 1}, "vjp");
        assertTrue(Double.isNaN(g[1]), "NaN propagates: " + g[1]);
    }

    @Test
    void badOutputsAndWeightsAreClearExceptions() {
        HTape tape = new HTape();
        HVar[] x = tape.variables(1, 2);
        HVar[] y = {x[0].multiply(x[1]), x[0].sin()};
        String m = assertThrows(IllegalArgumentException.class, () -> tape.vjp(y, new double[] {1}, "vjp"))
                .getMessage();
        assertTrue(m.startsWith("vjp: u has length 1 but f has 2 outputs"), m);
        HTape other = new HTape();
        HVar foreign = other.variable(3).multiply(other.variable(4));
        m = assertThrows(IllegalArgumentException.class,
                () -> tape.jacobian(new HVar[] {y[0], foreign}, 2, "jacobian")).getMessage();
        assertTrue(m.startsWith("jacobian: y = ") && m.contains("another tape"), m);
        tape.reset();
        assertThrows(IllegalStateException.class, () -> tape.vjp(y, new double[] {1, 1}, "vjp"));
    }
}
