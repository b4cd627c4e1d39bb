package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link HTape#variables} does not write an input's partials (no sweep reads them): on a reused
 * tape an input's part entries hold whatever the previous recording's node in that slot left. Every
 * sweep must then give bit for bit what it gives on a fresh tape, whose entries are zero.
 */
class HTapeInputPartialsTest {
    private static final int N = 300;

    /** Many binary nodes with large, non-zero first and second partials in the low slots. */
    private static HVar dirty(HVar[] x) {
        int m = x.length;
        HVar s = x[0].multiply(x[1]);
        for (int i = 2; i < 200; i++) {
            HVar a = x[i % m];
            s = s.multiply(a).add(x[(i - 1) % m].divide(a)).add(a.multiply(x[(i + 3) % m]).exp());
        }
        return s;
    }

    /** A function of N inputs whose sweeps take every path: products, squares, unary chains, a long sum. */
    private static HVar g(HVar[] x) {
        HVar s = x[0].multiply(x[0]);
        for (int i = 1; i + 2 < x.length; i++) {
            HVar t = x[i + 1].subtract(x[i].multiply(x[i]));
            s = s.add(x[i].multiply(x[i + 1])).add(x[i].sin().multiply(x[i + 2])).add(t.multiply(t));
        }
        return s.add(x[N - 1].divide(x[N - 2].exp()));
    }

    private static double[] point(int n, double shift) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i + shift);
        }
        return x;
    }

    /** How many of the first N nodes (the inputs) have a non-zero part entry. */
    private static int staleInputPartials(HTape t) {
        try {
            java.lang.reflect.Field f = HTape.class.getDeclaredField("part");
            f.setAccessible(true);
            double[] part = (double[]) f.get(t);
            int stale = 0;
            for (int i = 0; i < N; i++) {
                boolean any = false;
                for (int k = 0; k < 5; k++) {
                    any |= part[5 * i + k] != 0;
                }
                stale += any ? 1 : 0;
            }
            return stale;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everySweepIgnoresWhatAnInputSlotHeldBefore() {
        double[] x = point(N, 0);
        double[] v = point(N, 1.5);
        HTape fresh = new HTape();
        HVar y0 = g(fresh.variables(x));

        HTape reused = new HTape();
        HVar d = dirty(reused.variables(point(20, 3)));
        assertEquals(true, reused.size() > N, "the previous recording filled the slots the inputs take");
        reused.gradient(d); // and swept them
        reused.reset();
        HVar y1 = g(reused.variables(x));
        assertEquals(true, staleInputPartials(reused) > N / 2, "the inputs' slots hold the old partials");

        assertArrayEquals(fresh.gradient(y0), reused.gradient(y1));
        assertArrayEquals(fresh.forwardGradient(y0, 7), reused.forwardGradient(y1, 7));
        assertArrayEquals(fresh.hvp(y0, v), reused.hvp(y1, v));
        assertArrayEquals(fresh.hessian(y0).data, reused.hessian(y1).data);
        assertEquals(Double.doubleToRawLongBits(fresh.laplacian(y0)), Double.doubleToRawLongBits(reused.laplacian(y1)));
        assertEquals(Double.doubleToRawLongBits(fresh.laplacian(y0, 16)),
                Double.doubleToRawLongBits(reused.laplacian(y1, 16)));
        double[] a = new double[N];
        double[] b = new double[N];
        fresh.hvpBatch(y0, v, 1, a);
        reused.hvpBatch(y1, v, 1, b);
        assertArrayEquals(a, b);
    }
}
