package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The Laplacian of few inputs ({@link HSweeps.LapWork#small}: one forward pass, no activity pass)
 * gives bit for bit what the activity pass gives ({@link HSweeps#byActivity}), and hands over to
 * it where its own result is NaN.
 */
class SmallLaplacianTest {

    private static long[] args(HTape t) {
        return (long[]) field(t, "args");
    }

    private static double[] part(HTape t) {
        return (double[]) field(t, "part");
    }

    private static Object field(HTape t, String name) {
        try {
            java.lang.reflect.Field f = HTape.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(t);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A random straight-line program over x: binary and unary ops on earlier values, a zero factor now and then. */
    private static HVar program(HVar[] x, SplittableRandom r) {
        List<HVar> v = new ArrayList<>(List.of(x));
        int ops = 1 + r.nextInt(40);
        for (int k = 0; k < ops; k++) {
            HVar a = v.get(r.nextInt(v.size()));
            HVar b = v.get(r.nextInt(v.size()));
            HVar c;
            switch (r.nextInt(14)) {
                case 0: c = a.add(b); break;
                case 1: c = a.subtract(b); break;
                case 2: c = a.multiply(b); break;
                case 3: c = a.divide(b.multiply(b).add(1)); break;
                case 4: c = a.atan2(b); break;
                case 5: c = a.hypot(b); break;
                case 6: c = a.sin(); break;
                case 7: c = a.multiply(a).add(1).log(); break;
                case 8: c = a.tanh().multiply(b); break;
                case 9: c = a.multiply(r.nextDouble() * 4 - 2); break;
                case 10: c = a.multiply(0).add(b); break;
                case 11: c = a.multiply(b).sqrt().add(b.multiply(a.sin())); break;
                case 12: c = a.multiply(b).multiply(a.add(b)); break;
                default: c = a.exp().multiply(b.cos()); break;
            }
            v.add(c);
        }
        HVar y = v.get(v.size() - 1);
        for (int k = 0; k < 3; k++) {
            y = y.add(v.get(r.nextInt(v.size())).multiply(r.nextDouble()));
        }
        return r.nextInt(4) == 0 ? y.sin() : y;
    }

    private static double[] point(int n, SplittableRandom r) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            // zeros now and then: hypot, atan2 and sqrt at the origin, zero partials of products
            x[i] = r.nextInt(6) == 0 ? 0 : r.nextDouble() * 4 - 2;
        }
        return x;
    }

    @Test
    void randomProgramsGiveTheActivityPassBits() {
        SplittableRandom r = new SplittableRandom(20261204);
        int small = 0;
        int programs = 0;
        for (int trial = 0; trial < 1500; trial++) {
            int n = 1 + r.nextInt(HSweeps.LapWork.SMALL_INPUTS);
            HTape t = new HTape();
            HVar y = program(t.variables(point(n, r)), r);
            double got = t.laplacian(y);
            if (y.node < 0) {
                assertEquals(0.0, got, 0);
                continue;
            }
            programs++;
            assertTrue(HSweeps.LapWork.isSmall(n, n, y.node + 1));
            double ref = HSweeps.byActivity(args(t), part(t), y.node, y.p, y.q, n, n, true, n, new HSweeps.LapWork());
            assertEquals(Double.doubleToLongBits(ref), Double.doubleToLongBits(got), "trial " + trial + ", n = " + n);
            double direct = new HSweeps.LapWork().small(args(t), part(t), y.node, y.p, y.q, n);
            if (direct == direct) {
                small++;
                assertEquals(Double.doubleToLongBits(ref), Double.doubleToLongBits(direct), "trial " + trial);
            }
        }
        // most programs are finite and take the small pass; the others show its hand-over
        assertTrue(small > programs / 2 && small < programs, small + " of " + programs);
    }

    @Test
    void aNaNLaplacianBehindAZeroPartialIsLeftOutByTheHandOver() {
        // y = x0 (sqrt(x1 x2) + x3) at x0 = x1 = x2 = 0: sqrt's node has an infinite first and
        // second partial on a tangent of zeros, so its Laplacian comes out NaN by plain products,
        // and it reaches y only through x0 = 0
        HTape t = new HTape();
        HVar[] x = t.variables(0, 0, 0, 1.5);
        HVar y = x[0].multiply(x[1].multiply(x[2]).sqrt().add(x[3]));
        double direct = new HSweeps.LapWork().small(args(t), part(t), y.node, y.p, y.q, 4);
        assertTrue(Double.isNaN(direct));
        assertEquals(0.0, t.laplacian(y), 0);
        assertEquals(CommonOps_DDRM.trace(t.hessian(y)), t.laplacian(y), 0);
    }

    @Test
    void theSameWorkArraysAcrossTapesOfOtherWidthsAndSizes() {
        SplittableRandom r = new SplittableRandom(7);
        HTape reused = new HTape();
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + r.nextInt(HSweeps.LapWork.SMALL_INPUTS);
            double[] x = point(n, r);
            long seed = r.nextLong();
            HTape fresh = new HTape();
            double expected = fresh.laplacian(program(fresh.variables(x), new SplittableRandom(seed)));
            reused.reset();
            double got = reused.laplacian(program(reused.variables(x), new SplittableRandom(seed)));
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got), "trial " + trial);
        }
    }

    @Test
    void fewInputsInOneChunkOnATapeOfAtMostSixtyFourThousandEntries() {
        assertTrue(HSweeps.LapWork.isSmall(16, 16, 4095)); // (4095 + 1) 16 = 65536 entries
        assertFalse(HSweeps.LapWork.isSmall(16, 16, 4096));
        assertFalse(HSweeps.LapWork.isSmall(17, 17, 10));
        assertFalse(HSweeps.LapWork.isSmall(10, 9, 10)); // two chunks
        assertTrue(HSweeps.LapWork.isSmall(10, 128, 10));
    }
}
