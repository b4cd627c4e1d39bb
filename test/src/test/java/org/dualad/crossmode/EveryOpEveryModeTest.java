package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Dual;
import org.dualad.dual.Forward;
import org.dualad.dual.Op;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Stan-style: every elementary function, in every mode, at its edges. All modes compose the one
 * rule table, so on a single operation they must agree exactly (NaN with NaN, +0 with -0): any
 * difference means a mode bent a rule or a convention. Forward (MultiDual gradient, Dual
 * directional, HyperDual Hessian), reverse (the tape), hybrid (forward-over-reverse gradient,
 * Hessian, forward Laplacian).
 */
class EveryOpEveryModeTest {
    /** Points that cover every function's domain edges. */
    static final double[] EDGES = {
        Double.NEGATIVE_INFINITY, -1e150, -3, -2, -1, -1 + 1e-12, -0.5, -1e-300, -Double.MIN_VALUE, -0.0,
        0.0, Double.MIN_VALUE, 1e-300, 0.5, 1 - 1e-12, 1, 1 + 1e-12, 2, 3, 1e150, Double.POSITIVE_INFINITY,
        Double.NaN,
    };

    /** A few points per axis for the two-argument functions (including both origins and signs). */
    static final double[] PAIR_EDGES = {-2, -1, -0.0, 0.0, 0.5, 1, 2.5, Double.POSITIVE_INFINITY, Double.NaN};

    static double[] constants(Op op) {
        switch (op) {
            case ADD_CONSTANT: case SUBTRACT_CONSTANT: return new double[] {2.5, -0.75};
            case MULTIPLY_CONSTANT: case DIVIDE_CONSTANT: return new double[] {3, -0.5, 0};
            case SCALB: return new double[] {3, -2};
            case ROOT_N: return new double[] {1, 2, 3, 4};
            case POW_CONSTANT: return new double[] {-2.5, -1, 0, 1.0 / 3, 0.5, 1, 1.5, 2, 3};
            case POW_INT: return new double[] {-3, -1, 0, 1, 2, 3, 5};
            case COPY_SIGN_CONSTANT: return new double[] {1, -1, 0.0, -0.0};
            case REMAINDER_CONSTANT: return new double[] {2.5, -1};
            default: return new double[] {0};
        }
    }

    /** The one-operation program op(x0, c) or op(x0, x1), generic as every mode needs it. */
    static ScalarFunction program(Op op, double c) {
        return new ScalarFunction() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return op.arity() == 1 ? (T) op.apply((Differentiable) x[0], c)
                        : (T) op.apply((Differentiable) x[0], (Differentiable) x[1]);
            }
        };
    }

    private final List<String> failures = new ArrayList<>();

    @Test
    void everyOpAgreesExactlyAcrossEveryModeAtEveryEdge() {
        int checked = 0;
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            for (double c : constants(op)) {
                ScalarFunction f = program(op, c);
                if (op.arity() == 1) {
                    for (double a : EDGES) {
                        checkAll(op + (c != 0 ? "(c=" + c + ")" : ""), f, new double[] {a});
                        checked++;
                    }
                } else {
                    for (double a : PAIR_EDGES) {
                        for (double b : PAIR_EDGES) {
                            checkAll(op.toString(), f, new double[] {a, b});
                            checked++;
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " disagreements of " + checked + " points:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    private void checkAll(String name, ScalarFunction f, double[] x) {
        int n = x.length;
        double[] forward = Forward.gradient(f, x);
        double[] reverse = Reverse.gradient(f, x);
        double[] hybrid = Hybrid.gradient(f, x);
        for (int i = 0; i < n; i++) {
            double[] e = new double[n];
            e[i] = 1;
            Dual[] in = new Dual[n];
            for (int p = 0; p < n; p++) {
                in[p] = Dual.of(x[p], e[p]);
            }
            double dual = Forward.directionalDerivative(f, x, e);
            same(name, x, "d/dx" + i + " reverse vs forward", reverse[i], forward[i]);
            same(name, x, "d/dx" + i + " hybrid vs forward", hybrid[i], forward[i]);
            same(name, x, "d/dx" + i + " Dual vs MultiDual", dual, forward[i]);
        }
        DMatrixRMaj hf = Forward.hessian(f, x);
        DMatrixRMaj hh = Hybrid.hessian(f, x);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                same(name, x, "H" + i + j + " hybrid vs forward", hh.get(i, j), hf.get(i, j));
            }
            trace += hf.get(i, i);
        }
        same(name, x, "laplacian vs trace", Hybrid.laplacian(f, x), trace);
        double[] v = new double[n];
        v[0] = 1;
        double[] hv = Hybrid.hvp(f, x, v);
        for (int i = 0; i < n; i++) {
            same(name, x, "Hv" + i + " vs H column 0", hv[i], hf.get(i, 0));
        }
    }

    private void same(String name, double[] x, String what, double actual, double expected) {
        boolean ok = actual == expected || (Double.isNaN(actual) && Double.isNaN(expected))
                || Math.abs(actual - expected) <= 2 * Math.ulp(Math.max(Math.abs(actual), Math.abs(expected)));
        if (!ok) {
            failures.add(String.format("%s at %s: %s: %s vs %s", name, java.util.Arrays.toString(x), what, actual, expected));
        }
    }
}
