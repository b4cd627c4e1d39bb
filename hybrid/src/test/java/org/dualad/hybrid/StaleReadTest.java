package org.dualad.hybrid;

import org.dualad.dual.HTape;
import org.dualad.dual.HVar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 4: reading the value of an {@link HVar} recorded before its tape was reset
 * throws, as {@code Var.getReal()} does in reverse mode, instead of returning the old value.
 */
class StaleReadTest {

    @Test
    void getRealOfAVariableRecordedBeforeResetThrows() {
        HTape tape = new HTape();
        HVar x = tape.variable(2);
        HVar y = x.multiply(x).add(tape.variable(1));
        assertEquals(2, x.getReal(), 0);
        assertEquals(5, y.getReal(), 0);
        tape.reset();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::getReal);
        assertTrue(e.getMessage().startsWith("HVar.getReal: "), e.getMessage());
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
        assertThrows(IllegalStateException.class, x::getReal);
        // printing stays possible, and constants belong to no tape
        assertTrue(y.toString().startsWith("HVar[5.0"));
        assertEquals(3, HTape.constant(3).getReal(), 0);
        assertEquals(2, tape.variable(2).getReal(), 0);
    }

    /** f(x) = x0 x1 + the value of the x0 of its first call, kept in a field. */
    static final class ReadsKeptInput implements ScalarFunction {
        private Object kept;

        @Override
        @SuppressWarnings("unchecked")
        public <T extends RealFieldElement<T>> T value(T[] x) {
            if (kept == null) {
                kept = x[0];
            }
            return x[0].multiply(x[1]).add(((T) kept).getReal());
        }
    }

    @Test
    void aValueKeptFromAnEarlierHybridCallThrows() {
        ReadsKeptInput f = new ReadsKeptInput();
        assertArrayEquals(new double[] {3, 2}, Hybrid.gradient(f, 2, 3), 0);
        // the thread's scratch tape was reset for this call: the kept x0 is stale
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Hybrid.gradient(f, 4, 5));
        assertTrue(e.getMessage().startsWith("HVar.getReal: "), e.getMessage());
    }
}
