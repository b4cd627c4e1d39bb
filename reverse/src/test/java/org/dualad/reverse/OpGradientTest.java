package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Dual;
import org.dualad.dual.Op;
import org.dualad.dual.Ops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every elementary function's reverse gradient against forward mode ({@link Dual}, the same rules:
 * equal to rounding, edges included) and against Commons Math's {@link DerivativeStructure} of
 * order 1 (an independent implementation: at smooth points only, since its kink conventions
 * differ), and replay of each op at a second point.
 */
class OpGradientTest {

    /** Points per op: smooth points (checked against DerivativeStructure too) and edges. */
    private record Case(double c, double[][] smooth, double[][] edges) {
    }

    private static final double[][] REALS = {{-2.5}, {-1}, {-0.3}, {0.7}, {1}, {3.2}};
    private static final double[][] PAIRS = {{0.7, 1.3}, {-1.2, 0.4}, {2, -3}, {-0.6, -2.2}};
    private static final Map<Op, Case> CASES = new EnumMap<>(Op.class);

    private static void put(Op op, double c, double[][] smooth, double[][] edges) {
        CASES.put(op, new Case(c, smooth, edges));
    }

    static {
        double[][] none = {};
        put(Op.ADD, 0, PAIRS, new double[][] {{0, 0}, {Double.NaN, 1}});
        put(Op.SUBTRACT, 0, PAIRS, new double[][] {{0, 0}, {Double.POSITIVE_INFINITY, 1}});
        put(Op.MULTIPLY, 0, PAIRS, new double[][] {{0, 0}, {Double.NaN, 2}});
        put(Op.DIVIDE, 0, PAIRS, new double[][] {{0, 1}, {1, 0}});
        put(Op.NEGATE, 0, REALS, new double[][] {{0}, {Double.NaN}});
        put(Op.ADD_CONSTANT, 1.5, REALS, new double[][] {{0}});
        put(Op.SUBTRACT_CONSTANT, 2, REALS, new double[][] {{0}});
        put(Op.MULTIPLY_CONSTANT, -3, REALS, new double[][] {{0}});
        put(Op.DIVIDE_CONSTANT, 4, REALS, new double[][] {{0}});
        put(Op.RECIPROCAL, 0, new double[][] {{-2}, {-0.5}, {0.5}, {3}}, new double[][] {{0}});
        put(Op.SCALB, 3, REALS, new double[][] {{0}});
        put(Op.SQRT, 0, new double[][] {{1e-3}, {0.5}, {1}, {7}}, new double[][] {{0}, {-1}});
        put(Op.CBRT, 0, REALS, new double[][] {{0}});
        put(Op.ROOT_N, 3, REALS, new double[][] {{0}});
        put(Op.POW_CONSTANT, 2.5, new double[][] {{0.5}, {1}, {2}}, new double[][] {{0}});
        put(Op.POW_INT, 3, REALS, new double[][] {{0}});
        put(Op.POW, 0, new double[][] {{0.5, 1.5}, {2, -0.5}, {3, 2}, {1.5, 0.3}}, new double[][] {{0, 2}, {-2, 3}});
        put(Op.EXP, 0, REALS, new double[][] {{0}, {Double.NEGATIVE_INFINITY}});
        put(Op.EXPM1, 0, REALS, new double[][] {{0}, {1e-10}});
        put(Op.LOG, 0, new double[][] {{1e-3}, {0.5}, {1}, {7}}, new double[][] {{0}, {-1}});
        put(Op.LOG1P, 0, new double[][] {{-0.5}, {0}, {2}}, new double[][] {{-1}});
        put(Op.LOG10, 0, new double[][] {{1e-3}, {0.5}, {1}, {7}}, new double[][] {{0}});
        put(Op.SIN, 0, REALS, new double[][] {{0}});
        put(Op.COS, 0, REALS, new double[][] {{0}});
        put(Op.TAN, 0, new double[][] {{-1.2}, {0.5}, {1.3}}, new double[][] {{0}});
        put(Op.ASIN, 0, new double[][] {{-0.5}, {0}, {0.9}}, new double[][] {{-1}, {1}});
        put(Op.ACOS, 0, new double[][] {{-0.5}, {0}, {0.9}}, new double[][] {{-1}, {1}});
        put(Op.ATAN, 0, REALS, new double[][] {{0}});
        put(Op.ATAN2, 0, PAIRS, new double[][] {{0, 0}, {0, -1}});
        put(Op.SINH, 0, REALS, new double[][] {{0}});
        put(Op.COSH, 0, REALS, new double[][] {{0}});
        put(Op.TANH, 0, REALS, new double[][] {{0}, {30}});
        put(Op.ASINH, 0, REALS, new double[][] {{0}});
        put(Op.ACOSH, 0, new double[][] {{1.5}, {3}}, new double[][] {{1}});
        put(Op.ATANH, 0, new double[][] {{-0.5}, {0}, {0.9}}, new double[][] {{-1}, {1}});
        put(Op.ABS, 0, REALS, new double[][] {{0}, {-0.0}});
        put(Op.FLOOR, 0, REALS, new double[][] {{2}});
        put(Op.CEIL, 0, REALS, new double[][] {{2}});
        put(Op.RINT, 0, REALS, new double[][] {{2.5}});
        put(Op.SIGNUM, 0, REALS, new double[][] {{0}});
        put(Op.COPY_SIGN, 0, PAIRS, new double[][] {{0, -1}, {1, -0.0}});
        put(Op.COPY_SIGN_CONSTANT, -1, REALS, new double[][] {{0}});
        put(Op.REMAINDER_CONSTANT, 0.75, new double[][] {{-2.5}, {-0.3}, {0.7}, {3.2}}, new double[][] {{0.375}});
        put(Op.REMAINDER, 0, new double[][] {{0.7, 1.3}, {2, -3}, {5.3, 0.8}}, new double[][] {{1.5, 1}});
        put(Op.HYPOT, 0, PAIRS, new double[][] {{0, 0}, {Double.POSITIVE_INFINITY, 1}});
        assertTrue(none.length == 0);
    }

    @Test
    void everyOpHasCases() {
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            assertTrue(CASES.containsKey(op), "no test case for " + op);
        }
    }

    /** The function x -> op(x) (or op(x0, x1)) over any Differentiable type. */
    private static ScalarFunction of(Op op, double c) {
        return new ScalarFunction() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public <T extends RealFieldElement<T>> T value(T[] x) {
                if (op.arity() == 1) {
                    return (T) op.apply((Differentiable) x[0], c);
                }
                return (T) op.apply((Differentiable) x[0], (Differentiable) x[1]);
            }
        };
    }

    private static double[] dualGradient(Op op, double c, double[] p) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            Dual[] in = MathArrays.buildArray(Dual.FIELD, p.length);
            for (int j = 0; j < p.length; j++) {
                in[j] = j == i ? Dual.variable(p[j]) : Dual.constant(p[j]);
            }
            g[i] = of(op, c).value(in).tangent();
        }
        return g;
    }

    private static DerivativeStructure ds(Op op, double c, DerivativeStructure x, DerivativeStructure y) {
        return op.arity() == 1 ? Ops.apply(op, x, c) : Ops.apply(op, x, y);
    }

    private static double[] dsGradient(Op op, double c, double[] p) {
        int n = p.length;
        DerivativeStructure x = new DerivativeStructure(n, 1, 0, p[0]);
        DerivativeStructure y = n > 1 ? new DerivativeStructure(n, 1, 1, p[1]) : null;
        DerivativeStructure r = ds(op, c, x, y);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            int[] orders = new int[n];
            orders[i] = 1;
            g[i] = r.getPartialDerivative(orders);
        }
        return g;
    }

    private static void close(double expected, double actual, double rel, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected)) {
            assertEquals(expected, actual, what); // NaN equals NaN, inf equals inf
        } else {
            assertEquals(expected, actual, rel * Math.max(1, Math.abs(expected)), what);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void reverseEqualsForwardAndDerivativeStructure(Op op) {
        Case k = CASES.get(op);
        ScalarFunction f = of(op, k.c());
        for (double[][] set : new double[][][] {k.smooth(), k.edges()}) {
            for (double[] p : set) {
                assertEquals(op.arity(), p.length, op + " case arity");
                double[] rev = Reverse.gradient(f, p);
                double[] fwd = dualGradient(op, k.c(), p);
                for (int i = 0; i < p.length; i++) {
                    if (Double.isNaN(fwd[i]) && !Double.isNaN(rev[i])) {
                        // A dual along x_i also adds (d/dx_j) * 0 for the other argument, which is
                        // NaN when that partial is infinite or NaN; the tape keeps partials apart.
                        assertTrue(!Double.isFinite(rev[1 - i]), op + " at " + Arrays.toString(p));
                        continue;
                    }
                    close(fwd[i], rev[i], 1e-15, op + " at " + Arrays.toString(p) + " d/dx" + i + " vs Dual");
                }
                if (set == k.smooth()) {
                    double[] ref = dsGradient(op, k.c(), p);
                    for (int i = 0; i < p.length; i++) {
                        close(ref[i], rev[i], 1e-13, op + " at " + Arrays.toString(p) + " d/dx" + i + " vs DS");
                    }
                    double value = Reverse.valueAndGradient(f, p).value();
                    close(ds(op, k.c(), new DerivativeStructure(p.length, 1, 0, p[0]),
                            p.length > 1 ? new DerivativeStructure(p.length, 1, 1, p[1]) : null).getValue(),
                            value, 1e-14, op + " value");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void replayAtEveryPointEqualsAFreshRecording(Op op) {
        Case k = CASES.get(op);
        // x0 * op(...) so that the op is always a node, even where its value does not depend on x
        ScalarFunction f = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return of(op, k.c()).value(x).multiply(x[0]);
            }
        };
        double[][] pts = k.smooth();
        Recording r = Reverse.record(f, pts[0]);
        for (double[][] set : new double[][][] {pts, k.edges()}) {
            for (double[] p : set) {
                ValueAndGradient fresh = Reverse.valueAndGradient(f, p);
                assertEquals(fresh, r.valueAndGradient(p), op + " replayed at " + Arrays.toString(p));
            }
        }
        if (!op.isPiecewise()) {
            assertEquals(0, r.reRecordings(), op + " needs no re-recording");
        }
    }
}
