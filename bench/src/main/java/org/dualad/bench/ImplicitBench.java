package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.Forward;
import org.dualad.dual.Implicit;
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
 * The gradient of a loss at the fixed point of x = T(x, p), T<sub>i</sub> = p<sub>i</sub> +
 * c (sin x<sub>i-1</sub> + sin x<sub>i+1</sub>) on a ring (a contraction by at most 2c; the
 * coupling c is the last parameter), n unknowns and n + 1 parameters: through {@link Implicit} (plain
 * iteration on doubles to the tolerance, then the implicit-function theorem) beside the peer, the
 * same iteration unrolled in the number type until the values move by less than the same
 * tolerance. Reverse mode ({@code Reverse.gradient}), forward mode ({@code Forward.gradient}) and
 * the double-array {@link Implicit#fixedPointVjp}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ImplicitBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ImplicitBench {
    static final double TOLERANCE = 1e-12;
    static final int MAX_STEPS = 10_000;

    /** The number of unknowns. */
    @Param({"10", "50"})
    public int n;

    /**
     * The coupling c: 0.25 (plain iteration converges to 1e-12 in about 40 steps here) or 0.49
     * (about 120 steps).
     */
    @Param({"0.25", "0.49"})
    public double c;

    double[] p;

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
        setup();
        Several.warm(this, params, setting, 300);
    }

    /** Prepares the benchmark. */
    void setup() {
        p = new double[n + 1];
        for (int i = 0; i < n; i++) {
            p[i] = 0.05 + 0.1 * Math.sin(i);
        }
        p[n] = c;
    }

    static <T extends RealFieldElement<T>> T[] map(T[] x, T[] p) {
        int n = x.length;
        T[] y = MathArrays.buildArray(x[0].getField(), n);
        for (int i = 0; i < n; i++) {
            T s = x[(i + n - 1) % n].sin().add(x[(i + 1) % n].sin());
            y[i] = p[i].add(s.multiply(p[n]));
        }
        return y;
    }

    /** The solver on doubles: plain iteration until the values move by less than the tolerance. */
    static double[] iterate(double[] p) {
        int n = p.length - 1;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int step = 0; step < MAX_STEPS; step++) {
            double move = 0;
            for (int i = 0; i < n; i++) {
                y[i] = p[i] + p[n] * (Math.sin(x[(i + n - 1) % n]) + Math.sin(x[(i + 1) % n]));
                move = Math.max(move, Math.abs(y[i] - x[i]));
            }
            double[] t = x;
            x = y;
            y = t;
            if (move < TOLERANCE) {
                break;
            }
        }
        return x;
    }

    static <T extends RealFieldElement<T>> T loss(T[] x) {
        T s = x[0].multiply(x[0]);
        for (int i = 1; i < x.length; i++) {
            s = s.add(x[i].multiply(x[i]));
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T implicitLoss(T[] p) {
        return loss(Implicit.fixedPoint(ImplicitBench::map, ImplicitBench::iterate, p));
    }

    static <T extends RealFieldElement<T>> T implicitLossOrder1(T[] p) {
        return loss(Implicit.fixedPoint(ImplicitBench::map, ImplicitBench::iterate, p, 1, Implicit.DEFAULT_TOLERANCE));
    }

    /** The peer: the same iteration in T, stopped by the same test on the values. */
    static <T extends RealFieldElement<T>> T unrolledLoss(T[] p) {
        T[] x = MathArrays.buildArray(p[0].getField(), p.length - 1);
        for (int step = 0; step < MAX_STEPS; step++) {
            T[] y = map(x, p);
            double move = 0;
            for (int i = 0; i < x.length; i++) {
                move = Math.max(move, Math.abs(y[i].getReal() - x[i].getReal()));
            }
            x = y;
            if (move < TOLERANCE) {
                break;
            }
        }
        return loss(x);
    }

    @Benchmark
    public double[] reverseImplicit() {
        return Reverse.gradient(ImplicitBench::implicitLoss, p);
    }

    @Benchmark
    public double[] reverseImplicitOrder1() {
        return Reverse.gradient(ImplicitBench::implicitLossOrder1, p);
    }

    @Benchmark
    public double[] reverseUnrolled() {
        return Reverse.gradient(ImplicitBench::unrolledLoss, p);
    }

    @Benchmark
    public double[] forwardImplicit() {
        return Forward.gradient(ImplicitBench::implicitLoss, p);
    }

    @Benchmark
    public double[] forwardUnrolled() {
        return Forward.gradient(ImplicitBench::unrolledLoss, p);
    }

    /** The double-array form: solve, then w = 2 x*, then (I - T_x)^-T w and T_p^T. */
    @Benchmark
    public double[] doublesVjp() {
        double[] x = iterate(p);
        double[] w = new double[x.length];
        for (int i = 0; i < n; i++) {
            w[i] = 2 * x[i];
        }
        return Implicit.fixedPointVjp(ImplicitBench::map, x, p, w);
    }
}
