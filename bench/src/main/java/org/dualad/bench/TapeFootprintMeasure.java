package org.dualad.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import org.dualad.TapeFootprint;
import org.dualad.dual.HTape;
import org.dualad.dual.HVar;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
import org.dualad.reverse.Tape;
import org.dualad.reverse.Var;

/**
 * Measures the heap a tape retains, per node, against what its {@code footprint()} states: the
 * used heap after full collections before and after one recording of the extended Rosenbrock
 * function, with the tape still reachable (the scratch tapes of {@link Reverse} and
 * {@link Hybrid}, and a {@link Tape} and an {@link HTape} held here). Also prints the bytes each
 * gradient call allocates (garbage: the number objects f computes with), per node, from the
 * thread's allocation counter. Not a JMH benchmark: it measures bytes, not time.
 *
 * <pre>
 * mvn -B -q package -pl bench -am -DskipTests
 * java -Xmx12g -cp bench/target/benchmarks.jar org.dualad.bench.TapeFootprintMeasure 1000000 10000000
 * </pre>
 */
public final class TapeFootprintMeasure {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private TapeFootprintMeasure() {
    }

    /** Used heap after collections settle. */
    static long used() {
        long last = Long.MAX_VALUE;
        for (int k = 0; k < 5; k++) {
            System.gc();
            long u = MEMORY.getHeapMemoryUsage().getUsed();
            if (u == last) {
                break;
            }
            last = u;
        }
        return last;
    }

    static void report(String tape, int n, long before, long after, TapeFootprint fp, long allocated) {
        System.out.println(String.format(Locale.ROOT,
                "%-22s n=%-9d nodes=%-9d capacity=%-9d slack=%.2fx | stated %6.1f MB = %5.1f B/node | measured"
                        + " %6.1f MB = %5.1f B/node | per call allocated %5.1f B/node",
                tape, n, fp.nodes(), fp.capacity(), (double) fp.capacity() / fp.nodes(), fp.bytes() / 1e6,
                fp.bytesPerNode(), (after - before) / 1e6, (double) (after - before) / fp.nodes(),
                allocated < 0 ? Double.NaN : (double) allocated / fp.nodes()));
    }

    /**
     * @param args the sizes n (default 10^6)
     */
    public static void main(String[] args) {
        long me = Thread.currentThread().getId();
        for (String arg : args.length == 0 ? new String[] {"1000000"} : args) {
            int n = Integer.parseInt(arg);
            double[] x = Rosenbrock.point(n);

            long before = used();
            Reverse.gradient(Rosenbrock::value, x);
            long a0 = THREADS.getThreadAllocatedBytes(me);
            Reverse.gradient(Rosenbrock::value, x);
            long allocated = THREADS.getThreadAllocatedBytes(me) - a0;
            long after = used();
            report("Reverse.gradient", n, before, after, Reverse.scratchFootprint(), allocated);
            Reverse.releaseScratch();

            before = used();
            Hybrid.gradient(Rosenbrock::value, x);
            a0 = THREADS.getThreadAllocatedBytes(me);
            Hybrid.gradient(Rosenbrock::value, x);
            allocated = THREADS.getThreadAllocatedBytes(me) - a0;
            after = used();
            report("Hybrid.gradient", n, before, after, Hybrid.scratchFootprint(), allocated);
            Hybrid.releaseScratch();

            before = used();
            Tape tape = new Tape();
            Var[] v = new Var[n];
            for (int i = 0; i < n; i++) {
                v[i] = tape.variable(x[i]);
            }
            tape.backward(Rosenbrock.value(v));
            v = null;
            after = used();
            report("Tape + backward", n, before, after, tape.footprint(), -1);
            tape = null;

            before = used();
            HTape h = new HTape();
            HVar[] w = h.variables(x);
            h.gradient(Rosenbrock.value(w));
            w = null;
            after = used();
            report("HTape + gradient", n, before, after, h.footprint(), -1);
            h = null;
        }
    }
}
