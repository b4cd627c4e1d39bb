package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link HSweeps#adjoints} carries node i's contribution to node i - 1 in a register: every node's
 * adjoint must be bit for bit what the plain sweep through memory gives (the sums in the same
 * order, signed zeros and the zero policy against infinite adjoints included; NaN compared as
 * Java compares it, one value whatever its payload), on random tapes whose nodes often, but not
 * always, take the node just below as an argument. The sweep may stop above the inputs at the
 * bottom of the tape (they pass nothing on): every adjoint must still be the same bits.
 */
class AdjointSweepTest {

    /** The sweep as written before: every contribution added in memory, consumers in decreasing order. */
    static void throughMemory(long[] ar, double[] pt, double[] adj, int out, double p) {
        adj[out] = p;
        for (int i = out; i >= 0; i--) {
            double a = adj[i];
            int j = (int) (ar[i] >> 32);
            if (a == 0 || j < 0) {
                continue;
            }
            adj[j] += Chain.term(pt[5 * i], a);
            adj[(int) ar[i]] += Chain.term(pt[5 * i + 1], a);
        }
    }

    /** A partial: mostly ordinary, sometimes 0, -0.0, tiny, huge or infinite (NaN rarely). */
    static double partial(SplittableRandom r) {
        switch (r.nextInt(12)) {
            case 0: return 0.0;
            case 1: return -0.0;
            case 2: return r.nextBoolean() ? Double.MIN_VALUE : -Double.MIN_VALUE;
            case 3: return r.nextBoolean() ? 1e300 : -1e300;
            case 4: return r.nextInt(8) == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
            default: return r.nextDouble() * 4 - 2;
        }
    }

    @Test
    void theRegisterCarryGivesTheSweepThroughMemoryBitForBit() {
        SplittableRandom r = new SplittableRandom(17);
        for (int trial = 0; trial < 2000; trial++) {
            int inputs = 1 + r.nextInt(6);
            int m = inputs + 1 + r.nextInt(60);
            long[] ar = new long[m];
            double[] pt = new double[5 * m];
            for (int i = 0; i < m; i++) {
                if (i < inputs) {
                    ar[i] = (-1L << 32) | i;
                    continue;
                }
                // two distinct earlier nodes, the node just below often one of them (either side)
                int a = r.nextInt(3) > 0 ? i - 1 : r.nextInt(i);
                int b = r.nextInt(i);
                if (b == a) {
                    b = a == 0 ? 1 : a - 1;
                }
                if (r.nextBoolean()) {
                    int t = a;
                    a = b;
                    b = t;
                }
                ar[i] = ((long) a << 32) | (b & 0xFFFFFFFFL);
                pt[5 * i] = partial(r);
                pt[5 * i + 1] = partial(r);
            }
            // the output is now and then an input itself
            int out = r.nextInt(8) == 0 ? r.nextInt(inputs) : inputs + r.nextInt(m - inputs);
            double seed = r.nextInt(10) == 0 ? -0.0 : partial(r);
            double[] expected = new double[m];
            throughMemory(ar, pt, expected, out, seed);
            // low: the whole tape swept, or stopping above all, or some, of the leading inputs
            for (int low : new int[] {0, inputs, r.nextInt(inputs + 1)}) {
                double[] actual = new double[m];
                HSweeps.adjoints(ar, pt, actual, out, seed, low);
                for (int i = 0; i < m; i++) {
                    assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]),
                            "trial " + trial + ", low " + low + ", node " + i + ": " + expected[i]
                                    + " through memory, " + actual[i]);
                }
            }
        }
    }
}
