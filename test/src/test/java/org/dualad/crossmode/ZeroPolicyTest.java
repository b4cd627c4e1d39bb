package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.UnaryFunction;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.junit.jupiter.api.Test;

/**
 * The zero policy of {@link org.dualad.dual.Chain} (a chain-rule product with an exactly zero
 * factor is 0, on either side) makes every mode give the same derivatives at kinks: forward
 * ({@code MultiDual}, {@code Dual}), reverse (the edge tape, the op tape, a recording's replays on
 * its tape and in its compiled program), hybrid (the second-order tape, hvp, the forward
 * Laplacian's gradient) and both kernels of {@link Forward#hessian}. "The same" is bitwise, with
 * NaN equal to NaN and +0 equal to -0 (the sign of a zero derivative depends on the order of
 * additions: 0 + -0 = +0).
 *
 * <p>What cannot agree is tested as it is: a sum that cancels before it meets an infinite
 * partial in one mode and after in another (IEEE's (a + b) inf is not a inf + b inf), and a
 * product that underflows to 0 in one order of multiplication but not in another.
 */
class ZeroPolicyTest {
    static <T extends RealFieldElement<T>> T hypotBySqrt(T[] x) {
        return x[0].multiply(x[0]).add(x[1].multiply(x[1])).sqrt();
    }

    static <T extends RealFieldElement<T>> T xSqrtX(T[] x) {
        return x[0].multiply(x[0].sqrt());
    }

    static <T extends RealFieldElement<T>> T sqrtOfSquare(T[] x) {
        return x[0].multiply(x[0]).sqrt();
    }

    static <T extends RealFieldElement<T>> T zeroTimesSqrtPlusX(T[] x) {
        return x[0].sqrt().multiply(0).add(x[0]);
    }

    /** Every gradient mode, the op tape's included. */
    private static List<Kinks.Result> allGradients(ScalarFunction f, double[] x) {
        List<Kinks.Result> r = new ArrayList<>(Kinks.gradients(f, x));
        r.addAll(Kinks.opTapeGradients(f, x));
        return r;
    }

    /** The four expressions of issue 13: they disagreed between modes before the policy. */
    @Test
    void theFourExpressionsOfTheIssueAgreeInEveryMode() {
        check(ZeroPolicyTest::hypotBySqrt, new double[] {0, 0}, 0, 0);
        check(ZeroPolicyTest::xSqrtX, new double[] {0, 0}, 0, 0);
        check(ZeroPolicyTest::sqrtOfSquare, new double[] {0, 0}, 0, 0);
        check(ZeroPolicyTest::zeroTimesSqrtPlusX, new double[] {0, 0}, 1, 0);
    }

    private static void check(ScalarFunction f, double[] x, double... expected) {
        for (Kinks.Result r : allGradients(f, x)) {
            assertArrayEquals(expected, r.value(), r.mode());
        }
        assertEquals(null, Kinks.disagreement(Kinks.hessians(f, x)));
    }

    /**
     * Each edge function at its edge, bare, in each template and in each pair of templates (nested
     * two deep): one gradient, bit for bit, in every mode.
     */
    @Test
    void everyKinkCompositionHasOneGradientInEveryMode() {
        List<String> failures = new ArrayList<>();
        List<Kinks.Composition> all = Kinks.enumerate();
        int nonFinite = 0;
        for (Kinks.Composition c : all) {
            double[] x = {c.edge().e(), 0};
            List<Kinks.Result> r = allGradients(c.function(), x);
            String d = Kinks.disagreement(r);
            if (d != null) {
                failures.add(c + " = " + c.text() + ": " + d);
            }
            nonFinite += Double.isFinite(r.get(0).value()[0]) ? 0 : 1;
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + all.size() + " compositions disagree:\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
        // the suite reaches the edges: many derivatives there are infinite or NaN, many are not
        assertTrue(nonFinite > all.size() / 10 && nonFinite < all.size() * 9 / 10, nonFinite + " of " + all.size());
    }

    /**
     * The same compositions: one Hessian, bit for bit, from both kernels of Forward.hessian (4
     * scalar lanes up to 12 inputs, row windows above: here 13 inputs, 11 unused), Hybrid.hessian
     * (32 directions per sweep and 1), valueGradientHessian and hvp; one second derivative from
     * HyperDual; one Laplacian from Hybrid.laplacian and the forward Laplacian, equal to the trace.
     */
    @Test
    void everyKinkCompositionHasOneHessianInEverySecondOrderMode() {
        List<String> failures = new ArrayList<>();
        List<Kinks.Composition> all = Kinks.enumerate();
        for (Kinks.Composition c : all) {
            ScalarFunction f = c.function();
            double[] x = {c.edge().e(), 0};
            List<Kinks.Result> h = Kinks.hessians(f, x);
            String d = Kinks.disagreement(h);
            if (d != null) {
                failures.add(c + ": " + d);
                continue;
            }
            double[] ref = h.get(0).value();
            UnaryFunction ux = new UnaryFunction() {
                @Override
                public <T extends RealFieldElement<T>> T value(T t) {
                    T[] in = org.apache.commons.math3.util.MathArrays.buildArray(t.getField(), 2);
                    in[0] = t;
                    in[1] = t.getField().getZero();
                    return f.value(in);
                }
            };
            double second = Forward.secondDerivative(ux, x[0]);
            if (!Kinks.same(second, ref[0])) {
                failures.add(c + ": HyperDual f'' " + second + " but H00 " + ref[0]);
            }
            double lap = Hybrid.laplacian(f, x);
            double forwardLap = Kinks.laplacianNumbers(f, x).laplacian();
            double trace = ref[0] + ref[3];
            if (!Kinks.same(lap, forwardLap) || !Kinks.same(lap, trace)) {
                failures.add(c + ": laplacian " + lap + ", forward Laplacian " + forwardLap + ", trace " + trace);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + all.size() + " compositions disagree:\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    /**
     * Every elementary function at every edge (those of {@link EveryOpEveryModeTest}, NaN and
     * infinities included): both kernels of Forward.hessian (up to 12 inputs and above: 13, the
     * extra ones unused) give the same Hessian bit for bit, and Hybrid.hessian gives it too.
     */
    @Test
    void bothForwardHessianKernelsAndHybridAgreeOnEveryOpAtEveryEdge() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (org.dualad.dual.Op op : org.dualad.dual.Op.values()) {
            if (op == org.dualad.dual.Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            for (double c : EveryOpEveryModeTest.constants(op)) {
                ScalarFunction f = EveryOpEveryModeTest.program(op, c);
                List<double[]> points = new ArrayList<>();
                for (double a : op.arity() == 1 ? EveryOpEveryModeTest.EDGES : EveryOpEveryModeTest.PAIR_EDGES) {
                    if (op.arity() == 1) {
                        points.add(new double[] {a, 0});
                    } else {
                        for (double b : EveryOpEveryModeTest.PAIR_EDGES) {
                            points.add(new double[] {a, b});
                        }
                    }
                }
                for (double[] x : points) {
                    checked++;
                    String d = Kinks.disagreement(Kinks.hessians(f, x));
                    if (d != null) {
                        failures.add(op + "(c=" + c + ") at " + Arrays.toString(x) + ": " + d);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " points disagree:\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    static <T extends RealFieldElement<T>> T sqrtMinusItself(T[] x) {
        T y = x[0].sqrt();
        return y.subtract(y);
    }

    static <T extends RealFieldElement<T>> T sqrtOfXMinusX(T[] x) {
        return x[0].subtract(x[0]).sqrt().add(x[1]);
    }

    /** sqrt((x0 + x1) - x0): x0's two paths cancel on a node of their own, not on x0's. */
    static <T extends RealFieldElement<T>> T sqrtOfSumMinusX(T[] x) {
        return x[0].add(x[1]).subtract(x[0]).sqrt();
    }

    static <T extends RealFieldElement<T>> T wLogW(T[] x) {
        T w = x[0].sqrt().add(0.5);
        return w.multiply(w.log());
    }

    private static void each(List<Kinks.Result> results, double[] expected) {
        for (Kinks.Result r : results) {
            assertTrue(Kinks.same(expected, r.value()),
                    r.mode() + ": " + Arrays.toString(r.value()) + ", expected " + Arrays.toString(expected));
        }
    }

    /**
     * Where two paths meet an infinite partial, a mode that adds them first and one that
     * multiplies first disagree, whatever the zero policy: (1 - 1) inf = 0 but inf - inf = NaN,
     * (-0.69 + 1) inf = inf but -inf + inf = NaN. Forward mode adds tangents where paths meet
     * going up; the op tape adds adjoints where they meet going down and keeps one edge per
     * operand; the edge tape and the hybrid tape fold an operation whose operands are one node
     * into one partial (as forward mode), so they side with forward mode here (a cancellation
     * on a node of its own they do not fold: the next test).
     */
    @Test
    void aSumThatCancelsBeforeOrAfterAnInfinitePartialCannotAgree() {
        double[] x = {0, 2};
        // y - y with y = sqrt(x) computed once: the op tape adds y's adjoints 1 and -1 to 0 first
        each(Kinks.gradients(ZeroPolicyTest::sqrtMinusItself, x), new double[] {Double.NaN, 0});
        each(Kinks.opTapeGradients(ZeroPolicyTest::sqrtMinusItself, x), new double[] {0, 0});
        // sqrt(x - x): forward mode and the folding tapes add x - x's partials to 0 first; the op
        // tape multiplies each of its two edges by sqrt'(0) = inf before they meet at x
        each(Kinks.gradients(ZeroPolicyTest::sqrtOfXMinusX, x), new double[] {0, 1});
        each(Kinks.opTapeGradients(ZeroPolicyTest::sqrtOfXMinusX, x), new double[] {Double.NaN, 1});
        // w log w with w = sqrt(x) + 0.5: paths with weights log(0.5) and 1 meet sqrt'(0) = inf
        each(Kinks.gradients(ZeroPolicyTest::wLogW, x), new double[] {Double.NaN, 0});
        each(Kinks.opTapeGradients(ZeroPolicyTest::wLogW, x), new double[] {Double.POSITIVE_INFINITY, 0});
    }

    /**
     * The tapes fold a cancellation only on one node (x - x): where x's two paths cancel on a node
     * of their own, (x + y) - x, every backward sweep multiplies each path by sqrt'(0) = inf
     * before they meet at x (inf - inf = NaN), while every forward sweep adds the paths' tangents
     * first (1 - 1 = 0, then inf 0 = 0). So at (1.25, 0) d/dx is 0 in forward mode (duals, the
     * trace's tangent sweeps, the forward Laplacian) and NaN in reverse mode (the trace's and the
     * op tape's backward sweeps, a recording), and the Hessian's (0, 1) entry is NaN by
     * forward-over-reverse but 0 by hyper-dual lanes; d/dy = sqrt'(0) = inf in every mode.
     */
    @Test
    void aCancellationOnANodeOfItsOwnSplitsForwardFromBackwardSweeps() {
        double[] x = {1.25, 0};
        double inf = Double.POSITIVE_INFINITY;
        double[] up = {0, inf};
        double[] down = {Double.NaN, inf};
        for (Kinks.Result r : Kinks.gradients(ZeroPolicyTest::sqrtOfSumMinusX, x)) {
            boolean backward = r.mode().startsWith("Reverse.") || r.mode().startsWith("Hybrid.");
            double[] expected = backward ? down : up;
            assertTrue(Kinks.same(expected, r.value()),
                    r.mode() + ": " + Arrays.toString(r.value()) + ", expected " + Arrays.toString(expected));
        }
        each(Kinks.opTapeGradients(ZeroPolicyTest::sqrtOfSumMinusX, x), down);
        double[] hyperDual = {0, 0, 0, -inf};
        double[] overReverse = {0, Double.NaN, Double.NaN, -inf};
        for (Kinks.Result r : Kinks.hessians(ZeroPolicyTest::sqrtOfSumMinusX, x)) {
            double[] expected = r.mode().startsWith("DualNumbers.") ? hyperDual : overReverse;
            assertTrue(Kinks.same(expected, r.value()),
                    r.mode() + ": " + Arrays.toString(r.value()) + ", expected " + Arrays.toString(expected));
        }
    }

    static <T extends RealFieldElement<T>> T tinyTimesTinyTimesSqrt(T[] x) {
        return x[0].sqrt().multiply(1e-200).multiply(1e-200);
    }

    /**
     * A product of non-zero factors that underflows to 0 is exactly 0, and then the zero policy
     * applies to it: 1e-200 (1e-200 inf) = inf but (1e-200 1e-200) inf = 0 inf = 0. Forward mode
     * and the folding tapes multiply the infinite partial in first; the op tape's sweep multiplies
     * the two constants' partials first and skips the zero adjoint; a recording (compiled at its
     * first replay) folds the constant scale into the partial's weight first, as forward mode.
     */
    @Test
    void aProductThatUnderflowsInOneOrderCannotAgree() {
        double[] x = {0, 2};
        double[] inf = {Double.POSITIVE_INFINITY, 0};
        each(Kinks.gradients(ZeroPolicyTest::tinyTimesTinyTimesSqrt, x), inf);
        List<Kinks.Result> op = Kinks.opTapeGradients(ZeroPolicyTest::tinyTimesTinyTimesSqrt, x);
        each(op.subList(0, 1), new double[] {0, 0});
        each(op.subList(1, 4), inf);
    }
    /** atan2(x0 x1, 1 + x1^2) x2. */
    static <T extends RealFieldElement<T>> T atanProduct(T[] x) {
        return x[0].multiply(x[1]).atan2(x[1].multiply(x[1]).add(1)).multiply(x[2]);
    }

    /** atan2(x0, 1 + x1^2) x2. */
    static <T extends RealFieldElement<T>> T atanOfOne(T[] x) {
        return x[0].atan2(x[1].multiply(x[1]).add(1)).multiply(x[2]);
    }

    /**
     * An infinite input meets the same non-distributivity inside the second-order modes, which
     * sum the paths into one entry in different orders (docs/conventions.md): at (1, 1, -inf) the
     * Hessians' (1, 1) entry is NaN where hvp along e1 gives +inf; and a diagonal of opposite
     * infinities, whose trace is NaN, is a Laplacian of -inf (h00 (|t_a|^2 - |t_b|^2)).
     */
    @Test
    void anInfiniteInputCanSplitTheSecondOrderModes() {
        double[] x = {1, 1, Double.NEGATIVE_INFINITY};
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(Double.NaN, Hybrid.hessian(ZeroPolicyTest::atanProduct, x).get(1, 1));
        assertEquals(Double.NaN, Forward.hessian(ZeroPolicyTest::atanProduct, x).get(1, 1));
        assertEquals(inf, Hybrid.hvp(ZeroPolicyTest::atanProduct, x, new double[] {0, 1, 0})[1]);
        org.ejml.data.DMatrixRMaj h = Hybrid.hessian(ZeroPolicyTest::atanOfOne, x);
        assertEquals(inf, h.get(0, 0));
        assertEquals(-inf, h.get(1, 1));
        assertEquals(-inf, Hybrid.laplacian(ZeroPolicyTest::atanOfOne, x));
    }
}
