package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.RealFieldElement;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The forward gradient's sweep width: all n directions in one sweep where the tangents stay
 * narrow, chunks where they do not; the gradient is the same (to the sign of a zero) however the
 * directions are chunked, and the width plan foresees exactly the pool a sweep packs.
 */
class ForwardWidthTest {

    /** Every node after the first sum reads every input: sum_j sin(s x_j) with s = sum_i x_i. */
    private static HVar dense(HVar[] x) {
        HVar s = x[0];
        for (int i = 1; i < x.length; i++) {
            s = s.add(x[i]);
        }
        HVar y = HTape.constant(0);
        for (HVar xj : x) {
            y = y.add(s.multiply(xj).sin());
        }
        return y;
    }

    /** sum_i x_i x_(i + d mod n), i < n - 1: n - 1 products and n - 2 sums whatever d is. */
    private static HVar pairs(HVar[] x, int d) {
        int n = x.length;
        HVar s = x[0].multiply(x[d % n]);
        for (int i = 1; i + 1 < n; i++) {
            s = s.add(x[i].multiply(x[(i + d) % n]));
        }
        return s;
    }

    private static double[] point(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        return x;
    }

    /** Equal entry by entry, +0 and -0 alike (an entry outside a node's reach may carry either). */
    private static void sameUpToZeroSign(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 0.0, where + ", entry " + i);
        }
    }

    /** The width the default forward gradient picks for y's recording. */
    private static int width(HTape tape, HVar y) {
        HSweeps.Tangents w = new HSweeps.Tangents(y.node + 1);
        HSweeps.lastReaders(tape.args(), y.node, w.last);
        return HSweeps.sweepWidth(tape.args(), y.node, tape.inputCount(), Forward.chunkSize(tape.inputCount()), w);
    }

    @Test
    void rosenbrockTakesOneSweepAndAgreesWithTheAnalyticGradientAndEveryChunking() {
        for (int n : new int[] {2, 127, 129, 1000, 5000}) {
            double[] x = point(n);
            HTape tape = new HTape();
            HVar y = LaplacianWidthTest.rosenbrock(tape.variables(x));
            double[] wide = tape.forwardGradient(y);
            for (int i = 0; i < n; i++) {
                double g = (i + 1 < n ? -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]) : 0)
                        + (i > 0 ? 200 * (x[i] - x[i - 1] * x[i - 1]) : 0);
                assertEquals(g, wide[i], 1e-12 * (1 + Math.abs(g)), "n = " + n + ", entry " + i);
            }
            for (int k : new int[] {1, 7, 128, n}) {
                sameUpToZeroSign(tape.forwardGradient(y, k), wide, "n = " + n + ", K = " + k);
            }
            assertEquals(n, width(tape, y), "n = " + n + ": one sweep");
        }
    }

    @Test
    void aDenseFunctionKeepsChunksAndAgrees() {
        int n = 600;
        HTape tape = new HTape();
        HVar y = dense(tape.variables(point(n)));
        int k = width(tape, y);
        // every one of its ~2n nodes would hold n entries in one sweep: far past 32 a node
        assertEquals(Forward.chunkSize(n), k);
        double[] g = tape.forwardGradient(y);
        sameUpToZeroSign(tape.forwardGradient(y, Forward.chunkSize(n)), g, "default against chunkSize");
        sameUpToZeroSign(tape.forwardGradient(y, n), g, "default against one sweep");
        double[] r = tape.gradient(y);
        for (int i = 0; i < n; i++) {
            assertEquals(r[i], g[i], 1e-12 * (1 + Math.abs(r[i])), "against the reverse sweep, entry " + i);
        }
    }

    @Test
    void theWidthPlanIsKeptForTheSameRecordingAndMadeAgainForAnother() {
        int n = 600;
        HTape tape = new HTape();
        double[] x = point(n);
        double[] g = tape.forwardGradient(LaplacianWidthTest.rosenbrock(tape.variables(x)));
        assertEquals(n, tape.plannedWidth());
        // another f on the same tape and the same n: planned again, chunks
        tape.reset();
        HVar d = dense(tape.variables(x));
        double[] gd = tape.forwardGradient(d);
        assertEquals(Forward.chunkSize(n), tape.plannedWidth());
        HTape other = new HTape();
        sameUpToZeroSign(other.forwardGradient(dense(other.variables(x))), gd, "dense");
        // as many nodes as the last f, other arguments: planned again
        tape.reset();
        tape.forwardGradient(pairs(tape.variables(x), 1));
        assertEquals(n, tape.plannedWidth(), "neighbours");
        tape.reset();
        HVar far = pairs(tape.variables(x), n / 2);
        tape.forwardGradient(far);
        // each product spans n / 2 directions: more than a pool of one sweep holds, so chunks
        int w = tape.plannedWidth();
        assertTrue(w >= Forward.chunkSize(n) && w < n, "inputs n / 2 apart: " + w);
        HTape again = new HTape();
        sameUpToZeroSign(again.forwardGradient(pairs(again.variables(x), n / 2), n), tape.forwardGradient(far),
                "inputs n / 2 apart");
        // the first f again, at another point: the same arguments, one sweep, a fresh tape's bits
        for (int i = 0; i < n; i++) {
            x[i] += 0.125;
        }
        tape.reset();
        double[] g2 = tape.forwardGradient(LaplacianWidthTest.rosenbrock(tape.variables(x)));
        assertEquals(n, tape.plannedWidth());
        HTape fresh = new HTape();
        sameUpToZeroSign(fresh.forwardGradient(LaplacianWidthTest.rosenbrock(fresh.variables(x))), g2, "again");
        assertTrue(g[0] != g2[0]);
    }

    @Test
    void theWidthPlanForeseesThePoolOfTheSweepExactly() {
        Random rnd = new Random(20261205);
        for (int trial = 0; trial < 60; trial++) {
            int n = 1 + rnd.nextInt(300);
            HTape tape = new HTape();
            HVar y = program(tape.variables(positive(rnd, n)), rnd, 1 + rnd.nextInt(4 * n));
            if (y.isConstant()) {
                continue;
            }
            long[] ar = tape.args();
            HSweeps.Tangents plan = new HSweeps.Tangents(y.node + 1);
            HSweeps.lastReaders(ar, y.node, plan.last);
            long foreseen = HSweeps.tangentPool(ar, y.node, n, Long.MAX_VALUE, plan);
            HSweeps.Tangents w = new HSweeps.Tangents(y.node + 1);
            HSweeps.lastReaders(ar, y.node, w.last);
            int packed = HSweeps.tangents(ar, tape.part(), y.node, 0, n, w);
            // no partial of these programs is zero, so the plan's windows are the sweep's
            assertEquals(packed, foreseen, "trial " + trial + ", n = " + n);
            // and a plan stopped at a limit stops just past it
            long stopped = HSweeps.tangentPool(ar, y.node, n, foreseen / 2, plan);
            assertTrue(stopped > foreseen / 2 && stopped <= foreseen, "trial " + trial + ": " + stopped);
            double[] wide = tape.forwardGradient(y);
            int k = 1 + rnd.nextInt(n);
            sameUpToZeroSign(tape.forwardGradient(y, k), wide, "trial " + trial + ", K = " + k);
        }
    }

    static double[] positive(Random rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + rnd.nextDouble();
        }
        return x;
    }

    /**
     * A random DAG of sums and products of positive values (no partial is zero): operands from
     * the last few values (local terms, chains) or anywhere (wide windows, take-overs that widen).
     */
    static HVar program(HVar[] x, Random rnd, int steps) {
        HVar[] v = java.util.Arrays.copyOf(x, x.length + steps);
        int size = x.length;
        for (int s = 0; s < steps; s++) {
            HVar a = v[pick(rnd, size)];
            HVar b = v[pick(rnd, size)];
            switch (rnd.nextInt(4)) {
                case 0:
                    v[size] = a.add(b);
                    break;
                case 1:
                    v[size] = a.multiply(b).sqrt();
                    break;
                case 2:
                    v[size] = a.add(b.multiply(0.5));
                    break;
                default:
                    v[size] = a.multiply(b).add(1).log();
                    break;
            }
            size++;
        }
        HVar y = v[size - 1];
        for (int i = size - 2; i >= Math.max(0, size - 4); i--) {
            y = y.add(v[i]);
        }
        return y;
    }

    private static int pick(Random rnd, int size) {
        return rnd.nextInt(3) == 0 ? rnd.nextInt(size) : Math.max(0, size - 1 - rnd.nextInt(4));
    }

    /** Banded residuals r_i = x_i x_{i+1} - sin(x_{i+1}): m = n - 1 outputs. */
    static <T extends RealFieldElement<T>> T[] banded(T[] x) {
        T[] r = org.apache.commons.math3.util.MathArrays.buildArray(x[0].getField(), x.length - 1);
        for (int i = 0; i + 1 < x.length; i++) {
            r[i] = x[i].multiply(x[i + 1]).subtract(x[i + 1].sin());
        }
        return r;
    }

    /** m outputs, each a running sum of eight neighbouring products: m = n / 8, narrow windows. */
    private static HVar[] blocks(HVar[] x) {
        HVar[] r = new HVar[x.length / 8];
        for (int i = 0; i < r.length; i++) {
            HVar s = x[8 * i];
            for (int j = 1; j < 8; j++) {
                s = s.add(x[8 * i + j].multiply(x[(8 * i + j + 1) % x.length]));
            }
            r[i] = s;
        }
        return r;
    }

    @Test
    void theJacobiansPlanWeighsTheColumnsSweepsAtTheirWidth() {
        // m = n / 8 < 2 n: the plan decides; weighed at 128 directions a sweep (16 sweeps) the
        // columns lost to the rows, at their width (one sweep) they win: 2.2x faster (a harness)
        int n = 2000;
        HTape tape = new HTape();
        HVar[] y = blocks(tape.variables(point(n)));
        int m = y.length;
        int[] nodes = new int[m];
        int top = 0;
        for (int k = 0; k < m; k++) {
            nodes[k] = y[k].node;
            top = Math.max(top, nodes[k]);
        }
        assertTrue(JacobianPlan.columns(tape.args(), nodes, m, top, n, n, n), "one sweep");
        assertTrue(!JacobianPlan.columns(tape.args(), nodes, m, top, n, n, Forward.chunkSize(n)), "128 a sweep");
        DMatrixRMaj auto = tape.jacobian(y, 2, "jacobian");
        DMatrixRMaj rows = tape.jacobian(y, Integer.MAX_VALUE, "jacobian");
        assertArrayEquals(rows.data, auto.data, 1e-15);
    }

    @Test
    void theJacobiansColumnsInOneSweepAgreeWithItsRows() {
        int n = 400;
        double[] x = point(n);
        HTape tape = new HTape();
        HVar[] y = banded(tape.variables(x));
        DMatrixRMaj columns = tape.jacobian(y, 0, "jacobian");
        DMatrixRMaj rows = tape.jacobian(y, Integer.MAX_VALUE, "jacobian");
        assertArrayEquals(rows.data, columns.data, 1e-15);
        assertEquals(x[1], columns.get(0, 0), 0.0);
        assertEquals(x[0] - Math.cos(x[1]), columns.get(0, 1), 1e-15);
    }
}
