package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.dualad.ScalarFunction;
import org.dualad.hybrid.HessianOperator;
import org.dualad.hybrid.Hybrid;
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
 * What a Newton-CG step asks of AD at one point: the gradient and {@link #PRODUCTS}
 * Hessian-vector products, from one {@link Hybrid#hessianOperator} (one recording) against a
 * {@link Hybrid#hvp} per product (a recording each), beside plain double evaluation, on the
 * extended Rosenbrock function.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar HessianOperatorBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HessianOperatorBench {
    /** Products per step: a conjugate-gradient inner loop of ten iterations. */
    static final int PRODUCTS = 10;

    @Param({"100", "1000"})
    public int n;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    private double[] x;
    private double[][] v;
    private final ScalarFunction f = Rosenbrock::value;

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

    /** Prepares the benchmark: the point and PRODUCTS directions. */
    void setUp() {
        x = Rosenbrock.point(n);
        v = new double[PRODUCTS][n];
        for (int k = 0; k < PRODUCTS; k++) {
            for (int i = 0; i < n; i++) {
                v[k][i] = Math.cos(i + 0.7 * k);
            }
        }
    }

    @Benchmark
    public double plainDouble() {
        return Rosenbrock.value(x);
    }

    /** The gradient and PRODUCTS products from one recording. */
    @Benchmark
    public double operator() {
        HessianOperator h = Hybrid.hessianOperator(f, x);
        double s = h.gradient()[0];
        for (double[] d : v) {
            s += h.hvp(d)[0];
        }
        return s;
    }

    /** The same from PRODUCTS + 1 recordings: a gradient, then an hvp per product. */
    @Benchmark
    public double hvpEach() {
        double s = Hybrid.gradient(f, x)[0];
        for (double[] d : v) {
            s += Hybrid.hvp(f, x, d)[0];
        }
        return s;
    }
}
