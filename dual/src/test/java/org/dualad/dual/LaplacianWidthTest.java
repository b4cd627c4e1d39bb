package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The default Laplacian sweep's width: all n directions in one sweep when the tangent rows fit,
 * chunks as wide as fit otherwise; the result agrees with the analytic Laplacian and with every
 * explicit chunking.
 */
class LaplacianWidthTest {

    /** Extended Rosenbrock, sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 (ForwardWidthTest's too). */
    static HVar rosenbrock(HVar[] x) {
        HVar s = HTape.constant(0);
        for (int i = 0; i + 1 < x.length; i++) {
            HVar a = x[i + 1].subtract(x[i].multiply(x[i]));
            HVar b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /** d2/dx_i^2 of each term: 100 (12 x_i^2 - 4 x_{i+1}) + 2, and 200 for x_{i+1}. */
    private static double exact(double[] x) {
        double l = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            l += 100 * (12 * x[i] * x[i] - 4 * x[i + 1]) + 2 + 200;
        }
        return l;
    }

    @Test
    void wideSweepAgreesWithTheAnalyticLaplacianAndEveryChunking() {
        for (int n : new int[] {2, 127, 129, 1000, 5000}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = 0.5 + 0.3 * Math.sin(i);
            }
            HTape tape = new HTape();
            HVar y = rosenbrock(tape.variables(x));
            double wide = tape.laplacian(y);
            double l = exact(x);
            assertEquals(l, wide, 1e-12 * Math.abs(l), "n = " + n);
            for (int k : new int[] {1, 7, 128, n}) {
                assertEquals(wide, tape.laplacian(y, k), 1e-12 * Math.abs(l), "n = " + n + ", K = " + k);
            }
            // the default again on the same work arrays: the same bits
            assertEquals(Double.doubleToLongBits(wide), Double.doubleToLongBits(tape.laplacian(y)));
        }
    }

    @Test
    void anInputRecordedAfterAnOperationAndAnInputAsTheOutput() {
        // the sweep skips the tape's leading inputs in its activity pass and forms them in a loop of
        // their own; an input recorded later is one of the nodes above them
        HTape t = new HTape();
        HVar x = t.variable(0.3);
        HVar y = t.variable(-1.2);
        HVar u = x.multiply(y).sin();
        HVar z = t.variable(0.7);
        HVar f = u.multiply(z).add(z.multiply(z).multiply(x)).add(y.exp()).add(z.log().multiply(u));
        double trace = org.ejml.dense.row.CommonOps_DDRM.trace(t.hessian(f));
        assertEquals(trace, t.laplacian(f), 1e-14 * Math.abs(trace));
        assertEquals(trace, t.laplacian(f, 1), 1e-14 * Math.abs(trace));
        HTape s = new HTape();
        HVar[] v = s.variables(1, 2);
        assertEquals(0.0, s.laplacian(v[1]), 0);
        assertEquals(2.0, s.laplacian(v[1].multiply(v[1]).add(3)), 0); // one node: p = 2 x, q = 2
        assertEquals(2.0, s.laplacian(v[1].multiply(v[1]), 1), 0);
    }

    @Test
    void widthIsNWhenTheRowsFitElseTheWidestChunkThatFitsButNeverBelowTheDefault() {
        // 3 rows alive (and row 0) of 1000 doubles: 32 000 bytes
        assertEquals(1000, HSweeps.LapWork.width(3, 1000, 128, 32_000));
        // one byte short: the widest balanced chunk that fits (999 doubles a row: 2 chunks of 500)
        assertEquals(500, HSweeps.LapWork.width(3, 1000, 128, 31_999));
        // room for 100 doubles a row only: the default chunk of 128 stays
        assertEquals(128, HSweeps.LapWork.width(3, 1000, 128, 3_200));
        // the budget the default sweep uses: 4 MB for a small tape
        assertEquals(1 << 22, HSweeps.LapWork.ROW_BUDGET);
        assertEquals(100_000, HSweeps.LapWork.width(4, 100_000, 128, HSweeps.LapWork.ROW_BUDGET));
        assertEquals(Forward.chunkSize(100_000, (int) (HSweeps.LapWork.ROW_BUDGET / (8 * 6))),
                HSweeps.LapWork.width(5, 100_000, 128, HSweeps.LapWork.ROW_BUDGET));
    }
}
