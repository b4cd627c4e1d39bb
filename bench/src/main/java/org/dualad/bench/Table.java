package org.dualad.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The whole speed table in one command: every mode of {@link AnchorBench} on every anchor function,
 * as ratios to plain double evaluation, each mode ALONE (a fresh JVM where only it has run f) and
 * in a SEVERAL-modes JVM (a fresh JVM where f has first run in every other DualAD mode), with the
 * ratio several/alone, and the second-order comparisons of issue 17 (Forward.hessian against
 * DerivativeStructure of order 2, Hybrid.laplacian against the trace of Hybrid.hessian).
 *
 * <pre>
 * bash bench/table.sh            # the full table: 6 rows of up to 33 forks (see below for its time)
 * bash bench/table.sh --quick    # rosenbrock at n = 10 and 100, shorter rounds
 * java -cp bench/target/benchmarks.jar org.dualad.bench.Table --rows grid:100,mlp:1000 --modes reverseGradient,hvp
 * </pre>
 *
 * Each (row, mode, setting) runs in a fresh JVM (1 GB heap, pre-touched; -Xbatch, so that compilations finish
 * before the code runs on and compiler threads starved by other processes do not leave measured
 * rounds in the interpreter; the compiled code and the profiles it is built from are the usual
 * ones). By default the fork is {@link AnchorBench#main}: rounds of plain evaluation and of the
 * mode in turn, timed by this thread's CPU time, the best round of each kept, and the ratio taken
 * within the fork. On a shared machine that is much steadier than wall-clock time, yet under a
 * load of 10 to 20 on 2 cores single forks still land 2x off now and then (memory-bound modes
 * suffer most); {@code --forks k} keeps the lowest of k forks. With {@code --jmh} the forks are JMH
 * forks of the same benchmark methods, scored by their best wall-clock iteration and divided by
 * the plain fork's score.
 *
 * <p>A fork costs about 6 s of CPU time (3 s with {@code --quick}; a late fork about twice that):
 * the full table about 20 minutes on an idle 2-core machine, the quick one about 5; under a load
 * of 10 to 20, count 30 s (15 s) of wall time per fork, and use {@code --rows} and
 * {@code --modes} for a partial table.
 * Before timing, every mode's derivative is compared with the others' in this JVM, so the table
 * never times a wrong answer.
 */
public final class Table {
    /** The full table's rows (function:nominal n). */
    static final String DEFAULT_ROWS = "rosenbrock:10,rosenbrock:100,rosenbrock:1000,logSumExp:100,mlp:100,grid:100";
    /** The quick table's rows. */
    static final String QUICK_ROWS = "rosenbrock:10,rosenbrock:100";

    private Table() {
    }

    /**
     * Prints the table.
     *
     * @param args {@code --quick}, {@code --rows f:n,...}, {@code --modes m,...} (benchmark method
     *     names of {@link AnchorBench}), {@code --iterations k} (measured rounds per fork),
     *     {@code --forks k} (forks per mode and setting, the lowest ratio kept; 1 by default),
     *     {@code --jmh} (JMH wall-clock forks instead of thread CPU time), {@code --late} (a third
     *     setting: f compiled for the measured mode alone first, then recorded and run in every other
     *     mode, then measured; see {@link AnchorBench#main}), {@code --jvm option} (added
     *     to every fork's JVM options, e.g. {@code --jvm -XX:+UseCompactObjectHeaders} on JDK 25;
     *     repeatable). The forks run the java that runs this.
     * @throws RunnerException if JMH fails
     * @throws IOException if a fork cannot be started or read
     * @throws InterruptedException if interrupted while waiting for a fork
     */
    public static void main(String[] args) throws RunnerException, IOException, InterruptedException {
        boolean quick = false;
        String rows = null;
        String modes = null;
        int iterations = 0;
        boolean jmh = false;
        boolean late = false;
        int forks = 1;
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--rows":
                    rows = value(args, ++i, "--rows");
                    break;
                case "--modes":
                    modes = value(args, ++i, "--modes");
                    break;
                case "--forks":
                    forks = Integer.parseInt(value(args, ++i, "--forks"));
                    break;
                case "--jmh":
                    jmh = true;
                    break;
                case "--late":
                    late = true;
                    break;
                case "--iterations":
                    iterations = Integer.parseInt(value(args, ++i, "--iterations"));
                    break;
                case "--jvm":
                    jvm.add(value(args, ++i, "--jvm"));
                    break;
                default:
                    throw new IllegalArgumentException("Table: unknown argument " + args[i] + " (expected --quick,"
                            + " --rows f:n,..., --modes m,..., --iterations k, --forks k, --jmh, --late, --jvm option)");
            }
        }
        if (jmh && late) {
            throw new IllegalArgumentException("Table: --late runs in the CPU-time forks only, not with --jmh");
        }
        List<String> modeList = new ArrayList<>();
        if (modes == null) {
            modeList.addAll(List.of(AnchorBench.DUALAD_MODES));
            modeList.addAll(List.of(AnchorBench.ONE_SHOT));
            modeList.addAll(List.of(AnchorBench.PEERS));
        } else {
            modeList.addAll(List.of(modes.split(",")));
        }
        int warmupMillis = quick ? 600 : 1500;
        int roundMillis = quick ? 100 : 200;
        int rounds = iterations > 0 ? iterations : quick ? 6 : 8;
        int severalMillis = quick ? 150 : 300;
        System.out.printf(Locale.ROOT, "# AnchorBench: ratios to plain double evaluation; per fork %s;"
                        + " several = f first run in every other DualAD mode (%d ms each)%n",
                jmh ? String.format(Locale.ROOT, "JMH, best of %d x %d ms iterations after %d x %d ms warm-up",
                        rounds, roundMillis, 4, warmupMillis / 4)
                        : String.format(Locale.ROOT, "thread CPU time, best of %d x %d ms rounds after %d ms warm-up",
                        rounds, roundMillis, warmupMillis),
                severalMillis);
        int[] timing = {severalMillis, warmupMillis, roundMillis, rounds, forks};
        if (!jvm.isEmpty()) {
            System.out.println("# forks' JVM options added: " + String.join(" ", jvm));
        }
        for (String row : (rows != null ? rows : quick ? QUICK_ROWS : DEFAULT_ROWS).split(",")) {
            String[] parts = row.split(":");
            String function = parts[0];
            int n = Integer.parseInt(parts[1]);
            int inputs = Anchors.size(function, n);
            check(function, n);
            Map<String, double[]> times = new LinkedHashMap<>();
            // {alone ns, several ns, alone ratio, several ratio}; plain's ratio slots hold its ns
            double[] plain = run(jmh, jvm, timing, Double.NaN, function, n, "plainDouble", "alone");
            times.put("plainDouble", plain);
            for (String mode : modeList) {
                if (AnchorBench.runs(mode, inputs)) {
                    times.put(mode, run(jmh, jvm, timing, plain[0], function, n, mode,
                            late ? new String[] {"alone", "several", "late"} : new String[] {"alone", "several"}));
                }
            }
            print(function, inputs, times, late);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException("Table: " + flag + " needs a value");
        }
        return args[i];
    }

    /**
     * Runs one mode in each listed setting, one fresh JVM each; returns {alone ns, several ns,
     * alone ratio to plain, several ratio to plain, alone bytes a call, several bytes a call} (NaN
     * where not run or, for the bytes, not measured: a JMH fork). A CPU-time fork measures
     * plain beside the mode and gives the ratio itself; a JMH fork's time is divided by plainNs.
     */
    private static double[] run(boolean jmh, List<String> jvm, int[] timing, double plainNs, String function, int n,
                                String mode, String... settings) throws RunnerException, IOException, InterruptedException {
        System.err.println("# " + function + " " + n + ": " + mode + " " + String.join(",", settings));
        double[] t = new double[9];
        java.util.Arrays.fill(t, Double.NaN);
        if (jmh) {
            Collection<RunResult> results = new Runner(new OptionsBuilder()
                    .include("^" + AnchorBench.class.getName().replace(".", "\\.") + "\\." + mode + "$")
                    .param("function", function).param("n", Integer.toString(n))
                    .param("warmMillis", Integer.toString(timing[0])).param("setting", settings)
                    .warmupIterations(4).warmupTime(TimeValue.milliseconds(timing[1] / 4))
                    .measurementIterations(timing[3]).measurementTime(TimeValue.milliseconds(timing[2]))
                    .forks(timing[4]).jvmArgsAppend(jvm.toArray(new String[0])).timeUnit(TimeUnit.NANOSECONDS).verbosity(VerboseMode.SILENT).build()).run();
            for (RunResult r : results) {
                double best = Double.POSITIVE_INFINITY;
                for (BenchmarkResult b : r.getBenchmarkResults()) {
                    for (IterationResult it : b.getIterationResults()) {
                        best = Math.min(best, it.getPrimaryResult().getScore());
                    }
                }
                int k = "alone".equals(r.getParams().getParam("setting")) ? 0 : 1;
                t[k] = best;
                t[k + 2] = best / plainNs;
            }
            return t;
        }
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        for (int fork = 0; fork < timing[4]; fork++) {
            for (String setting : settings) {
                fork(java, jvm, timing, function, n, mode, setting, t);
            }
        }
        return t;
    }

    /** One CPU-time fork; keeps the lower ratio (and its time) in t. */
    private static void fork(String java, List<String> jvm, int[] timing, String function, int n, String mode,
                             String setting, double[] t) throws IOException, InterruptedException {
        // AlwaysPreTouch: the heap's pages are touched once at start-up, not by the measured thread
        // while its allocations first walk the heap. On this (virtual, shared) machine a first touch
        // now and then costs several microseconds of the thread's system time, which made single
        // forks of allocating modes land 3-8x high (reverseGradient 344x where it measures 40-60x)
        List<String> command = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-Xbatch"));
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                AnchorBench.class.getName(), function, Integer.toString(n), mode, setting,
                Integer.toString(timing[0]), Integer.toString(timing[1]), Integer.toString(timing[2]),
                Integer.toString(timing[3])));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                last = line;
            }
        }
        if (p.waitFor() != 0 || last == null) {
            // one failed cell (its error is on stderr above) leaves a NaN, not a lost table
            System.err.println("# Table: the fork for " + function + " " + n + " " + mode + " " + setting
                    + " failed (exit " + p.exitValue() + ")");
            return;
        }
        String[] both = last.trim().split(" ");
        // {ns, ratio, bytes} slots: alone 0, 2, 4; several 1, 3, 5; late 6, 7, 8
        int[] at = "alone".equals(setting) ? new int[] {0, 2, 4} : "several".equals(setting) ? new int[] {1, 3, 5}
                : new int[] {6, 7, 8};
        double ns = Double.parseDouble(both[1]);
        double ratio = ns / Double.parseDouble(both[0]);
        if (!(ratio >= t[at[1]])) { // NaN at first
            t[at[0]] = ns;
            t[at[1]] = ratio;
            t[at[2]] = both.length > 2 ? Double.parseDouble(both[2]) : Double.NaN;
        }
    }

    private static void print(String function, int inputs, Map<String, double[]> times, boolean late) {
        System.out.printf(Locale.ROOT, "%n## %s, n = %d: plain %s per call%n", function, inputs,
                time(times.get("plainDouble")[0]));
        System.out.printf(Locale.ROOT, "| %-18s | %10s | %10s | %10s | %13s | %17s |", "mode", "alone", "several",
                "sev/alone", "alone time", "bytes a call a/s");
        System.out.println(late ? " %10s | %10s | %10s |".formatted("late", "late/alone", "bytes late") : "");
        System.out.println("|--------------------|-----------:|-----------:|-----------:|--------------:|"
                + "------------------:|" + (late ? "-----------:|-----------:|-----------:|" : ""));
        for (Map.Entry<String, double[]> e : times.entrySet()) {
            if (e.getKey().equals("plainDouble")) {
                continue;
            }
            double[] t = e.getValue();
            System.out.printf(Locale.ROOT, "| %-18s | %9.1fx | %9.1fx | %9.2fx | %13s | %17s |", e.getKey(), t[2],
                    t[3], t[3] / t[2], time(t[0]), bytes(t[4]) + " / " + bytes(t[5]));
            System.out.println(late ? String.format(Locale.ROOT, " %9.1fx | %9.2fx | %10s |", t[7], t[7] / t[2],
                    bytes(t[8])) : "");
        }
        double[] fh = times.get("forwardHessian");
        double[] ds2 = times.get("ds2Hessian");
        if (fh != null && ds2 != null) {
            System.out.printf(Locale.ROOT, "Forward.hessian vs DerivativeStructure order 2: %.1fx faster alone,"
                    + " %.1fx faster several%n", ds2[2] / fh[2], ds2[3] / fh[3]);
        }
        double[] lap = times.get("laplacian");
        double[] tr = times.get("hessianTrace");
        if (lap != null && tr != null) {
            System.out.printf(Locale.ROOT, "Hybrid.laplacian vs trace of Hybrid.hessian: %.1fx faster alone,"
                    + " %.1fx faster several%n", tr[2] / lap[2], tr[3] / lap[3]);
        }
        System.out.flush();
    }

    /** Bytes as B, KB or MB (1024-based), or "-" where not measured. */
    private static String bytes(double b) {
        if (!(b >= 0)) {
            return "-";
        }
        return b >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", b / (1 << 20))
                : b >= 1 << 10 ? String.format(Locale.ROOT, "%.0f KB", b / (1 << 10))
                : String.format(Locale.ROOT, "%.0f B", b);
    }

    private static String time(double ns) {
        return ns >= 1e6 ? String.format(Locale.ROOT, "%.2f ms", ns / 1e6)
                : ns >= 1e3 ? String.format(Locale.ROOT, "%.2f us", ns / 1e3)
                : String.format(Locale.ROOT, "%.0f ns", ns);
    }

    /**
     * Compares every mode's derivative with the others' at the row's point: gradients (forward,
     * reverse, replay, DerivativeStructure, SparseGradient, Hipparchus; finite differences loosely),
     * the directional derivative and H v against the Hessian, the Laplacian against its trace.
     */
    static void check(String function, int n) {
        AnchorBench b = new AnchorBench();
        b.function = function;
        b.n = n;
        b.setting = "alone";
        b.warmMillis = 0;
        double[] x = Anchors.point(function, n);
        double[] g = Reverse.gradient(Anchors.function(function), x);
        double scale = 0;
        for (double gi : g) {
            scale = Math.max(scale, Math.abs(gi));
        }
        b.prepare(Anchors.function(function), x, Reverse.record(Anchors.function(function), x));
        int k = x.length;
        agree("forwardGradient", g, b.forwardGradient(), scale, 1e-12);
        agree("replay", g, b.replay(), scale, 1e-12);
        agree("replayUnguarded", g, b.replayUnguarded(), scale, 1e-12);
        agree("hipparchusGradient", g, b.hipparchusGradient(), scale, 1e-12);
        agree("ds1Gradient", g, b.ds1Gradient(), scale, 1e-12);
        agree("sparseGradient", g, b.sparseGradient(), scale, 1e-12);
        agree("finiteDifferences", g, b.finiteDifferences(), scale, 1e-5);
        double dot = 0;
        for (int i = 0; i < k; i++) {
            dot += g[i] * Math.cos(i);
        }
        agree("directional", new double[] {dot}, new double[] {b.directional()}, scale * Math.sqrt(k), 1e-12);
        // the sparse Hessians against H v at any size: (H v)_i = sum_j H_ij cos(j)
        b.prepareSparse(Anchors.function(function), x, "sparseHessian", "alone");
        double[] hvp = b.hvp();
        DMatrixSparseCSC[] sparse = {b.sparseHessian(), b.sparseHessianOneShot()};
        for (int m = 0; m < 2; m++) {
            DMatrixSparseCSC s = sparse[m];
            double[] sv = new double[k];
            double bound = 0;
            for (int j = 0; j < k; j++) {
                for (int p = s.col_idx[j]; p < s.col_idx[j + 1]; p++) {
                    sv[s.nz_rows[p]] += s.nz_values[p] * Math.cos(j);
                    bound = Math.max(bound, Math.abs(s.nz_values[p]));
                }
            }
            agree(m == 0 ? "sparseHessian" : "sparseHessianOneShot", hvp, sv, bound * 8, 1e-12);
        }
        if (AnchorBench.runs("hessianTrace", k)) {
            DMatrixRMaj h = Hybrid.hessian(Anchors.function(function), x);
            double hs = 0;
            double trace = 0;
            double[] hv = new double[k];
            for (int i = 0; i < k; i++) {
                trace += h.unsafe_get(i, i);
                for (int j = 0; j < k; j++) {
                    hs = Math.max(hs, Math.abs(h.unsafe_get(i, j)));
                    hv[i] += h.unsafe_get(i, j) * Math.cos(j);
                }
            }
            agree("hvp", hv, b.hvp(), hs * k, 1e-12);
            agree("laplacian", new double[] {trace}, new double[] {b.laplacian()}, hs * k, 1e-12);
            if (AnchorBench.runs("forwardHessian", k)) {
                agree("forwardHessian", h.data, Forward.hessian(Anchors.function(function), x).data, hs, 1e-12);
            }
            if (AnchorBench.runs("ds2Hessian", k)) {
                agree("ds2Hessian", h.data, b.ds2Hessian(), hs, 1e-12);
            }
        }
    }

    private static void agree(String mode, double[] expected, double[] actual, double scale, double tol) {
        if (actual == null) { // a mode this size does not run (AnchorBench.runs)
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= tol * Math.max(scale, 1e-300))) {
                throw new IllegalStateException("check: " + mode + " entry " + i + " is " + actual[i] + ", expected "
                        + expected[i] + " (to " + tol + " of " + scale + ")");
            }
        }
    }
}
