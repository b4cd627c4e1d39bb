package org.dualad.dual;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.dualad.dual.Op;
import org.dualad.dual.Ops;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The second-order preaccumulation of {@link HVar}: what records a node and what does not, and
 * that folding unary steps and same-node operations into (p, q) leaves every derivative equal to
 * Commons Math's {@link DerivativeStructure} of order 2, for every {@link Op} applied to operands
 * whose p is not 1 and whose q is not 0, at interior and edge points.
 */
class PreaccumulationTest {

    /**
     * c + s (x - x0) + r (x - x0)^2: at x = x0 its value is c, its first derivative s and its
     * second 2r, so an op applied to it sees the argument c (an edge point, if c is one) with
     * p = s and q = 2r. On a tape it records nothing: unary steps and one same-node product.
     */
    static <T extends RealFieldElement<T>> T curve(T x, double x0, double c, double s, double r) {
        T d = x.subtract(x0);
        return d.multiply(s).add(c).add(d.multiply(d).multiply(r));
    }

    private static void close(double expected, double actual, String what) {
        if (Double.compare(expected, actual) == 0 || (Double.isNaN(expected) && Double.isNaN(actual))) {
            return;
        }
        // at a pole DerivativeStructure meets 0 * inf and gives NaN where the tape's zero policy
        // gives the infinite limit: both are non-finite
        if (Double.isNaN(expected) && Double.isInfinite(actual)) {
            return;
        }
        double tol = 1e-11 * Math.max(1, Math.abs(expected));
        if (Double.isInfinite(expected) || !(Math.abs(expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " (DerivativeStructure) but was " + actual);
        }
    }

    @Test
    void aChainOfUnaryStepsAndConstantOperandsRecordsNoNode() {
        HTape t = new HTape();
        HVar x = t.variable(0.7);
        HVar y = x.sin().exp().multiply(3).add(1).negate().divide(2).subtract(4).pow(3)
                .multiply(HTape.constant(1.5)).add(HTape.constant(2)).sqrt().log();
        assertEquals(1, t.size(), "only the input is a node");
        assertSame(x.node, y.node);
        DerivativeStructure d = chain(new DerivativeStructure(1, 2, 0, 0.7));
        assertEquals(d.getValue(), y.value(), 1e-15);
        close(d.getPartialDerivative(1), t.gradient(y)[0], "f'");
        close(d.getPartialDerivative(2), t.hessian(y).get(0, 0), "f'' by hessian");
        double[] g = new double[1];
        close(2 * d.getPartialDerivative(2), t.hvp(y, new double[] {2}, g)[0], "2 f'' by hvp");
        close(d.getPartialDerivative(1), g[0], "f' by hvp");
    }

    static <T extends RealFieldElement<T>> T chain(T x) {
        T c = x.getField().getOne();
        return x.sin().exp().multiply(3).add(1).negate().divide(2).subtract(4).pow(3)
                .multiply(c.multiply(1.5)).add(c.multiply(2)).sqrt().log();
    }

    @Test
    void operationsOnOneNodeMergeAndRecordNothing() {
        HTape t = new HTape();
        HVar x = t.variable(1.3);
        HVar u = x.multiply(x);                 // p = 2x, q = 2
        HVar w = x.divide(x.add(1));            // x / (x + 1) on one node
        HVar z = u.multiply(w).add(x.sin().multiply(x.cos())).atan2(x.exp());
        assertEquals(1, t.size());
        DerivativeStructure dx = new DerivativeStructure(1, 2, 0, 1.3);
        DerivativeStructure dz = dx.multiply(dx).multiply(dx.divide(dx.add(1)))
                .add(dx.sin().multiply(dx.cos())).atan2(dx.exp());
        close(dz.getPartialDerivative(1), t.gradient(z)[0], "f'");
        close(dz.getPartialDerivative(2), t.hessian(z).get(0, 0), "f''");
        close(dz.getPartialDerivative(2), t.hvp(z, new double[] {1})[0], "f'' by hvp");
        // x - x does not depend on x: a constant, and sqrt of it stays one (no 0 * inf)
        HVar zero = x.subtract(x);
        assertTrue(zero.isConstant());
        assertTrue(zero.sqrt().isConstant());
        assertEquals(0, t.gradient(zero.sqrt().add(x.multiply(0)))[0]);
    }

    @Test
    void onlyBinaryOperationsOfTwoNodesRecord() {
        HTape t = new HTape();
        HVar a = t.variable(0.5);
        HVar b = t.variable(-1.25);
        HVar ab = a.sin().multiply(b.exp());    // two nodes: one record
        assertEquals(3, t.size());
        HVar r = ab.add(ab.multiply(ab)).subtract(a.multiply(0));  // ab's node only, a * 0 constant
        assertEquals(3, t.size());
        r = r.add(a);                            // ab's node and a's: a record
        assertEquals(4, t.size());
        assertFalse(r.isConstant());
        // Rosenbrock: 3 nodes per term, 2 in the first (the running sum starts as a constant)
        int n = 50;
        HTape rt = new HTape();
        double[] pt = new double[n];
        java.util.Arrays.fill(pt, 0.3);
        HVar[] x = rt.variables(pt);
        rosenbrock(x);
        assertEquals(n + 3 * (n - 1) - 1, rt.size());
    }

    private static final double[] ARGS = {-2.5, -1, -0.3, 0, 0.4, 1, 3};

    /** Arguments of each one-argument op: interior points and the edges of its domain. */
    private static double[] points(Op op) {
        switch (op) {
            case SQRT: case LOG: case LOG10: case POW_CONSTANT: case ROOT_N: return new double[] {0, 1e-3, 0.3, 2.5};
            case LOG1P: return new double[] {-1, -0.5, 0, 5};
            case ASIN: case ACOS: case ATANH: return new double[] {-1, -0.5, 0, 0.3, 1};
            case ACOSH: return new double[] {1, 1.5, 50};
            case RECIPROCAL: case CBRT: return new double[] {-3, 0, 0.01, 9};
            case TAN: return new double[] {-1.5, 0, 1.55};
            default: return ARGS;
        }
    }

    private static double constant(Op op) {
        switch (op) {
            case SCALB: case ROOT_N: return 3;
            case POW_CONSTANT: return 2.5;
            case POW_INT: return -2;
            case REMAINDER_CONSTANT: return 0.7;
            case DIVIDE_CONSTANT: case MULTIPLY_CONSTANT: return -0.5;
            default: return 1.5;
        }
    }

    /** op(phi(x)) with phi' = 2, phi'' = 0.5 at the point: the unary update of (p, q). */
    @Test
    void everyUnaryOpOnAFoldedArgumentEqualsDerivativeStructure() {
        int checks = 0;
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            if (op.arity() != 1) {
                continue;
            }
            double c = constant(op);
            for (double a : points(op)) {
                if (op == Op.ABS && a == 0) {
                    continue; // a convention (derivative 0 at the kink) that DerivativeStructure does not share
                }
                String what = op + "(phi(x) = " + a + ")";
                HTape t = new HTape();
                HVar y = Ops.apply(op, curve(t.variable(0.25), 0.25, a, 2, 0.25), c);
                assertEquals(1, t.size(), what);
                DerivativeStructure d = Ops.apply(op, curve(new DerivativeStructure(1, 2, 0, 0.25), 0.25, a, 2, 0.25), c);
                close(d.getValue(), y.value(), what + " value");
                close(d.getPartialDerivative(1), t.gradient(y)[0], what + " f'");
                close(d.getPartialDerivative(2), t.hessian(y).get(0, 0), what + " f''");
                close(d.getPartialDerivative(2), t.hvp(y, new double[] {1})[0], what + " f'' by hvp");
                checks++;
            }
        }
        assertTrue(checks > 150, "only " + checks + " checks");
    }

    private static double[][] pairs(Op op) {
        switch (op) {
            case POW: return new double[][] {{0.3, -1.5}, {1, 0.5}, {2.5, 2}};
            case REMAINDER: return new double[][] {{-2.3, 0.7}, {5.9, -1.9}};
            case DIVIDE: return new double[][] {{-2, -0.7}, {0, 0.3}, {1.5, 4}};
            case ATAN2: case HYPOT: return new double[][] {{0, 0}, {-0.3, 0.4}, {1.5, -1.7}};
            default: return new double[][] {{-2, -1.7}, {-0.3, 0.4}, {0, 0}, {1.5, 2.5}};
        }
    }

    /**
     * g(phi_a(x0), phi_b(x1)) on two nodes (one record with the folded second partials) and
     * g(phi_a(x), phi_b(x)) on one node (the chain rule with the cross term 2 g_xy p_a p_b), with
     * both operands' p and q away from 1 and 0, against DerivativeStructure.
     */
    @Test
    void everyBinaryOpOnFoldedOperandsEqualsDerivativeStructure() {
        int checks = 0;
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            if (op.arity() != 2) {
                continue;
            }
            for (double[] v : pairs(op)) {
                String what = op + "(" + v[0] + ", " + v[1] + ")";
                // two nodes
                HTape t = new HTape();
                HVar x0 = t.variable(0.5);
                HVar x1 = t.variable(-0.75);
                HVar r = Ops.apply(op, curve(x0, 0.5, v[0], 1.5, -0.4), curve(x1, -0.75, v[1], -0.5, 0.3));
                assertTrue(t.size() <= 3, what);
                DerivativeStructure d0 = new DerivativeStructure(2, 2, 0, 0.5);
                DerivativeStructure d1 = new DerivativeStructure(2, 2, 1, -0.75);
                DerivativeStructure d = Ops.apply(op, curve(d0, 0.5, v[0], 1.5, -0.4), curve(d1, -0.75, v[1], -0.5, 0.3));
                double[][] h = {{d.getPartialDerivative(2, 0), d.getPartialDerivative(1, 1)},
                    {d.getPartialDerivative(1, 1), d.getPartialDerivative(0, 2)}};
                if (v[0] == 0 && v[1] == 0 && (op == Op.ATAN2 || op == Op.HYPOT)) {
                    // the convention at the origin (all partials 0), where DerivativeStructure has NaN
                    assertTrue(r.isConstant(), what);
                    assertArrayEquals(new double[4], t.hessian(r).data, what);
                    checks++;
                    continue;
                }
                double[] g = new double[2];
                for (int k = 1; k <= 2; k++) {
                    DMatrixRMaj hh = t.hessian(r, k, g);
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 2; j++) {
                            close(h[i][j], hh.get(i, j), what + " H(" + i + "," + j + ") with " + k + " directions");
                        }
                    }
                }
                close(d.getPartialDerivative(1, 0), g[0], what + " d/dx0");
                close(d.getPartialDerivative(0, 1), g[1], what + " d/dx1");
                double[] hv = t.hvp(r, new double[] {0.5, -2});
                close(0.5 * h[0][0] - 2 * h[0][1], hv[0], what + " (Hv)_0");
                close(0.5 * h[1][0] - 2 * h[1][1], hv[1], what + " (Hv)_1");
                // one node
                HTape u = new HTape();
                HVar x = u.variable(0.5);
                HVar s = Ops.apply(op, curve(x, 0.5, v[0], 1.5, -0.4), curve(x, 0.5, v[1], -0.5, 0.3));
                assertEquals(1, u.size(), what + " on one node");
                DerivativeStructure dx = new DerivativeStructure(1, 2, 0, 0.5);
                DerivativeStructure ds = Ops.apply(op, curve(dx, 0.5, v[0], 1.5, -0.4), curve(dx, 0.5, v[1], -0.5, 0.3));
                close(ds.getPartialDerivative(1), u.gradient(s)[0], what + " on one node, f'");
                close(ds.getPartialDerivative(2), u.hessian(s).get(0, 0), what + " on one node, f''");
                close(ds.getPartialDerivative(2), u.hvp(s, new double[] {1})[0], what + " on one node, f'' by hvp");
                checks++;
            }
        }
        assertTrue(checks >= 30, "only " + checks + " checks");
    }

    /** The output's (p, q) are applied when seeding: H = p H(node) + q grad(node) grad(node)^T. */
    @Test
    void theOutputsFoldIsAppliedWhenSeeding() {
        HTape t = new HTape();
        HVar[] x = t.variables(0.3, -0.4, 0.8);
        HVar y = x[0].multiply(x[1]).add(x[2]).exp().multiply(2);   // 2 exp(x0 x1 + x2)
        assertEquals(5, t.size());
        double e = 2 * Math.exp(0.3 * -0.4 + 0.8);
        double[] grad = {-0.4, 0.3, 1};
        double[][] h = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                h[i][j] = e * grad[i] * grad[j];
            }
        }
        h[0][1] += e;
        h[1][0] += e;
        double[] v = {1, -2, 0.5};
        double[] g = new double[3];
        double[] hv = t.hvp(y, v, g);
        DMatrixRMaj hh = t.hessian(y, 2, null);
        for (int i = 0; i < 3; i++) {
            assertEquals(e * grad[i], g[i], 1e-14);
            assertEquals(h[i][0] * v[0] + h[i][1] * v[1] + h[i][2] * v[2], hv[i], 1e-13);
            for (int j = 0; j < 3; j++) {
                assertEquals(h[i][j], hh.get(i, j), 1e-14);
            }
        }
        // an output that is a function of one input alone: its node is that input
        HVar sq = x[1].multiply(x[1]).multiply(3);
        assertSame(x[1].node, sq.node);
        assertArrayEquals(new double[] {0, 6 * -0.4, 0}, t.gradient(sq), 1e-15);
        assertArrayEquals(new double[] {0, 0, 0, 0, 6, 0, 0, 0, 0}, t.hessian(sq).data, 0);
        assertArrayEquals(new double[] {0, 6 * -2, 0}, t.hvp(sq, v), 1e-15);
        double[] hv4 = new double[3 * 4];
        double[] v4 = new double[3 * 4];
        java.util.Arrays.fill(v4, 1);
        t.hvpBatch(sq, v4, 4, hv4);
        assertArrayEquals(new double[] {0, 0, 0, 0, 6, 6, 6, 6, 0, 0, 0, 0}, hv4, 0);
    }

    /**
     * hvp takes plain products while every recorded partial is finite and the zero policy's
     * products otherwise: with an infinite partial on the tape (sqrt at 0 folded into a product)
     * each hvp along a unit direction is still exactly the Hessian's column.
     */
    @Test
    void hvpUnderTheZeroPolicyWhenAPartialIsInfinite() {
        for (double x1 : new double[] {0, 0.5}) {
            HTape t = new HTape();
            HVar[] x = t.variables(1.5, x1, -2);
            HVar y = x[0].multiply(x[1].sqrt()).add(x[2].multiply(x[0])).add(x[2].sin().multiply(x[1]));
            DMatrixRMaj h = t.hessian(y, 1, null);
            for (int k = 0; k < 3; k++) {
                double[] e = new double[3];
                e[k] = 1;
                double[] hv = t.hvp(y, e);
                for (int i = 0; i < 3; i++) {
                    // the Hessian is symmetrized: compare with the mean of the pair, as it does
                    double expected = h.get(i, k);
                    assertEquals(expected, i == k ? hv[i] : 0.5 * (hv[i] + t.hvp(y, unit(i))[k]),
                            "x1 = " + x1 + ", H(" + i + "," + k + ")");
                }
            }
            if (x1 == 0) {
                assertEquals(Double.POSITIVE_INFINITY, t.gradient(y)[1]);
                assertEquals(Double.POSITIVE_INFINITY, t.hvp(y, unit(0))[1]);
                assertEquals(Double.NEGATIVE_INFINITY, t.hvp(y, unit(1))[1]);
                assertEquals(1, t.hvp(y, unit(2))[0]);   // no 0 * inf: x1's direction is 0
            }
        }
    }

    /**
     * hvpBatch sweeps its K columns in plain arithmetic and hands a NaN result to the zero policy's
     * sweep: with an infinite partial on the tape its columns are still each unit direction's hvp
     * (infinities where hvp has them, no NaN where hvp has none), and its gradient is gradient's.
     * Checked by hand: without the policy's second sweep, (Hv)(0, 0) reads NaN at x1 = 0.
     */
    @Test
    void hvpBatchUnderTheZeroPolicyWhenAPartialIsInfinite() {
        for (double x1 : new double[] {0, 0.5}) {
            HTape t = new HTape();
            HVar[] x = t.variables(1.5, x1, -2);
            HVar y = x[0].multiply(x[1].sqrt()).add(x[2].multiply(x[0])).add(x[2].sin().multiply(x[1]));
            double[] seeds = new double[9];
            for (int q = 0; q < 3; q++) {
                seeds[q * 3 + q] = 1;
            }
            double[] hv = new double[9];
            double[] g = new double[3];
            t.hvpBatch(y, seeds, 3, hv, g);
            assertArrayEquals(t.gradient(y), g, 0, "x1 = " + x1);
            for (int k = 0; k < 3; k++) {
                double[] column = t.hvp(y, unit(k));
                for (int i = 0; i < 3; i++) {
                    assertEquals(column[i], hv[i * 3 + k], 1e-15 * Math.abs(column[i]), "x1 = " + x1 + ", (Hv)(" + i + "," + k + ")");
                }
            }
        }
    }

    /**
     * hvpBatch's plain sweep gives what K separate products give, to rounding, on a tape with
     * sums, products, unary folds and a shared argument; the kept work arrays serve a second,
     * smaller recording and another K.
     */
    @Test
    void hvpBatchMatchesSeparateProducts() {
        HTape t = new HTape();
        for (int kk : new int[] {5, 2, 1}) {
            t.reset();
            int n = 12 - kk;
            double[] x0 = new double[n];
            for (int i = 0; i < n; i++) {
                x0[i] = 0.3 + 0.2 * Math.cos(i);
            }
            HVar[] x = t.variables(x0);
            HVar y = rosenbrock(x).add(x[0].multiply(x[n - 1]).exp()).add(x[1].divide(x[2].add(2)).log1p());
            double[] seeds = new double[n * kk];
            for (int q = 0; q < n; q++) {
                for (int k = 0; k < kk; k++) {
                    seeds[q * kk + k] = Math.sin(q + 3.0 * k);
                }
            }
            double[] hv = new double[n * kk];
            double[] g = new double[n];
            t.hvpBatch(y, seeds, kk, hv, g);
            assertArrayEquals(t.gradient(y), g, 0);
            for (int k = 0; k < kk; k++) {
                double[] v = new double[n];
                for (int q = 0; q < n; q++) {
                    v[q] = seeds[q * kk + k];
                }
                double[] column = t.hvp(y, v);
                for (int q = 0; q < n; q++) {
                    assertEquals(column[q], hv[q * kk + k], 1e-13 * (1 + Math.abs(column[q])), "K = " + kk + ", (" + q + "," + k + ")");
                }
            }
        }
    }

    /**
     * A dense Hessian's batches whose directions reach most formed tangents run by the block
     * sweep: on a function where every input reaches nearly every node (each batch's fill above
     * {@link HTape#BLOCK_FILL}), 8 directions a batch give the columns of single products and what
     * one batch of all directions (windowed, no block) gives, to rounding.
     */
    @Test
    void aDenseHessianRunsItsLaterBatchesByTheBlockSweep() {
        int n = 37;
        HTape t = new HTape();
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = 0.1 * Math.sin(i + 1);
        }
        HVar[] x = t.variables(x0);
        HVar s = x[0];
        for (int i = 1; i < n; i++) {
            s = s.add(x[i]);
        }
        HVar e = x[0].multiply(s).exp();
        for (int i = 1; i < n; i++) {
            e = e.add(x[i].multiply(s).exp());
        }
        HVar y = e.log();
        // batches of 8 directions: each reaches most formed tangents
        boolean[] need = new boolean[y.node + 1];
        HSweeps.tangentsNeeded(t.args(), t.part(), need, y.node, y.q);
        double[] fill = HSweeps.batchFill(t.args(), need, y.node, n, 8, new int[y.node + 1], new int[y.node + 1]);
        assertEquals(5, fill.length);
        for (double share : fill) {
            assertTrue(share > HTape.BLOCK_FILL, java.util.Arrays.toString(fill));
        }
        // a local function keeps the windowed sweep: each node reaches two or three inputs
        HTape local = new HTape();
        HVar r = rosenbrock(local.variables(x0));
        boolean[] needed = new boolean[r.node + 1];
        HSweeps.tangentsNeeded(local.args(), local.part(), needed, r.node, r.q);
        for (double share : HSweeps.batchFill(local.args(), needed, r.node, n, 8, new int[r.node + 1], new int[r.node + 1])) {
            assertTrue(share < 0.5 * HTape.BLOCK_FILL, "Rosenbrock's batch fill " + share);
        }
        DMatrixRMaj batched = t.hessian(y, 8, null);
        DMatrixRMaj single = t.hessian(y, n, null);
        for (int k = 0; k < n; k++) {
            double[] column = t.hvp(y, unitOf(n, k));
            for (int i = 0; i < n; i++) {
                double expected = i == k ? column[i] : 0.5 * (column[i] + t.hvp(y, unitOf(n, i))[k]);
                assertEquals(expected, batched.get(i, k), 1e-13 * (1 + Math.abs(expected)), "H(" + i + "," + k + ")");
                assertEquals(single.get(i, k), batched.get(i, k), 1e-14 * (1 + Math.abs(expected)), "H(" + i + "," + k + ")");
            }
        }
    }

    private static double[] unitOf(int n, int i) {
        double[] e = new double[n];
        e[i] = 1;
        return e;
    }

    @Test
    void hvpBatchNamesBadArguments() {
        HTape t = new HTape();
        HVar[] x = t.variables(1, 2);
        HVar y = x[0].multiply(x[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.hvpBatch(y, new double[3], 2, new double[4], null));
        assertEquals("hvpBatch: v must hold n x K = 2 x 2 entries (row-major), got 3 entries", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.hvpBatch(y, new double[4], 2, null, null));
        assertEquals("hvpBatch: hv must hold n x K = 2 x 2 entries (row-major), got null", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.hvpBatch(y, new double[4], 0, new double[4], null));
        assertEquals("hvpBatch: kk must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.hvpBatch(y, new double[4], 2, new double[4], new double[3]));
        assertEquals("hvpBatch: gradient has length 3 but the tape has 2 inputs", e.getMessage());
    }

    private static double[] unit(int i) {
        double[] e = new double[3];
        e[i] = 1;
        return e;
    }

    static <T extends RealFieldElement<T>> T square(T[] x) {
        return x[0].multiply(x[0]).multiply(0.5);
    }

    /** Extended Rosenbrock: sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2. */
    private static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /**
     * Every way a result stops depending on its node gives the one canonical constant (no tape,
     * node -1, p = q = +0.0), made by the hooks since the constructor stores what it is given: a
     * unary step with vanishing derivatives, a same-node operation whose partials cancel, a
     * constant factor 0, two nodes whose five partials are all 0, a direction entry of 0. Such a
     * constant outlives the recording it came from.
     */
    @Test
    void everyWayToAConstantGivesTheCanonicalConstant() {
        HTape t = new HTape();
        HVar x = t.variable(1.5);
        HVar o1 = t.variable(0);
        HVar o2 = t.variable(0);
        HVar[] along = t.along(new double[] {2, 3}, new double[] {1, 0});
        HVar[] made = {x.floor(), x.multiply(0), x.subtract(x), x.divide(x), o1.atan2(o2), along[1],
            x.negate().add(x)};
        double[] values = {1, 0, 0, 1, 0, 3, 0};
        int size = t.size();
        for (int k = 0; k < made.length; k++) {
            HVar c = made[k];
            String what = "constant " + k + ": " + c;
            assertTrue(c.isConstant(), what);
            assertEquals(null, c.gen, what);
            assertEquals(-1, c.node, what);
            assertEquals(0L, Double.doubleToRawLongBits(c.p), what);
            assertEquals(0L, Double.doubleToRawLongBits(c.q), what);
            assertEquals(values[k], c.value(), what);
            assertEquals("HVar[" + values[k] + " constant]", c.toString(), what);
        }
        assertEquals(size, t.size(), "no constant recorded a node");
        t.reset();
        HVar z = t.variable(2);
        for (HVar c : made) {
            assertEquals(c.value(), c.getReal());
            HVar r = z.multiply(c.add(1));
            assertEquals(2 * (c.value() + 1), r.value());
            assertEquals(c.value() + 1, t.gradient(r)[0]);
        }
    }

    /**
     * Two constants take the binary hooks' shortest path (the value guard's and optimizer values'
     * whole path): the result is the canonical constant with the operation's value, and a
     * recording in use on the same thread is not touched.
     */
    @Test
    void twoConstantsGiveTheCanonicalConstant() {
        HTape t = new HTape();
        t.variable(0.25); // a live recording beside the constants
        int size = t.size();
        HVar a = HTape.constant(1.5);
        HVar b = HTape.constant(-0.75);
        HVar[] made = {a.add(b), a.subtract(b), a.multiply(b), a.divide(b), a.pow(b.add(1)), a.atan2(b),
            a.hypot(b), a.multiply(a), a.subtract(a)};
        double[] values = {0.75, 2.25, -1.125, -2, Math.pow(1.5, 0.25), Math.atan2(1.5, -0.75),
            Math.hypot(1.5, -0.75), 2.25, 0};
        for (int k = 0; k < made.length; k++) {
            HVar c = made[k];
            String what = "constant " + k + ": " + c;
            assertEquals(null, c.gen, what);
            assertEquals(-1, c.node, what);
            assertEquals(0L, Double.doubleToRawLongBits(c.p), what);
            assertEquals(0L, Double.doubleToRawLongBits(c.q), what);
            assertEquals(values[k], c.value(), what);
        }
        assertEquals(size, t.size(), "no constant recorded a node");
    }
}
