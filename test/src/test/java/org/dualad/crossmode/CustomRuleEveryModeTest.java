package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Forward;
import org.dualad.dual.Op;
import org.dualad.dual.Rule;
import org.dualad.dual.SpecialFunctions;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Dot;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.reverse.Tape;
import org.dualad.reverse.Var;
import org.dualad.verification.GradientCheck;
import org.dualad.verification.HessianCheck;
import org.dualad.verification.LaplacianCheck;
import org.dualad.verification.Mode;
import org.dualad.verification.Oracle;
import org.dualad.verification.Oracles;
import org.dualad.verification.RuleCheck;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A custom {@link Rule} in every mode, oracle and check: the closed forms (digamma, trigamma), a
 * replay at new points, the graph, Hessians and Laplacians, and a wrong rule caught and named.
 */
class CustomRuleEveryModeTest {
    /** logGamma with its derivative replaced by trigamma: a deliberately wrong rule. */
    static final Rule WRONG = Rule.unary("wrongLogGamma", Gamma::logGamma, SpecialFunctions::trigamma,
        SpecialFunctions::trigamma);
    /** logGamma with a right first but a wrong second derivative. */
    static final Rule WRONG_SECOND = Rule.unary("wrongSecond", Gamma::logGamma, SpecialFunctions::digamma,
        SpecialFunctions::digamma);
    /** erf(x y z) with its Hessian: a rule of three arguments. */
    static final Rule ERF3 = Rule.of("erf3", 3, p -> Erf.erf(p[0] * p[1] * p[2]), CustomRuleEveryModeTest::erf3Gradient,
        CustomRuleEveryModeTest::erf3Hessian);

    private static double[] erf3Gradient(double[] p) {
        double d = 2 / Math.sqrt(Math.PI) * Math.exp(-sq(p[0] * p[1] * p[2]));
        return new double[] {d * p[1] * p[2], d * p[0] * p[2], d * p[0] * p[1]};
    }

    private static double[] erf3Hessian(double[] p) {
        double u = p[0] * p[1] * p[2];
        double d = 2 / Math.sqrt(Math.PI) * Math.exp(-u * u);
        double d2 = -2 * u * d;
        double[] g = {p[1] * p[2], p[0] * p[2], p[0] * p[1]};
        double[] h = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // d2/dxi dxj erf(u) = erf''(u) u_i u_j + erf'(u) u_ij, u_ij = x_k for i != j
                h[3 * i + j] = d2 * g[i] * g[j] + (i == j ? 0 : d * p[3 - i - j]);
            }
        }
        return h;
    }

    private static double sq(double v) {
        return v * v;
    }

    /** logGamma(x0) x1 + logBeta(x0, x1) + erf(x1). */
    static <T extends RealFieldElement<T>> T f(T[] x) {
        return SpecialFunctions.logGamma(x[0]).multiply(x[1]).add(SpecialFunctions.logBeta(x[0], x[1]))
                .add(SpecialFunctions.erf(x[1]));
    }

    static <T extends RealFieldElement<T>> T wrong(T[] x) {
        return WRONG.apply(x[0]).multiply(x[1]);
    }

    static <T extends RealFieldElement<T>> T wrongSecond(T[] x) {
        return WRONG_SECOND.apply(x[0]).multiply(x[1]);
    }

    /** erf3(x0, x1, x0 x1) + x0. */
    static <T extends RealFieldElement<T>> T three(T[] x) {
        return ERF3.apply(x[0], x[1], x[0].multiply(x[1])).add(x[0]);
    }

    static double value(double a, double b) {
        return Gamma.logGamma(a) * b + Beta.logBeta(a, b) + Erf.erf(b);
    }

    static double[] gradient(double a, double b) {
        double dab = SpecialFunctions.digamma(a + b);
        return new double[] {SpecialFunctions.digamma(a) * b + SpecialFunctions.digamma(a) - dab,
            Gamma.logGamma(a) + SpecialFunctions.digamma(b) - dab + 2 / Math.sqrt(Math.PI) * Math.exp(-b * b)};
    }

    static double[] hessian(double a, double b) {
        double tab = SpecialFunctions.trigamma(a + b);
        double off = SpecialFunctions.digamma(a) - tab;
        return new double[] {SpecialFunctions.trigamma(a) * b + SpecialFunctions.trigamma(a) - tab, off, off,
            SpecialFunctions.trigamma(b) - tab - 4 * b / Math.sqrt(Math.PI) * Math.exp(-b * b)};
    }

    private static void close(double[] expected, double[] actual, double rel, String what) {
        for (int i = 0; i < expected.length; i++) {
            double tol = rel * Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    what + "[" + i + "]: expected " + expected[i] + " but got " + actual[i]);
        }
    }

    private static final double[][] POINTS = {{2.5, 1.5}, {0.75, 3.25}, {7, 0.5}, {1, 1}};

    @Test
    void everyGradientModeIsTheClosedForm() {
        for (double[] p : POINTS) {
            double[] g = gradient(p[0], p[1]);
            for (Mode m : Mode.values()) {
                if (m.hasGradient()) {
                    close(g, m.gradient(CustomRuleEveryModeTest::f, p), 1e-14, m.label() + " at " + p[0]);
                }
            }
            close(g, Reverse.gradient(CustomRuleEveryModeTest::f, p), 1e-14, "reverse");
            close(g, Oracles.complexStepGradient(CustomRuleEveryModeTest::f, p), 1e-14, "complex step");
            close(g, Oracles.highPrecisionGradient(CustomRuleEveryModeTest::f, p), 1e-14, "high precision");
            close(g, Oracles.finiteDifferenceGradient(CustomRuleEveryModeTest::f, p), 1e-7, "finite differences");
            assertEquals(value(p[0], p[1]), Reverse.valueAndGradient(CustomRuleEveryModeTest::f, p).value(), 0);
        }
    }

    @Test
    void hessiansAndLaplaciansTakeTheRulesSecondDerivatives() {
        for (double[] p : POINTS) {
            double[] h = hessian(p[0], p[1]);
            close(h, Hybrid.hessian(CustomRuleEveryModeTest::f, p).data, 1e-14, "Hybrid.hessian");
            close(h, Forward.hessian(CustomRuleEveryModeTest::f, p).data, 1e-14, "Forward.hessian");
            close(h, Oracles.complexStepHessian(CustomRuleEveryModeTest::f, p).data, 1e-14, "complex-step Hessian");
            close(h, Oracles.highPrecisionHessian(CustomRuleEveryModeTest::f, p).data, 1e-14, "high-precision Hessian");
            double[] hv = Hybrid.hvp(CustomRuleEveryModeTest::f, p, new double[] {1, -2});
            close(new double[] {h[0] - 2 * h[1], h[2] - 2 * h[3]}, hv, 1e-14, "hvp");
            close(new double[] {h[0] + h[3]}, new double[] {Hybrid.laplacian(CustomRuleEveryModeTest::f, p)}, 1e-14,
                    "laplacian");
        }
    }

    @Test
    void aThreeArgumentRuleInEveryMode() {
        double[] p = {0.6, -0.8};
        // the closed form by the chain rule over (x0, x1, x0 x1)
        double[] q = {p[0], p[1], p[0] * p[1]};
        double[] g3 = erf3Gradient(q);
        double[] g = {g3[0] + g3[2] * p[1] + 1, g3[1] + g3[2] * p[0]};
        for (Mode m : Mode.values()) {
            if (m.hasGradient()) {
                close(g, m.gradient(CustomRuleEveryModeTest::three, p), 1e-14, m.label());
            }
        }
        close(g, Oracles.complexStepGradient(CustomRuleEveryModeTest::three, p), 1e-14, "complex step");
        DMatrixRMaj hh = Hybrid.hessian(CustomRuleEveryModeTest::three, p);
        close(Forward.hessian(CustomRuleEveryModeTest::three, p).data, hh.data, 1e-14, "Hybrid vs Forward Hessian");
        close(Oracles.complexStepHessian(CustomRuleEveryModeTest::three, p).data, hh.data, 1e-13, "complex-step Hessian");
        close(new double[] {hh.get(0, 0) + hh.get(1, 1)},
                new double[] {Hybrid.laplacian(CustomRuleEveryModeTest::three, p)}, 1e-14, "laplacian");
        // the replay re-evaluates the chain of two nodes at a new point
        Recording r = Reverse.record(CustomRuleEveryModeTest::three, p);
        for (int k = 0; k < 4; k++) {
            double[] x = {0.3 + 0.1 * k, 1.1 - 0.2 * k};
            close(Reverse.gradient(CustomRuleEveryModeTest::three, x), r.gradient(x), 1e-15, "replay " + k);
        }
        assertEquals(0, r.reRecordings());
    }

    @Test
    void aReplayReEvaluatesTheRuleAtNewPoints() {
        Recording r = Reverse.record(CustomRuleEveryModeTest::f, 2.5, 1.5);
        for (int k = 0; k < 6; k++) { // past the first replays, where a plain tape would be compiled
            double a = 0.5 + 0.75 * k;
            double b = 3 - 0.4 * k;
            ValueAndGradient vg = r.valueAndGradient(a, b);
            assertEquals(value(a, b), vg.value(), 1e-15 * Math.max(1, Math.abs(value(a, b))), "value at " + a);
            close(gradient(a, b), vg.gradient(), 1e-14, "replayed gradient at " + a);
        }
        assertEquals(0, r.reRecordings(), "a custom node needs no re-recording");
    }

    /** A rule with hidden state: its value drifts from call to call. */
    static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();
    static final Rule STATEFUL = Rule.unary("stateful", v -> v + 1e-3 * CALLS.incrementAndGet(), v -> 1);

    static <T extends RealFieldElement<T>> T stateful(T[] x) {
        return STATEFUL.apply(x[0]).multiply(x[1]);
    }

    @Test
    void aRuleWithHiddenStateIsNotTrustedByAReplay() {
        Recording strict = Reverse.record(CustomRuleEveryModeTest::stateful, Recording.Policy.STRICT, 1, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> strict.gradient(1.5, 2));
        assertTrue(e.getMessage().contains("stateful"), e.getMessage());
        Recording lenient = Reverse.record(CustomRuleEveryModeTest::stateful, 1, 2);
        assertEquals(2, lenient.gradient(1.5, 2)[0], 0); // re-recorded: d/dx0 = 1 * x1
        assertTrue(lenient.reRecordings() > 0);
    }

    @Test
    void theTapeKeepsTheRuleAndTheGraphShowsItsName() {
        Tape tape = new Tape();
        Var x = tape.variable(2.5);
        Var y = tape.variable(1.5);
        Var lg = SpecialFunctions.logGamma(x);
        Var lb = SpecialFunctions.logBeta(x, y);
        Var z = ERF3.apply(x, y, lg);
        Var out = lg.multiply(lb).add(z);
        assertSame(SpecialFunctions.LOG_GAMMA, tape.rule(2));
        assertEquals(Op.CUSTOM, tape.op(2));
        assertEquals(1, tape.arity(2));
        assertSame(SpecialFunctions.LOG_BETA, tape.rule(3));
        assertEquals(2, tape.arity(3));
        assertSame(ERF3, tape.rule(4));
        assertSame(ERF3, tape.rule(5));
        assertNull(tape.rule(6));
        assertEquals(SpecialFunctions.digamma(2.5), tape.partial(2, 0), 0);
        tape.backward(out);
        String fwd = Dot.forward(tape, "x", "y");
        String adj = Dot.adjoint(tape, "x", "y");
        for (String dot : new String[] {fwd, adj}) {
            assertTrue(dot.contains("logGamma") && dot.contains("logBeta") && dot.contains("erf3")
                    && dot.contains("erf3 (argument 3)"), dot);
            assertTrue(!dot.contains("dashed") && !dot.contains("custom"), dot);
        }
        // the gradient of the op tape is the edge tape's
        double[] g = {tape.adjoint(x), tape.adjoint(y)};
        close(Reverse.gradient(CustomRuleEveryModeTest::tapeFunction, 2.5, 1.5), g, 1e-15, "op tape vs edge tape");
    }

    static <T extends RealFieldElement<T>> T tapeFunction(T[] v) {
        T lg = SpecialFunctions.logGamma(v[0]);
        return lg.multiply(SpecialFunctions.logBeta(v[0], v[1])).add(ERF3.apply(v[0], v[1], lg));
    }

    @Test
    void checksPassForTheShippedRules() {
        RuleCheck.Report r = RuleCheck.check(SpecialFunctions.LOG_GAMMA, new double[] {0.5}, new double[] {2.5},
                new double[] {30});
        assertEquals(3 * 2, r.entries());
        assertTrue(r.worstRatio() <= 1);
        RuleCheck.check(SpecialFunctions.ERF, new double[] {-1.5}, new double[] {0.25});
        RuleCheck.check(SpecialFunctions.LOG_BETA, new double[] {2.5, 1.5}, new double[] {0.75, 4});
        RuleCheck.check(ERF3, new double[] {0.6, -0.8, 0.5});
        GradientCheck.check(CustomRuleEveryModeTest::f, 2.5, 1.5);
        HessianCheck.check(CustomRuleEveryModeTest::f, 2.5, 1.5);
        LaplacianCheck.check(CustomRuleEveryModeTest::f, 2.5, 1.5);
        GradientCheck.of(CustomRuleEveryModeTest::f).oracles(Oracle.HIGH_PRECISION).at(0.75, 3.25);
    }

    @Test
    void aWrongFirstDerivativeIsCaughtAndNamed() {
        AssertionError rule = assertThrows(AssertionError.class, () -> RuleCheck.check(WRONG, new double[] {2.5}));
        assertTrue(rule.getMessage().contains("wrongLogGamma") && rule.getMessage().contains("d/dx1"),
                rule.getMessage());
        AssertionError check = assertThrows(AssertionError.class, () -> GradientCheck.check(CustomRuleEveryModeTest::wrong, 2.5, 1.5));
        assertTrue(check.getMessage().contains("wrongLogGamma"), check.getMessage());
        AssertionError hp = assertThrows(AssertionError.class,
            () -> GradientCheck.of(CustomRuleEveryModeTest::wrong).oracles(Oracle.HIGH_PRECISION).at(2.5, 1.5));
        assertTrue(hp.getMessage().contains("wrongLogGamma"), hp.getMessage());
        // the oracle itself refuses to use the wrong rule
        IllegalStateException cs = assertThrows(IllegalStateException.class,
            () -> Oracles.complexStepGradient(CustomRuleEveryModeTest::wrong, 2.5, 1.5));
        assertTrue(cs.getMessage().contains("wrongLogGamma"), cs.getMessage());
    }

    @Test
    void aWrongSecondDerivativeIsCaughtAndNamed() {
        AssertionError rule = assertThrows(AssertionError.class, () -> RuleCheck.check(WRONG_SECOND, new double[] {2.5}));
        assertTrue(rule.getMessage().contains("wrongSecond") && rule.getMessage().contains("d2/dx1dx1"),
                rule.getMessage());
        GradientCheck.check(CustomRuleEveryModeTest::wrongSecond, 2.5, 1.5); // first derivatives are right
        AssertionError h = assertThrows(AssertionError.class,
            () -> HessianCheck.check(CustomRuleEveryModeTest::wrongSecond, 2.5, 1.5));
        assertTrue(h.getMessage().contains("wrongSecond"), h.getMessage());
    }

    @Test
    void secondOrderModesRefuseARuleWithoutSecondDerivatives() {
        Rule first = Rule.unary("firstOnly", Gamma::logGamma, SpecialFunctions::digamma);
        ScalarFunction f = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return first.apply(x[0]).multiply(x[1]);
            }
        };
        close(new double[] {SpecialFunctions.digamma(2) * 3, Gamma.logGamma(2)}, Reverse.gradient(f, 2, 3), 1e-15, "reverse");
        close(new double[] {SpecialFunctions.digamma(2) * 3, Gamma.logGamma(2)}, Forward.gradient(f, 2, 3), 1e-15, "forward");
        // the hybrid tape is second order even for Hybrid.gradient: it refuses too
        for (Runnable r : new Runnable[] {() -> Hybrid.hessian(f, 2, 3), () -> Hybrid.laplacian(f, 2, 3),
            () -> Hybrid.gradient(f, 2, 3),
            () -> Hybrid.hvp(f, new double[] {2, 3}, new double[] {1, 0}), () -> Forward.hessian(f, 2, 3)}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, r::run);
            assertTrue(e.getMessage().contains("firstOnly"), e.getMessage());
        }
    }

    @Test
    void nanFromTheRulePropagatesInEveryMode() {
        for (Mode m : Mode.values()) {
            if (m.hasGradient()) {
                double[] g = m.gradient(CustomRuleEveryModeTest::f, -0.5, 1.5); // logGamma(-0.5) is NaN here
                assertTrue(Double.isNaN(g[0]), m.label());
            }
        }
        assertTrue(Double.isNaN(Hybrid.hessian(CustomRuleEveryModeTest::f, -0.5, 1.5).get(0, 0)));
        assertTrue(Double.isNaN(Hybrid.laplacian(CustomRuleEveryModeTest::f, -0.5, 1.5)));
    }

    @Test
    void tapeErrorsNameTheRule() {
        Tape a = new Tape();
        Tape b = new Tape();
        Var x = a.variable(1);
        Var y = b.variable(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SpecialFunctions.LOG_BETA.apply(x, y));
        assertTrue(e.getMessage().contains("logBeta"), e.getMessage());
        // the tag alone (no rule) cannot be replayed, so the op tape refuses it
        assertThrows(IllegalArgumentException.class, () -> x.compose(Op.CUSTOM, 0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> x.compose(Op.CUSTOM, x, 1, 1, 1, 0, 0, 0));
        a.reset();
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> SpecialFunctions.logGamma(x));
        assertTrue(s.getMessage().contains("logGamma"), s.getMessage());
    }

    @Test
    void oneRuleServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                double a = 0.5 + 0.25 * t;
                results.add(pool.submit(() -> {
                    double[] g = Reverse.gradient(CustomRuleEveryModeTest::f, a, 1.5);
                    double[] h = Hybrid.hessian(CustomRuleEveryModeTest::f, a, 1.5).data;
                    double[] r = Reverse.record(CustomRuleEveryModeTest::f, 1, 1).gradient(a, 1.5);
                    return new double[] {g[0], g[1], h[0], h[1], h[3], r[0], r[1]};
                }));
            }
            for (int t = 0; t < 16; t++) {
                double a = 0.5 + 0.25 * t;
                double[] v = results.get(t).get();
                double[] g = gradient(a, 1.5);
                double[] h = hessian(a, 1.5);
                close(new double[] {g[0], g[1], h[0], h[1], h[3], g[0], g[1]}, v, 1e-14, "thread " + t);
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * A rule of three arguments whose first two are constants: its first tape node has no node
     * argument, which the sparsity detector took for one (found by fuzzing: an
     * ArrayIndexOutOfBoundsException in Sparse.hessian).
     */
    @Test
    void sparseHessianOfARuleWhoseFirstArgumentsAreConstants() {
        ScalarFunction f = CustomRuleEveryModeTest::erf3OfConstants;
        for (double x : new double[] {0.5, -1.25}) {
            DMatrixRMaj dense = Hybrid.hessian(f, x, 0.75);
            org.ejml.data.DMatrixSparseCSC sparse = org.dualad.sparse.Sparse.hessian(f, x, 0.75);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(dense.get(i, j), sparse.get(i, j), 1e-15, "(" + i + ", " + j + ") at " + x);
                }
            }
            assertTrue(dense.get(0, 0) != 0, "the test needs a second derivative");
        }
    }

    static <T extends RealFieldElement<T>> T erf3OfConstants(T[] x) {
        T one = x[0].getField().getOne();
        return ERF3.apply(one, one.multiply(2), x[0]).add(ERF3.apply(one, one, x[1]).multiply(x[0]));
    }
}
