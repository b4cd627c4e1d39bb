package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Op;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Recording} guarantees beyond frozen control flow (issue 13, item 4): the value
 * guard, borrowed op tags, reads through toString and value(), a bounded compile, retired tapes
 * and bit-identical results.
 */
class RecordingGuardTest {

    // ---------------------------------------------------------------- the value guard

    /** Data the loss reads from a field (per thread: tests may run in parallel). */
    static final ThreadLocal<double[]> DATA = ThreadLocal.withInitial(() -> new double[] {1, 2, 3});

    /** sum_k (x0 d_k - x1)^2 over the data in the field. */
    static <T extends RealFieldElement<T>> T leastSquares(T[] x) {
        double[] d = DATA.get();
        T s = x[0].getField().getZero();
        for (double dk : d) {
            T r = x[0].multiply(dk).subtract(x[1]);
            s = s.add(r.multiply(r));
        }
        return s;
    }

    @Test
    void changedDataInAFieldIsSeenAndReRecorded() {
        DATA.set(new double[] {1, 2, 3});
        Recording r = Reverse.record(RecordingGuardTest::leastSquares, 0.5, 0.25);
        double[] x = {0.75, -0.5};
        assertEquals(Reverse.valueAndGradient(RecordingGuardTest::leastSquares, x), r.valueAndGradient(x));
        assertEquals(0, r.reRecordings());
        DATA.set(new double[] {4, -1, 0.5}); // a new mini-batch
        ValueAndGradient fresh = Reverse.valueAndGradient(RecordingGuardTest::leastSquares, x);
        ValueAndGradient replay = r.valueAndGradient(x);
        assertEquals(1, r.reRecordings());
        assertEquals(fresh.value(), replay.value());
        assertArrayEquals(fresh.gradient(), replay.gradient(), 1e-13);
        // the new tape holds the new data: replayed from now on
        assertEquals(fresh, r.valueAndGradient(x));
        assertEquals(1, r.reRecordings());
    }

    @Test
    void strictNamesTheReplayedAndTheFreshValue() {
        DATA.set(new double[] {1, 2, 3});
        Recording r = Reverse.record(RecordingGuardTest::leastSquares, Recording.Policy.STRICT, 0.5, 0.25);
        double replayed = r.valueAndGradient(1, 1).value();
        DATA.set(new double[] {2, 2, 2});
        double now = Reverse.valueAndGradient(RecordingGuardTest::leastSquares, 1, 1).value();
        String m = assertThrows(IllegalStateException.class, () -> r.gradient(1, 1)).getMessage();
        assertTrue(m.contains("replayed value " + replayed) && m.contains("f's own value " + now), m);
        DATA.set(new double[] {1, 2, 3});
        assertEquals(replayed, r.valueAndGradient(1, 1).value(), "usable again once f is what was recorded");
    }

    /** Branches on value(), the rules' read, which the tape does not count. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T extends RealFieldElement<T>> T valueBranch(T[] x) {
        double v = ((Differentiable) x[0]).value();
        return v > 0 ? x[0].multiply(x[0]) : x[0].multiply(3);
    }

    @Test
    void aBranchOnValueIsCaughtByTheGuardWhereItChangesTheValue() {
        Recording r = Reverse.record(RecordingGuardTest::valueBranch, 2);
        assertFalse(r.readsValues(), "value() is the rules' read: not counted");
        assertArrayEquals(new double[] {6}, r.gradient(3));
        assertEquals(0, r.reRecordings());
        assertArrayEquals(new double[] {3}, r.gradient(-1));
        assertEquals(1, r.reRecordings());
        Recording strict = Reverse.record(RecordingGuardTest::valueBranch, Recording.Policy.STRICT, 2);
        String m = assertThrows(IllegalStateException.class, () -> strict.gradient(-1)).getMessage();
        assertTrue(m.contains("replayed value 1.0") && m.contains("own value -3.0"), m);
    }

    /** |x0| + (x1 d0)^2 with d from the field: a piecewise decision and data read from a field. */
    static <T extends RealFieldElement<T>> T absAndData(T[] x) {
        T t = x[1].multiply(DATA.get()[0]);
        return x[0].abs().add(t.multiply(t));
    }

    @Test
    void withoutTheValueGuardAReplayChecksItsDecisionsOnlyAndGivesTheSameBits() {
        DATA.set(new double[] {1, 2, 3});
        Recording guarded = Reverse.record(RecordingGuardTest::absAndData, 0.5, 0.25);
        Recording r = Reverse.record(RecordingGuardTest::absAndData, 0.5, 0.25);
        assertTrue(r.usesValueGuard());
        r.useValueGuard(false);
        assertFalse(r.usesValueGuard());
        java.util.Random rnd = new java.util.Random(17);
        for (int k = 0; k < 20; k++) {
            double[] x = {0.1 + rnd.nextDouble(), rnd.nextGaussian()};
            assertEquals(guarded.valueAndGradient(x), r.valueAndGradient(x), "the same bits at " + Arrays.toString(x));
        }
        assertEquals(0, r.reRecordings());
        // a piecewise decision is still checked: abs takes the other sign
        assertEquals(Reverse.valueAndGradient(RecordingGuardTest::absAndData, -0.5, 1), r.valueAndGradient(-0.5, 1));
        assertEquals(1, r.reRecordings());
        // data read from a field are the caller's promise: unseen without the guard
        ValueAndGradient before = r.valueAndGradient(-0.5, 1);
        DATA.set(new double[] {2});
        assertEquals(before, r.valueAndGradient(-0.5, 1));
        assertEquals(1, r.reRecordings());
        r.useValueGuard(true);
        assertEquals(Reverse.valueAndGradient(RecordingGuardTest::absAndData, -0.5, 1), r.valueAndGradient(-0.5, 1));
        assertEquals(2, r.reRecordings());
        DATA.set(new double[] {1, 2, 3});
    }

    /** Branches on the text of a number. */
    static <T extends RealFieldElement<T>> T textBranch(T[] x) {
        return x[0].toString().contains("-") ? x[0].negate() : x[0].multiply(2);
    }

    /** Orders its work by hash. */
    static <T extends RealFieldElement<T>> T hashBranch(T[] x) {
        return (x[0].hashCode() & 1) == 0 ? x[0].sin() : x[0].cos();
    }

    @Test
    void branchesOnToStringAndHashCodeAreReads() {
        Recording r = Reverse.record(RecordingGuardTest::textBranch, 2);
        assertTrue(r.readsValues());
        assertArrayEquals(new double[] {-1}, r.gradient(-2));
        assertArrayEquals(new double[] {2}, r.gradient(5));
        assertEquals(2, r.reRecordings());
        assertTrue(Reverse.record(RecordingGuardTest::hashBranch, 2).readsValues());
        Recording strict = Reverse.record(RecordingGuardTest::textBranch, Recording.Policy.STRICT, 2);
        String m = assertThrows(IllegalStateException.class, () -> strict.gradient(-2)).getMessage();
        assertTrue(m.contains("toString()"), m);
    }

    @Test
    void theGuardsPlainNumbersGiveEveryRulesValueBitForBit() {
        double[] points = {-3.5, -1, -0.75, -0.0, 0.0, 1e-310, 0.3, 0.5, 1, 1.5, 2, 7.25, 710, -745.5,
            Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] constants = {-2, -0.5, 0, 0.5, 1, 2, 3, 2.5};
        Recording.Slot sx = new Recording.Slot();
        Recording.Slot sy = new Recording.Slot();
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            for (double a : points) {
                if (op.arity() == 1) {
                    for (double c : constants) {
                        sx.v = a;
                        op.apply(sx, c);
                        double plain = op.apply(new Recording.Plain(a), c).v;
                        assertEquals(Double.doubleToLongBits(sx.r0), Double.doubleToLongBits(plain),
                                () -> op + "(" + a + ", " + c + "): rule " + sx.r0 + ", plain " + plain);
                    }
                } else {
                    for (double b : points) {
                        sx.v = a;
                        sy.v = b;
                        op.apply(sx, sy);
                        double plain = op.apply(new Recording.Plain(a), new Recording.Plain(b)).v;
                        assertEquals(Double.doubleToLongBits(sx.r0), Double.doubleToLongBits(plain),
                                () -> op + "(" + a + ", " + b + "): rule " + sx.r0 + ", plain " + plain);
                    }
                }
            }
        }
    }

    /** The same loss with its data as an argument. */
    static <T extends RealFieldElement<T>> T leastSquares(T[] x, T[] data) {
        T s = x[0].getField().getZero();
        for (T dk : data) {
            T r = x[0].multiply(dk).subtract(x[1]);
            s = s.add(r.multiply(r));
        }
        return s;
    }

    @Test
    void dataAsAnArgumentAreReplayedWithoutRecordingAgain() {
        Recording r = Reverse.record(RecordingGuardTest::leastSquares, new double[] {0.5, 0.25}, new double[] {1, 2, 3});
        assertEquals(2, r.inputCount());
        assertEquals(3, r.dataCount());
        double[][] batches = {{4, -1, 0.5}, {1, 2, 3}, {0.1, 0.2, -7}};
        for (double[] batch : batches) {
            DATA.set(batch);
            double[] x = {0.75, -0.5 + batch[0]};
            ValueAndGradient fresh = Reverse.valueAndGradient(RecordingGuardTest::leastSquares, x);
            assertTrue(RecordingTest.replayed(fresh, r.valueAndGradient(x, batch)), Arrays.toString(batch));
        }
        assertEquals(0, r.reRecordings(), "new data are a new point of the tape");
        assertTrue(r.compiled());
        assertArrayEquals(r.gradient(new double[] {1, 1}, batches[2]), r.gradient(new double[] {1, 1}, batches[2]));
        String m = assertThrows(IllegalArgumentException.class, () -> r.gradient(1, 1)).getMessage();
        assertTrue(m.contains("takes data"), m);
        m = assertThrows(IllegalArgumentException.class, () -> r.gradient(new double[] {1, 1}, new double[2])).getMessage();
        assertTrue(m.contains("data 2 but the recording has 2 inputs and 3 data"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> Reverse.record(Fns::gauss, 1, 2).gradient(new double[] {1, 2}, new double[0])).getMessage();
        assertTrue(m.contains("made without data"), m);
        Recording none = Reverse.record(RecordingGuardTest::leastSquares, new double[] {1, 2}, new double[0]);
        assertEquals(new ValueAndGradient(0, new double[2]), none.valueAndGradient(new double[] {3, 4}, new double[0]));
    }

    // ---------------------------------------------------------------- rules from outside

    /**
     * A user's rule through the public hook: tanh with its own value and derivative, but tagged
     * with an op of the table (SIN), as a user type adding a function must borrow one.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T extends RealFieldElement<T>> T customTanh(T x) {
        Differentiable d = (Differentiable) x;
        double t = Math.tanh(d.value());
        return (T) d.compose(Op.SIN, 0, t, 1 - t * t, -2 * t * (1 - t * t));
    }

    static <T extends RealFieldElement<T>> T usesCustomRule(T[] x) {
        return customTanh(x[0].multiply(x[1])).add(x[1]);
    }

    @Test
    void aBorrowedOpTagIsNeverReplayedAsThatOp() {
        Recording r = Reverse.record(RecordingGuardTest::usesCustomRule, 0.5, 2);
        for (int k = 0; k < 4; k++) {
            double[] x = {0.3 * k - 0.4, 1.5};
            double t = Math.tanh(x[0] * x[1]);
            ValueAndGradient vg = r.valueAndGradient(x);
            assertEquals(t + 1.5, vg.value());
            assertArrayEquals(new double[] {(1 - t * t) * 1.5, (1 - t * t) * x[0] + 1}, vg.gradient(), 1e-15);
            assertEquals(k + 1, r.reRecordings(), "re-recorded at every call");
        }
        Recording strict = Reverse.record(RecordingGuardTest::usesCustomRule, Recording.Policy.STRICT, 0.5, 2);
        String m = assertThrows(IllegalStateException.class, () -> strict.gradient(0.5, 2)).getMessage();
        assertTrue(m.contains("node #3") && m.contains("(sin)") && m.contains("borrows"), m);
    }

    // ---------------------------------------------------------------- the compile

    @Test
    void aTapeAboveTheCompileLimitIsReplayedAsItIsBitForBitLikeTapeBackward() {
        double[] x0 = new double[30];
        Recording r = Reverse.record(Fns::rosenbrock, x0);
        r.compileLimit = 100;
        for (int k = 0; k < 5; k++) {
            double[] x = new double[30];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.sin(k + 2 * i);
            }
            assertEquals(tapeBackward(Fns::rosenbrock, x), r.valueAndGradient(x));
            assertFalse(r.compiled());
        }
        assertTrue(r.noCompile().contains("above the compile limit of 100"), r.noCompile());
        assertEquals(0, r.reRecordings());
    }

    @Test
    void aCompileOverItsTimeBudgetFallsBackToTheTapeForGood() {
        Recording r = Reverse.record(Fns::rosenbrock, new double[40]);
        r.compileBudgetNanos = 0;
        r.recordTimesBudget = 0;
        double[] x = new double[40];
        Arrays.fill(x, 0.5);
        assertEquals(tapeBackward(Fns::rosenbrock, x), r.valueAndGradient(x));
        assertFalse(r.compiled());
        assertTrue(r.noCompile().contains("budget"), r.noCompile());
        r.compileBudgetNanos = Recording.COMPILE_BUDGET_NANOS;
        r.recordTimesBudget = 50;
        x[3] = -0.25;
        assertEquals(tapeBackward(Fns::rosenbrock, x), r.valueAndGradient(x));
        assertFalse(r.compiled(), "a failed compile is not tried again");
    }

    @Test
    void aCompileThatWouldNotFitTheFreeHeapIsNotTried() {
        Recording r = Reverse.record(Fns::rosenbrock, new double[10]);
        r.compileBytesPerNode = 1L << 40;
        double[] x = new double[10];
        Arrays.fill(x, 0.25);
        assertEquals(tapeBackward(Fns::rosenbrock, x), r.valueAndGradient(x));
        assertFalse(r.compiled());
        assertTrue(r.noCompile().startsWith("the compile needs about " + (1L << 40) * r.size() + " bytes"), r.noCompile());
    }

    /** Value and gradient of a fresh op-tape recording, swept by Tape.backward. */
    static ValueAndGradient tapeBackward(org.dualad.ScalarFunction f, double[] x) {
        Tape t = new Tape();
        Var[] in = new Var[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = t.variable(x[i]);
        }
        Var y = f.value(in);
        t.backward(y);
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = t.adjoint(in[i]);
        }
        return new ValueAndGradient(y.value(), g);
    }

    // ---------------------------------------------------------------- bit-identical results

    @Test
    void twoCallsAtOnePointGiveTheSameBitsWhateverWasRecordedWhere() {
        double[] x0 = new double[25];
        double[] x1 = new double[25];
        for (int i = 0; i < x1.length; i++) {
            x0[i] = Math.cos(i);
            x1[i] = 0.5 + 0.3 * Math.sin(i);
        }
        Recording r = Reverse.record(Fns::rosenbrock, x0);
        ValueAndGradient first = r.valueAndGradient(x1);
        assertEquals(first, r.valueAndGradient(x1));
        assertEquals(first, r.valueAndGradient(x1));
        assertEquals(first, Reverse.record(Fns::rosenbrock, x1).valueAndGradient(x1), "recorded at x1 itself");
        // a re-recording answers through the program it will replay
        Recording a = Reverse.record(RecordingTest::absTimes, 1, 5);
        ValueAndGradient flipped = a.valueAndGradient(-3, 0.7);
        assertEquals(1, a.reRecordings());
        assertEquals(flipped, a.valueAndGradient(-3, 0.7));
        assertEquals(1, a.reRecordings());
    }

    // ---------------------------------------------------------------- leaked numbers

    static final ThreadLocal<RealFieldElement<?>> LEAKED = new ThreadLocal<>();

    static <T extends RealFieldElement<T>> T leaks(T[] x) {
        if (x[0] instanceof Var) {
            LEAKED.set(x[0]);
        }
        return x[0].multiply(x[1]);
    }

    @Test
    void aVariableLeakedOutOfARecordingIsStaleOnceItsTapeIsCompiledOrReplaced() {
        Recording r = Reverse.record(RecordingGuardTest::leaks, 1, 2);
        Var leaked = (Var) LEAKED.get();
        assertEquals(1.0, leaked.getReal(), "live until the recording moves on");
        r.gradient(3, 4); // compiles the tape and retires it
        String m = assertThrows(IllegalStateException.class, leaked::getReal).getMessage();
        assertTrue(m.contains("getReal") && m.contains("leaked out of an earlier recording"), m);
        assertThrows(IllegalStateException.class, leaked::sin);
        assertNotNull(leaked.toString(), "printing a stale variable stays possible");
    }

    @Test
    void aRecordingReplayingItsTapeRetiresTheTapeItReplaces() {
        Recording r = Reverse.record(RecordingTest::absTimes, 1, 5);
        r.compileLimit = 0;
        r.gradient(1, 5);
        assertNull(r.program());
        Tape before = r.tape();
        Var v = before.variable(3); // a variable of the current tape
        r.gradient(-1, 5); // the abs flips: re-recorded on a new tape
        assertEquals(1, r.reRecordings());
        assertThrows(IllegalStateException.class, v::getReal);
    }
}
