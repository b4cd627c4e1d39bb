package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exact Laplacian on a tape that took one before: the sweep's work arrays are kept by the
 * tape, and nothing of an earlier recording may reach the next one (an argument whose partial is
 * exactly 0 is read without being formed, and must read as empty: it once read an earlier
 * recording's lazy row and threw).
 */
class LaplacianReuseTest {

    @Test
    void anUnformedArgumentDoesNotReadTheLastRecordingsRow() {
        HTape tape = new HTape();
        HVar[] x = tape.variables(0.5, 0.25);
        tape.laplacian(x[0].multiply(x[1]).add(x[0].multiply(x[1])).sin(), 1);
        tape.reset();
        HVar[] z = tape.variables(0, 0, 0, 0.5);
        // d/dz3 (z3 z2) = z2 = 0: z3 is read but never formed; Laplacian -z3^2 cos(0) = -0.25
        assertEquals(-0.25, tape.laplacian(z[3].multiply(z[2]).cos(), 1), 0.0);
    }

    /** cos(x18 x17) at x17 = 0, x18 = 0.5, of 200 inputs: Laplacian -x18^2 cos(0) = -0.25. */
    private static double farProduct(HTape tape) {
        double[] x = new double[200];
        x[18] = 0.5;
        HVar[] w = tape.variables(x);
        return tape.laplacian(w[18].multiply(w[17]).cos());
    }

    @Test
    void manyInputsInChunksAfterAnotherLaplacian() {
        HTape tape = new HTape();
        assertEquals(-0.25, farProduct(tape), 0.0);
        tape.reset();
        double[] x1 = new double[17];
        x1[0] = 0.5;
        x1[1] = 0.25;
        HVar[] v = tape.variables(x1);
        HVar s = v[0].multiply(v[1]);
        for (int k = 0; k < 12; k++) {
            s = s.add(v[0].multiply(v[1]));
        }
        tape.laplacian(s.sin());
        tape.reset();
        assertEquals(-0.25, farProduct(tape), 0.0);
    }

    @Test
    void aReusedTapeGivesAFreshTapesBits() {
        Random rnd = new Random(61206);
        HTape reused = new HTape();
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 300);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(3) == 0 ? 0 : 0.5 + rnd.nextDouble(); // zeros: partials that vanish
            }
            int steps = 1 + rnd.nextInt(3 * n);
            long seed = rnd.nextLong();
            int k = 1 + rnd.nextInt(n);
            reused.reset();
            HVar y = program(reused, x, new Random(seed), steps);
            HTape fresh = new HTape();
            HVar f = program(fresh, x, new Random(seed), steps);
            String where = "trial " + trial + ", n = " + n;
            assertEquals(fresh.laplacian(f), reused.laplacian(y), 0.0, where);
            HTape other = new HTape();
            HVar o = program(other, x, new Random(seed), steps);
            assertEquals(other.laplacian(o, k), reused.laplacian(y, k), 0.0, where + ", K = " + k);
        }
    }

    /** A random DAG of products, sums and unary steps, some inputs made after recorded nodes. */
    private static HVar program(HTape tape, double[] x, Random rnd, int steps) {
        int n = x.length;
        int first = 1 + rnd.nextInt(n);
        HVar[] v = new HVar[n + steps];
        System.arraycopy(tape.variables(java.util.Arrays.copyOf(x, first)), 0, v, 0, first);
        int size = first;
        int made = first;
        for (int s = 0; s < steps; s++) {
            if (made < n && rnd.nextInt(4) == 0) {
                v[size++] = tape.variable(x[made++]);
                continue;
            }
            HVar a = v[rnd.nextInt(size)];
            HVar b = v[Math.max(0, size - 1 - rnd.nextInt(3))];
            switch (rnd.nextInt(4)) {
                case 0:
                    v[size++] = a.multiply(b);
                    break;
                case 1:
                    v[size++] = a.add(b).sin();
                    break;
                case 2:
                    v[size++] = a.multiply(b).cos();
                    break;
                default:
                    v[size++] = a.add(b.multiply(b));
                    break;
            }
        }
        while (made < n) {
            v[size++] = tape.variable(x[made++]);
        }
        HVar y = v[size - 1];
        for (int i = size - 2; i >= Math.max(0, size - 5); i--) {
            y = y.multiply(v[i]).add(y);
        }
        return y;
    }
}
