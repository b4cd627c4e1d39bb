package org.dualad.hybrid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Gradients wider than {@link ForwardLaplacian#EAGER_SPAN}: the lazy representation. */
class ForwardLaplacianWideTest {

    @Provide
    Arbitrary<Tuple.Tuple2<String, double[]>> wide() {
        // not "rational": its product of n factors overflows for n this large
        Arbitrary<String> names = Arbitraries.of("rosenbrock", "logSumExp", "mixed");
        Arbitrary<double[]> points = Arbitraries.integers().between(ForwardLaplacian.EAGER_SPAN + 1, 90)
                .flatMap(n -> Arbitraries.doubles().between(-1.5, 1.5).array(double[].class).ofSize(n));
        return Combinators.combine(names, points).as(Tuple::of);
    }

    @Property(tries = 25)
    void laplacianAndGradientEqualTheTapesOnWideInputs(@ForAll("wide") Tuple.Tuple2<String, double[]> c) {
        ScalarFunction f = TestFunctions.byName(c.get1());
        double[] x = c.get2();
        int n = x.length;
        ValueGradientHessian r = Hybrid.valueGradientHessian(f, x);
        double trace = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            trace += r.hessian().get(i, i);
            scale += Math.abs(r.hessian().get(i, i));
        }
        ForwardLaplacian[] in = new ForwardLaplacian[n];
        for (int i = 0; i < n; i++) {
            in[i] = ForwardLaplacian.variable(x[i], i, n);
        }
        ForwardLaplacian y = f.value(in);
        if (!(Math.abs(trace - y.laplacian()) <= 1e-11 * Math.max(1, scale))) {
            fail(c.get1() + " n=" + n + ": trace " + trace + " but laplacian " + y.laplacian());
        }
        double[] g = y.gradient();
        for (int i = 0; i < n; i++) {
            assertEquals(r.gradient()[i], g[i], 1e-11 * Math.max(1, Math.abs(r.gradient()[i])), "gradient " + i);
        }
        // Hybrid.laplacian sweeps the HTape (an independent computation): equal to rounding
        assertEquals(Hybrid.laplacian(f, x), y.laplacian(), 1e-12 * Math.max(1, scale));
    }

    /** z = z + z sixty times over a wide J: 2^60 paths, one visit per node. */
    static <T extends RealFieldElement<T>> T doubling(T[] x) {
        T z = x[0];
        for (int i = 1; i < x.length; i++) {
            z = z.add(x[i].multiply(i));
        }
        for (int k = 0; k < 60; k++) {
            z = z.add(z);
        }
        return z.multiply(Math.scalb(1.0, -60)).pow(2);
    }

    @Test
    void sharedLazySubgraphsAreFormedOnce() {
        double[] x = new double[50];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i);
        }
        double lap = Hybrid.laplacian(ForwardLaplacianWideTest::doubling, x);
        // f = (sum i x_i)^2 with weight 1 for x_0: Laplacian 2 (1 + sum_{i>=1} i^2)
        double expected = 2;
        for (int i = 1; i < x.length; i++) {
            expected += 2.0 * i * i;
        }
        assertEquals(expected, lap, 1e-12 * expected);
        DMatrixRMaj h = Hybrid.hessian(ForwardLaplacianWideTest::doubling, x);
        double trace = 0;
        for (int i = 0; i < x.length; i++) {
            trace += h.get(i, i);
        }
        assertEquals(trace, lap, 1e-12 * expected);
        // the same on ForwardLaplacian numbers (Hybrid.laplacian now sweeps the HTape)
        ForwardLaplacian[] in = new ForwardLaplacian[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = ForwardLaplacian.variable(x[i], i, x.length);
        }
        assertEquals(expected, doubling(in).laplacian(), 1e-12 * expected);
    }

    @Test
    void aLazyNumberEqualsAndHashesAsItsFormedTwin() {
        int n = 40;
        ForwardLaplacian s = ForwardLaplacian.constant(0, n);
        ForwardLaplacian t = ForwardLaplacian.constant(0, n);
        for (int i = 0; i < n; i++) {
            s = s.add(ForwardLaplacian.variable(1, i, n));
        }
        for (int i = n - 1; i >= 0; i--) {
            t = t.add(ForwardLaplacian.variable(1, i, n));
        }
        assertEquals(s, t);
        assertEquals(s.hashCode(), t.hashCode());
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        assertArrayEquals(ones, s.gradient());
        ValueAndGradient vg = Hybrid.valueAndGradient(TestFunctions::rosenbrock, ones);
        assertEquals(0, vg.value());
    }
}
