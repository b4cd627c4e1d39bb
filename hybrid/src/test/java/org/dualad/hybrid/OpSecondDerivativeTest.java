package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.dualad.dual.Op;
import org.dualad.dual.Ops;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Op}'s first and second derivatives through the tape (gradient, hvp, Hessian) and
 * through {@link ForwardLaplacian}, against Commons Math's {@link DerivativeStructure} of order 2,
 * over each function's domain with its edges.
 */
class OpSecondDerivativeTest {

    /** The constants each one-argument op is tried with (where it has one). */
    private static double[] constants(Op op) {
        switch (op) {
            case ADD_CONSTANT: case SUBTRACT_CONSTANT: return new double[] {1.5, -0.25};
            case MULTIPLY_CONSTANT: case DIVIDE_CONSTANT: return new double[] {3, -0.5};
            case SCALB: return new double[] {3, -2};
            case ROOT_N: return new double[] {1, 2, 3, 5};
            case POW_CONSTANT: return new double[] {0, 1, 2, 2.5, 0.5, -1.5};
            case POW_INT: return new double[] {0, 1, 2, 3, -2};
            case COPY_SIGN_CONSTANT: return new double[] {-1, 2};
            case REMAINDER_CONSTANT: return new double[] {0.7, -3};
            default: return new double[] {0};
        }
    }

    /** Interior points of each one-argument op's domain, and points near its edges. */
    private static double[] points(Op op) {
        switch (op) {
            case SQRT: case LOG: case LOG10: case POW_CONSTANT: return new double[] {1e-3, 0.3, 1, 2.5, 40};
            case ROOT_N: return new double[] {1e-3, 0.3, 1, 2.5, 40};
            case LOG1P: return new double[] {-0.999, -0.5, 0, 0.3, 5};
            case ASIN: case ACOS: case ATANH: return new double[] {-0.999, -0.5, 0, 0.3, 0.999};
            case ACOSH: return new double[] {1.001, 1.5, 3, 50};
            case RECIPROCAL: case CBRT: return new double[] {-3, -0.01, 0.01, 0.7, 9};
            case TAN: return new double[] {-1.5, -0.3, 0, 0.4, 1.55};
            case FLOOR: case CEIL: case RINT: case REMAINDER_CONSTANT: return new double[] {-2.3, -0.7, 0.2, 1.3, 5.9};
            default: return new double[] {-2.5, -1, -0.3, 0, 0.4, 1, 3};
        }
    }

    static DerivativeStructure ds(Op op, DerivativeStructure x, double c) {
        return Ops.apply(op, x, c);
    }

    static DerivativeStructure ds(Op op, DerivativeStructure x, DerivativeStructure y) {
        return Ops.apply(op, x, y);
    }

    private static void close(double expected, double actual, String what) {
        if (Double.compare(expected, actual) == 0 || (Double.isNaN(expected) && Double.isNaN(actual))) {
            return;
        }
        // at a pole DerivativeStructure's own composition meets 0 * inf and gives NaN; the rule
        // gives the infinite limit: both are non-finite
        if (Double.isNaN(expected) && Double.isInfinite(actual)) {
            return;
        }
        double tol = 1e-12 * Math.max(1, Math.abs(expected));
        if (Double.isInfinite(expected) || !(Math.abs(expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " (DerivativeStructure) but was " + actual);
        }
    }

    @Test
    void everyUnaryOpThroughTheTapeAndTheForwardLaplacian() {
        Set<Op> seen = EnumSet.noneOf(Op.class);
        int checks = 0;
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            if (op.arity() != 1) {
                continue;
            }
            seen.add(op);
            for (double c : constants(op)) {
                for (double a : points(op)) {
                    if (op == Op.ABS && a == 0) {
                        continue; // a convention (derivative 0 at the kink), checked below
                    }
                    String what = op + "(" + a + (c != 0 ? ", c=" + c : "") + ")";
                    DerivativeStructure d = ds(op, new DerivativeStructure(1, 2, 0, a), c);
                    HTape tape = new HTape();
                    HVar x = tape.variable(a);
                    HVar y = op.apply(x, c);
                    close(d.getValue(), y.value(), what + " value");
                    close(d.getPartialDerivative(1), tape.gradient(y)[0], what + " f'");
                    close(d.getPartialDerivative(2), tape.hessian(y).get(0, 0), what + " f'' by hessian");
                    double[] g = new double[1];
                    close(d.getPartialDerivative(2), tape.hvp(y, new double[] {1}, g)[0], what + " f'' by hvp");
                    close(d.getPartialDerivative(1), g[0], what + " f' by hvp");
                    ForwardLaplacian l = op.apply(ForwardLaplacian.variable(a, 0, 1), c);
                    close(d.getPartialDerivative(1), l.gradient()[0], what + " f' by ForwardLaplacian");
                    close(d.getPartialDerivative(2), l.laplacian(), what + " f'' by ForwardLaplacian");
                    checks++;
                }
            }
        }
        assertTrue(checks > 150, "only " + checks + " checks");
        assertEquals(EnumSet.complementOf(EnumSet.of(Op.ADD, Op.SUBTRACT, Op.MULTIPLY, Op.DIVIDE, Op.POW,
                Op.ATAN2, Op.COPY_SIGN, Op.REMAINDER, Op.HYPOT, Op.CUSTOM)), seen);
    }

    private static List<double[]> pairs(Op op) {
        double[] xs;
        double[] ys;
        switch (op) {
            case POW: xs = new double[] {0.3, 1, 2.5}; ys = new double[] {-1.5, 0.5, 2, 3.2}; break;
            case REMAINDER: xs = new double[] {-2.3, 0.4, 5.9}; ys = new double[] {0.7, -1.9, 3.3}; break;
            case DIVIDE: xs = new double[] {-2, 0, 1.5}; ys = new double[] {-0.7, 0.3, 4}; break;
            default: xs = new double[] {-2, -0.3, 0.5, 1.5}; ys = new double[] {-1.7, -0.2, 0.4, 2.5};
        }
        List<double[]> p = new ArrayList<>();
        for (double a : xs) {
            for (double b : ys) {
                p.add(new double[] {a, b});
            }
        }
        return p;
    }

    @Test
    void everyBinaryOpThroughTheTapeAndTheForwardLaplacian() {
        int checks = 0;
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            if (op.arity() != 2) {
                continue;
            }
            for (double[] p : pairs(op)) {
                String what = op + "(" + p[0] + ", " + p[1] + ")";
                DerivativeStructure d = ds(op, new DerivativeStructure(2, 2, 0, p[0]),
                        new DerivativeStructure(2, 2, 1, p[1]));
                HTape tape = new HTape();
                HVar x = tape.variable(p[0]);
                HVar y = tape.variable(p[1]);
                HVar r = op.apply(x, y);
                close(d.getValue(), r.value(), what + " value");
                double[] g = tape.gradient(r);
                close(d.getPartialDerivative(1, 0), g[0], what + " d/dx");
                close(d.getPartialDerivative(0, 1), g[1], what + " d/dy");
                double[][] h = {{d.getPartialDerivative(2, 0), d.getPartialDerivative(1, 1)},
                    {d.getPartialDerivative(1, 1), d.getPartialDerivative(0, 2)}};
                for (int k = 1; k <= 2; k++) {
                    DMatrixRMaj hh = tape.hessian(r, k, null);
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 2; j++) {
                            close(h[i][j], hh.get(i, j), what + " H(" + i + "," + j + ") with " + k + " directions");
                        }
                    }
                }
                double[] hv = tape.hvp(r, new double[] {0.5, -2});
                close(0.5 * h[0][0] - 2 * h[0][1], hv[0], what + " (Hv)_0");
                close(0.5 * h[1][0] - 2 * h[1][1], hv[1], what + " (Hv)_1");
                ForwardLaplacian l = op.apply(ForwardLaplacian.variable(p[0], 0, 2), ForwardLaplacian.variable(p[1], 1, 2));
                close(h[0][0] + h[1][1], l.laplacian(), what + " Laplacian by ForwardLaplacian");
                close(d.getPartialDerivative(1, 0), l.gradient()[0], what + " d/dx by ForwardLaplacian");
                close(d.getPartialDerivative(0, 1), l.gradient()[1], what + " d/dy by ForwardLaplacian");
                checks++;
            }
        }
        assertTrue(checks > 100, "only " + checks + " checks");
    }

    /** A binary op with one constant argument records a unary node with the right partials. */
    @Test
    void binaryOpsWithOneConstantArgument() {
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            if (op.arity() != 2) {
                continue;
            }
            for (double[] p : pairs(op)) {
                String what = op + "(" + p[0] + ", " + p[1] + ")";
                DerivativeStructure d = ds(op, new DerivativeStructure(2, 2, 0, p[0]),
                        new DerivativeStructure(2, 2, 1, p[1]));
                HTape tx = new HTape();
                HVar rx = op.apply(tx.variable(p[0]), HTape.constant(p[1]));
                close(d.getPartialDerivative(2, 0), tx.hessian(rx).get(0, 0), what + " d2/dx2, y constant");
                HTape ty = new HTape();
                HVar x = HTape.constant(p[0]);
                HVar ry = op.apply(x, ty.variable(p[1]));
                close(d.getPartialDerivative(0, 2), ty.hessian(ry).get(0, 0), what + " d2/dy2, x constant");
                close(d.getPartialDerivative(0, 1), ty.gradient(ry)[0], what + " d/dy, x constant");
            }
        }
    }

    /** The conventions at kinks and edges (Differentiable's table) hold through the tape. */
    @Test
    void conventionsAtKinksAndEdges() {
        assertArrayEquals(new double[] {0, 0}, firstAndSecond(Op.ABS, 0, 0));
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, firstAndSecond(Op.SQRT, 0, 0));
        assertArrayEquals(new double[] {0, 2}, firstAndSecond(Op.POW_CONSTANT, 0, 2));
        assertArrayEquals(new double[] {0, 0}, firstAndSecond(Op.FLOOR, 3, 0));
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, firstAndSecond(Op.LOG, 0, 0));
        // atan2 and hypot at the origin: all partials 0
        for (Op op : new Op[] {Op.ATAN2, Op.HYPOT}) {
            HTape t = new HTape();
            HVar r = op.apply(t.variable(0), t.variable(0));
            assertArrayEquals(new double[] {0, 0}, t.gradient(r), op.toString());
            assertArrayEquals(new double[] {0, 0, 0, 0}, t.hessian(r).data, op.toString());
        }
        // NaN in, NaN out, never an exception
        assertTrue(Double.isNaN(firstAndSecond(Op.SIN, Double.NaN, 0)[1]));
        HTape t = new HTape();
        assertTrue(Double.isNaN(t.variable(-1).log().value()));
    }

    private static double[] firstAndSecond(Op op, double a, double c) {
        HTape t = new HTape();
        HVar y = op.apply(t.variable(a), c);
        double[] g = new double[1];
        double h = t.hvp(y, new double[] {1}, g)[0];
        assertEquals(Double.doubleToLongBits(h), Double.doubleToLongBits(t.hessian(y).get(0, 0)), op + " hvp vs hessian");
        return new double[] {g[0], h};
    }
}
