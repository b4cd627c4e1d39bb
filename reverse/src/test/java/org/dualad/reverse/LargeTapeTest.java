package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.commons.math3.RealFieldElement;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's memory requirement: a tape of 5 x 10^7 operations runs in the default heap of a 24 GiB
 * machine (a quarter of it, about 6 GB). Skipped, with the reason, on a machine whose default heap
 * is smaller.
 */
class LargeTapeTest {
    private static final int OPERATIONS = 50_000_000;
    private static final long HEAP_NEEDED = 5_500_000_000L;

    /** sum over k of x0 x1, K = OPERATIONS / 2 terms: two recorded binary operations per term. */
    static <T extends RealFieldElement<T>> T products(T[] x) {
        T s = x[0].getField().getZero();
        for (int k = 0; k < OPERATIONS / 2; k++) {
            s = s.add(x[0].multiply(x[1]));
        }
        return s;
    }

    @Test
    void fiftyMillionOperationsOnTheOpTape() {
        assumeTrue(Runtime.getRuntime().maxMemory() >= HEAP_NEEDED,
                "the default heap here is " + Runtime.getRuntime().maxMemory() + " bytes, under a 24 GiB machine's");
        Tape tape = new Tape();
        Var x0 = tape.variable(1.5);
        Var x1 = tape.variable(0.5);
        Var y = products(new Var[] {x0, x1});
        assertEquals(OPERATIONS + 2, tape.size()); // 2 inputs; an op with a constant operand is a node here
        long bytes = 8L * tape.value.length + 4L * tape.args.length + 8L * tape.partials.length + tape.op.length;
        assertEquals(33.0, (double) bytes / tape.value.length, "bytes per node, 32 in the hot arrays + op code");
        tape.backward(y);
        assertEquals(OPERATIONS / 2 * 0.5, tape.adjoint(x0));
        assertEquals(OPERATIONS / 2 * 1.5, tape.adjoint(x1));
    }

    @Test
    void fiftyMillionOperationsThroughReverseGradient() {
        assumeTrue(Runtime.getRuntime().maxMemory() >= HEAP_NEEDED,
                "the default heap here is " + Runtime.getRuntime().maxMemory() + " bytes, under a 24 GiB machine's");
        double[] g = Reverse.gradient(LargeTapeTest::products, 1.5, 0.5);
        assertArrayEquals(new double[] {OPERATIONS / 2 * 0.5, OPERATIONS / 2 * 1.5}, g);
    }
}
