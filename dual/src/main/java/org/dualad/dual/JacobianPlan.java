package org.dualad.dual;

/**
 * Chooses how {@link HTape#jacobian} takes a Jacobian below its count rule (m &lt; ratio n): by m
 * backward sweeps (rows) or by windowed forward sweeps (columns), whichever does less work on this
 * recording. Counts alone mislead: a row sweep runs from its output's node down to the inputs
 * however few nodes reach that output, and a column sweep carries each node's tangents only on the
 * window of inputs it depends on. So a banded f (each residual reading two inputs, m = 2n - 2) is
 * 2-6x cheaper by columns, while an f whose every output reads every input (m = n) is cheaper by
 * rows up to n = 100.
 *
 * <p>The work, in units of 0.1 ns, with weights fitted to the two sweeps on the trace
 * (2026-12-05, Java 17, a dense and a banded f at n = 10 to 1000, m = n and 2n):
 * <ul>
 *   <li>rows: 7 per node each row zeroes and walks (out_k + 1), plus 20 per node and output it
 *       reaches, where the adjoint is not zero ({@link #outputSpan});</li>
 *   <li>columns: 136 per node and sweep of K directions, 25 per node for the sweeps' work arrays,
 *       14000 once, plus 20 per node and direction in its window ({@link #inputSpan}).</li>
 * </ul>
 * The two spans take one integer pass over the recording each; they are counted only when the
 * bounds of the two costs overlap (so one output, or a handful, go to rows at once).
 */
final class JacobianPlan {
    private JacobianPlan() {
    }

    private static final long ROW_NODE = 7;
    private static final long ROW_ACTIVE = 20;
    private static final long COLUMN_SWEEP_NODE = 136;
    private static final long COLUMN_NODE = 25;
    private static final long COLUMN_FIXED = 14000;
    private static final long COLUMN_ACTIVE = 20;

    /**
     * @param ar the recording's packed arguments
     * @param nodes the outputs' nodes (-1 for a constant output), m of them
     * @param m the number of outputs
     * @param top the highest output node
     * @param leading the inputs at the bottom of the tape (a row sweep stops above them)
     * @param n the number of inputs
     * @param chunk the directions one column sweep carries
     * @return true when the column sweeps are estimated to cost under 3/4 of the row sweeps (the
     *     weights are a fit within 1.5x; near a tie rows stay, as the count rule had them)
     */
    static boolean columns(long[] ar, int[] nodes, int m, int top, int leading, int n, int chunk) {
        long walked = 0;
        long reachedBound = 0;
        for (int k = 0; k < m; k++) {
            int o = nodes[k];
            if (o >= 0) {
                walked += o + 1;
                reachedBound += Math.max(0, o + 1 - leading);
            }
        }
        long sweeps = (n + chunk - 1) / chunk;
        long recorded = Math.max(0, top + 1 - leading);
        long columnFixed = (COLUMN_SWEEP_NODE * sweeps + COLUMN_NODE) * (top + 1) + COLUMN_FIXED;
        long rowLow = ROW_NODE * walked;
        if (4 * (columnFixed + COLUMN_ACTIVE * recorded) >= 3 * (rowLow + ROW_ACTIVE * reachedBound)) {
            return false; // rows even if every node they walk were active, columns at one direction a node
        }
        if (4 * (columnFixed + COLUMN_ACTIVE * recorded * n) < 3 * rowLow) {
            return true;
        }
        int[] lo = new int[top + 1];
        int[] hi = new int[top + 1];
        long rows = rowLow + ROW_ACTIVE * outputSpan(ar, nodes, m, top, lo, hi);
        long cols = columnFixed + COLUMN_ACTIVE * inputSpan(ar, top, lo, hi);
        return 4 * cols < 3 * rows;
    }

    /**
     * The sum over recorded nodes up to top of the width of the range of input ordinals each
     * depends on: the directions a node's window spans, summed over the column sweeps.
     */
    static long inputSpan(long[] ar, int top, int[] lo, int[] hi) {
        HSweeps.reach(ar, top, lo, hi);
        long sum = 0;
        for (int i = 0; i <= top; i++) {
            if ((ar[i] >> 32) >= 0) {
                sum += hi[i] - lo[i] + 1;
            }
        }
        return sum;
    }

    /**
     * The sum over recorded nodes up to top of the width of the range of outputs each reaches:
     * the row sweeps in which its adjoint is not (structurally) zero.
     */
    static long outputSpan(long[] ar, int[] nodes, int m, int top, int[] lo, int[] hi) {
        java.util.Arrays.fill(lo, 0, top + 1, Integer.MAX_VALUE);
        java.util.Arrays.fill(hi, 0, top + 1, -1);
        for (int k = 0; k < m; k++) {
            int o = nodes[k];
            if (o >= 0) {
                lo[o] = Math.min(lo[o], k);
                hi[o] = Math.max(hi[o], k);
            }
        }
        long sum = 0;
        for (int i = top; i >= 0; i--) {
            int h = hi[i];
            long e = ar[i];
            int a = (int) (e >> 32);
            if (h < 0 || a < 0) {
                continue;
            }
            int l = lo[i];
            sum += h - l + 1;
            int b = (int) e;
            lo[a] = Math.min(lo[a], l);
            hi[a] = Math.max(hi[a], h);
            lo[b] = Math.min(lo[b], l);
            hi[b] = Math.max(hi[b], h);
        }
        return sum;
    }
}
