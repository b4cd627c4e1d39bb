package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The per-call cost of a gradient from n = 10^3 to 10^7 on the extended Rosenbrock function,
 * beside the plain double evaluation (the 1x): an optimizer's loop calling {@link Reverse#gradient}
 * and {@link Hybrid#gradient} at one size, each call on its thread's scratch tape. Flat ratios mean
 * no cost cliff as the tape outgrows a reuse limit. Each (method, n) runs in a JVM of its own with
 * an 8 GB heap (n = 10^7 records 4 x 10^7 nodes: 1.3 GB of edge tape, 3.8 GB of second-order
 * tape).
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -jar bench/target/benchmarks.jar TapeMemoryBench -prof gc
 * </pre>
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes a call allocates: the same per
 * input at every n when no call regrows its tape (the load-independent check of no cliff).
 *
 * On a shared, overloaded machine JMH's wall-clock scores swing by 100% and more; {@link #main}
 * measures the same methods interleaved in one JVM by the thread's CPU time plus the collector's
 * pause time (the cost of dropping and regrowing tapes is partly the collector's), and prints the
 * best round's ratios:
 * <pre>
 * java -Xmx10g -cp bench/target/benchmarks.jar org.dualad.bench.TapeMemoryBench 1000 10000 100000 1000000 10000000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
public class TapeMemoryBench {
    @Param({"1000", "10000", "100000", "1000000", "10000000"})
    public int n;

    private double[] x;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    /**
     * Prepares the benchmark and, in the several setting, runs every other method first.
     *
     * @param params JMH's description of the measured benchmark
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        setUp();
        Several.warm(this, params, setting, 300);
    }

    /** Prepares the benchmark. */
    void setUp() {
        x = Rosenbrock.point(n);
    }

    /** The plain double evaluation: the 1x. */
    @Benchmark
    public double plainDouble() {
        return Rosenbrock.value(x);
    }

    /** Record + sweep on the edge tape, every call. */
    @Benchmark
    public double[] reverseGradient() {
        return Reverse.gradient(Rosenbrock::value, x);
    }

    /** Record + sweep on the second-order tape, every call. */
    @Benchmark
    public double[] hybridGradient() {
        return Hybrid.gradient(Rosenbrock::value, x);
    }

    /** The collectors' total pause time so far, in nanoseconds. */
    private static long gcNanos() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc
                : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(gc.getCollectionTime(), 0);
        }
        return ms * 1_000_000;
    }

    /**
     * Per-call cost (thread CPU time plus collector pauses) and its ratio to the plain evaluation,
     * interleaved in one JVM; the best of five rounds per method.
     *
     * @param args the sizes n (default 1000)
     */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        String[] names = {"plainDouble", "reverseGradient", "hybridGradient"};
        Object sink = null;
        for (String arg : args.length == 0 ? new String[] {"1000"} : args) {
            TapeMemoryBench b = new TapeMemoryBench();
            b.n = Integer.parseInt(arg);
            b.setUp();
            double[] best = new double[names.length];
            java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
            for (int round = 0; round < 5; round++) {
                for (int m = 0; m < names.length; m++) {
                    long budget = 300_000_000L; // 0.3 s per method and round, and at least 3 calls
                    long start = mx.getCurrentThreadCpuTime() + gcNanos();
                    long calls = 0;
                    long elapsed;
                    int batch = Math.max(1, 1_000_000 / b.n); // clock reads cost about a microsecond
                    do {
                        for (int k = 0; k < batch; k++) {
                            switch (m) {
                                case 0: sink = b.plainDouble(); break;
                                case 1: sink = b.reverseGradient(); break;
                                default: sink = b.hybridGradient(); break;
                            }
                        }
                        calls += batch;
                        elapsed = mx.getCurrentThreadCpuTime() + gcNanos() - start;
                    } while (elapsed < budget || calls < 3);
                    best[m] = Math.min(best[m], (double) elapsed / calls);
                }
            }
            StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "n=%d plain %.2f ns/input",
                    b.n, best[0] / b.n));
            for (int m = 1; m < names.length; m++) {
                line.append(String.format(java.util.Locale.ROOT, " | %s %.1f ns/input = %.1fx", names[m],
                        best[m] / b.n, best[m] / best[0]));
            }
            System.out.println(line);
        }
        if (sink == null) {
            System.out.println("(no result)");
        }
    }
}
