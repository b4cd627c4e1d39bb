package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.reverse.Recording;
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
 * What the compensated {@code linearCombination} costs (docs/conventions.md). One function of n
 * inputs, f(x) = &Sigma; sin(x<sub>i</sub> x<sub>i+1</sub> + x<sub>i+1</sub> x<sub>i+2</sub>),
 * written twice: with {@code linearCombination(a1, b1, a2, b2)} (Commons Math's compensated
 * value in every DualAD mode) and with {@code multiply} and {@code add}. Reverse gradients
 * (recorded every call) and replays of a recording of each, and the peer, Commons Math's
 * {@code DerivativeStructure} of order 1 on the linearCombination form (compensated too). Plain
 * double evaluations of both forms are the 1x of the ratios.
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -cp bench/target/benchmarks.jar org.dualad.bench.LinearCombinationBench 100 1000
 * java -jar bench/target/benchmarks.jar LinearCombinationBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 * {@link #main} measures by thread CPU time, interleaved in one JVM, best of seven rounds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LinearCombinationBench {
    @Param({"100"})
    public int n;

    /** {@code alone}: only the measured method runs in its JVM; {@code several}: every other method of this class ran first ({@link Several}). */
    @Param({"alone", "several"})
    public String setting;

    private double[] x;
    private Recording compensatedReplay;
    private Recording composedReplay;

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
        compensatedReplay = Reverse.record(LinearCombinationBench::compensated, x);
        composedReplay = Reverse.record(LinearCombinationBench::composed, x);
    }

    /** The 1x: the linearCombination form on doubles (MathArrays, as the modes compute its value). */
    @Benchmark
    public double plainCompensated() {
        double s = 0;
        for (int i = 0; i + 2 < x.length; i++) {
            s += Math.sin(MathArrays.linearCombination(x[i], x[i + 1], x[i + 1], x[i + 2]));
        }
        return s;
    }

    /** The 1x of the composed form. */
    @Benchmark
    public double plainComposed() {
        double s = 0;
        for (int i = 0; i + 2 < x.length; i++) {
            s += Math.sin(x[i] * x[i + 1] + x[i + 1] * x[i + 2]);
        }
        return s;
    }

    @Benchmark
    public double[] reverseCompensated() {
        return Reverse.gradient(LinearCombinationBench::compensated, x);
    }

    @Benchmark
    public double[] reverseComposed() {
        return Reverse.gradient(LinearCombinationBench::composed, x);
    }

    /** A replay (value guard on) of the linearCombination form: one rule instruction per term. */
    @Benchmark
    public double[] replayCompensated() {
        return compensatedReplay.gradient(x);
    }

    @Benchmark
    public double[] replayComposed() {
        return composedReplay.gradient(x);
    }

    /** The peer: DerivativeStructure of order 1 with n parameters on the linearCombination form. */
    @Benchmark
    @OwnType
    public double[] derivativeStructure() {
        return DsPeer.gradient(compensatedDs(DsPeer.variables(x)), n);
    }

    /**
     * Ratios by thread CPU time, interleaved in one JVM, best of seven rounds.
     *
     * @param args the sizes n (default 100)
     */
    public static void main(String[] args) {
        String[] names = {"plainCompensated", "plainComposed", "reverseCompensated", "reverseComposed",
            "replayCompensated", "replayComposed", "derivativeStructure"};
        for (String arg : args.length == 0 ? new String[] {"100"} : args) {
            LinearCombinationBench b = new LinearCombinationBench();
            b.n = Integer.parseInt(arg);
            b.setUp();
            boolean peer = b.n <= 300; // DerivativeStructure's n x n work per operation
            boolean[] skip = new boolean[names.length];
            skip[6] = !peer;
            double[] best = CpuRounds.best(names.length, 7, 100_000_000L, skip, b::run);
            StringBuilder line = new StringBuilder(String.format("n=%d plain %.0f ns (composed %.0f ns)", b.n, best[0],
                    best[1]));
            line.append(String.format(" | reverse %.1fx (composed %.1fx) | replay %.1fx (composed %.1fx)",
                    best[2] / best[0], best[3] / best[1], best[4] / best[0], best[5] / best[1]));
            line.append(String.format(" | compensated/composed: plain %.2f, reverse %.2f, replay %.2f",
                    best[0] / best[1], best[2] / best[3], best[4] / best[5]));
            if (peer) {
                line.append(String.format(" | DerivativeStructure %.1fx, /reverse %.1f", best[6] / best[0],
                        best[6] / best[2]));
            }
            System.out.println(line);
        }
    }

    private Object run(int m) {
        switch (m) {
            case 0: return plainCompensated();
            case 1: return plainComposed();
            case 2: return reverseCompensated();
            case 3: return reverseComposed();
            case 4: return replayCompensated();
            case 5: return replayComposed();
            default: return derivativeStructure();
        }
    }

    // ---------------------------------------------------------------- the functions

    static <T extends RealFieldElement<T>> T compensated(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 2 < x.length; i++) {
            s = s.add(x[i].linearCombination(x[i], x[i + 1], x[i + 1], x[i + 2]).sin());
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T composed(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 2 < x.length; i++) {
            s = s.add(x[i].multiply(x[i + 1]).add(x[i + 1].multiply(x[i + 2])).sin());
        }
        return s;
    }

    /** The DerivativeStructure copy: its call sites see one type. */
    static DerivativeStructure compensatedDs(DerivativeStructure[] x) {
        DerivativeStructure s = x[0].getField().getZero();
        for (int i = 0; i + 2 < x.length; i++) {
            s = s.add(x[i].linearCombination(x[i], x[i + 1], x[i + 1], x[i + 2]).sin());
        }
        return s;
    }
}
