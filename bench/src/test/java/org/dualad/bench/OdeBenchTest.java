package org.dualad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dualad.reverse.Reverse;
import org.junit.jupiter.api.Test;

/** {@link OdeBench}'s methods compute the same solution and the same derivatives. */
class OdeBenchTest {
    @Test
    void everyMethodComputesTheSameDerivatives() {
        OdeBench b = new OdeBench();
        double generic = Reverse.valueAndGradient(OdeBench::logistic, b.p).value();
        // Commons Math's double and field integrators take the same steps in the same arithmetic order
        assertEquals(Double.doubleToLongBits(generic), Double.doubleToLongBits(b.plain()), "plain twin");
        assertEquals(generic, b.decimal64(), 0, "Decimal64");
        b.setting = "alone";
        b.setUpRecording();
        double[] g = b.reverseGradient();
        double[][] others = {b.forwardGradient(), b.dualNumbersGradient(), b.replay(), b.replayUnguarded(),
            b.replayInterpreted(), b.ds1Gradient(), b.finiteDifferences()};
        String[] names = {"forward", "dual numbers", "replay", "unguarded replay", "interpreted replay",
            "DerivativeStructure", "finite differences"};
        for (int m = 0; m < others.length; m++) {
            double tol = m == others.length - 1 ? 1e-7 : 1e-13;
            for (int i = 0; i < 3; i++) {
                assertEquals(g[i], others[m][i], tol * Math.abs(g[i]), names[m] + ", entry " + i);
            }
        }
        double[] h = b.hessian();
        double[] ds = b.ds2Hessian();   // upper triangle, row by row
        int[][] upper = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};
        for (int e = 0; e < upper.length; e++) {
            double he = h[3 * upper[e][0] + upper[e][1]];
            assertEquals(he, ds[e], 1e-12 * Math.max(1, Math.abs(he)), "Hessian entry " + e);
        }
    }
}
