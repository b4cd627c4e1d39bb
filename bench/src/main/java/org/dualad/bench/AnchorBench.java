package org.dualad.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.SparseGradient;
import org.dualad.ScalarFunction;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.sparse.Sparse;
import org.dualad.sparse.SparseHessian;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
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
 * Every mode on the anchor functions ({@link Anchors}), each function written once generically,
 * beside plain double evaluation and the peers, in two settings:
 * <ul>
 *   <li>{@code alone}: a fresh JVM (JMH fork) in which only the measured mode has run f;</li>
 *   <li>{@code several}: a fresh JVM in which f has first run in every other DualAD mode
 *       ({@link #DUALAD_MODES}, three interleaved rounds of {@code warmMillis}/3 of CPU time each), as in an
 *       application that takes gradients for its optimizer, Hessians for Newton steps and runs
 *       checks: the call sites of f have seen every number type when the JIT compiles it.</li>
 * </ul>
 * {@link Table} runs every (function, n, mode, setting) in its own fork and prints the ratios; a
 * single benchmark by hand:
 * <pre>
 * java -jar bench/target/benchmarks.jar AnchorBench.reverseGradient -p function=rosenbrock -p n=100 \
 *     -p setting=alone,several
 * </pre>
 * A mode past its size limit (the dense peers, second order at large n) returns null at once;
 * {@link Table} does not run it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class AnchorBench {
    /** The DualAD modes, by benchmark method name: the several-modes setting runs f in each of these. */
    public static final String[] DUALAD_MODES = {"forwardGradient", "directional", "reverseGradient", "replay", "replayUnguarded", "hvp",
        "hessianTrace", "laplacian", "forwardHessian", "sparseHessian"};
    /**
     * Measured, but not run by the several-modes warm-up: {@code Sparse.hessian} finds the pattern
     * on the op tape's {@code Var}s at every call, and a {@code Var} reaching f once f is compiled
     * makes its next compilation keep a second number type, which slows every mode on {@code HVar}
     * about 2x (docs/performance.md, "Order"). The warm-up's recording and pattern run before f is
     * compiled, as a program that prepares them at start-up does.
     */
    public static final String[] ONE_SHOT = {"sparseHessianOneShot"};
    /** The peers, by benchmark method name. */
    public static final String[] PEERS = {"ds1Gradient", "sparseGradient", "hipparchusGradient", "finiteDifferences",
        "ds2Hessian"};

    /** One of {@link Anchors#NAMES}. */
    @Param({"rosenbrock"})
    public String function;

    /** The nominal size ({@link Anchors#size} gives the input count). */
    @Param({"100"})
    public int n;

    /** {@code alone} or {@code several}. */
    @Param({"alone"})
    public String setting;

    /** The several-modes setting's warm-up per other mode, in milliseconds (split over three rounds). */
    @Param({"300"})
    public int warmMillis;

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private double[] x;
    private double[] v;
    /** Where {@link #round} leaves each result, so that the JIT cannot drop the call. */
    private Object sink;
    private ScalarFunction f;
    private Recording recording;
    /** The same recording with its value guard off: a replay that never runs f. */
    private Recording unguarded;
    /** The sparse Hessian with its pattern and coloring found once (null unless a setting runs it). */
    private SparseHessian sparse;

    /**
     * Whether a mode runs at an input count: the dense peers (their cost grows as n^2 per
     * operation, n^3 for order 2) and second order at large n are skipped.
     *
     * @param mode a benchmark method name
     * @param inputs the input count
     * @return true if the mode is benchmarked there
     */
    public static boolean runs(String mode, int inputs) {
        switch (mode) {
            case "ds2Hessian":
                return inputs <= 12;
            case "forwardHessian":
                return inputs <= 100;
            case "forwardGradient":
                return inputs <= 10_000; // ceil(n/128) sweeps over the whole tape: quadratic in n
            case "ds1Gradient":
                return inputs <= 500; // Commons Math's DSCompiler for 1000 parameters exceeds the forks' 1 GB heap
            case "sparseGradient":
            case "hipparchusGradient":
            case "finiteDifferences":
            case "hessianTrace":
                return inputs <= 1000;
            default:
                return true;
        }
    }

    /**
     * Prepares the point and, in the several-modes setting, runs f in every other DualAD mode.
     *
     * @param params JMH's description of the measured benchmark
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        if (!"alone".equals(setting) && !"several".equals(setting)) {
            throw new IllegalArgumentException("setUp: setting must be alone or several, got " + setting);
        }
        String measured = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        double[] at = Anchors.point(function, n);
        ScalarFunction g = Anchors.function(function);
        // only the replay, or the several-modes setting, may run f on the recording's types
        prepare(g, at, measured.startsWith("replay") || "several".equals(setting) ? Reverse.record(g, at) : null);
        prepareSparse(g, at, measured, setting);
        if ("several".equals(setting)) {
            warmOthers(measured);
        }
        // JMH's warm-up is a fixed time: replay up to the switch to bytecode here (see
        // bytecodePending), so that the warm-up iterations see the JIT compile the new code
        Recording r = recordingOf(measured);
        if (r != null) {
            Replays.untilSettled(r, () -> sink = run(measured));
        }
    }

    /**
     * The several-modes setting: runs f in every other DualAD mode that runs at this size, three
     * interleaved rounds of warmMillis/3 of this thread's CPU time each (CPU time, so that a loaded
     * machine does not shorten the warm-up).
     */
    void warmOthers(String measured) {
        long slice = warmMillis * 1_000_000L / 3;
        for (int round = 0; round < 3; round++) {
            for (String mode : DUALAD_MODES) {
                if (!mode.equals(measured) && runs(mode, x.length)) {
                    long end = CPU.getCurrentThreadCpuTime() + slice;
                    do {
                        run(mode);
                    } while (CPU.getCurrentThreadCpuTime() < end);
                }
            }
        }
    }

    /**
     * One fork of {@link Table}: sets up one (function, n, mode, setting) as JMH would, then runs
     * rounds of plain evaluation and of the mode in turn, until the JIT has compiled nothing for
     * three whole pairs of rounds (and at least the warm-up time), then the measured pairs; prints the
     * best round's CPU time per call of plain and of the mode, in nanoseconds, and the bytes a call
     * of the mode allocates, on the last line.
     * Thread CPU time, and plain beside the mode in the same fork: on a machine shared with other
     * builds (load 10 and more on 2 cores) wall-clock scores swing by several times, and what load
     * still slows (caches, a descheduled virtual CPU) slows both sides of the ratio alike.
     *
     * @param args function, nominal n, mode, setting, warmMillis, warm-up ms, round ms, rounds
     */
    public static void main(String[] args) {
        if (args.length != 8) {
            throw new IllegalArgumentException("AnchorBench: expected function n mode setting warmMillis"
                    + " warmupMillis roundMillis rounds, got " + args.length + " arguments");
        }
        AnchorBench b = new AnchorBench();
        b.function = args[0];
        b.n = Integer.parseInt(args[1]);
        String mode = args[2];
        b.setting = args[3];
        b.warmMillis = Integer.parseInt(args[4]);
        long warmup = Long.parseLong(args[5]) * 1_000_000L;
        long round = Long.parseLong(args[6]) * 1_000_000L;
        int rounds = Integer.parseInt(args[7]);
        double[] at = Anchors.point(b.function, b.n);
        ScalarFunction g = Anchors.function(b.function);
        b.prepare(g, at, mode.startsWith("replay") || "several".equals(b.setting) ? Reverse.record(g, at) : null);
        b.prepareSparse(g, at, mode, b.setting);
        if ("several".equals(b.setting)) {
            b.warmOthers(mode);
        } else if (!"alone".equals(b.setting) && !"late".equals(b.setting)) {
            throw new IllegalArgumentException("AnchorBench: setting must be alone, several or late, got " + b.setting);
        }
        b.settle(mode, warmup, round);
        if ("late".equals(b.setting)) {
            // f compiled for the measured mode alone; then, as a program that takes gradients first
            // and later prepares a replay or a sparse Newton step: a recording and a sparsity pattern
            // (f on the op tape's Var, once each) and every other mode, then settled again
            b.prepare(g, at, Reverse.record(g, at));
            b.sparse = SparseHessian.of(g, at);
            b.warmOthers(mode);
            b.settle(mode, warmup, round);
        }
        double plain = Double.POSITIVE_INFINITY;
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < rounds; r++) {
            plain = Math.min(plain, b.round("plainDouble", round / 2));
            best = Math.min(best, b.round(mode, round));
        }
        // the bytes a call allocates: where the JIT stops inlining a number type's operation into f
        // (a method compiled on its own past InlineSmallCode), every temporary becomes an
        // allocation, and this shows it at once (Rosenbrock n = 1000, Reverse.gradient: 108 KB a
        // call inlined, 404 KB not)
        com.sun.management.ThreadMXBean heap = (com.sun.management.ThreadMXBean) CPU;
        int calls = 16;
        long before = heap.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < calls; k++) {
            b.sink = b.run(mode);
        }
        long bytes = (heap.getCurrentThreadAllocatedBytes() - before) / calls;
        System.out.println(plain + " " + best + " " + bytes);
    }

    /**
     * Runs rounds of plain evaluation and of the mode in turn until the JIT is done with both and
     * a replay runs the code it keeps ({@link #bytecodePending}), for at least warmup and at most
     * 20 times it (nanoseconds of this thread's CPU time).
     */
    void settle(String mode, long warmup, long round) {
        // warm up until the JIT is done with both (no compilation during three whole pairs of
        // rounds), at least the warm-up time and at most 20 times it: a mode of a few ms per call
        // runs few calls per round, and one quiet pair proved too weak a sign under load
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = CPU.getCurrentThreadCpuTime();
        int quiet = 0;
        while (CPU.getCurrentThreadCpuTime() - start < 20 * warmup) {
            long before = jit.getTotalCompilationTime();
            round("plainDouble", round / 2);
            round(mode, round);
            quiet = jit.getTotalCompilationTime() == before ? quiet + 1 : 0;
            if (quiet >= 3 && CPU.getCurrentThreadCpuTime() - start >= warmup && !bytecodePending(mode)) {
                break;
            }
        }
    }

    /**
     * True while the measured replay still runs its interpreted program but will switch to
     * bytecode: a tape above {@link Recording#BYTECODE_LIMIT} switches only after
     * {@link Recording#LARGE_BYTECODE_AFTER} replays (1.7 s at Rosenbrock n = 1000, with the guard),
     * and for about a second after that the new code runs in the JVM's interpreter while the JIT
     * compiles it. Rounds that straddle the switch measured the guarded replay at 11x or 15x
     * plain depending on where they fell; the table reports the replay a long loop settles on.
     */
    boolean bytecodePending(String mode) {
        Recording r = recordingOf(mode);
        return r != null && !Replays.settled(r);
    }

    /** The recording a replay mode runs, or null for any other mode. */
    private Recording recordingOf(String mode) {
        return "replay".equals(mode) ? recording : "replayUnguarded".equals(mode) ? unguarded : null;
    }

    /**
     * Runs a mode for a round of this thread's CPU time; returns the CPU time per call in ns. The
     * clock is read once per batch of calls, the batch doubled until it lasts 20 us: reading a
     * thread's CPU time is a system call of about 0.3 us, more than a plain call at n = 100.
     */
    private double round(String mode, long nanos) {
        long start = CPU.getCurrentThreadCpuTime();
        long calls = 0;
        long elapsed = 0;
        int batch = 1;
        while (elapsed < nanos) {
            long before = elapsed;
            for (int k = 0; k < batch; k++) {
                sink = run(mode);
            }
            calls += batch;
            elapsed = CPU.getCurrentThreadCpuTime() - start;
            if (elapsed - before < 20_000) {
                batch *= 2;
            }
        }
        return (double) elapsed / calls;
    }

    /** Sets the function, the point, the direction v[i] = cos(i) and the recording (or null). */
    void prepare(ScalarFunction g, double[] at, Recording rec) {
        f = g;
        x = at;
        v = new double[at.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.cos(i);
        }
        recording = rec;
        if (rec != null) {
            unguarded = Reverse.record(g, at);
            unguarded.useValueGuard(false);
        }
    }

    /**
     * Finds the sparse Hessian's pattern and coloring once, where the measured mode or the setting
     * runs it: the pattern is found on the op tape's {@code Var}s, a number type only the sparse
     * modes and a recording bring to f.
     */
    void prepareSparse(ScalarFunction g, double[] at, String measured, String set) {
        sparse = measured.equals("sparseHessian") || "several".equals(set) ? SparseHessian.of(g, at) : null;
    }

    /** Runs a mode once by its benchmark method name (the several-modes warm-up). */
    Object run(String mode) {
        switch (mode) {
            case "plainDouble": return plainDouble();
            case "forwardGradient": return forwardGradient();
            case "directional": return directional();
            case "reverseGradient": return reverseGradient();
            case "replay": return replay();
            case "replayUnguarded": return replayUnguarded();
            case "hvp": return hvp();
            case "hessianTrace": return hessianTrace();
            case "laplacian": return laplacian();
            case "forwardHessian": return forwardHessian();
            case "sparseHessian": return sparseHessian();
            case "sparseHessianOneShot": return sparseHessianOneShot();
            case "ds1Gradient": return ds1Gradient();
            case "sparseGradient": return sparseGradient();
            case "hipparchusGradient": return hipparchusGradient();
            case "finiteDifferences": return finiteDifferences();
            case "ds2Hessian": return ds2Hessian();
            default: throw new IllegalArgumentException("run: no mode " + mode);
        }
    }

    // ---------------------------------------------------------------- the 1x

    /** @return f(x) on doubles: the 1x of every ratio */
    @Benchmark
    public double plainDouble() {
        return Anchors.plain(function, x);
    }

    // ---------------------------------------------------------------- DualAD

    /** @return the gradient by forward mode (MultiDual chunks) */
    @Benchmark
    public double[] forwardGradient() {
        return runs("forwardGradient", x.length) ? Forward.gradient(f, x) : null;
    }

    /** @return the derivative along v (one Dual pass) */
    @Benchmark
    public double directional() {
        return Forward.directionalDerivative(f, x, v);
    }

    /** @return the gradient by reverse mode, recorded afresh every call */
    @Benchmark
    public double[] reverseGradient() {
        return Reverse.gradient(f, x);
    }

    /** @return the gradient by a replay of a recording made once */
    @Benchmark
    public double[] replay() {
        return recording.gradient(x);
    }

    @Benchmark
    public double[] replayUnguarded() {
        return unguarded.gradient(x);
    }

    /** @return H v (forward over reverse) */
    @Benchmark
    public double[] hvp() {
        return Hybrid.hvp(f, x, v);
    }

    /** @return the trace of the full Hessian by forward over reverse (the Hessian's cost) */
    @Benchmark
    public double hessianTrace() {
        if (!runs("hessianTrace", x.length)) {
            return Double.NaN;
        }
        DMatrixRMaj h = Hybrid.hessian(f, x);
        double t = 0;
        for (int i = 0; i < x.length; i++) {
            t += h.unsafe_get(i, i);
        }
        return t;
    }

    /** @return the Laplacian by forward sweeps over the recording (HTape.laplacian) */
    @Benchmark
    public double laplacian() {
        return Hybrid.laplacian(f, x);
    }

    /** @return the Hessian by hyper-dual passes */
    @Benchmark
    public DMatrixRMaj forwardHessian() {
        return runs("forwardHessian", x.length) ? Forward.hessian(f, x) : null;
    }

    /** @return the sparse Hessian, its pattern and coloring found once: what a Newton loop pays a step */
    @Benchmark
    public DMatrixSparseCSC sparseHessian() {
        return sparse.at(x);
    }

    /** @return the sparse Hessian in one call: pattern (on the op tape), coloring and evaluation */
    @Benchmark
    public DMatrixSparseCSC sparseHessianOneShot() {
        return Sparse.hessian(f, x);
    }

    // ---------------------------------------------------------------- peers

    /** @return the gradient by Commons Math DerivativeStructure of order 1 */
    @Benchmark
    public double[] ds1Gradient() {
        int k = x.length;
        if (!runs("ds1Gradient", k)) {
            return null;
        }
        DerivativeStructure[] in = DsPeer.variables(x);
        DerivativeStructure y = f.value(in);
        return DsPeer.gradient(y, k);
    }

    /** @return the gradient by Commons Math SparseGradient */
    @Benchmark
    public double[] sparseGradient() {
        int k = x.length;
        if (!runs("sparseGradient", k)) {
            return null;
        }
        SparseGradient[] in = new SparseGradient[k];
        for (int i = 0; i < k; i++) {
            in[i] = SparseGradient.createVariable(i, x[i]);
        }
        SparseGradient y = f.value(in);
        double[] g = new double[k];
        for (int i = 0; i < k; i++) {
            g[i] = y.getDerivative(i);
        }
        return g;
    }

    /** @return the gradient by Hipparchus Gradient (on the Hipparchus twin of f) */
    @Benchmark
    public double[] hipparchusGradient() {
        int k = x.length;
        if (!runs("hipparchusGradient", k)) {
            return null;
        }
        Gradient[] in = new Gradient[k];
        for (int i = 0; i < k; i++) {
            in[i] = Gradient.variable(k, i, x[i]);
        }
        return Anchors.hipparchus(function, in).getGradient();
    }

    /** @return the gradient by central differences (3 points per input), Commons Math's differentiator */
    @Benchmark
    public double[] finiteDifferences() {
        int k = x.length;
        if (!runs("finiteDifferences", k)) {
            return null;
        }
        FiniteDifferencesDifferentiator d = new FiniteDifferencesDifferentiator(3, 1e-6);
        double[] work = x.clone();
        double[] g = new double[k];
        for (int i = 0; i < k; i++) {
            final int j = i;
            UnivariateFunction along = t -> {
                double saved = work[j];
                work[j] = t;
                double y = Anchors.plain(function, work);
                work[j] = saved;
                return y;
            };
            g[i] = d.differentiate(along).value(new DerivativeStructure(1, 1, 0, x[i])).getPartialDerivative(1);
        }
        return g;
    }

    /** @return the Hessian by Commons Math DerivativeStructure of order 2 */
    @Benchmark
    public double[] ds2Hessian() {
        int k = x.length;
        if (!runs("ds2Hessian", k)) {
            return null;
        }
        DerivativeStructure[] in = new DerivativeStructure[k];
        for (int i = 0; i < k; i++) {
            in[i] = new DerivativeStructure(k, 2, i, x[i]);
        }
        DerivativeStructure y = f.value(in);
        double[] h = new double[k * k];
        int[] orders = new int[k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                orders[i]++;
                orders[j]++;
                double hij = y.getPartialDerivative(orders);
                h[i * k + j] = hij;
                h[j * k + i] = hij;
                orders[i]--;
                orders[j]--;
            }
        }
        return h;
    }
}
