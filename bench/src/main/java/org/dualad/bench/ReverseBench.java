package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.SparseGradient;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.dualad.dual.Forward;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
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
 *
 * On a shared, overloaded machine JMH's wall-clock scores swing by 100%; {@link #main} measures
 * the same methods interleaved in one JVM by thread CPU time and prints the best round's ratios:
 * <pre>
 * java -cp bench/target/benchmarks.jar org.dualad.bench.ReverseBench 10 100 1000 10000 100000
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
        x = Rosenbrock.point(n);
        recording = Reverse.record(ReverseBench::rosenbrockReplay, x);
        // one function in several modes: its call sites see MultiDual, Var and LinVar
        Forward.gradient(ReverseBench::rosenbrockShared, x);
        Reverse.record(ReverseBench::rosenbrockShared, x);
    }

    /** The plain double evaluation: the 1x of every ratio. */
    @Benchmark
    public double plainDouble() {
        return Rosenbrock.value(x);
    }

    /** Record + sweep every call (target at n = 1000: at most 40x plain). */
    @Benchmark
    public double[] reverseGradient() {
        return Reverse.gradient(Rosenbrock::value, x);
    }

    /**
     * Record + sweep on a function that also ran in forward mode and was recorded for replay in
     * this JVM: its call sites are polymorphic, so the JIT can no longer keep the temporaries of
     * f in registers (what a user running one function in several modes sees).
     */
    @Benchmark
    public double[] sharedGradient() {
        return Reverse.gradient(ReverseBench::rosenbrockShared, x);
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
        SparseGradient y = rosenbrockPeer(in);
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
        return Rosenbrock.hipparchus(in).getGradient();
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
                double v = Rosenbrock.value(work);
                work[k] = saved;
                return v;
            };
            UnivariateDifferentiableFunction df = d.differentiate(along);
            g[i] = df.value(new DerivativeStructure(1, 1, 0, x[i])).getPartialDerivative(1);
        }
        return g;
    }

    /**
     * Ratios to the plain evaluation, by thread CPU time, interleaved in one JVM; the best of
     * seven rounds per method.
     *
     * @param args the sizes n (default 1000)
     */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] names = {"plainDouble", "reverseGradient", "replayGradient", "sparseGradient",
            "hipparchusGradient", "centralDifferences", "sharedGradient"};
        for (String arg : args.length == 0 ? new String[] {"1000"} : args) {
            ReverseBench b = new ReverseBench();
            b.n = Integer.parseInt(arg);
            b.setUp();
            double[] best = new double[names.length];
            java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
            Object sink = null;
            for (int round = 0; round < 7; round++) {
                for (int m = 0; m < names.length; m++) {
                    if (m >= 3 && m <= 5 && b.n > PEER_LIMIT) {
                        continue;
                    }
                    long budget = 200_000_000L; // 0.2 s of CPU per method and round
                    long start = mx.getCurrentThreadCpuTime();
                    long calls = 0;
                    long elapsed;
                    do {
                        for (int k = 0; k < 10; k++) {
                            switch (m) {
                                case 0: sink = b.plainDouble(); break;
                                case 1: sink = b.reverseGradient(); break;
                                case 2: sink = b.replayGradient(); break;
                                case 3: sink = b.sparseGradient(); break;
                                case 4: sink = b.hipparchusGradient(); break;
                                case 5: sink = b.centralDifferences(); break;
                                default: sink = b.sharedGradient(); break;
                            }
                        }
                        calls += 10;
                        elapsed = mx.getCurrentThreadCpuTime() - start;
                    } while (elapsed < budget);
                    best[m] = Math.min(best[m], (double) elapsed / calls);
                }
            }
            StringBuilder line = new StringBuilder("n=" + b.n + String.format(" plain %.0f ns", best[0]));
            for (int m = 1; m < names.length; m++) {
                if (best[m] < Double.POSITIVE_INFINITY) {
                    line.append(String.format(" | %s %.1fx", names[m], best[m] / best[0]));
                }
            }
            System.out.println(line + (sink == null ? "" : ""));
        }
    }

    // ---------------------------------------------------------------- the function

    // Copies of Rosenbrock.value, on purpose: the JIT profiles each method's call sites, so a
    // separate copy per number type keeps each one's sites monomorphic when main runs every
    // method in one JVM (JMH forks anyway), except in rosenbrockShared, where that is the point.

    /** Rosenbrock.value for the Commons Math peer. */
    static <T extends RealFieldElement<T>> T rosenbrockPeer(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /** Rosenbrock.value for the recording that {@link #replayGradient} replays. */
    static <T extends RealFieldElement<T>> T rosenbrockReplay(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /** Rosenbrock.value run in several modes by {@link #sharedGradient}. */
    static <T extends RealFieldElement<T>> T rosenbrockShared(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }
}
