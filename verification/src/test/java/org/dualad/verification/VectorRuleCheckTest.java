package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.Matrices;
import org.dualad.dual.VectorRule;
import org.junit.jupiter.api.Test;

/**
 * The checks on user-supplied block derivatives: a right rule passes in every first-order mode
 * against finite differences (its values run on Decimal64), a wrong vjp or jvp is caught and the
 * failing mode named; the matrix operations pass every mode that runs them against both oracles.
 */
class VectorRuleCheckTest {
    static final VectorRule RIGHT = rule("hypotAndProduct", 1);
    static final VectorRule WRONG_VJP = rule("wrongVjp", 2);
    static final VectorRule WRONG_JVP = rule("wrongJvp", 3);

    /** (x0, x1) -> (sqrt(x0^2 + x1^2), x0 x1); bug 2 doubles the vjp's second entry, bug 3 drops a jvp term. */
    static VectorRule rule(String name, int bug) {
        return VectorRule.of(name, 2, 2,
                x -> new double[] {Math.hypot(x[0], x[1]), x[0] * x[1]},
                (x, y, d) -> new double[] {(x[0] * d[0] + x[1] * d[1]) / y[0], x[1] * d[0] + (bug == 3 ? 0 : x[0] * d[1])},
                (x, y, w) -> new double[] {w[0] * x[0] / y[0] + w[1] * x[1], (bug == 2 ? 2 : 1) * (w[0] * x[1] / y[0] + w[1] * x[0])});
    }

    static <T extends RealFieldElement<T>> T f(VectorRule r, T[] x) {
        T[] y = r.apply(x);
        return y[0].multiply(y[1].sin());
    }

    static <T extends RealFieldElement<T>> T right(T[] x) {
        return f(RIGHT, x);
    }

    static <T extends RealFieldElement<T>> T wrongVjp(T[] x) {
        return f(WRONG_VJP, x);
    }

    static <T extends RealFieldElement<T>> T wrongJvp(T[] x) {
        return f(WRONG_JVP, x);
    }

    static GradientCheck firstOrder(org.dualad.ScalarFunction f) {
        return GradientCheck.of(f).modes(Mode.FORWARD, Mode.FORWARD_DUAL, Mode.REVERSE).oracles(Oracle.FINITE_DIFFERENCES);
    }

    @Test
    void aRightRulePassesAndWrongOnesAreCaughtInTheirMode() {
        firstOrder(VectorRuleCheckTest::right).at(0.8, -1.7);
        AssertionError e = assertThrows(AssertionError.class, () -> firstOrder(VectorRuleCheckTest::wrongVjp).at(0.8, -1.7));
        assertTrue(e.getMessage().contains("reverse") && !e.getMessage().contains("forward"), e.getMessage());
        e = assertThrows(AssertionError.class, () -> firstOrder(VectorRuleCheckTest::wrongJvp).at(0.8, -1.7));
        assertTrue(e.getMessage().contains("forward") && !e.getMessage().contains("reverse:"), e.getMessage());
    }

    /** log|det A| + b^T A^-1 b of a 3 x 3 A(x); runs as one operation or on the field path by type. */
    static <T extends RealFieldElement<T>> T matrices(T[] x) {
        T[][] a = MathArrays.buildArray(x[0].getField(), 3, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                a[i][j] = x[i].multiply(x[j].sin()).add(i == j ? 3 : 0.5 * (i - j));
            }
        }
        return Matrices.logDet(a).add(Matrices.inverseQuadraticForm(a, x));
    }

    @Test
    void matrixOperationsPassEveryModeThatRunsThemAgainstBothOracles() {
        GradientCheck.of(VectorRuleCheckTest::matrices).modes(Mode.FORWARD, Mode.FORWARD_DUAL, Mode.REVERSE, Mode.HYBRID)
                .at(0.4, -0.9, 1.3);
        HessianCheck.of(VectorRuleCheckTest::matrices).at(0.4, -0.9, 1.3);
    }
}
