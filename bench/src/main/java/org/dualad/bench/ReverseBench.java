package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.SparseGradient;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.Gradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reverse mode on the extended Rosenbrock function f(x) = sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2
 * at x[i] = 0.5 + 0.3 sin(i), side by side in one run: plain double evaluation (the 1x), a full
 * gradient by {@link Reverse#gradient} (record + sweep every call), a replay of a
 * {@link Recording}, Commons Math {@code SparseGradient}, Hipparchus {@code Gradient} and central
 * finite differences by Commons Math's {@code FiniteDifferencesDifferentiator} (the three peers
 * only at n &lt;= 1000: their cost grows as n^2).
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -jar bench/target/benchmarks.jar ReverseBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReverseBench {
    /** The peers are quadratic in n: run them only up to here. */
    private static final int PEER_LIMIT = 1000;

    @Param({"10", "100", "1000", "10000", "100000"})
    public int n;

    private double[] x;
    private Recording recording;

    @Setup
    public void setUp() {
        x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        recording = Reverse.record(ReverseBench::rosenbrock, x);
    }

    /** The plain double evaluation: the 1x of every ratio. */
    @Benchmark
    public double plainDouble() {
        double s = 0;
        double[] v = x;
        for (int i = 0; i + 1 < v.length; i++) {
            double a = v[i + 1] - v[i] * v[i];
            double b = 1 - v[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }

    /** Record + sweep every call (target at n = 1000: at most 40x plain). */
    @Benchmark
    public double[] reverseGradient() {
        return Reverse.gradient(ReverseBench::rosenbrock, x);
    }

    /** Replay of a recording (target at n = 1000: at most 25x plain). */
    @Benchmark
    public double[] replayGradient() {
        return recording.gradient(x);
    }

    @Benchmark
    public double[] sparseGradient() {
        if (n > PEER_LIMIT) {
            return null;
        }
        SparseGradient[] in = new SparseGradient[n];
        for (int i = 0; i < n; i++) {
            in[i] = SparseGradient.createVariable(i, x[i]);
        }
        SparseGradient y = rosenbrock(in);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = y.getDerivative(i);
        }
        return g;
    }

    @Benchmark
    public double[] hipparchusGradient() {
        if (n > PEER_LIMIT) {
            return null;
        }
        Gradient[] in = new Gradient[n];
        for (int i = 0; i < n; i++) {
            in[i] = Gradient.variable(n, i, x[i]);
        }
        return hipparchus(in).getGradient();
    }

    /** Central differences, 3 points per input, by Commons Math's differentiator. */
    @Benchmark
    public double[] centralDifferences() {
        if (n > PEER_LIMIT) {
            return null;
        }
        FiniteDifferencesDifferentiator d = new FiniteDifferencesDifferentiator(3, 1e-6);
        double[] work = x.clone();
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            final int k = i;
            UnivariateFunction along = t -> {
                double saved = work[k];
                work[k] = t;
                double v = plain(work);
                work[k] = saved;
                return v;
            };
            UnivariateDifferentiableFunction df = d.differentiate(along);
            g[i] = df.value(new DerivativeStructure(1, 1, 0, x[i])).getPartialDerivative(1);
        }
        return g;
    }

    // ---------------------------------------------------------------- the function

    static double plain(double[] v) {
        double s = 0;
        for (int i = 0; i + 1 < v.length; i++) {
            double a = v[i + 1] - v[i] * v[i];
            double b = 1 - v[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }

    /** Over any RealFieldElement (Var, SparseGradient), written as the forward-mode benchmark has it. */
    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /** The same over Hipparchus' field elements. */
    static <T extends CalculusFieldElement<T>> T hipparchus(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }
}
