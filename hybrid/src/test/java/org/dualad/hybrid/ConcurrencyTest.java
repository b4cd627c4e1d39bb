package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dualad.ScalarFunction;
import org.junit.jupiter.api.Test;

/** Several threads computing Hessians, HVPs and Laplacians at once get the serial results, bitwise. */
class ConcurrencyTest {

    private static double[] point(int i, int n) {
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = 0.5 + 0.3 * Math.sin(i + j);
        }
        return x;
    }

    private static double[] all(ScalarFunction f, double[] x) {
        double[] h = Hybrid.hessian(f, x).data;
        double[] hv = Hybrid.hvp(f, x, x);
        double[] r = new double[h.length + hv.length + 2];
        System.arraycopy(h, 0, r, 0, h.length);
        System.arraycopy(hv, 0, r, h.length, hv.length);
        r[r.length - 2] = Hybrid.laplacian(f, x);
        r[r.length - 1] = Hybrid.laplacianEstimate(f, x, 8, 42).estimate();
        return r;
    }

    @Test
    void concurrentResultsEqualSerialOnes() throws Exception {
        ScalarFunction[] fs = {TestFunctions::rosenbrock, TestFunctions::mixed, TestFunctions::logSumExp};
        int jobs = 24;
        List<double[]> serial = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            serial.add(all(fs[i % 3], point(i, 20 + i % 7)));
        }
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < jobs; i++) {
                    int k = i;
                    Callable<double[]> c = () -> all(fs[k % 3], point(k, 20 + k % 7));
                    futures.add(ex.submit(c));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(serial.get(i % jobs), futures.get(i).get(), 0, "job " + i);
            }
            assertEquals(3 * jobs, futures.size());
        } finally {
            ex.shutdown();
        }
    }
}
