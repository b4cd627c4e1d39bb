package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Rule;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.sparse.Sparse;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;

/**
 * Random functions mixing built-in operations, custom rules of one to three arguments (one of them
 * NaN outside its domain), a linear rule and every kind of {@code linearCombination}, with
 * constants in any argument position and values used many times: a {@code Recording} (compiled,
 * then bytecode) must give the fresh recording's value bit for bit and its gradient to rounding at
 * new points, without recording again, and the sparse Hessian must hold every entry of the dense
 * one. The compiled rule instructions and the linear rule's value-only operands are new in the
 * replay program; a fuzzer with this shape found three bugs there (see the tests named in
 * LinearCombinationEveryModeTest, RecordingRuleTest and CustomRuleEveryModeTest).
 */
class RecordedRulesPropertiesTest {
    /** log as a rule: NaN (value and derivatives) below 0. */
    static final Rule LOG = Rule.unary("logRule", Math::log, x -> 1 / x, x -> -1 / (x * x));
    /** x sin y with its Hessian. */
    static final Rule X_SIN_Y = Rule.binary("xSinY", (x, y) -> x * Math.sin(y), (x, y) -> Math.sin(y),
            (x, y) -> x * Math.cos(y), (x, y) -> 0, (x, y) -> Math.cos(y), (x, y) -> -x * Math.sin(y));
    /** a b + sin c with its Hessian. */
    static final Rule TRI = Rule.of("tri", 3, p -> p[0] * p[1] + Math.sin(p[2]),
            p -> new double[] {p[1], p[0], Math.cos(p[2])},
            p -> new double[] {0, 1, 0, 1, 0, 0, 0, 0, -Math.sin(p[2])});
    /** 2a - b + c / 2. */
    static final Rule LIN = Rule.linear("lin", p -> 2 * p[0] - p[1] + 0.5 * p[2], 2, -1, 0.5);

    static final double[] CONSTANTS = {0.5, -1.25, 2.0, 3.0};
    static final int KINDS = 9;

    static final AtomicLong POINTS = new AtomicLong();

    /** A step: its kind and four arguments, each an earlier value (>= 0) or a constant (-1 - index). */
    record Step(int kind, int[] args) {
    }

    /** A random function of n inputs, as steps over the inputs and the earlier steps; f is their sum. */
    record Prog(int n, List<Step> steps) implements ScalarFunction {
        @Override
        public <T extends RealFieldElement<T>> T value(T[] x) {
            List<T> v = new ArrayList<>(Arrays.asList(x));
            T one = x[0].getField().getOne();
            T sum = one.multiply(0);
            for (Step s : steps) {
                T a = arg(v, one, s.args[0]);
                T b = arg(v, one, s.args[1]);
                T c = arg(v, one, s.args[2]);
                T d = arg(v, one, s.args[3]);
                T r;
                switch (s.kind) {
                    case 0: r = a.sin(); break;
                    case 1: r = a.multiply(b); break;
                    case 2: r = LOG.apply(a); break;
                    case 3: r = X_SIN_Y.apply(a, b); break;
                    case 4: r = TRI.apply(a, b, c); break;
                    case 5: r = LIN.apply(a, b, c); break;
                    case 6: r = a.linearCombination(a, b, c, d); break;
                    case 7: r = a.linearCombination(new double[] {1.5, -2, 0.25}, array(x, a, b, c)); break;
                    default: r = a.linearCombination(array(x, a, b, c), array(x, d, a, b)); break;
                }
                v.add(r);
                sum = sum.add(r);
            }
            return sum;
        }

        private static <T extends RealFieldElement<T>> T arg(List<T> v, T one, int i) {
            return i >= 0 ? v.get(i) : one.multiply(CONSTANTS[-1 - i]);
        }

        /** {a, b, c} as an array of x's runtime type (a generic varargs array would be Object's). */
        private static <T> T[] array(T[] x, T a, T b, T c) {
            T[] t = Arrays.copyOf(x, 3);
            t[0] = a;
            t[1] = b;
            t[2] = c;
            return t;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("n = " + n + ":");
            for (Step s : steps) {
                b.append(" [").append(s.kind).append(' ').append(Arrays.toString(s.args)).append(']');
            }
            return b.toString();
        }
    }

    static Prog program(SplittableRandom random) {
        int n = 1 + random.nextInt(4);
        int count = 1 + random.nextInt(6);
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int[] args = new int[4];
            for (int j = 0; j < 4; j++) {
                boolean constant = random.nextInt(4) == 0 && !(k == 0 && j == 0); // the first step reads an input
                args[j] = constant ? -1 - random.nextInt(CONSTANTS.length) : random.nextInt(n + k);
            }
            steps.add(new Step(random.nextInt(KINDS), args));
        }
        return new Prog(n, steps);
    }

    @Property(tries = 1000, seed = "20261205")
    void aReplayIsTheFreshRecordingAndTheSparseHessianHoldsTheDenseOne(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Prog f = program(random);
        double[][] points = new double[6][f.n];
        for (double[] x : points) {
            for (int i = 0; i < f.n; i++) {
                x[i] = random.nextDouble(-2, 2);
            }
        }
        Recording rec = Reverse.record(f, points[0]);
        boolean sparseChecked = false;
        for (double[] x : points) {
            ValueAndGradient fresh = Reverse.valueAndGradient(f, x);
            ValueAndGradient replay = rec.valueAndGradient(x);
            String at = f + " at " + Arrays.toString(x);
            if (Double.isNaN(fresh.value())) {
                assertTrue(Double.isNaN(replay.value()), at);
                continue; // where f is NaN the modes' NaN patterns may differ (docs/conventions.md)
            }
            POINTS.incrementAndGet();
            assertEquals(fresh.value(), replay.value(), 0, at);
            double[] g = fresh.gradient();
            double[] r = replay.gradient();
            double scale = 1;
            for (double e : g) {
                scale = Double.isFinite(e) ? Math.max(scale, Math.abs(e)) : scale;
            }
            for (int i = 0; i < g.length; i++) {
                double tolerance = Double.isFinite(g[i]) ? 1e-11 * scale : 0;
                assertEquals(g[i], r[i], tolerance, at + ": gradient entry " + i + " fresh " + Arrays.toString(g)
                        + ", replay " + Arrays.toString(r));
            }
            if (!sparseChecked) {
                sparseChecked = true;
                DMatrixRMaj dense = Hybrid.hessian(f, x);
                DMatrixSparseCSC sparse = Sparse.hessian(f, x);
                for (int i = 0; i < f.n; i++) {
                    for (int j = 0; j < f.n; j++) {
                        double h = dense.get(i, j);
                        if (Double.isFinite(h)) {
                            assertEquals(h, sparse.get(i, j), 1e-11 * (1 + Math.abs(h)), at + ": Hessian (" + i + ", "
                                    + j + ")");
                        }
                    }
                }
            }
        }
        assertEquals(0, rec.reRecordings(), f + ": recorded again");
        assertTrue(rec.runsBytecode() || rec.size() <= f.n, f + ": " + rec.bytecodeFallback());
    }

    @AfterContainer
    static void enoughPoints() {
        System.out.printf("RecordedRulesPropertiesTest: %d finite points%n", POINTS.get());
        assertTrue(POINTS.get() > 600, "only " + POINTS.get() + " points where f is finite");
    }
}
