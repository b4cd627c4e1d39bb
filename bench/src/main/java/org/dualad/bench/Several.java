package org.dualad.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The two settings of issue 17 for any JMH benchmark class whose methods run one function in
 * several modes: {@code alone}, a fresh JVM (JMH fork) where only the measured method has run,
 * and {@code several}, a fresh JVM where every other {@code @Benchmark} method of the same class
 * (but those marked {@link OwnType}) has run first (three interleaved rounds, each method a third of {@code millis} of this thread's
 * CPU time a round), so that f's call sites have seen every number type before the JIT compiles
 * the measured one. A class takes part with a {@code setting} parameter and one line in its
 * trial setup:
 * <pre>
 * &#64;Param({"alone", "several"}) public String setting;
 * &#64;Setup public void setUp(BenchmarkParams p) { ...; Several.warm(this, p, setting, 300); }
 * </pre>
 * {@link AnchorBench} does the same for the anchor functions with its own list of modes, which
 * {@link Table} runs.
 */
final class Several {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private Several() {
    }

    /**
     * In the several setting, runs every other benchmark method of bench's class; in the alone
     * setting, nothing.
     *
     * @param bench the benchmark state, set up
     * @param params JMH's description of the measured benchmark
     * @param setting {@code alone} or {@code several}
     * @param millis the CPU time each other method runs, over three rounds
     * @throws IllegalArgumentException for any other setting
     */
    static void warm(Object bench, BenchmarkParams params, String setting, int millis) {
        String name = params.getBenchmark();
        warm(bench, name.substring(name.lastIndexOf('.') + 1), setting, millis);
    }

    /**
     * As {@link #warm(Object, BenchmarkParams, String, int)}, the measured method given by name
     * (a harness outside JMH).
     *
     * @param bench the benchmark state, set up
     * @param measured the measured method's name
     * @param setting {@code alone} or {@code several}
     * @param millis the CPU time each other method runs, over three rounds
     */
    static void warm(Object bench, String measured, String setting, int millis) {
        if ("alone".equals(setting)) {
            return;
        }
        if (!"several".equals(setting)) {
            throw new IllegalArgumentException("Several.warm: setting must be alone or several, got " + setting);
        }
        List<Method> others = new ArrayList<>();
        for (Method m : bench.getClass().getMethods()) {
            if (m.isAnnotationPresent(Benchmark.class) && !m.isAnnotationPresent(OwnType.class)
                    && !m.getName().equals(measured) && m.getParameterCount() == 0) {
                others.add(m);
            }
        }
        others.sort(Comparator.comparing(Method::getName)); // the same order in every fork
        long slice = millis * 1_000_000L / 3;
        for (int round = 0; round < 3; round++) {
            for (Method m : others) {
                long end = CPU.getCurrentThreadCpuTime() + slice;
                do {
                    invoke(bench, m);
                } while (CPU.getCurrentThreadCpuTime() < end);
            }
        }
    }

    private static void invoke(Object bench, Method m) {
        try {
            m.invoke(bench);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Several.warm: cannot call " + m.getName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Several.warm: " + m.getName() + " failed", e.getCause());
        }
    }
}
