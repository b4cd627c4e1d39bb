package org.dualad.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.util.Decimal64;
import org.dualad.dual.Forward;
import org.dualad.reverse.Reverse;
import org.dualad.verification.CheckReport;
import org.dualad.verification.ComplexStep;
import org.dualad.verification.GradientCheck;
import org.dualad.verification.Oracle;
import org.dualad.verification.Oracles;
import org.dualad.verification.Program;
import org.dualad.verification.Programs;
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
 * The verification oracles' cost on the extended Rosenbrock function: the complex-step gradient
 * (n passes on {@link ComplexStep}) and the finite-difference gradient (10 n double passes) beside
 * plain double evaluation, one generic pass on Decimal64, and the forward- and reverse-mode
 * gradients; plus the
 * cost of one (random program, point) gradient check against the complex step, the unit of the
 * property-based suite (checks per second = 1e9 / ns per op).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar OracleBench -f 1 -wi 3 -w 1 -i 5 -r 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OracleBench {
    @Param({"10", "100"})
    public int n;

    private double[] x;
    private Decimal64[] xd;
    private final List<Program> programs = new ArrayList<>();
    private final List<double[]> points = new ArrayList<>();
    private int next;

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
        x = Rosenbrock.point(n);
        xd = new Decimal64[n];
        for (int i = 0; i < n; i++) {
            xd[i] = new Decimal64(x[i]);
        }
        // 64 fixed random programs of 3 inputs and 8 steps (seeded, outside jqwik), with points
        Random r = new Random(2026);
        Program.Fn[] fns = analytic();
        while (programs.size() < 64) {
            List<Program.Step> steps = new ArrayList<>();
            for (int s = 0; s < Programs.DEFAULT_MAX_STEPS; s++) {
                steps.add(new Program.Step(fns[r.nextInt(fns.length)], r.nextInt(3 + s), r.nextInt(3 + s)));
            }
            Program p = Program.of(3, steps);
            double[] pt = {4 * r.nextDouble() - 2, 4 * r.nextDouble() - 2, 4 * r.nextDouble() - 2};
            if (Math.abs(p.value(new Decimal64[] {new Decimal64(pt[0]), new Decimal64(pt[1]), new Decimal64(pt[2])})
                    .getReal()) < 1e100) {
                programs.add(p);
                points.add(pt);
            }
        }
    }

    private static Program.Fn[] analytic() {
        List<Program.Fn> list = new ArrayList<>();
        for (Program.Fn f : Program.Fn.values()) {
            if (!f.piecewise()) {
                list.add(f);
            }
        }
        return list.toArray(new Program.Fn[0]);
    }

    /** Plain double evaluation: the 1x. */
    @Benchmark
    public double plainDouble() {
        return Rosenbrock.value(x);
    }

    /** One generic pass on Decimal64 (the double-valued RealFieldElement the FD oracle uses). */
    @Benchmark
    public double genericDecimal64() {
        return Rosenbrock.value(xd).getReal();
    }

    /** One ComplexStep pass: one directional derivative. */
    @Benchmark
    public double complexStepPass() {
        ComplexStep[] in = new ComplexStep[n];
        for (int i = 0; i < n; i++) {
            in[i] = i == 0 ? ComplexStep.variable(x[i]) : ComplexStep.constant(x[i]);
        }
        return Rosenbrock.value(in).derivative();
    }

    /** The complex-step gradient: n passes. */
    @Benchmark
    public double[] complexStepGradient() {
        return Oracles.complexStepGradient(Rosenbrock::value, x);
    }

    /** The finite-difference gradient with its error bound: 10 n double passes. */
    @Benchmark
    public double[] finiteDifferenceGradient() {
        return Oracles.finiteDifferenceGradient(Rosenbrock::value, x);
    }

    /** The forward-mode gradient (MultiDual chunks). */
    @Benchmark
    public double[] forwardGradient() {
        return Forward.gradient(Rosenbrock::value, x);
    }

    /** The reverse-mode gradient: one recording, one backward sweep. */
    @Benchmark
    public double[] reverseGradient() {
        return Reverse.gradient(Rosenbrock::value, x);
    }

    /**
     * One (program, point) check of every mode against the complex step (n is ignored: programs
     * have 3 inputs); 1e9 / this = checks per second.
     */
    @Benchmark
    public CheckReport programCheck() {
        int k = next++ & 63;
        return GradientCheck.of(programs.get(k)).oracles(Oracle.COMPLEX_STEP).at(points.get(k));
    }
}
