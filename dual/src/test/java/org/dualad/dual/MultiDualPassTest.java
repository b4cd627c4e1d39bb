package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 4: a {@link MultiDual} kept from an earlier seeding pass and mixed into a later
 * one throws instead of adding its tangents to the wrong inputs; constants and numbers of one
 * pass mix freely.
 */
class MultiDualPassTest {

    /** f(x) = sum x_i + x_0^2, where x_0 is the one of the first pass of the first call, kept in a field. */
    static final class KeepsFirstInput implements ScalarFunction {
        private Object kept;

        @Override
        @SuppressWarnings("unchecked")
        public <T extends RealFieldElement<T>> T value(T[] x) {
            if (kept == null) {
                kept = x[0];
            }
            T x0 = (T) kept;
            T s = x0.multiply(x0);
            for (T xi : x) {
                s = s.add(xi);
            }
            return s;
        }
    }

    @Test
    void aNumberKeptFromAnEarlierPassThrows() {
        double[] x = new double[300];
        java.util.Arrays.fill(x, 1.5);
        // 300 inputs: three passes of 100; pass 1 alone is consistent, pass 2 mixes in pass 1's x0
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DualNumbers.gradient(new KeepsFirstInput(), x));
        assertTrue(e.getMessage().contains("different passes"), e.getMessage());
        assertTrue(e.getMessage().contains("MultiDual: +"), e.getMessage());
    }

    @Test
    void aNumberKeptFromAnEarlierCallThrows() {
        KeepsFirstInput f = new KeepsFirstInput();
        assertArrayEquals(new double[] {5, 1}, DualNumbers.gradient(f, 2, 3), 0);
        assertThrows(IllegalArgumentException.class, () -> DualNumbers.gradient(f, 2, 3));
    }

    @Test
    void constantsMixWithEveryPass() {
        MultiDual c = MultiDual.constant(2, 3);
        MultiDual x = MultiDual.variable(3, 1, 3, new Object());
        assertArrayEquals(new double[] {0, 2, 0}, c.multiply(x).tangents(), 0);
        assertArrayEquals(new double[] {0, 2, 0}, x.multiply(c).tangents(), 0);
        assertEquals(5, c.add(x).value(), 0);
        // a constant kept from another pass (its field's numbers, or results of constants) stays one
        MultiDual kept = MultiDual.variable(3, 0, 3, new Object()).getField().getOne().multiply(4).sin();
        assertArrayEquals(new double[] {0, Math.sin(4), 0}, kept.multiply(x).tangents(), 0);
    }

    @Test
    void numbersOfOnePassMix() {
        Object pass = new Object();
        MultiDual x = MultiDual.variable(3, 0, 2, pass);
        MultiDual y = MultiDual.variable(4, 1, 2, pass);
        MultiDual z = x.multiply(y).sin().add(x.divide(y)).pow(y);
        assertEquals(2, z.width());
        // the public untagged factories share one pass, as before
        assertEquals(MultiDual.of(12, 4, 3), MultiDual.variable(3, 0, 2).multiply(MultiDual.variable(4, 1, 2)));
        assertEquals(MultiDual.of(7, 1, 1), MultiDual.of(3, 1, 0).add(MultiDual.of(4, 0, 1)));
    }

    @Test
    void everyBinaryOperationChecksThePass() {
        MultiDual x = MultiDual.variable(3, 0, 2, new Object());
        MultiDual y = MultiDual.variable(4, 1, 2, new Object());
        assertThrows(IllegalArgumentException.class, () -> x.add(y));
        assertThrows(IllegalArgumentException.class, () -> x.subtract(y));
        assertThrows(IllegalArgumentException.class, () -> x.multiply(y));
        assertThrows(IllegalArgumentException.class, () -> x.divide(y));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.atan2(y));
        assertTrue(e.getMessage().startsWith("MultiDual: atan2"), e.getMessage());
        // a tagged and an untagged number are two passes too
        assertThrows(IllegalArgumentException.class, () -> x.add(MultiDual.variable(1, 1, 2)));
        // the same window in two passes (both direction 0) is the case the windows alone cannot see
        assertThrows(IllegalArgumentException.class, () -> x.add(MultiDual.variable(1, 0, 2, new Object())));
    }
}
