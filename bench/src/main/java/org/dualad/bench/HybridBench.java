package org.dualad.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.dualad.ScalarFunction;
import org.dualad.hybrid.Hybrid;
import org.dualad.hybrid.LaplacianEstimate;
import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixRMaj;
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
 * Hybrid mode (forward over reverse, the Laplacian by forward sweeps) on the extended Rosenbrock function and on
 * a dense function (log-sum-exp of a fixed random linear map), side by side with plain double
 * evaluation and, in {@link Peer}, Commons Math DerivativeStructure of order 2.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar HybridBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HybridBench {
    /** Rows of the dense function's linear map. */
    static final int ROWS = 8;
    /** The largest n benchmarked. */
    static final int MAX_N = 1000;
    /** A fixed random ROWS x MAX_N map, N(0, 1) / sqrt(n) scaled at use, seed 20231123. */
    private static final double[][] MAP = map();

    @Param({"rosenbrock", "logSumExp"})
    public String function;

    @Param({"10", "100", "1000"})
    public int n;

    private double[] x;
    private double[] v;
    private ScalarFunction f;

    private static double[][] map() {
        SplittableRandom r = new SplittableRandom(20231123);
        double[][] a = new double[ROWS][MAX_N];
        for (double[] row : a) {
            for (int i = 0; i < MAX_N; i++) {
                // Box-Muller: a normal deviate from two uniforms
                row[i] = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            }
        }
        return a;
    }

    /** The benchmark point x[i] = 0.5 + 0.3 sin(i). */
    static double[] point(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        return x;
    }

    /** Extended Rosenbrock: sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2. */
    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        return Rosenbrock.value(x);
    }

    static double rosenbrock(double[] x) {
        return Rosenbrock.value(x);
    }

    /** log sum_r exp((A x)_r / sqrt(n)): every input touches every row (a dense Hessian). */
    static <T extends RealFieldElement<T>> T logSumExp(T[] x) {
        double scale = 1 / Math.sqrt(x.length);
        T sum = null;
        for (double[] row : MAP) {
            T z = x[0].multiply(row[0] * scale);
            for (int i = 1; i < x.length; i++) {
                z = z.add(x[i].multiply(row[i] * scale));
            }
            sum = sum == null ? z.exp() : sum.add(z.exp());
        }
        return sum.log();
    }

    static double logSumExp(double[] x) {
        double scale = 1 / Math.sqrt(x.length);
        double sum = 0;
        for (double[] row : MAP) {
            // the generic function's expression: x[i] times the scaled weight, from the first term
            double z = x[0] * (row[0] * scale);
            for (int i = 1; i < x.length; i++) {
                z += x[i] * (row[i] * scale);
            }
            sum += Math.exp(z);
        }
        return Math.log(sum);
    }

    static ScalarFunction byName(String name) {
        return "rosenbrock".equals(name) ? HybridBench::rosenbrock : HybridBench::logSumExp;
    }

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
        x = point(n);
        v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.cos(i);
        }
        f = byName(function);
    }

    @Benchmark
    public double plainDouble() {
        return "rosenbrock".equals(function) ? rosenbrock(x) : logSumExp(x);
    }

    /** A first-order gradient on the same tape (no tangents): the base of the hvp ratio. */
    @Benchmark
    public double[] tapeGradient() {
        return Hybrid.gradient(f, x);
    }

    /** The reverse-mode gradient: the base for the hvp ratio (target hvp at most 3x). */
    @Benchmark
    public double[] reverseGradient() {
        return Reverse.gradient(f, x);
    }

    @Benchmark
    public double[] hvp() {
        return Hybrid.hvp(f, x, v);
    }

    @Benchmark
    public DMatrixRMaj hessian() {
        return Hybrid.hessian(f, x);
    }

    @Benchmark
    public double laplacian() {
        return Hybrid.laplacian(f, x);
    }

    @Benchmark
    public double traceOfHessian() {
        DMatrixRMaj h = Hybrid.hessian(f, x);
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += h.unsafe_get(i, i);
        }
        return t;
    }

    /** Hutchinson with 16 Rademacher samples. */
    @Benchmark
    public LaplacianEstimate laplacianEstimate16() {
        return Hybrid.laplacianEstimate(f, x, 16, 1);
    }

    /** The peer: Commons Math DerivativeStructure of order 2, for n up to 100 (it is dense in n^2). */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(1)
    public static class Peer {
        @Param({"rosenbrock", "logSumExp"})
        public String function;

        @Param({"10", "100"})
        public int n;

        private double[] x;
        private ScalarFunction f;

        /** {@code alone} or {@code several} ({@link Several}). */
        @Param({"alone", "several"})
        public String setting;

        /**
         * Prepares the point and, in the several setting, runs every other method first.
         *
         * @param params JMH's description of the measured benchmark
         */
        @Setup
        public void setUp(BenchmarkParams params) {
            setUp();
            Several.warm(this, params, setting, 300);
        }

        /** Prepares the point. */
        void setUp() {
            x = point(n);
            f = byName(function);
        }

        @Benchmark
        public double[] ds2Hessian() {
            DerivativeStructure[] in = new DerivativeStructure[n];
            for (int i = 0; i < n; i++) {
                in[i] = new DerivativeStructure(n, 2, i, x[i]);
            }
            DerivativeStructure y = f.value(in);
            double[] h = new double[n * n];
            int[] orders = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    orders[i]++;
                    orders[j]++;
                    double hij = y.getPartialDerivative(orders);
                    h[i * n + j] = hij;
                    h[j * n + i] = hij;
                    orders[i]--;
                    orders[j]--;
                }
            }
            return h;
        }
    }
}
