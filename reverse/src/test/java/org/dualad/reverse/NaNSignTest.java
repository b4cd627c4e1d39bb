package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Dual;
import org.dualad.dual.Forward;
import org.junit.jupiter.api.Test;

/**
 * copySign never reads a NaN's sign bit, which Java does not fix: inf - inf negated keeps its
 * sign bit in a replay (v * -1 + 0) and flips it in a recording (-v), so a sign taken from it
 * made the interpreted replay, its bytecode and a fresh recording disagree, and a guarded
 * recording threw at the very point it was recorded at. A NaN sign counts as positive
 * (StrictMath.copySign), and so does a NaN magnitude for the slope, in every evaluator.
 */
class NaNSignTest {
    /** x1 with the sign of -(x0 - x0): NaN at x0 = inf. */
    static <T extends RealFieldElement<T>> T negatedNaNSign(T[] x) {
        return x[1].copySign(x[0].subtract(x[0]).negate());
    }

    /** x2 with the sign of x1 - (x0 - x0): a NaN subtrahend, folded as a scale -1 by the replay. */
    static <T extends RealFieldElement<T>> T subtractedNaNSign(T[] x) {
        return x[2].copySign(x[1].subtract(x[0].subtract(x[0])));
    }

    /** -(x0 - x0) with the sign of x1, plus x1: a NaN magnitude whose slope must not read its sign. */
    static <T extends RealFieldElement<T>> T nanMagnitude(T[] x) {
        return x[0].subtract(x[0]).negate().copySign(x[1]).add(x[1].copySign(-1.0));
    }

    @Test
    void aNaNSignCountsAsPositiveInEveryEvaluator() {
        double inf = Double.POSITIVE_INFINITY;
        same(NaNSignTest::negatedNaNSign, new double[] {1, 2}, new double[] {inf, 2}, 2.0);
        same(NaNSignTest::negatedNaNSign, new double[] {inf, 2}, new double[] {inf, 2}, 2.0);
        same(NaNSignTest::subtractedNaNSign, new double[] {1, 1, 2}, new double[] {inf, 1, 2}, 2.0);
        same(NaNSignTest::subtractedNaNSign, new double[] {inf, 1, 2}, new double[] {inf, 1, 2}, 2.0);
        same(NaNSignTest::nanMagnitude, new double[] {1, 2}, new double[] {inf, 2}, Double.NaN);
        same(NaNSignTest::nanMagnitude, new double[] {1, -2}, new double[] {inf, -2}, Double.NaN);
        // the value of Dual and of plain Math agree: a NaN sign is positive
        assertEquals(2.0, Dual.variable(2).copySign(Double.NaN).value(), 0);
        assertEquals(1.0, Dual.variable(2).copySign(Double.NaN).tangent(), 0);
        assertEquals(2.0, Dual.variable(-2).copySign(-Double.NaN).value(), 0);
        assertEquals(-1.0, Dual.variable(-2).copySign(-Double.NaN).tangent(), 0);
    }

    /**
     * A fresh recording, a recording made at x0 and replayed at x (guard on: no exception; guard
     * off: interpreted, then bytecode) and forward mode all give the same value and gradient.
     */
    private static void same(ScalarFunction f, double[] x0, double[] x, double value) {
        ValueAndGradient fresh = Reverse.valueAndGradient(f, x);
        assertEquals(value, fresh.value(), 0);
        assertArrayEquals(fresh.gradient(), Forward.gradient(f, x), 0);
        for (boolean guard : new boolean[] {true, false}) {
            Recording r = Reverse.record(f, x0);
            r.useValueGuard(guard);
            for (int k = 0; k < 2 * Recording.BYTECODE_AFTER + 2; k++) {
                ValueAndGradient replay = r.valueAndGradient(x);
                assertEquals(fresh.value(), replay.value(), 0, "guard " + guard + ", replay " + k);
                assertArrayEquals(fresh.gradient(), replay.gradient(), 0, "guard " + guard + ", replay " + k);
            }
            assertTrue(r.runsBytecode() || r.reRecordings() > 0, "guard " + guard + ": " + r);
        }
    }
}
