package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.SparseGradient;
import org.dualad.dual.Dual;
import org.dualad.dual.Forward;
import org.dualad.dual.HyperDual;
import org.ejml.data.DMatrixRMaj;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Forward mode on the extended Rosenbrock function, side by side with plain double evaluation,
 * Commons Math DerivativeStructure (orders 1 and 2) and SparseGradient, and Hipparchus Gradient.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ForwardBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForwardBench {
    @Param({"10", "30", "100"})
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

    @Benchmark
    public double plainDouble() {
        return Rosenbrock.value(x);
    }

    /** One Dual pass: a directional derivative (target: at most 3x plain). */
    @Benchmark
    public double dualDirectional() {
        Dual[] in = new Dual[n];
        for (int i = 0; i < n; i++) {
            in[i] = Dual.of(x[i], i == 0 ? 1 : 0);
        }
        return Rosenbrock.value(in).tangent();
    }

    /** A univariate function with transcendentals: x exp(-x^2/2) + sin(3x) / (1 + x^2). */
    static double bump(double x) {
        return x * Math.exp(-x * x / 2) + Math.sin(3 * x) / (1 + x * x);
    }

    /** The same, generic. */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T bump(T x) {
        return x.multiply(x.multiply(x).divide(-2).exp()).add(x.multiply(3).sin().divide(x.multiply(x).add(1)));
    }

    @Benchmark
    public double plainUnivariate() {
        return bump(x[1]);
    }

    /** Forward.derivative of the univariate function (target: at most 3x plainUnivariate). */
    @Benchmark
    public double dualDerivative() {
        return Forward.derivative(ForwardBench::bump, x[1]);
    }

    @Benchmark
    public double[] forwardGradient() {
        return Forward.gradient(Rosenbrock::value, x);
    }

    @Benchmark
    public double[] ds1Gradient() {
        DerivativeStructure[] in = DsPeer.variables(x);
        DerivativeStructure y = Rosenbrock.value(in);
        return DsPeer.gradient(y, n);
    }

    @Benchmark
    public double[] sparseGradient() {
        SparseGradient[] in = new SparseGradient[n];
        for (int i = 0; i < n; i++) {
            in[i] = SparseGradient.createVariable(i, x[i]);
        }
        SparseGradient y = Rosenbrock.value(in);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = y.getDerivative(i);
        }
        return g;
    }

    @Benchmark
    public double[] hipparchusGradient() {
        Gradient[] in = new Gradient[n];
        for (int i = 0; i < n; i++) {
            in[i] = Gradient.variable(n, i, x[i]);
        }
        return Rosenbrock.hipparchus(in).getGradient();
    }

    @Benchmark
    public DMatrixRMaj forwardHessian() {
        return Forward.hessian(Rosenbrock::value, x);
    }

    /** The textbook way: one scalar HyperDual pass per upper-triangle entry, n(n+1)/2 passes. */
    @Benchmark
    public double[] hyperDualEntryHessian() {
        HyperDual[] in = new HyperDual[n];
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                for (int p = 0; p < n; p++) {
                    in[p] = HyperDual.of(x[p], p == i ? 1 : 0, p == j ? 1 : 0, 0);
                }
                double hij = Rosenbrock.value(in).e1e2();
                h[i * n + j] = hij;
                h[j * n + i] = hij;
            }
        }
        return h;
    }

    @Benchmark
    public double[] ds2Hessian() {
        if (n > 10) {
            return null; // order 2 at n = 100 takes seconds per call; the issue anchors it at n = 10
        }
        DerivativeStructure[] in = new DerivativeStructure[n];
        for (int i = 0; i < n; i++) {
            in[i] = new DerivativeStructure(n, 2, i, x[i]);
        }
        DerivativeStructure y = Rosenbrock.value(in);
        double[] h = new double[n * n];
        int[] orders = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                orders[i]++;
                orders[j]++;
                h[i * n + j] = y.getPartialDerivative(orders);
                orders[i] = 0;
                orders[j] = 0;
            }
        }
        return h;
    }
}
