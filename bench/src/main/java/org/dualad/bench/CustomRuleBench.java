package org.dualad.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.special.Gamma;
import org.dualad.dual.Forward;
import org.dualad.dual.Rule;
import org.dualad.dual.SpecialFunctions;
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
 * What a custom {@link Rule} node costs. Two functions of n inputs, f(x) = &Sigma; g(x<sub>i</sub>
 * x<sub>i</sub> + 1):
 * <ul>
 *   <li>g = log, once as the built-in {@code log} and once as a custom rule of the very same
 *       doubles ({@code Rule.unary("log", Math::log, 1/x, -1/x^2)}): the ratio of the two gradients
 *       is the overhead of a custom node over a built-in one, in forward ({@code MultiDual}) and
 *       reverse mode;</li>
 *   <li>g = logGamma as {@link SpecialFunctions#LOG_GAMMA}: reverse and forward gradients, and
 *       the peer, Commons Math's {@code DerivativeStructure} with n free parameters and
 *       {@code compose(logGamma, digamma)} per term.</li>
 * </ul>
 * Plain double evaluations of both functions are the 1x of the ratios.
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -jar bench/target/benchmarks.jar CustomRuleBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * java -cp bench/target/benchmarks.jar org.dualad.bench.CustomRuleBench 10 100
 * </pre>
 * {@link #main} measures by thread CPU time, interleaved in one JVM, best of seven rounds (the
 * machine is shared: wall-clock scores swing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CustomRuleBench {
    /** log as a custom rule: the same doubles as the built-in log, through the custom-rule path. */
    static final Rule LOG = Rule.unary("log", Math::log, x -> 1 / x, x -> -1 / (x * x));

    @Param({"10", "100"})
    public int n;

    private double[] x;
    private Recording customReplay;
    private Recording builtinReplay;

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
        customReplay = Reverse.record(CustomRuleBench::customLogReplay, x);
        builtinReplay = Reverse.record(CustomRuleBench::builtinLogReplay, x);
    }

    /** The 1x of the log ratios. */
    @Benchmark
    public double plainLog() {
        double s = 0;
        for (double v : x) {
            s += Math.log(v * v + 1);
        }
        return s;
    }

    /** The 1x of the logGamma ratios. */
    @Benchmark
    public double plainLogGamma() {
        double s = 0;
        for (double v : x) {
            s += Gamma.logGamma(v * v + 1);
        }
        return s;
    }

    @Benchmark
    public double[] reverseBuiltinLog() {
        return Reverse.gradient(CustomRuleBench::builtinLogReverse, x);
    }

    @Benchmark
    public double[] reverseCustomLog() {
        return Reverse.gradient(CustomRuleBench::customLogReverse, x);
    }

    @Benchmark
    public double[] forwardBuiltinLog() {
        return Forward.gradient(CustomRuleBench::builtinLogForward, x);
    }

    @Benchmark
    public double[] forwardCustomLog() {
        return Forward.gradient(CustomRuleBench::customLogForward, x);
    }

    /** A replay of the built-in function: compiled after two replays. */
    @Benchmark
    public double[] replayBuiltinLog() {
        return builtinReplay.gradient(x);
    }

    /** A replay with custom nodes: one instruction per rule in the compiled program (and its bytecode). */
    @Benchmark
    public double[] replayCustomLog() {
        return customReplay.gradient(x);
    }

    @Benchmark
    public double[] reverseLogGamma() {
        return Reverse.gradient(CustomRuleBench::logGammaReverse, x);
    }

    @Benchmark
    public double[] forwardLogGamma() {
        return Forward.gradient(CustomRuleBench::logGammaForward, x);
    }

    /** The peer: DerivativeStructure with n parameters, logGamma by compose per term. */
    @Benchmark
    public double[] derivativeStructureLogGamma() {
        DerivativeStructure s = new DerivativeStructure(n, 1, 0.0);
        for (int i = 0; i < n; i++) {
            DerivativeStructure v = new DerivativeStructure(n, 1, i, x[i]);
            DerivativeStructure u = v.multiply(v).add(1);
            double a = u.getValue();
            s = s.add(u.compose(Gamma.logGamma(a), SpecialFunctions.digamma(a)));
        }
        return DsPeer.gradient(s, n);
    }

    /**
     * Ratios by thread CPU time, interleaved in one JVM, best of seven rounds.
     *
     * @param args the sizes n (default 100)
     */
    public static void main(String[] args) {
        String[] names = {"plainLog", "reverseBuiltinLog", "reverseCustomLog", "forwardBuiltinLog", "forwardCustomLog",
            "replayBuiltinLog", "replayCustomLog", "plainLogGamma", "reverseLogGamma", "forwardLogGamma",
            "derivativeStructureLogGamma"};
        for (String arg : args.length == 0 ? new String[] {"100"} : args) {
            CustomRuleBench b = new CustomRuleBench();
            b.n = Integer.parseInt(arg);
            b.setUp();
            double[] best = CpuRounds.best(names.length, 7, 100_000_000L, null, b::run);
            StringBuilder line = new StringBuilder("n=" + b.n + String.format(" plainLog %.0f ns", best[0]));
            for (int m = 1; m < names.length; m++) {
                double base = m >= 7 ? best[7] : best[0];
                line.append(String.format(" | %s %.1fx", names[m], best[m] / base));
            }
            line.append(String.format(" | custom/builtin reverse %.2f, forward %.2f, replay %.2f",
                    best[2] / best[1], best[4] / best[3], best[6] / best[5]));
            line.append(String.format(" | DerivativeStructure/reverse logGamma %.1f", best[10] / best[8]));
            System.out.println(line);
        }
    }

    private Object run(int m) {
        switch (m) {
            case 0: return plainLog();
            case 1: return reverseBuiltinLog();
            case 2: return reverseCustomLog();
            case 3: return forwardBuiltinLog();
            case 4: return forwardCustomLog();
            case 5: return replayBuiltinLog();
            case 6: return replayCustomLog();
            case 7: return plainLogGamma();
            case 8: return reverseLogGamma();
            case 9: return forwardLogGamma();
            default: return derivativeStructureLogGamma();
        }
    }

    // ---------------------------------------------------------------- the functions

    // One copy per number type on purpose (as in ReverseBench): each copy's call sites stay
    // monomorphic when main runs every method in one JVM.

    static <T extends RealFieldElement<T>> T builtinLogReverse(T[] x) {
        T s = x[0].getField().getZero();
        for (T v : x) {
            s = s.add(v.multiply(v).add(1).log());
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T customLogReverse(T[] x) {
        T s = x[0].getField().getZero();
        for (T v : x) {
            s = s.add(LOG.apply(v.multiply(v).add(1)));
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T builtinLogForward(T[] x) {
        T s = x[0].getField().getZero();
        for (T v : x) {
            s = s.add(v.multiply(v).add(1).log());
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T customLogForward(T[] x) {
        T s = x[0].getField().getZero();
        for (T v : x) {
            s = s.add(LOG.apply(v.multiply(v).add(1)));
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T builtinLogReplay(T[] x) {
        T s = x[0].getField().getZero();
        for (T v : x) {
            s = s.add(v.multiply(v).add(1).log());
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T customLogReplay(T[] x) {
        T s = x[0].getField().getZero();
        for (T v : x) {
            s = s.add(LOG.apply(v.multiply(v).add(1)));
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T logGammaReverse(T[] x) {
        T s = x[0].getField().getZero();
        for (T v : x) {
            s = s.add(SpecialFunctions.logGamma(v.multiply(v).add(1)));
        }
        return s;
    }

    static <T extends RealFieldElement<T>> T logGammaForward(T[] x) {
        T s = x[0].getField().getZero();
        for (T v : x) {
            s = s.add(SpecialFunctions.logGamma(v.multiply(v).add(1)));
        }
        return s;
    }
}
