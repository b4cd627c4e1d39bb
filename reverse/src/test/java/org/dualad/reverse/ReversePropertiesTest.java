package org.dualad.reverse;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.Dual;
import org.ejml.data.DMatrixRMaj;

/** Reverse mode equals forward mode (Dual, one pass per input) on random points. */
class ReversePropertiesTest {

    /** Many ops at once, defined on all of [-3, 3]^3. */
    static <T extends RealFieldElement<T>> T mixed(T[] x) {
        T a = x[0].multiply(x[1]).sin().add(x[2].multiply(x[2]).negate().exp().multiply(x[0].divide(3).cosh()));
        T b = x[1].multiply(x[1]).log1p().multiply(x[2].atan()).add(x[0].hypot(x[2]));
        T c = x[0].multiply(x[0]).add(1).sqrt().add(x[1].subtract(x[2]).tanh().multiply(x[0].sin().add(1.5).pow(x[1].divide(4))));
        T d = x[2].atan2(x[0].add(4)).multiply(x[1].cbrt()).add(x[0].divide(x[1].multiply(x[1]).add(1)));
        return a.add(b).multiply(c).subtract(d.multiply(d)).add(x[1].asinh().multiply(x[2].cos()));
    }

    static <T extends RealFieldElement<T>> T[] mixedVector(T[] x) {
        T[] r = MathArrays.buildArray(x[0].getField(), 3);
        r[0] = mixed(x);
        r[1] = x[0].multiply(x[1]).multiply(x[2]).add(x[1].exp());
        r[2] = x[2].sin().divide(x[0].multiply(x[0]).add(2));
        return r;
    }

    private static double[] forwardGradient(ScalarFunction f, double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            Dual[] in = MathArrays.buildArray(Dual.FIELD, x.length);
            for (int j = 0; j < x.length; j++) {
                in[j] = j == i ? Dual.variable(x[j]) : Dual.constant(x[j]);
            }
            g[i] = f.value(in).tangent();
        }
        return g;
    }

    private static boolean close(double[] a, double[] b, double rel) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > rel * Math.max(1, Math.abs(a[i]))) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 300)
    boolean mixedGradientEqualsForward(@ForAll @DoubleRange(min = -3, max = 3) double x0,
            @ForAll @DoubleRange(min = -3, max = 3) double x1, @ForAll @DoubleRange(min = -3, max = 3) double x2) {
        double[] x = {x0, x1, x2};
        return close(forwardGradient(ReversePropertiesTest::mixed, x), Reverse.gradient(ReversePropertiesTest::mixed, x), 1e-12);
    }

    @Property(tries = 100)
    boolean rosenbrockGradientEqualsForward(@ForAll @Size(min = 2, max = 40) double[] raw) {
        double[] x = Arrays.stream(raw).map(v -> Double.isFinite(v) ? Math.IEEEremainder(v, 4) : 0.5).toArray();
        return close(forwardGradient(Fns::rosenbrock, x), Reverse.gradient(Fns::rosenbrock, x), 1e-12);
    }

    @Property(tries = 200)
    boolean replayEqualsRecording(@ForAll @DoubleRange(min = -3, max = 3) double x0,
            @ForAll @DoubleRange(min = -3, max = 3) double x1, @ForAll @DoubleRange(min = -3, max = 3) double x2) {
        Recording r = REPLAY.get();
        double[] x = {x0, x1, x2};
        return RecordingTest.replayed(Reverse.valueAndGradient(ReversePropertiesTest::mixed, x), r.valueAndGradient(x))
                && r.reRecordings() == 0;
    }

    private static final ThreadLocal<Recording> REPLAY =
            ThreadLocal.withInitial(() -> Reverse.record(ReversePropertiesTest::mixed, 0.1, 0.2, 0.3));

    @Property(tries = 100)
    boolean jacobianAndVjpEqualForward(@ForAll @DoubleRange(min = -3, max = 3) double x0,
            @ForAll @DoubleRange(min = -3, max = 3) double x1, @ForAll @DoubleRange(min = -3, max = 3) double x2,
            @ForAll @DoubleRange(min = -2, max = 2) double u0) {
        double[] x = {x0, x1, x2};
        VectorFunction f = ReversePropertiesTest::mixedVector;
        DMatrixRMaj j = Reverse.jacobian(f, x);
        double[] u = {u0, 1, -0.5};
        double[] vjp = Reverse.vjp(f, x, u);
        for (int i = 0; i < 3; i++) {
            Dual[] in = MathArrays.buildArray(Dual.FIELD, 3);
            for (int k = 0; k < 3; k++) {
                in[k] = k == i ? Dual.variable(x[k]) : Dual.constant(x[k]);
            }
            Dual[] col = f.value(in);
            double weighted = 0;
            for (int k = 0; k < 3; k++) {
                double fwd = col[k].tangent();
                if (Math.abs(fwd - j.get(k, i)) > 1e-12 * Math.max(1, Math.abs(fwd))) {
                    return false;
                }
                weighted += u[k] * fwd;
            }
            if (Math.abs(weighted - vjp[i]) > 1e-12 * Math.max(1, Math.abs(weighted))) {
                return false;
            }
        }
        return true;
    }
}
