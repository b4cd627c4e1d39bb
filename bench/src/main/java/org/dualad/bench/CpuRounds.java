package org.dualad.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The interleaved thread-CPU-time measurement of the benchmark classes' {@code main} methods: in
 * each round every method runs for at least a given CPU time, in turn, and the best time per call
 * over the rounds is kept (steadier than wall-clock time on a shared machine).
 */
final class CpuRounds {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** The last result, so that the JIT cannot drop the calls. */
    static volatile Object sink;

    private CpuRounds() {
    }

    /**
     * @param methods how many methods (0 .. methods - 1)
     * @param rounds the rounds
     * @param nanos the least CPU time of one method in one round
     * @param skip which methods not to run (their entry stays +infinity), or null
     * @param run runs method m once and returns its result (kept, so that the JIT cannot drop the call)
     * @return the best CPU nanoseconds per call of each method
     */
    static double[] best(int methods, int rounds, long nanos, boolean[] skip, IntFunction<Object> run) {
        double[] best = new double[methods];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        Object last = null;
        for (int round = 0; round < rounds; round++) {
            for (int m = 0; m < methods; m++) {
                if (skip != null && skip[m]) {
                    continue;
                }
                long start = CPU.getCurrentThreadCpuTime();
                long calls = 0;
                long elapsed;
                do {
                    for (int k = 0; k < 10; k++) {
                        last = run.apply(m);
                    }
                    calls += 10;
                    elapsed = CPU.getCurrentThreadCpuTime() - start;
                } while (elapsed < nanos);
                best[m] = Math.min(best[m], (double) elapsed / calls);
            }
        }
        sink = last;
        return best;
    }
}
