package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueRunTest {

    @Test
    void eachRunRefillsTheSameConstantsInANewArray() {
        ValueRun run = new ValueRun(2);
        HVar[][] seen = new HVar[2][];
        double a = run.apply(new double[] {3, 4}, x -> {
            seen[0] = x;
            return x[0].multiply(x[1]).add(x[0].sin());
        }).value();
        assertEquals(12 + Math.sin(3), a);
        double b = run.apply(new double[] {-1, 0.5}, x -> {
            seen[1] = x;
            return x[0].multiply(x[1]).add(x[0].sin());
        }).value();
        assertEquals(-0.5 + Math.sin(-1), b);
        assertNotSame(seen[0], seen[1], "a new array each run: f cannot replace an input for the next one");
        assertSame(seen[0][0], seen[1][0], "the same constant, refilled");
        assertEquals(-1, seen[0][0].value(), "documented: a constant kept past its run reads the next run's value");
        assertEquals(0, seen[1][0].p);
        assertEquals(-1, seen[1][0].node);
        assertEquals(null, seen[1][0].gen, "a constant of no tape");
    }

    @Test
    void aNestedRunGetsConstantsOfItsOwn() {
        ValueRun run = new ValueRun(1);
        double outer = run.apply(new double[] {2}, x -> {
            double inner = run.apply(new double[] {10}, z -> z[0].multiply(z[0])).value();
            assertEquals(100, inner);
            return x[0].add(inner); // the outer input still holds 2
        }).value();
        assertEquals(102, outer);
        assertEquals(49, run.apply(new double[] {7}, z -> z[0].multiply(z[0])).value(), "and the kept ones again after");
    }

    @Test
    void aThrowingRunLeavesTheObjectUsable() {
        ValueRun run = new ValueRun(1);
        assertThrows(UnsupportedOperationException.class, () -> run.apply(new double[] {1}, x -> {
            throw new UnsupportedOperationException("a rule without second derivatives");
        }));
        HVar[][] seen = new HVar[1][];
        run.apply(new double[] {5}, x -> seen[0] = x);
        HVar kept = seen[0][0];
        run.apply(new double[] {6}, x -> seen[0] = x);
        assertSame(kept, seen[0][0], "not left in the nested state: the kept constants are used again");
    }

    @Test
    void badArgumentsAreClearExceptions() {
        String m = assertThrows(IllegalArgumentException.class, () -> new ValueRun(-1)).getMessage();
        assertTrue(m.contains("n must be at least 0"), m);
        ValueRun run = new ValueRun(3);
        assertEquals(3, run.size());
        m = assertThrows(IllegalArgumentException.class, () -> run.apply(new double[2], x -> x)).getMessage();
        assertTrue(m.startsWith("ValueRun.apply: x has length 2 but this run takes 3 inputs"), m);
        assertThrows(NullPointerException.class, () -> run.apply(null, x -> x));
    }
}
