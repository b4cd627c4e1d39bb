package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.junit.jupiter.api.Test;

/** The stochastic Laplacian: unbiased, honest about its error, reproducible. */
class HutchinsonTest {

    static <T extends RealFieldElement<T>> T separable(T[] x) {
        T s = x[0].getField().getZero();
        for (T xi : x) {
            s = s.add(xi.sin()).add(xi.pow(4));
        }
        return s;
    }

    @Test
    void zScoresAgainstTheExactLaplacianStayWithinBounds() {
        ScalarFunction f = TestFunctions::mixed;
        double[] x = {0.3, -0.7, 1.1, 0.2, -1.4, 0.9};
        double exact = Hybrid.laplacian(f, x);
        int seeds = 300;
        int beyond3 = 0;
        double sumZ = 0;
        double sumZ2 = 0;
        for (long seed = 0; seed < seeds; seed++) {
            LaplacianEstimate e = Hybrid.laplacianEstimate(f, x, 64, seed);
            assertEquals(64, e.samples());
            double z = (e.estimate() - exact) / e.standardError();
            sumZ += z;
            sumZ2 += z * z;
            if (Math.abs(z) > 3) {
                beyond3++;
            }
        }
        double meanZ = sumZ / seeds;
        double varZ = sumZ2 / seeds - meanZ * meanZ;
        // for a standard normal: |z| > 3 in 0.27% (about 1 of 300); the mean of 300 z-scores has
        // standard deviation 0.058, their variance is about 1 (t-like tails widen it a little)
        assertTrue(beyond3 <= 6, beyond3 + " of " + seeds + " z-scores beyond 3");
        assertTrue(Math.abs(meanZ) < 0.25, "mean z " + meanZ);
        assertTrue(varZ > 0.7 && varZ < 1.5, "variance of z " + varZ);
    }

    @Test
    void reproducibleFromTheSeed() {
        ScalarFunction f = TestFunctions::logSumExp;
        double[] x = {0.3, -0.7, 1.1, 0.2};
        LaplacianEstimate a = Hybrid.laplacianEstimate(f, x, 50, 2026);
        assertEquals(a, Hybrid.laplacianEstimate(f, x, 50, 2026));
        assertNotEquals(a, Hybrid.laplacianEstimate(f, x, 50, 2027));
        assertTrue(a.toString().startsWith("LaplacianEstimate[") && a.toString().contains("(50 samples)"), a.toString());
    }

    @Test
    void aDiagonalHessianIsEstimatedExactly() {
        double[] x = {0.3, -0.7, 1.1};
        LaplacianEstimate e = Hybrid.laplacianEstimate(HutchinsonTest::separable, x, 5, 1);
        double exact = Hybrid.laplacian(HutchinsonTest::separable, x);
        assertEquals(exact, e.estimate(), 1e-13 * Math.abs(exact));
        assertEquals(0, e.standardError(), 1e-12);
        assertEquals(5, e.samples());
    }
}
