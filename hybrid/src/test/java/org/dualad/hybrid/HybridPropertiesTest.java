package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.dualad.ScalarFunction;
import org.dualad.dual.Forward;
import org.ejml.data.DMatrixRMaj;

/** Hessians, HVPs and Laplacians agree with each other and with independent references. */
class HybridPropertiesTest {
    private static final double TOL = 1e-11;

    @Provide
    Arbitrary<Tuple.Tuple2<String, double[]>> programAndPoint() {
        Arbitrary<String> names = Arbitraries.of("rosenbrock", "logSumExp", "mixed", "rational");
        Arbitrary<double[]> points = Arbitraries.integers().between(1, 7).flatMap(n ->
                Arbitraries.doubles().between(-2, 2).array(double[].class).ofSize(n));
        return Combinators.combine(names, points).as(Tuple::of);
    }

    /** The order-2 DerivativeStructure Hessian: the independent reference. */
    static double[][] dsHessian(ScalarFunction f, double[] x) {
        int n = x.length;
        DerivativeStructure[] in = new DerivativeStructure[n];
        for (int i = 0; i < n; i++) {
            in[i] = new DerivativeStructure(n, 2, i, x[i]);
        }
        DerivativeStructure y = f.value(in);
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int[] orders = new int[n];
                orders[i]++;
                orders[j]++;
                h[i][j] = y.getPartialDerivative(orders);
            }
        }
        return h;
    }

    private static void close(double expected, double actual, double scale, String what) {
        if (!(Math.abs(expected - actual) <= TOL * Math.max(1, scale))) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }

    private static double maxAbs(double[][] h) {
        double m = 0;
        for (double[] r : h) {
            for (double v : r) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    @Property(tries = 150)
    void hessianIsSymmetricAndEqualsDerivativeStructureAndForward(
            @ForAll("programAndPoint") Tuple.Tuple2<String, double[]> c,
            @ForAll @IntRange(min = 1, max = 8) int directions) {
        ScalarFunction f = TestFunctions.byName(c.get1());
        double[] x = c.get2();
        int n = x.length;
        double[][] ref = dsHessian(f, x);
        double scale = maxAbs(ref);
        DMatrixRMaj h = Hybrid.hessian(f, x, directions);
        DMatrixRMaj hd = Hybrid.hessian(f, x);
        DMatrixRMaj fw = Forward.hessian(f, x);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(h.get(i, j), h.get(j, i), 0, "exact symmetry");
                close(ref[i][j], h.get(i, j), scale, c.get1() + " H(" + i + "," + j + ") with " + directions + " directions");
                close(ref[i][j], hd.get(i, j), scale, c.get1() + " H(" + i + "," + j + ") default directions");
                close(fw.get(i, j), h.get(i, j), scale, c.get1() + " H(" + i + "," + j + ") vs Forward.hessian");
            }
        }
    }

    @Property(tries = 150)
    void laplacianEqualsTraceOfHessian(@ForAll("programAndPoint") Tuple.Tuple2<String, double[]> c) {
        ScalarFunction f = TestFunctions.byName(c.get1());
        double[] x = c.get2();
        DMatrixRMaj h = Hybrid.hessian(f, x);
        double trace = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            trace += h.get(i, i);
            scale += Math.abs(h.get(i, i));
        }
        close(trace, Hybrid.laplacian(f, x), scale, c.get1() + " laplacian vs trace");
    }

    @Property(tries = 150)
    void hvpEqualsHessianTimesV(@ForAll("programAndPoint") Tuple.Tuple2<String, double[]> c,
                               @ForAll long vSeed) {
        ScalarFunction f = TestFunctions.byName(c.get1());
        double[] x = c.get2();
        int n = x.length;
        java.util.SplittableRandom r = new java.util.SplittableRandom(vSeed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        DMatrixRMaj h = Hybrid.hessian(f, x);
        double[] hv = Hybrid.hvp(f, x, v);
        for (int i = 0; i < n; i++) {
            double s = 0;
            double scale = 0;
            for (int j = 0; j < n; j++) {
                s += h.get(i, j) * v[j];
                scale += Math.abs(h.get(i, j) * v[j]);
            }
            close(s, hv[i], scale, c.get1() + " (Hv)_" + i);
        }
    }

    @Property(tries = 100)
    void gradientAndValueAgreeWithForward(@ForAll("programAndPoint") Tuple.Tuple2<String, double[]> c) {
        ScalarFunction f = TestFunctions.byName(c.get1());
        double[] x = c.get2();
        double[] g = Forward.gradient(f, x);
        ValueGradientHessian r = Hybrid.valueGradientHessian(f, x);
        double[] g2 = Hybrid.gradient(f, x);
        double scale = 0;
        for (double v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < x.length; i++) {
            close(g[i], r.gradient()[i], scale, c.get1() + " gradient " + i);
            assertEquals(r.gradient()[i], g2[i], 0, "valueGradientHessian vs gradient");
        }
        assertEquals(Forward.valueAndGradient(f, x).value(), r.value(), 0);
        assertEquals(r.hessian(), r.hessian());
    }
}
