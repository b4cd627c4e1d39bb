package org.dualad.reverse;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import org.dualad.bench.Rosenbrock;

/**
 * Times the replay's bytecode generator ({@code TapeCompiler}) on extended Rosenbrock, as
 * docs/performance.md reports it: the op tape's nodes, the milliseconds to generate and load the
 * classes in a warm JVM, the classes, methods and class-file bytes, and the metaspace they take.
 * The generator is package-private (a {@link Recording} decides when to run it, and above its
 * size limit never does), so this measurement lives in its package; it changes nothing.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.dualad.reverse.BytecodeMeasure 100 10000 100000
 * </pre>
 */
public final class BytecodeMeasure {
    private BytecodeMeasure() {
    }

    /**
     * @param args the Rosenbrock sizes n (default 100, 10000, 100000)
     */
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {100, 10_000, 100_000} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        // a warm JVM: the generator and ASM compiled, as in a program that has replayed for a while
        ReplayProgram small = Reverse.record(Rosenbrock::value, Rosenbrock.point(100)).program();
        for (int i = 0; i < 200; i++) {
            TapeCompiler.compile(small);
        }
        System.out.println("| n | nodes | generate and load | classes | methods | class bytes | metaspace | metaspace/node |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int n : sizes) {
            Recording r = Reverse.record(Rosenbrock::value, Rosenbrock.point(n));
            ReplayProgram p = r.program();
            System.gc();
            long meta0 = metaspace();
            long t0 = System.nanoTime();
            CompiledTape c = TapeCompiler.compile(p);
            long t = System.nanoTime() - t0;
            long meta = metaspace() - meta0;
            System.out.printf("| %d | %d | %.1f ms | %d | %d | %.2f MB | %.1f MB | %.0f B |%n", n, r.size(), t / 1e6,
                    c.classes(), c.methods, c.classBytes / 1e6, meta / 1e6, (double) meta / r.size());
        }
    }

    private static long metaspace() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                return pool.getUsage().getUsed();
            }
        }
        return -1;
    }
}
