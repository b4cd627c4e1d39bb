package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dualad.TapeFootprint;
import org.dualad.TapeLimitException;
import org.dualad.internal.TapeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tape memory: caps, footprints, growth slack and the scratch tape's reuse and shrinking. */
class TapeMemoryTest {

    @AfterEach
    void letGo() {
        Reverse.releaseScratch();
    }

    static double[] point(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        return x;
    }

    /** The closed-form gradient of Fns.rosenbrock. */
    static double[] rosenbrockGradient(double[] x) {
        int n = x.length;
        double[] g = new double[n];
        for (int i = 0; i + 1 < n; i++) {
            double a = x[i + 1] - x[i] * x[i];
            g[i] += -400 * a * x[i] - 2 * (1 - x[i]);
            g[i + 1] += 200 * a;
        }
        return g;
    }

    /** Nodes of Fns.rosenbrock on the edge tape: n inputs and 3 per term but the first's 2. */
    static long edgeNodes(int n) {
        return n + 3L * (n - 1) - 1;
    }

    /** Extended Rosenbrock's residuals: 10 (x[i+1] - x[i]^2) and 1 - x[i], 2 (n - 1) of them. */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T[] residuals(T[] x) {
        T[] r = org.apache.commons.math3.util.MathArrays.buildArray(x[0].getField(), 2 * (x.length - 1));
        for (int i = 0; i + 1 < x.length; i++) {
            r[2 * i] = x[i + 1].subtract(x[i].multiply(x[i])).multiply(10);
            r[2 * i + 1] = x[i].negate().add(1);
        }
        return r;
    }

    @Test
    void aCappedOpTapeRefusesTheNodeBeyondItsCapAndStaysUsable() {
        Tape tape = new Tape(100, 10);
        assertEquals(10, tape.maxNodes());
        assertEquals(10, tape.footprint().capacity(), "no more than the cap is allocated");
        Var x = tape.variable(2);
        Var s = x;
        for (int k = 0; k < 9; k++) {
            s = s.multiply(x);
        }
        assertEquals(10, tape.size());
        Var last = s;
        TapeLimitException e = assertThrows(TapeLimitException.class, () -> last.multiply(x));
        assertEquals(10, e.nodes());
        assertEquals(10, e.maxNodes());
        assertEquals(41, e.bytesPerNode());
        assertTrue(e.getMessage().startsWith("Tape: the tape holds 10 nodes, its cap (maxNodes = 10), and f records"
                + " more; at 41 bytes a node the cap's tape takes 0.0 MB of heap, twice the cap would need 0.0 MB"
                + " (the heap's limit, Runtime.maxMemory(), is "), e.getMessage());
        assertEquals(10, tape.size(), "nothing recorded past the cap");
        tape.backward(s);
        assertEquals(10 * Math.pow(2, 9), tape.adjoint(x));
        assertThrows(TapeLimitException.class, () -> tape.variable(1));
        assertThrows(IllegalArgumentException.class, () -> new Tape(4, 0));
    }

    @Test
    void whereTheDoubledArraysDoNotFitATapeGrowsByAQuarter() {
        // 1024 nodes of 41 bytes: doubled, both copies need 126 KB; a quarter more, 94.5 KB
        assertEquals(2048, TapeMemory.grownCapacity("Tape", 1025, 1024, Long.MAX_VALUE, 0, Integer.MAX_VALUE, 41, 126_000));
        assertEquals(1280, TapeMemory.grownCapacity("Tape", 1025, 1024, Long.MAX_VALUE, 0, Integer.MAX_VALUE, 41, 100_000));
        assertThrows(OutOfMemoryError.class,
                () -> TapeMemory.grownCapacity("Tape", 1025, 1024, Long.MAX_VALUE, 0, Integer.MAX_VALUE, 41, 90_000));
        assertEquals(-1, TapeMemory.smallerCapacity(5, 4, 5, 0), "no smaller than the doubled capacity");
        Tape tape = new Tape(4);
        tape.heapLimit = 100_000;
        Var x = tape.variable(1);
        Var s = x;
        for (int k = 0; k < 1200; k++) {
            s = s.multiply(x);
        }
        assertEquals(1280, tape.value.length, "grown by a quarter at 1024 nodes instead of failing");
        tape.backward(s);
        assertEquals(1201, tape.adjoint(x), 1e-9);
    }

    @Test
    void aCapGrowsTheOpTapeUpToItAndNoFurther() {
        Tape tape = new Tape(4, 1000);
        Var x = tape.variable(1);
        Var s = x;
        for (int k = 0; k < 999; k++) {
            s = s.add(x);
        }
        assertEquals(1000, tape.size());
        assertEquals(1000, tape.footprint().capacity(), "the last growth stops at the cap, not at 1024");
        Var last = s;
        assertThrows(TapeLimitException.class, () -> last.add(x));
    }

    @Test
    void theOpTapeFootprintIsItsArrays() {
        Tape tape = new Tape(0);
        Var x = tape.variable(0.5);
        Var y = tape.variable(1.5);
        Var f = x;
        for (int k = 0; k < 1000; k++) {
            f = f.multiply(y).add(x).abs();
        }
        TapeFootprint before = tape.footprint();
        assertEquals(tape.size(), before.nodes());
        assertEquals(tape.value.length, before.capacity());
        long decisions = 12L * tape.decisions.node.length;
        assertEquals(33 * before.capacity() + decisions, before.bytes());
        assertTrue(before.capacity() < 2 * before.nodes(), "growth slack under 2x");
        tape.backward(f);
        TapeFootprint after = tape.footprint();
        assertEquals(41 * after.capacity() + decisions, after.bytes(), "with the adjoints: 41 bytes a node");
        assertEquals(8L * tape.value.length + 4L * tape.args.length + 8L * tape.partials.length + tape.op.length
                + 8L * tape.adjoint.length + 4L * tape.decisions.node.length + 8L * tape.decisions.key.length,
                after.bytes());
    }

    @Test
    void theScratchFootprintIsTheTracesArraysWithinTwiceItsNodes() {
        for (int n : new int[] {10, 1000, 100_000}) {
            double[] x = point(n);
            assertArrayEquals(rosenbrockGradient(x), Reverse.gradient(Fns::rosenbrock, x), 1e-9);
            TapeFootprint fp = Reverse.scratchFootprint();
            assertEquals(edgeNodes(n), fp.nodes(), "n = " + n);
            // the HTape's 48 bytes a node of capacity, 8 for the adjoint, 4 an input slot (fewer than 2n)
            assertTrue(fp.bytes() >= 56L * fp.capacity() && fp.bytes() < 56L * fp.capacity() + 8L * n,
                    "56 bytes a node of capacity, adjoints included: " + fp);
            assertTrue(fp.capacity() <= 2 * fp.nodes(), "slack within 2x at n = " + n + ": " + fp);
            Reverse.releaseScratch();
        }
    }

    @Test
    void callsOfOneSizeReuseTheScratchTapeWithoutRegrowing() {
        double[] x = point(300_000); // above the old 2^20-node reuse limit
        Reverse.gradient(Fns::rosenbrock, x);
        TapeFootprint first = Reverse.scratchFootprint();
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(rosenbrockGradient(x), Reverse.gradient(Fns::rosenbrock, x), 1e-9);
            assertEquals(first, Reverse.scratchFootprint());
        }
        assertTrue(first.nodes() > (1 << 20), "the tape is beyond the old limit: " + first);
    }

    @Test
    void aBigScratchTapeShrinksAfterManySmallCallsButNotAfterFewer() {
        Reverse.gradient(Fns::rosenbrock, point(100_000));
        long big = Reverse.scratchFootprint().capacity();
        assertTrue(big > TapeMemory.TRIM_FLOOR);
        double[] small = point(50);
        for (int k = 0; k < TapeMemory.TRIM_AFTER_CALLS - 1; k++) {
            assertArrayEquals(rosenbrockGradient(small), Reverse.gradient(Fns::rosenbrock, small), 1e-12);
            assertEquals(big, Reverse.scratchFootprint().capacity(), "kept after " + (k + 1) + " small calls");
        }
        // a big call in between starts the count again
        Reverse.gradient(Fns::rosenbrock, point(100_000));
        for (int k = 0; k < TapeMemory.TRIM_AFTER_CALLS - 1; k++) {
            Reverse.gradient(Fns::rosenbrock, small);
        }
        assertEquals(big, Reverse.scratchFootprint().capacity());
        Reverse.gradient(Fns::rosenbrock, small);
        TapeFootprint shrunk = Reverse.scratchFootprint();
        assertEquals(TapeMemory.TRIM_FLOOR, shrunk.capacity(), "shrunk to the floor: " + shrunk);
        assertEquals(48L * TapeMemory.TRIM_FLOOR + 4L * 50, shrunk.bytes(), "the recording's arrays and 50 input slots");
        assertArrayEquals(rosenbrockGradient(small), Reverse.gradient(Fns::rosenbrock, small), 1e-12);
        double[] x = point(100_000);
        assertArrayEquals(rosenbrockGradient(x), Reverse.gradient(Fns::rosenbrock, x), 1e-9);
    }

    @Test
    void withMaxNodesCapsEachCallAndLeavesTheStaticFacadeUncapped() {
        BoundedReverse r = Reverse.withMaxNodes(1000);
        assertEquals(1000, r.maxNodes());
        assertEquals("Reverse.withMaxNodes(1000)", r.toString());
        double[] ok = point(200); // 796 nodes
        assertArrayEquals(rosenbrockGradient(ok), r.gradient(Fns::rosenbrock, ok), 1e-12);
        double[] tooBig = point(300); // 1196 nodes
        TapeLimitException e = assertThrows(TapeLimitException.class, () -> r.gradient(Fns::rosenbrock, tooBig));
        assertEquals(1000, e.maxNodes());
        assertEquals(1000, e.nodes());
        assertTrue(e.getMessage().startsWith("gradient tape: the tape holds 1000 nodes, its cap (maxNodes = 1000)"
                + ", and f records more; at 56 bytes a node"), e.getMessage());
        assertTrue(e.getMessage().contains("Raise the cap"), e.getMessage());
        // the same thread's scratch tape, now bigger than the cap, serves uncapped and capped calls
        assertArrayEquals(rosenbrockGradient(tooBig), Reverse.gradient(Fns::rosenbrock, point(300)), 1e-12);
        Reverse.gradient(Fns::rosenbrock, point(5000));
        assertThrows(TapeLimitException.class, () -> r.valueAndGradient(Fns::rosenbrock, tooBig));
        assertThrows(TapeLimitException.class, () -> Reverse.withMaxNodes(100).gradient(Fns::rosenbrock, point(101)),
                "the inputs alone exceed the cap");
        assertEquals(r.valueAndGradient(Fns::rosenbrock, ok), Reverse.valueAndGradient(Fns::rosenbrock, ok));
        assertArrayEquals(Reverse.vjp(TapeMemoryTest::residuals, ok, point(2 * 199)),
                r.vjp(TapeMemoryTest::residuals, ok, point(2 * 199)));
        assertArrayEquals(Reverse.jacobian(TapeMemoryTest::residuals, point(20)).data,
                r.jacobian(TapeMemoryTest::residuals, point(20)).data);
        assertThrows(TapeLimitException.class, () -> Reverse.withMaxNodes(10).jacobian(TapeMemoryTest::residuals,
                point(20)));
        assertThrows(IllegalArgumentException.class, () -> Reverse.withMaxNodes(0));
    }

    @Test
    void scratchTapesAreEachThreadsOwn() throws Exception {
        Reverse.gradient(Fns::rosenbrock, point(1000));
        TapeFootprint mine = Reverse.scratchFootprint();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<TapeFootprint> other = pool.submit(() -> {
                TapeFootprint none = Reverse.scratchFootprint();
                Reverse.gradient(Fns::rosenbrock, point(10));
                TapeFootprint small = Reverse.scratchFootprint();
                Reverse.releaseScratch();
                assertSame(TapeFootprint.NONE, Reverse.scratchFootprint());
                return none.nodes() == 0 ? small : none;
            });
            assertEquals(edgeNodes(10), other.get().nodes());
        } finally {
            pool.shutdown();
        }
        assertEquals(mine, Reverse.scratchFootprint(), "another thread's release leaves this thread's tape");
        assertNotEquals(TapeFootprint.NONE, mine);
    }

    static final ThreadLocal<double[]> INNER = new ThreadLocal<>();

    /** Calls Reverse.gradient on another function inside f (a nested call gets a tape of its own). */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T nests(T[] x) {
        INNER.set(Reverse.gradient(Fns::rosenbrock, point(50)));
        Reverse.releaseScratch(); // inside f: must not let go of the running call's tape
        return Fns.rosenbrock(x);
    }

    @Test
    void aNestedCallAndAReleaseInsideFLeaveTheOuterCallIntact() {
        double[] x = point(100);
        assertArrayEquals(rosenbrockGradient(x), Reverse.gradient(TapeMemoryTest::nests, x), 1e-12);
        assertArrayEquals(rosenbrockGradient(point(50)), INNER.get(), 1e-12);
        assertEquals(edgeNodes(100), Reverse.scratchFootprint().nodes(), "the outer call's tape is kept");
    }
}
