package org.dualad.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.linear.Array2DRowFieldMatrix;
import org.apache.commons.math3.linear.ArrayFieldVector;
import org.apache.commons.math3.linear.FieldLUDecomposition;
import org.apache.commons.math3.linear.FieldMatrix;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.Matrices;
import org.dualad.reverse.Reverse;
import org.dualad.reverse.Tape;
import org.dualad.reverse.Var;
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
 * Gradients of x -> log|det A(x)| and x -> b<sup>T</sup> A(x)<sup>-1</sup> b with
 * A(x) = M + x x<sup>T</sup> (M fixed, random, diagonally weighted), by {@link Reverse#gradient}:
 * the matrix operation as one block ({@link Matrices#logDet}, {@link Matrices#inverseQuadraticForm},
 * EJML LU) beside the peer, the scalar path through Commons Math's {@code FieldLUDecomposition} on
 * the same number type (every multiply and subtract of the factorization on the tape).
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -jar bench/target/benchmarks.jar MatrixBench -f 1 -wi 2 -w 1 -i 3 -r 1
 * java -cp bench/target/benchmarks.jar org.dualad.bench.MatrixBench 50 200
 * </pre>
 *
 * {@link #main} prints the time ratios (thread CPU time, interleaved, best of five rounds) and the
 * bytes each path records on the op tape ({@link Tape#bytes()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx3g")
public class MatrixBench {
    @Param({"50", "200"})
    public int n;

    private double[] x;
    private double[][] m;
    private double[] b;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
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
        Random r = new Random(42);
        m = new double[n][n];
        b = new double[n];
        x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * Math.sin(i + 1);
            b[i] = r.nextDouble() - 0.5;
            for (int j = 0; j < n; j++) {
                m[i][j] = r.nextDouble() - 0.5 + (i == j ? 2 : 0);
            }
        }
        shared = this;
    }

    // The functions are static (a method reference per function); they read the fixed data from here.
    private static MatrixBench shared;

    static <T extends RealFieldElement<T>> T[][] a(T[] x) {
        double[][] m = shared.m;
        int n = x.length;
        T[][] a = MathArrays.buildArray(x[0].getField(), n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = x[i].multiply(x[j]).add(m[i][j]);
            }
        }
        return a;
    }

    static <T extends RealFieldElement<T>> T[] b(T[] x) {
        T[] b = MathArrays.buildArray(x[0].getField(), x.length);
        for (int i = 0; i < x.length; i++) {
            b[i] = x[0].getField().getZero().add(shared.b[i]);
        }
        return b;
    }

    static <T extends RealFieldElement<T>> T logDetBlock(T[] x) {
        return Matrices.logDet(a(x));
    }

    static <T extends RealFieldElement<T>> T logDetScalar(T[] x) {
        FieldMatrix<T> u = new FieldLUDecomposition<>(new Array2DRowFieldMatrix<>(x[0].getField(), a(x), false)).getU();
        T s = u.getEntry(0, 0).abs().log();
        for (int i = 1; i < x.length; i++) {
            s = s.add(u.getEntry(i, i).abs().log());
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T quadBlock(T[] x) {
        return Matrices.inverseQuadraticForm(a(x), b(x));
    }

    static <T extends RealFieldElement<T>> T quadScalar(T[] x) {
        T[] b = b(x);
        T[] s = new FieldLUDecomposition<>(new Array2DRowFieldMatrix<>(x[0].getField(), a(x), false)).getSolver()
                .solve(new ArrayFieldVector<>(b, false)).toArray();
        T r = b[0].multiply(s[0]);
        for (int i = 1; i < b.length; i++) {
            r = r.add(b[i].multiply(s[i]));
        }
        return r;
    }

    /** The gradient of log|det A(x)| with the determinant as one block. */
    @Benchmark
    public double[] logDetMatrixOp() {
        return Reverse.gradient(MatrixBench::logDetBlock, x);
    }

    /** The peer: the same gradient through FieldLUDecomposition on the tape's numbers. */
    @Benchmark
    public double[] logDetFieldLu() {
        return Reverse.gradient(MatrixBench::logDetScalar, x);
    }

    /** The gradient of b^T A(x)^-1 b with the quadratic form as one block. */
    @Benchmark
    public double[] quadMatrixOp() {
        return Reverse.gradient(MatrixBench::quadBlock, x);
    }

    /** The peer: the same gradient through FieldLUDecomposition's solver on the tape's numbers. */
    @Benchmark
    public double[] quadFieldLu() {
        return Reverse.gradient(MatrixBench::quadScalar, x);
    }

    /** The bytes a recording of f at x keeps on the op tape. */
    static long tapeBytes(org.dualad.ScalarFunction f, double[] x) {
        Tape tape = new Tape();
        Var[] in = new Var[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = tape.variable(x[i]);
        }
        f.value(in);
        return tape.bytes();
    }

    /**
     * Time ratios (peer / block, by thread CPU time, best of five interleaved rounds) and the
     * op-tape bytes of each path.
     *
     * @param args the sizes n (default 50 200)
     */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String arg : args.length == 0 ? new String[] {"50", "200"} : args) {
            MatrixBench bench = new MatrixBench();
            bench.n = Integer.parseInt(arg);
            bench.setUp();
            double[] best = new double[4];
            java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
            Object sink = null;
            for (int round = 0; round < 5; round++) {
                for (int k = 0; k < 4; k++) {
                    long start = mx.getCurrentThreadCpuTime();
                    long calls = 0;
                    long elapsed;
                    do {
                        switch (k) {
                            case 0: sink = bench.logDetMatrixOp(); break;
                            case 1: sink = bench.logDetFieldLu(); break;
                            case 2: sink = bench.quadMatrixOp(); break;
                            default: sink = bench.quadFieldLu(); break;
                        }
                        calls++;
                        elapsed = mx.getCurrentThreadCpuTime() - start;
                    } while (elapsed < 300_000_000L);
                    best[k] = Math.min(best[k], (double) elapsed / calls);
                }
            }
            long[] bytes = {
                tapeBytes(MatrixBench::logDetBlock, bench.x), tapeBytes(MatrixBench::logDetScalar, bench.x),
                tapeBytes(MatrixBench::quadBlock, bench.x), tapeBytes(MatrixBench::quadScalar, bench.x)};
            System.out.printf(java.util.Locale.ROOT,
                    "n=%d logDet: block %.3f ms, FieldLU %.3f ms (%.1fx); tape %d vs %d bytes (%.1fx)"
                    + " | b^T A^-1 b: block %.3f ms, FieldLU %.3f ms (%.1fx); tape %d vs %d bytes (%.1fx)%s%n",
                    bench.n, best[0] / 1e6, best[1] / 1e6, best[1] / best[0], bytes[0], bytes[1],
                    (double) bytes[1] / bytes[0], best[2] / 1e6, best[3] / 1e6, best[3] / best[2], bytes[2], bytes[3],
                    (double) bytes[3] / bytes[2], sink == null ? "" : "");
        }
    }
}
