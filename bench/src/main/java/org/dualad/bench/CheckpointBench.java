package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.reverse.Checkpoint;
import org.dualad.reverse.Reverse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Reverse mode through T steps of RK4 on a damped pendulum: the plain double loop, the whole loop
 * recorded on one tape ({@code Reverse.gradient} of the unrolled loop: memory grows with T), and
 * {@link Checkpoint#gradient} with the default O(sqrt T) snapshots and with O(log T) snapshots.
 * Each call takes seconds, so single shots:
 *
 * <pre>
 * java -Xmx8g -jar bench/target/benchmarks.jar CheckpointBench -p steps=1000000
 * </pre>
 * (The RK4 step is a copy of the test's, kept here so the benchmark stands alone.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
public class CheckpointBench {
    static final double H = 0.001;
    static final double[] X0 = {1.2, -0.3};
    static final double[] P = {9.81, 0.15};

    /** The number of steps T. */
    @Param({"1000000"})
    public int steps;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    /**
     * In the several setting, runs every other method first.
     *
     * @param params JMH's description of the measured benchmark
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        Several.warm(this, params, setting, 300);
    }

    static <T extends RealFieldElement<T>> T[] rk4(int t, T[] x, T[] p) {
        T[] k1 = rhs(x, p);
        T[] k2 = rhs(axpy(x, k1, H / 2), p);
        T[] k3 = rhs(axpy(x, k2, H / 2), p);
        T[] k4 = rhs(axpy(x, k3, H), p);
        T[] y = MathArrays.buildArray(x[0].getField(), 2);
        for (int i = 0; i < 2; i++) {
            y[i] = x[i].add(k1[i].add(k2[i].multiply(2)).add(k3[i].multiply(2)).add(k4[i]).multiply(H / 6));
        }
        return y;
    }

    static <T extends RealFieldElement<T>> T[] rhs(T[] x, T[] p) {
        T[] d = MathArrays.buildArray(x[0].getField(), 2);
        d[0] = x[1];
        d[1] = p[0].multiply(x[0].sin()).add(p[1].multiply(x[1])).negate();
        return d;
    }

    static <T extends RealFieldElement<T>> T[] axpy(T[] x, T[] k, double a) {
        T[] y = MathArrays.buildArray(x[0].getField(), x.length);
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].add(k[i].multiply(a));
        }
        return y;
    }

    static <T extends RealFieldElement<T>> T energy(T[] x) {
        return x[1].multiply(x[1]).multiply(0.5).add(x[0].cos().negate().add(1));
    }

    /** The same loop on primitive doubles. */
    @Benchmark
    public double plainLoop() {
        double x = X0[0];
        double v = X0[1];
        for (int t = 0; t < steps; t++) {
            double k1x = v;
            double k1v = -(P[0] * Math.sin(x) + P[1] * v);
            double x2 = x + H / 2 * k1x;
            double v2 = v + H / 2 * k1v;
            double k2x = v2;
            double k2v = -(P[0] * Math.sin(x2) + P[1] * v2);
            double x3 = x + H / 2 * k2x;
            double v3 = v + H / 2 * k2v;
            double k3x = v3;
            double k3v = -(P[0] * Math.sin(x3) + P[1] * v3);
            double x4 = x + H * k3x;
            double v4 = v + H * k3v;
            double k4x = v4;
            double k4v = -(P[0] * Math.sin(x4) + P[1] * v4);
            x += (k1x + 2 * k2x + 2 * k3x + k4x) * (H / 6);
            v += (k1v + 2 * k2v + 2 * k3v + k4v) * (H / 6);
        }
        return 0.5 * v * v + 1 - Math.cos(x);
    }

    /** Every step recorded on one tape: memory grows with T. */
    @Benchmark
    public double[] wholeTape() {
        int n = steps;
        ScalarFunction loop = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] z) {
                T[] x = MathArrays.buildArray(z[0].getField(), 2);
                T[] p = MathArrays.buildArray(z[0].getField(), 2);
                System.arraycopy(z, 0, x, 0, 2);
                System.arraycopy(z, 2, p, 0, 2);
                for (int t = 0; t < n; t++) {
                    x = rk4(t, x, p);
                }
                return energy(x);
            }
        };
        return Reverse.gradient(loop, X0[0], X0[1], P[0], P[1]);
    }

    /** Default schedule: ceil(sqrt(2T)) snapshots, each step re-run at most twice. */
    @Benchmark
    public double[] checkpointSqrt() {
        return Checkpoint.gradient(CheckpointBench::rk4, steps, X0, P, CheckpointBench::energy).parameters();
    }

    /** ceil(log2 T) snapshots. */
    @Benchmark
    public double[] checkpointLog() {
        int s = 32 - Integer.numberOfLeadingZeros(steps);
        return Checkpoint.gradient(CheckpointBench::rk4, steps, X0, P, CheckpointBench::energy, s).parameters();
    }
}
