package org.dualad.reverse;

import static org.dualad.reverse.RecordingTest.assertReplayed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Op;
import org.dualad.dual.Ops;
import org.junit.jupiter.api.Test;

/**
 * The compiled replay program: replays equal fresh recordings (values bit for bit, gradients to
 * rounding, and bit for bit where no constant scale is folded), for every op, every folding rule
 * and the sweep's zero-adjoint skip; and the compiled shape of Rosenbrock.
 */
class ReplayProgramTest {

    /** Every op of Op (with every constant Ops tries), on arguments inside its domain, summed. */
    static <T extends RealFieldElement<T>> T allOps(T[] x) {
        T u = x[0].multiply(0.9).sin();              // in (-0.9, 0.9): asin, acos, atanh
        T pos = x[1].multiply(x[1]).add(1.5);        // >= 1.5: sqrt, log, acosh, pow
        T w = x[2];
        T s = x[0].getField().getZero();
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            T a = needsPositive(op) ? pos : op == Op.ASIN || op == Op.ACOS || op == Op.ATANH ? u : w;
            double[] cs = op.arity() == 1 ? Ops.constants(op) : new double[] {0};
            for (double c : cs) {
                T y = op.arity() == 1 ? Ops.apply(op, a, c) : Ops.apply(op, a, op == Op.POW ? u : pos.subtract(w));
                s = s.add(y.multiply(u.add(op.ordinal() * 0.01)));
            }
        }
        return s;
    }

    private static boolean needsPositive(Op op) {
        switch (op) {
            case SQRT: case LOG: case LOG10: case ACOSH: case POW_CONSTANT: case POW: case ROOT_N:
            case RECIPROCAL:
                return true;
            default:
                return false;
        }
    }

    /** Affine chains of every foldable shape, signed zeros and special constants included. */
    static <T extends RealFieldElement<T>> T chains(T[] x) {
        T a = x[0];
        T b = x[1];
        T one = a.getField().getOne();
        T t1 = a.add(1).negate();                         // -(x + 1): offset then negate
        T t2 = a.multiply(3).add(1);                      // scale then offset: folds
        T t3 = a.add(1).multiply(3);                      // offset then scale: materialised
        T t4 = a.multiply(2).multiply(3);                 // two scales
        T t5 = one.subtract(a).divide(4);                 // (1 - x) / 4: power of two
        T t6 = one.subtract(a).divide(3);                 // (1 - x) / 3: an instruction
        T t7 = a.negate().multiply(a.negate());           // equal descriptors: a square
        T t8 = one.multiply(2).subtract(a.add(1));        // 2 - (x + 1)
        T t9 = b.subtract(a.add(1));                      // x - (y + 1)
        T t10 = a.add(b).multiply(2).add(a.add(b).negate()); // a sum used twice
        T t11 = a.multiply(b).add(a.multiply(b));
        T t12 = a.add(b).add(1).add(t1).subtract(t2.add(1)); // sums with constants and offsets
        T t13 = a.multiply(0.0).add(b.multiply(Double.POSITIVE_INFINITY).multiply(0.5));
        T t14 = a.divide(-0.0).add(a.negate().add(0.0));
        T t15 = a.add(-0.0).multiply(-1).subtract(-0.0);
        T r = t1.multiply(t2).add(t3.multiply(t4)).add(t5.multiply(t6)).add(t7).add(t8.multiply(t9));
        return r.add(t10.multiply(t11)).add(t12.multiply(t12)).add(t13.sin()).add(t14.atan()).add(t15.exp());
    }

    /** Output shapes: an input, an affine of an input, a single-use sum. */
    static <T extends RealFieldElement<T>> T justInput(T[] x) {
        return x[1];
    }

    static <T extends RealFieldElement<T>> T onlyFirstInput(T[] x) {
        return x[0];
    }

    static <T extends RealFieldElement<T>> T firstInput(T[] x) {
        x[1].abs(); // a piecewise node after the output
        return x[0];
    }

    static <T extends RealFieldElement<T>> T affineOutput(T[] x) {
        return x[0].multiply(2).add(1);
    }

    static <T extends RealFieldElement<T>> T deadAbs(T[] x) {
        x[0].abs(); // dead, but its decision is still checked
        return x[1].multiply(x[1]);
    }

    /** x1 + 0 sqrt(x0): at x0 = 0 the sqrt's partial is infinite but its adjoint is exactly 0. */
    static <T extends RealFieldElement<T>> T zeroTimesInfinite(T[] x) {
        return x[1].add(x[0].sqrt().multiply(0)).add(x[0].sqrt().multiply(x[1].multiply(0)));
    }

    private static final List<ScalarFunction> FUNCTIONS = List.of(ReplayProgramTest::allOps,
            ReplayProgramTest::chains, ReversePropertiesTest::mixed, Fns::rosenbrock, Fns::gauss,
            ReplayProgramTest::affineOutput, ReplayProgramTest::zeroTimesInfinite);

    private static final ThreadLocal<Recording[]> RECORDINGS = ThreadLocal.withInitial(() -> {
        Recording[] r = new Recording[FUNCTIONS.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = Reverse.record(FUNCTIONS.get(k), 0.3, -0.2, 0.7);
        }
        return r;
    });

    @Property(tries = 300)
    void replayEqualsAFreshRecording(@ForAll @IntRange(min = 0, max = 6) int which,
            @ForAll @DoubleRange(min = -2, max = 2) double x0, @ForAll @DoubleRange(min = -2, max = 2) double x1,
            @ForAll @DoubleRange(min = -2, max = 2) double x2) {
        double[] x = {x0, x1, x2};
        ValueAndGradient fresh = Reverse.valueAndGradient(FUNCTIONS.get(which), x);
        assertReplayed(fresh, RECORDINGS.get()[which].valueAndGradient(x));
    }

    @Test
    void specialPointsReplayLikeAFreshRecording() {
        double[] specials = {0.0, -0.0, 1, -1, 1e-310, -3, Double.POSITIVE_INFINITY, Double.NaN};
        for (int k = 0; k < FUNCTIONS.size(); k++) {
            Recording r = Reverse.record(FUNCTIONS.get(k), 0.3, -0.2, 0.7);
            for (double a : specials) {
                for (double b : specials) {
                    double[] x = {a, b, 0.5};
                    assertReplayed(Reverse.valueAndGradient(FUNCTIONS.get(k), x), r.valueAndGradient(x));
                }
            }
        }
    }

    /** One specialised instruction each (sum, square, multiply, divide, constants): bit for bit. */
    static <T extends RealFieldElement<T>> T add(T[] x) {
        return x[0].add(x[1]);
    }

    static <T extends RealFieldElement<T>> T subtract(T[] x) {
        return x[0].subtract(x[1]);
    }

    static <T extends RealFieldElement<T>> T multiply(T[] x) {
        return x[0].multiply(x[1]);
    }

    static <T extends RealFieldElement<T>> T square(T[] x) {
        return x[0].multiply(x[0]);
    }

    static <T extends RealFieldElement<T>> T divide(T[] x) {
        return x[0].divide(x[1]);
    }

    static <T extends RealFieldElement<T>> T constantOverX(T[] x) {
        return x[0].getField().getOne().multiply(3).divide(x[1]);
    }

    static <T extends RealFieldElement<T>> T xOverConstant(T[] x) {
        return x[0].divide(x[0].getField().getOne().multiply(3));
    }

    static <T extends RealFieldElement<T>> T affineSquare(T[] x) {
        T b = x[0].negate().add(1);
        return b.multiply(b);
    }

    @Property(tries = 200)
    void specialisedInstructionsAreBitIdenticalToTheRules(@ForAll @IntRange(min = 0, max = 7) int which,
            @ForAll double x0, @ForAll double x1) {
        ScalarFunction f = List.<ScalarFunction>of(ReplayProgramTest::add, ReplayProgramTest::subtract,
                ReplayProgramTest::multiply, ReplayProgramTest::square, ReplayProgramTest::divide,
                ReplayProgramTest::constantOverX, ReplayProgramTest::xOverConstant,
                ReplayProgramTest::affineSquare).get(which);
        Recording r = Reverse.record(f, 0.5, 0.25);
        double[] x = {x0, x1};
        assertEquals(Reverse.valueAndGradient(f, x), r.valueAndGradient(x), () -> Arrays.toString(x));
    }

    @Test
    void rosenbrockCompilesToFourInstructionsAndFourEdgesPerTerm() {
        int n = 100;
        Recording r = Reverse.record(Fns::rosenbrock, new double[n]);
        ReplayProgram p = r.program();
        assertEquals(9 * (n - 1) + n + 0, r.size(), "tape nodes"); // 9 ops per term, n inputs
        // x_i^2, a = x_{i+1} - x_i^2, a^2, (1 - x_i)^2 per term, then one sum of 2(n - 1) terms;
        // edges: sum -> a, sum -> x_i, a -> x_{i+1}, a -> x_i
        assertEquals(4 * (n - 1) + 1, p.instructions, p.toString());
        assertEquals(4 * (n - 1), p.edges(), p.toString());
        assertTrue(p.bytes() <= 32L * r.size(), p + " for " + r.size() + " tape nodes");
    }

    @Test
    void outputThatIsAnInputOrAnAffineOfOne() {
        Recording r = Reverse.record(ReplayProgramTest::justInput, 1, 2);
        assertEquals(new ValueAndGradient(5, new double[] {0, 1}), r.valueAndGradient(4, 5));
        Recording first = Reverse.record(ReplayProgramTest::firstInput, 1, 2, 3);
        for (int k = 0; k < 4; k++) {
            assertEquals(new ValueAndGradient(4 + k, new double[] {1, 0, 0}), first.valueAndGradient(4 + k, 5, 6));
        }
        assertTrue(first.compiled());
        Recording only = Reverse.record(ReplayProgramTest::onlyFirstInput, 1, 2, 3);
        assertEquals(new double[] {1, 0, 0}.length, only.program().n);
        assertArrayEquals(new double[] {1, 0, 0}, only.gradient(7, 8, 9));
        Recording q = Reverse.record(ReplayProgramTest::affineOutput, 1, 2);
        assertEquals(new ValueAndGradient(9, new double[] {2, 0}), q.valueAndGradient(4, 5));
    }

    @Test
    void aDeadPiecewiseNodeIsStillChecked() {
        Recording r = Reverse.record(ReplayProgramTest::deadAbs, 1, 2);
        assertArrayEquals(new double[] {0, 6}, r.gradient(2, 3));
        assertEquals(0, r.reRecordings());
        assertArrayEquals(new double[] {0, 6}, r.gradient(-2, 3));
        assertEquals(1, r.reRecordings());
    }

    @Test
    void zeroAdjointSkipSurvivesFolding() {
        Recording r = Reverse.record(ReplayProgramTest::zeroTimesInfinite, 1, 2);
        ValueAndGradient fresh = Reverse.valueAndGradient(ReplayProgramTest::zeroTimesInfinite, 0, 2);
        assertArrayEquals(new double[] {0, 1}, fresh.gradient());
        assertEquals(fresh, r.valueAndGradient(0, 2));
    }

    @Test
    void compilesAtTheFirstReplayAndAtOnceAfterEveryReRecording() {
        Recording r = Reverse.record(RecordingTest::absTimes, 1, 5);
        assertTrue(!r.compiled(), "recording alone compiles nothing");
        assertArrayEquals(new double[] {5, 1}, r.gradient(1, 5));
        assertTrue(r.compiled());
        assertArrayEquals(new double[] {-5, 3}, r.gradient(-3, 5)); // compiled replay sees the flip
        assertEquals(1, r.reRecordings());
        assertTrue(r.compiled(), "the new tape answers through its program at once");
        for (int k = 0; k < 6; k++) {
            double x0 = k % 2 == 0 ? 2 : -2;
            assertArrayEquals(new double[] {Math.signum(x0) * 5, 2}, r.gradient(x0, 5));
            assertTrue(r.compiled());
        }
        assertEquals(7, r.reRecordings());
    }

    @Test
    void aCompiledRecordingStillNamesTheChangedNodeAndKeepsItsCounts() {
        Recording r = Reverse.record(RecordingTest::absTimes, Recording.Policy.STRICT, 1, 5);
        String before = r.toString();
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(new double[] {3, 2}, r.gradient(2, 3));
        }
        assertTrue(r.compiled());
        String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> r.gradient(-2, 3)).getMessage();
        assertTrue(m.contains("#2") && m.contains("abs"), m);
        assertEquals(before, r.toString());
        assertEquals(4, r.size());
        assertArrayEquals(new double[] {3, 2}, r.gradient(2, 3));
    }

    @Test
    void longRosenbrockReplaysLikeAFreshRecording() {
        double[] x = new double[3000];
        Recording r = Reverse.record(Fns::rosenbrock, x);
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.cos(k + 0.7 * i);
            }
            assertReplayed(Reverse.valueAndGradient(Fns::rosenbrock, x), r.valueAndGradient(x));
        }
        assertTrue(r.compiled());
    }

    /** f makes a variable of its own on the tape: a replay treats it as the constant it was. */
    @Test
    void aVariableMadeInsideFIsAConstantOnReplay() {
        ScalarFunction f = new ScalarFunction() {
            @Override
            @SuppressWarnings("unchecked")
            public <T extends RealFieldElement<T>> T value(T[] x) {
                if (x[0] instanceof Var) {
                    Var v = (Var) x[0];
                    Var extra = v.tape().variable(3);
                    return (T) v.multiply(extra).add(extra.multiply(extra)).add(v.add(extra).sin());
                }
                return x[0].multiply(3).add(9).add(x[0].add(3).sin());
            }
        };
        Recording r = Reverse.record(f, 0.5);
        for (int k = 0; k < 4; k++) {
            double x0 = 0.25 * k - 0.3;
            assertReplayed(Reverse.valueAndGradient(f, x0), r.valueAndGradient(x0));
        }
        assertTrue(r.compiled());
    }
}
