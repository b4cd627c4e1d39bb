package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
import org.dualad.sparse.Sparse;
import org.dualad.sparse.SparseHessian;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
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
 * Sparse Hessians (org.dualad.sparse) as multiples of one {@link Reverse#gradient}: the extended
 * Rosenbrock function (tridiagonal Hessian) and a minimal-surface energy on a square grid,
 * sum over cells of h^2 sqrt(1 + |grad u|^2) with forward differences (each cell couples three
 * points: a 7-entry stencil per row), at n = 10^3, 10^4, 10^5 (the grid: the nearest square),
 * beside the dense {@link Hybrid#hessian} where it fits (n &le; {@value #DENSE_LIMIT}).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar SparseBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 *
 * {@link #main} measures the same methods interleaved in one JVM by thread CPU time (a shared,
 * overloaded machine makes JMH's wall-clock scores swing) and prints the best round's ratios, the
 * colors, the nonzeros and the bytes allocated per Hessian per nonzero:
 * <pre>
 * java -cp bench/target/benchmarks.jar org.dualad.bench.SparseBench 1000 10000 100000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SparseBench {
    /** The dense Hessian (n^2 doubles) runs only up to this n. */
    static final int DENSE_LIMIT = 1100;

    @Param({"rosenbrock", "minimalSurface"})
    public String function;

    @Param({"1000", "10000", "100000"})
    public int n;

    private double[] x;
    private ScalarFunction f;
    private SparseHessian hessian;

    /** The grid side for about n points. */
    static int side(int n) {
        return (int) Math.round(Math.sqrt(n));
    }

    /** Minimal-surface energy on a side x side grid (x.length = side^2). */
    static <T extends RealFieldElement<T>> T minimalSurface(T[] u) {
        int s = side(u.length);
        double h = 1.0 / (s - 1);
        T e = u[0].getField().getZero();
        for (int i = 0; i + 1 < s; i++) {
            for (int j = 0; j + 1 < s; j++) {
                T dx = u[(i + 1) * s + j].subtract(u[i * s + j]).divide(h);
                T dy = u[i * s + j + 1].subtract(u[i * s + j]).divide(h);
                e = e.add(dx.multiply(dx).add(dy.multiply(dy)).add(1).sqrt().multiply(h * h));
            }
        }
        return e;
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
        boolean grid = "minimalSurface".equals(function);
        int size = grid ? side(n) * side(n) : n;
        x = Rosenbrock.point(size);
        f = grid ? SparseBench::minimalSurface : Rosenbrock::value;
        hessian = SparseHessian.of(f, x);
    }

    /** The base of every ratio: one reverse-mode gradient (record + sweep). */
    @Benchmark
    public double[] reverseGradient() {
        return Reverse.gradient(f, x);
    }

    /** The sparse Hessian with pattern and coloring prepared: what an optimizer loop pays. */
    @Benchmark
    public DMatrixSparseCSC sparseHessian() {
        return hessian.at(x);
    }

    /** Pattern detection, coloring and evaluation in one call. */
    @Benchmark
    public DMatrixSparseCSC sparseHessianOneShot() {
        return Sparse.hessian(f, x);
    }

    /** The dense forward-over-reverse Hessian, up to {@link #DENSE_LIMIT}. */
    @Benchmark
    public DMatrixRMaj denseHessian() {
        return x.length > DENSE_LIMIT ? null : Hybrid.hessian(f, x);
    }

    /**
     * Ratios to one reverse gradient by thread CPU time, interleaved in one JVM, the best of
     * seven rounds per method; then colors, nonzeros and bytes allocated per sparse Hessian.
     *
     * @param args the sizes n (default 1000 10000 100000)
     */
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        String[] names = {"reverseGradient", "sparseHessian", "sparseHessianOneShot", "denseHessian"};
        String[] sizes = args.length == 0 ? new String[] {"1000", "10000", "100000"} : args;
        System.out.println("| function | n | colors | nonzeros | gradient | sparse Hessian | one-shot (pattern + coloring + Hessian) | dense Hessian | bytes per nonzero |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String fn : new String[] {"rosenbrock", "minimalSurface"}) {
            for (String arg : sizes) {
                SparseBench b = new SparseBench();
                b.function = fn;
                b.n = Integer.parseInt(arg);
                b.setUp();
                double[] best = new double[names.length];
                java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
                Object sink = null;
                for (int round = 0; round < 7; round++) {
                    for (int m = 0; m < names.length; m++) {
                        if (m == 3 && b.x.length > DENSE_LIMIT) {
                            continue;
                        }
                        long budget = 300_000_000L; // 0.3 s of CPU per method and round
                        long start = mx.getCurrentThreadCpuTime();
                        long calls = 0;
                        long elapsed;
                        do {
                            switch (m) {
                                case 0: sink = b.reverseGradient(); break;
                                case 1: sink = b.sparseHessian(); break;
                                case 2: sink = b.sparseHessianOneShot(); break;
                                default: sink = b.denseHessian(); break;
                            }
                            calls++;
                            elapsed = mx.getCurrentThreadCpuTime() - start;
                        } while (elapsed < budget);
                        best[m] = Math.min(best[m], (double) elapsed / calls);
                    }
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                DMatrixSparseCSC h = b.sparseHessian();
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                StringBuilder line = new StringBuilder();
                line.append(String.format("| %s | %d | %d | %d | %.0f us = 1x", fn, b.x.length, b.hessian.sweeps(),
                        h.nz_length, best[0] / 1e3));
                for (int m = 1; m < names.length; m++) {
                    line.append(best[m] < Double.POSITIVE_INFINITY ? String.format(" | %.1fx", best[m] / best[0]) : " | -");
                }
                line.append(String.format(" | %.0f |", (double) bytes / h.nz_length));
                System.out.println(line + (sink == null ? "" : ""));
            }
        }
    }
}
