package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.DualNumbers;
import org.dualad.dual.Forward;
import org.dualad.reverse.Reverse;
import org.dualad.sparse.SparseJacobian;
import org.ejml.data.DMatrixSparseCSC;
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
 * Vector functions: the extended Rosenbrock residuals r(x) (m = 2(n - 1): 10 (x[i+1] - x[i]^2) and
 * 1 - x[i], the least-squares form of {@link Rosenbrock}) at x[i] = 0.5 + 0.3 sin(i), side by
 * side in one run: plain double residuals (the 1x), {@link Reverse#vjp}, {@link Reverse#jacobian}
 * (one recording, m row sweeps), {@link Forward#jacobian} ({@code MultiDual} chunks),
 * {@link Forward#jvp} and, as the peer, Commons Math {@code DerivativeStructure} with n free
 * parameters (the Jacobian in one pass of f).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar VectorBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VectorBench {
    /** The peer carries n derivatives on every number: run it only up to here. */
    private static final int PEER_LIMIT = 100;

    @Param({"10", "100", "1000"})
    public int n;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    private double[] x;
    private double[] u;
    private double[] v;
    private SparseJacobian sparse;

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
        u = new double[2 * (n - 1)];
        for (int k = 0; k < u.length; k++) {
            u[k] = Math.cos(k);
        }
        sparse = SparseJacobian.of(VectorBench::residuals, x);
        v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(i + 1);
        }
    }

    /**
     * The residuals of the extended Rosenbrock function.
     *
     * @param x the point, n &gt;= 2
     * @param <T> the number type
     * @return 2(n - 1) residuals
     */
    static <T extends RealFieldElement<T>> T[] residuals(T[] x) {
        int n = x.length;
        T[] r = MathArrays.buildArray(x[0].getField(), 2 * (n - 1));
        for (int i = 0; i < n - 1; i++) {
            r[2 * i] = x[i + 1].subtract(x[i].multiply(x[i])).multiply(10);
            r[2 * i + 1] = x[i].negate().add(1);
        }
        return r;
    }

    /** The residuals in plain double: the 1x. */
    @Benchmark
    public double[] plainResiduals() {
        int n = x.length;
        double[] r = new double[2 * (n - 1)];
        for (int i = 0; i < n - 1; i++) {
            r[2 * i] = (x[i + 1] - x[i] * x[i]) * 10;
            r[2 * i + 1] = 1 - x[i];
        }
        return r;
    }

    /** u^T J: one recording, one sweep. */
    @Benchmark
    public double[] reverseVjp() {
        return Reverse.vjp(VectorBench::residuals, x, u);
    }

    /** J v: one pass of f on trace variables all on one node, nothing recorded. */
    @Benchmark
    public double[] forwardJvp() {
        return Forward.jvp(VectorBench::residuals, x, v);
    }

    /** J v by the tape-free forward kernel: one pass of f on Duals (what the trace costs alone). */
    @Benchmark
    @OwnType
    public double[] dualNumbersJvp() {
        return DualNumbers.jvp(VectorBench::residuals, x, v);
    }

    /** The m x n Jacobian by reverse mode: one recording, m row sweeps. */
    @Benchmark
    public DMatrixRMaj reverseJacobian() {
        return Reverse.jacobian(VectorBench::residuals, x);
    }

    /** The Jacobian by forward mode: one recording, ceil(n / 128) windowed forward sweeps. */
    @Benchmark
    public DMatrixRMaj forwardJacobian() {
        return Forward.jacobian(VectorBench::residuals, x);
    }

    /** The Jacobian by the tape-free forward kernel: ceil(n / 128) passes of f on MultiDuals. */
    @Benchmark
    @OwnType
    public DMatrixRMaj dualNumbersJacobian() {
        return DualNumbers.jacobian(VectorBench::residuals, x);
    }

    /** The sparse Jacobian, pattern and coloring found once (2 colors): one recording, 2 tangent sweeps. */
    @Benchmark
    public DMatrixSparseCSC sparseJacobian() {
        return sparse.at(x);
    }

    /**
     * Peer: the Jacobian from one pass of f on Commons Math DerivativeStructures (n parameters,
     * order 1; every number carries all n derivatives, so up to {@link #PEER_LIMIT} inputs).
     */
    @Benchmark
    @OwnType
    public double[][] ds1Jacobian() {
        int n = x.length;
        if (n > PEER_LIMIT) {
            return null;
        }
        DerivativeStructure[] in = new DerivativeStructure[n];
        for (int i = 0; i < n; i++) {
            in[i] = new DerivativeStructure(n, 1, i, x[i]);
        }
        DerivativeStructure[] r = residuals(in);
        double[][] jac = new double[r.length][n];
        int[] orders = new int[n];
        for (int k = 0; k < r.length; k++) {
            for (int i = 0; i < n; i++) {
                orders[i] = 1;
                jac[k][i] = r[k].getPartialDerivative(orders);
                orders[i] = 0;
            }
        }
        return jac;
    }
}
