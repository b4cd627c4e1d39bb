package org.dualad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.util.Decimal64;
import org.dualad.reverse.Reverse;
import org.hipparchus.util.Binary64;
import org.junit.jupiter.api.Test;

/**
 * The plain and Hipparchus twins of every benchmark function compute the generic function's
 * expression in its order, bit for bit. A twin that groups differently (s += a + b where f
 * computes (s + a) + b) runs another dependency chain, and every ratio to it would measure that
 * difference along with the mode.
 */
class TwinsTest {
    private static final int[] SIZES = {10, 100, 1000};

    @Test
    void anchorTwinsRoundAsTheGenericFunction() {
        for (String function : Anchors.NAMES) {
            for (int size : SIZES) {
                if (function.equals("logSumExp") && size > 100) {
                    continue;
                }
                double[] x = Anchors.point(function, size);
                // DualAD's value: its rules call java.lang.Math, as the plain twin does
                double generic = Reverse.valueAndGradient(Anchors.function(function), x).value();
                String where = function + " n=" + size;
                assertEquals(bits(generic), bits(Anchors.plain(function, x)), where + ": plain twin");
                // Hipparchus' exp and tanh (its FastMath) may differ from java.lang.Math's by an ulp
                double peer = Anchors.hipparchus(function, binaries(x)).getReal();
                assertEquals(generic, peer, 4 * Math.ulp(generic), where + ": Hipparchus twin");
            }
        }
    }

    @Test
    void rosenbrockTwinsRoundAsTheGenericFunction() {
        for (int size : SIZES) {
            double[] x = Rosenbrock.point(size);
            double generic = Rosenbrock.value(decimals(x)).doubleValue();
            assertEquals(bits(generic), bits(Rosenbrock.value(x)), "plain twin n=" + size);
            assertEquals(bits(generic), bits(Rosenbrock.hipparchus(binaries(x)).getReal()), "Hipparchus twin n=" + size);
        }
    }

    @Test
    void hybridBenchTwinsRoundAsTheGenericFunctions() {
        for (int size : SIZES) {
            double[] x = HybridBench.point(size);
            assertEquals(bits(Reverse.valueAndGradient(HybridBench::rosenbrock, x).value()),
                    bits(HybridBench.rosenbrock(x)), "rosenbrock n=" + size);
            assertEquals(bits(Reverse.valueAndGradient(HybridBench::logSumExp, x).value()),
                    bits(HybridBench.logSumExp(x)), "logSumExp n=" + size);
        }
    }

    @Test
    void newtonBenchTwinRoundsAsTheGenericFunction() {
        for (int size : SIZES) {
            double[] x = HybridBench.point(size);
            assertEquals(bits(Reverse.valueAndGradient(NewtonBench::convexChain, x).value()),
                    bits(NewtonBench.convexChain(x)), "convexChain n=" + size);
        }
    }

    @Test
    void curveFitBenchTwinsRoundAsTheGenericModelsAndThePeerAgrees() {
        for (String model : new String[] {"misra1a", "chwirut2", "hahn1", "gauss1"}) {
            CurveFitBench bench = new CurveFitBench();
            bench.model = model;
            bench.setUp();
            double[] plain = bench.plainPredictions();
            org.apache.commons.math3.util.Pair<org.apache.commons.math3.linear.RealVector,
                    org.apache.commons.math3.linear.RealMatrix> dualad = bench.curveFit();
            double[][] peer = bench.derivativeStructure();
            int p = peer[0].length - 1;
            for (int i = 0; i < plain.length; i++) {
                assertEquals(bits(dualad.getFirst().getEntry(i)), bits(plain[i]), model + ": plain twin at " + i);
                assertEquals(peer[i][p], plain[i], 1e-14 * Math.abs(plain[i]), model + ": peer's value at " + i);
                for (int j = 0; j < p; j++) {
                    double d = dualad.getSecond().getEntry(i, j);
                    assertEquals(peer[i][j], d, 1e-12 * Math.abs(peer[i][j]) + 1e-300,
                            model + ": J(" + i + ", " + j + ") against the peer");
                }
            }
        }
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static Decimal64[] decimals(double[] x) {
        Decimal64[] d = new Decimal64[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = new Decimal64(x[i]);
        }
        return d;
    }

    private static Binary64[] binaries(double[] x) {
        Binary64[] d = new Binary64[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = new Binary64(x[i]);
        }
        return d;
    }
}
