package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.VectorFunction;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.sparse.Coloring;
import org.dualad.sparse.SparseHessian;
import org.dualad.sparse.SparseJacobian;
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
 * Compressed sparse derivatives on a band of half-width B (n = 1000): a sparse Hessian and a
 * FORWARD sparse Jacobian, whose colors share batched sweeps ({@code HTape.hvpBatch},
 * {@code HTape.jvpBatch}), beside the same colors swept one at a time on the same recording
 * (one {@code HTape.hvp} or {@code HTape.jvp} a color: what the evaluators did before), and the
 * plain {@code double} twins as the 1x.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar CompressedBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompressedBench {
    private static final int N = 1000;

    /** The band's half-width: 3 to 31 colors for the Hessian, 3 to 15 for the Jacobian. */
    @Param({"1", "3", "7", "15"})
    public int halfWidth;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    private double[] x;
    ScalarFunction f;
    VectorFunction r;
    private SparseHessian hessian;
    private SparseJacobian jacobian;
    private double[][] hessianSeeds;
    private double[][] jacobianSeeds;
    /** Each thread's tape for the per-color methods, reused from call to call as the evaluators' are. */
    private final ThreadLocal<HTape> tapes = ThreadLocal.withInitial(HTape::new);
    /** The same for the Jacobian: first partials only, as {@code SparseJacobian} records (kept across resets). */
    private final ThreadLocal<HTape> firstOrderTapes = ThreadLocal.withInitial(() -> new HTape().firstOrderCall());

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
        x = Rosenbrock.point(N);
        int b = halfWidth;
        f = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] in) {
                return scalar(in, b);
            }
        };
        r = new VectorFunction() {
            @Override
            public <T extends RealFieldElement<T>> T[] value(T[] in) {
                return vector(in, b);
            }
        };
        hessian = SparseHessian.of(f, x);
        jacobian = SparseJacobian.of(r, SparseJacobian.of(r, x).pattern(), SparseJacobian.Mode.FORWARD);
        hessianSeeds = seeds(Coloring.star(hessian.pattern()));
        jacobianSeeds = seeds(Coloring.columns(jacobian.pattern()));
    }

    /** One seed vector per color: the sum of that color's unit vectors. */
    private static double[][] seeds(Coloring c) {
        double[][] s = new double[c.count()][c.size()];
        for (int j = 0; j < c.size(); j++) {
            s[c.color(j)][j] = 1;
        }
        return s;
    }

    /**
     * sum_i sin(x[i] + ... + x[i + B]): a Hessian of half-width B.
     *
     * @param x the point
     * @param b the half-width B
     * @param <T> the number type
     * @return the value
     */
    static <T extends RealFieldElement<T>> T scalar(T[] x, int b) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + b < x.length; i++) {
            T t = x[i];
            for (int d = 1; d <= b; d++) {
                t = t.add(x[i + d]);
            }
            s = s.add(t.sin());
        }
        return s;
    }

    /**
     * r[i] = x[i]^2 + sum over 0 &lt; |d| &le; B of sin(x[i + d]) x[i]: a Jacobian of half-width B.
     *
     * @param x the point
     * @param b the half-width B
     * @param <T> the number type
     * @return the n residuals
     */
    static <T extends RealFieldElement<T>> T[] vector(T[] x, int b) {
        int n = x.length;
        T[] r = MathArrays.buildArray(x[0].getField(), n);
        for (int i = 0; i < n; i++) {
            T s = x[i].multiply(x[i]);
            for (int d = -b; d <= b; d++) {
                int j = i + d;
                if (d != 0 && j >= 0 && j < n) {
                    s = s.add(x[j].sin().multiply(x[i]));
                }
            }
            r[i] = s;
        }
        return r;
    }

    /** The scalar function in plain double, in its order: the 1x of the Hessian rows. */
    @Benchmark
    public double plainScalar() {
        double s = 0;
        for (int i = 0; i + halfWidth < x.length; i++) {
            double t = x[i];
            for (int d = 1; d <= halfWidth; d++) {
                t = t + x[i + d];
            }
            s = s + Math.sin(t);
        }
        return s;
    }

    /** The residuals in plain double, in their order: the 1x of the Jacobian rows. */
    @Benchmark
    public double[] plainVector() {
        int n = x.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double s = x[i] * x[i];
            for (int d = -halfWidth; d <= halfWidth; d++) {
                int j = i + d;
                if (d != 0 && j >= 0 && j < n) {
                    s = s + Math.sin(x[j]) * x[i];
                }
            }
            v[i] = s;
        }
        return v;
    }

    /** {@code SparseHessian.at}: one recording, its colors in batched sweeps. */
    @Benchmark
    public DMatrixSparseCSC sparseHessian() {
        return hessian.at(x);
    }

    /** The same recording and colors, one Hessian-vector product a color (recovery left out). */
    @Benchmark
    public double hessianPerColor() {
        HTape tape = tapes.get();
        tape.reset();
        HVar y = f.value(tape.variables(x));
        double s = 0;
        for (double[] v : hessianSeeds) {
            s += tape.hvp(y, v)[0];
        }
        return s;
    }

    /** {@code SparseJacobian.at}, FORWARD: one recording, its column colors in batched sweeps. */
    @Benchmark
    public DMatrixSparseCSC sparseJacobian() {
        return jacobian.at(x);
    }

    /** The same recording and colors, one tangent sweep a color (scatter left out). */
    @Benchmark
    public double jacobianPerColor() {
        HTape tape = firstOrderTapes.get();
        tape.reset();
        HVar[] y = r.value(tape.variables(x));
        double s = 0;
        for (double[] v : jacobianSeeds) {
            s += tape.jvp(y, v, "jacobianPerColor")[0];
        }
        return s;
    }
}
