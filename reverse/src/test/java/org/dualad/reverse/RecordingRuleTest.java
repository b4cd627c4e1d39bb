package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Rule;
import org.junit.jupiter.api.Test;

/**
 * Custom rules in the compiled replay: one instruction per rule (one node, or a chain for more
 * than two arguments), constant arguments among them, a linear rule whose weights are written
 * once, NaN and back, and bytecode; every replay the same bits as recording f afresh.
 */
class RecordingRuleTest {
    /** x^2 / 2 with a first derivative only: one argument. */
    static final Rule HALF_SQUARE = Rule.unary("halfSquare", x -> x * x / 2, x -> x);
    /** x sin y: two arguments. */
    static final Rule X_SIN_Y = Rule.binary("xSinY", (x, y) -> x * Math.sin(y), (x, y) -> Math.sin(y),
            (x, y) -> x * Math.cos(y));
    /** log(x0) + x1 x2 + x3: four arguments, a chain of three nodes; NaN for x0 < 0. */
    static final Rule FOUR = Rule.of("four", 4, p -> Math.log(p[0]) + p[1] * p[2] + p[3],
            p -> new double[] {1 / p[0], p[2], p[1], 1});
    /** 3 x0 - x1 + x2 / 4, a linear rule of three arguments. */
    static final Rule LINEAR = Rule.linear("linear3", p -> 3 * p[0] - p[1] + p[2] / 4, 3, -1, 0.25);

    static <T extends RealFieldElement<T>> T f(T[] x) {
        T two = x[0].getField().getOne().multiply(2);
        T a = HALF_SQUARE.apply(x[0].multiply(x[1]));
        T b = X_SIN_Y.apply(x[1], x[2].add(1)).multiply(x[0]);
        T c = FOUR.apply(x[2], two, x[0].subtract(x[1]), x[1].sin()); // a constant argument inside
        T d = LINEAR.apply(two, x[1].multiply(x[2]), c);               // a constant first; NaN where c is
        return a.add(b).add(c.multiply(d)).add(LINEAR.apply(x[2], x[2], x[0]).exp());
    }

    @Test
    void everyReplayIsTheFreshRecordingBitForBit() {
        SplittableRandom random = new SplittableRandom(5);
        double[] x0 = {0.7, -0.4, 1.3};
        Recording rec = Reverse.record(RecordingRuleTest::f, x0);
        for (int call = 0; call < 12; call++) {
            double[] x = {random.nextDouble(-2, 2), random.nextDouble(-2, 2), random.nextDouble(0.1, 3)};
            if (call == 5) {
                x[2] = -1; // log of a negative number: NaN value and gradient, then back
            }
            ValueAndGradient replay = rec.valueAndGradient(x);
            ValueAndGradient fresh = Reverse.valueAndGradient(RecordingRuleTest::f, x);
            String at = "call " + call + " at " + Arrays.toString(x);
            assertEquals(fresh.value(), replay.value(), 0, at);
            double[] g = fresh.gradient();
            double[] r = replay.gradient();
            for (int i = 0; i < 3; i++) {
                double tolerance = Double.isFinite(g[i]) ? 1e-13 * (1 + Math.abs(g[i])) : 0; // NaN equals NaN
                assertEquals(g[i], r[i], tolerance, at + " entry " + i);
            }
            if (call == 5) {
                assertTrue(Double.isNaN(replay.value()) && Double.isNaN(r[2]), at);
            }
        }
        assertEquals(0, rec.reRecordings());
        assertTrue(rec.runsBytecode(), rec.bytecodeFallback());
        assertNull(rec.bytecodeFallback());
    }

    @Test
    void theInterpretedProgramAgreesWithTheBytecode() {
        double[] x0 = {0.7, -0.4, 1.3};
        Recording interpreted = Reverse.record(RecordingRuleTest::f, x0);
        interpreted.useBytecode(false);
        Recording compiled = Reverse.record(RecordingRuleTest::f, x0);
        SplittableRandom random = new SplittableRandom(9);
        for (int call = 0; call < 8; call++) {
            double[] x = {random.nextDouble(-2, 2), random.nextDouble(-2, 2), random.nextDouble(0.1, 3)};
            assertEquals(Arrays.toString(interpreted.gradient(x)), Arrays.toString(compiled.gradient(x)),
                    "call " + call);
        }
        assertTrue(compiled.runsBytecode());
        assertTrue(!interpreted.runsBytecode());
    }

    /** 0.71 x + 0 y: a linear rule with a zero partial (its operand takes no edge in the program). */
    static final Rule ZERO_PARTIAL = Rule.linear("zeroPartial", p -> 0.71 * p[0] + 0 * p[1], 0.71, 0);

    static <T extends RealFieldElement<T>> T zeroPartialOfLog(T[] x) {
        return ZERO_PARTIAL.apply(x[0], x[1].log());
    }

    /**
     * Where a linear rule's value is NaN its gradient stays the given one, in a fresh recording
     * and in a replay, so a zero partial stays 0 (found by fuzzing: the fresh recording gave NaN,
     * the replay 0).
     */
    @Test
    void aLinearRuleKeepsItsGradientWhereItsValueIsNan() {
        assertArrayEquals(new double[] {0.71, 0}, ZERO_PARTIAL.gradient(Double.NaN, 1), 0);
        assertArrayEquals(new double[4], ZERO_PARTIAL.hessian(Double.NaN, 1), 0);
        Recording rec = Reverse.record(RecordingRuleTest::zeroPartialOfLog, 1, 1);
        Recording atNan = Reverse.record(RecordingRuleTest::zeroPartialOfLog, 1, -1);
        for (int call = 0; call < 4; call++) {
            ValueAndGradient fresh = Reverse.valueAndGradient(RecordingRuleTest::zeroPartialOfLog, 1, -1);
            assertTrue(Double.isNaN(fresh.value()));
            assertArrayEquals(new double[] {0.71, 0}, fresh.gradient(), 0);
            assertArrayEquals(new double[] {0.71, 0}, rec.gradient(1, -1), 0, "call " + call);
            assertArrayEquals(new double[] {0.71, 0}, atNan.gradient(2, 3), 0, "call " + call);
        }
    }
}
