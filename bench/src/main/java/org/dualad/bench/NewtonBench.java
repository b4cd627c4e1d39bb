package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.optim.Newton;
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
 * A whole Newton minimization, to a gradient of 1e-10, on a strictly convex chain with a
 * tridiagonal Hessian: {@link Newton#minimize} (a dense Hessian and its Cholesky factor each
 * iteration) against {@link Newton#minimizeCg} (one recording and conjugate gradients on
 * Hessian-vector products each iteration), beside one plain double evaluation of f.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar NewtonBench -f 1 -wi 2 -w 2 -i 3 -r 2
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NewtonBench {
    @Param({"100", "1000"})
    public int n;

    private double[] x0;

    /** The start x[i] = 0.5 + 0.3 sin(i). */
    @Setup
    public void setUp() {
        x0 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = 0.5 + 0.3 * Math.sin(i);
        }
    }

    /**
     * sum exp(x_i) - (1 + i/n) x_i + (x_{i+1} - x_i)^2 / 2: strictly convex, tridiagonal Hessian.
     *
     * @param x the point
     * @param <T> the number type
     * @return f(x)
     */
    public static <T extends RealFieldElement<T>> T convexChain(T[] x) {
        int n = x.length;
        T s = x[0].getField().getZero();
        for (int i = 0; i < n; i++) {
            s = s.add(x[i].exp()).subtract(x[i].multiply(1 + (double) i / n));
            if (i + 1 < n) {
                T d = x[i + 1].subtract(x[i]);
                s = s.add(d.multiply(d).multiply(0.5));
            }
        }
        return s;
    }

    /**
     * The plain twin of {@link #convexChain(RealFieldElement[])}, in its order of operations.
     *
     * @param x the point
     * @return f(x)
     */
    public static double convexChain(double[] x) {
        int n = x.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            s = s + Math.exp(x[i]) - x[i] * (1 + (double) i / n);
            if (i + 1 < n) {
                double d = x[i + 1] - x[i];
                s = s + d * d * 0.5;
            }
        }
        return s;
    }

    @Benchmark
    public double plainDouble() {
        return convexChain(x0);
    }

    @Benchmark
    public Newton.Result dense() {
        return check(Newton.minimize(NewtonBench::convexChain, x0, 1e-10, 100));
    }

    @Benchmark
    public Newton.Result conjugateGradient() {
        return check(Newton.minimizeCg(NewtonBench::convexChain, x0, 1e-10, 100));
    }

    private static Newton.Result check(Newton.Result r) {
        if (!r.converged()) {
            throw new IllegalStateException("did not converge: " + r.iterations() + " iterations, value " + r.value());
        }
        return r;
    }
}
