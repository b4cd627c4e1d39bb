package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dualad.TapeFootprint;
import org.dualad.TapeLimitException;
import org.dualad.internal.TapeMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The second-order tape's cap and footprint, and Hybrid's scratch tape. */
class HTapeMemoryTest {

    @AfterEach
    void letGo() {
        Hybrid.releaseScratch();
    }

    static double[] point(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        return x;
    }

    static double[] rosenbrockGradient(double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            g[i] += -400 * a * x[i] - 2 * (1 - x[i]);
            g[i + 1] += 200 * a;
        }
        return g;
    }

    @Test
    void aCappedTapeRefusesTheNodeBeyondItsCapAndStaysUsable() {
        HTape t = new HTape(5);
        assertEquals(5, t.maxNodes());
        HVar a = t.variable(1);
        HVar b = t.variable(2);
        HVar[] s = {a};
        for (int k = 0; k < 3; k++) {
            s[0] = s[0].multiply(b);
        }
        assertEquals(5, t.size());
        TapeLimitException e = assertThrows(TapeLimitException.class, () -> s[0].multiply(b));
        assertEquals(5, e.nodes());
        assertEquals(5, e.maxNodes());
        assertTrue(e.getMessage().startsWith("HTape: the tape holds 5 nodes, its cap (maxNodes = 5), and f records"
                + " more; at 56 bytes a node"), e.getMessage());
        assertEquals(5, t.size(), "nothing recorded past the cap");
        assertArrayEquals(new double[] {8, 12}, t.gradient(s[0]));
        assertThrows(TapeLimitException.class, () -> t.variable(3));
        assertThrows(IllegalArgumentException.class, () -> new HTape(0));
    }

    @Test
    void aCappedTapeGrowsUpToItsCap() {
        HTape t = new HTape(1000);
        HVar a = t.variable(1);
        HVar b = t.variable(1);
        HVar s = a;
        for (int k = 0; k < 998; k++) {
            s = s.multiply(b); // one node each
        }
        assertEquals(1000, t.size());
        assertEquals(1001, t.footprint().capacity(), "the cap and the one free slot, not 1024");
        HVar last = s;
        assertThrows(TapeLimitException.class, () -> last.multiply(a));
    }

    @Test
    void theFootprintIsTheArraysTheTapeKeeps() {
        HTape t = new HTape();
        TapeFootprint empty = t.footprint();
        assertEquals(48 * 64 + 4 * 8, empty.bytes());
        HVar[] x = t.variables(point(1000));
        HVar y = TestFunctions.rosenbrock(x);
        TapeFootprint recorded = t.footprint();
        assertEquals(t.size(), recorded.nodes());
        assertTrue(recorded.capacity() <= 2 * recorded.nodes(), recorded.toString());
        long inputs = 4L * Integer.highestOneBit(1000) * 2; // the input list doubles from 8
        assertEquals(48 * recorded.capacity() + inputs, recorded.bytes());
        t.gradient(y);
        assertEquals(56 * recorded.capacity() + inputs, t.footprint().bytes(), "the gradient's adjoints: 8 a node");
        t.hvp(y, point(1000));
        assertEquals(72 * recorded.capacity() + inputs, t.footprint().bytes(),
                "the HVP's tangents and adjoint tangents: 8 + 8 more a node");
        t.hessian(y);
        assertEquals(74 * recorded.capacity() + inputs, t.footprint().bytes(),
                "the Hessian's activity flags, 2 a node (its K-direction work arrays are the call's own)");
    }

    @Test
    void hybridKeepsItsScratchTapeAtAnySizeAndShrinksItAfterManySmallCalls() {
        double[] x = point(100_000);
        assertArrayEquals(rosenbrockGradient(x), Hybrid.gradient(TestFunctions::rosenbrock, x), 1e-9);
        TapeFootprint big = Hybrid.scratchFootprint();
        assertTrue(big.nodes() > (1 << 18), "beyond the old reuse limit: " + big);
        assertArrayEquals(rosenbrockGradient(x), Hybrid.gradient(TestFunctions::rosenbrock, x), 1e-9);
        assertEquals(big, Hybrid.scratchFootprint(), "a call of the same size reuses it as it is");
        double[] small = point(20);
        for (int k = 0; k < TapeMemory.TRIM_AFTER_CALLS - 1; k++) {
            Hybrid.gradient(TestFunctions::rosenbrock, small);
            assertEquals(big.capacity(), Hybrid.scratchFootprint().capacity());
        }
        assertArrayEquals(rosenbrockGradient(small), Hybrid.gradient(TestFunctions::rosenbrock, small), 1e-12);
        TapeFootprint shrunk = Hybrid.scratchFootprint();
        assertEquals(TapeMemory.TRIM_FLOOR, shrunk.capacity(), shrunk.toString());
        assertArrayEquals(rosenbrockGradient(small), Hybrid.gradient(TestFunctions::rosenbrock, small), 1e-12);
        assertArrayEquals(rosenbrockGradient(x), Hybrid.gradient(TestFunctions::rosenbrock, x), 1e-9);
    }

    @Test
    void scratchTapesAreEachThreadsOwn() throws Exception {
        Hybrid.gradient(TestFunctions::rosenbrock, point(1000));
        TapeFootprint mine = Hybrid.scratchFootprint();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            TapeFootprint theirs = pool.submit(() -> {
                assertSame(TapeFootprint.NONE, Hybrid.scratchFootprint());
                Hybrid.gradient(TestFunctions::rosenbrock, point(10));
                TapeFootprint fp = Hybrid.scratchFootprint();
                Hybrid.releaseScratch();
                assertSame(TapeFootprint.NONE, Hybrid.scratchFootprint());
                return fp;
            }).get();
            assertTrue(theirs.nodes() > 0 && theirs.nodes() < mine.nodes(), theirs + " vs " + mine);
        } finally {
            pool.shutdown();
        }
        assertEquals(mine, Hybrid.scratchFootprint());
    }
}
