package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.internal.TapeMemory;
import org.junit.jupiter.api.Test;

/**
 * The tapes under misuse and at their limits (issue 13, item 4): an atomic backward sweep, 64-bit
 * generations, a clear error where a tape cannot grow, and numbers leaked out of an earlier call.
 */
class TapeRobustnessTest {

    @Test
    void aRefusedBackwardKeepsTheLastSweepsAdjoints() {
        Tape tape = new Tape();
        Var x = tape.variable(2);
        Var y = x.multiply(x).sin();
        tape.backward(y);
        double dx = tape.adjoint(x);
        assertEquals(4 * Math.cos(4), dx);
        Var foreign = new Tape().variable(1).exp();
        assertThrows(IllegalArgumentException.class, () -> tape.backward(foreign));
        assertEquals(dx, tape.adjoint(x));
        assertEquals(1.0, tape.adjoint(y));
        Var[] outs = {y, null};
        assertThrows(NullPointerException.class, () -> tape.backward(outs, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> tape.backward(new Var[] {y, foreign}, new double[] {1, 1}));
        assertEquals(dx, tape.adjoint(x));
        assertEquals(1.0, tape.adjoint(y));
        Tape other = new Tape();
        Var z = other.variable(1);
        other.reset();
        other.variable(1);
        assertThrows(IllegalStateException.class, () -> other.backward(z)); // stale: nothing changed
    }

    @Test
    void generationsDoNotWrapAfterTwoToThe32Resets() {
        Tape tape = new Tape();
        Var x = tape.variable(1);
        tape.generation += 1L << 32; // as after 2^32 resets: an int counter would be back at x's
        tape.variable(1);
        assertThrows(IllegalStateException.class, x::sin);
        assertThrows(IllegalStateException.class, () -> tape.backward(x));
        EdgeTape edges = new EdgeTape(4);
        LinVar a = edges.variables(new double[] {1, 2})[0];
        edges.reset();
        edges.generation += (1L << 32) - 1;
        LinVar b = edges.variables(new double[] {3, 4})[1];
        assertThrows(IllegalStateException.class, a::exp);
        assertThrows(IllegalStateException.class, () -> b.multiply(a));
    }

    @Test
    void aTapeThatCannotGrowSaysHowBigItIsAndWhatToDo() {
        Tape tape = new Tape(4);
        tape.heapLimit = 70_000;
        Var x = tape.variable(1);
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> {
            Var s = x;
            for (int k = 0; k < 10_000; k++) {
                s = s.multiply(x);
            }
        });
        String m = e.getMessage();
        assertTrue(m.startsWith("Tape: out of memory growing the tape at 1024 nodes (0.0 MB, 41 bytes a node)")
                && m.contains("room for 2048 nodes") && m.contains("Runtime.maxMemory()) is 0.1 MB")
                && m.contains("-Xmx"), m);
        assertEquals(1024, tape.size(), "the tape is as it was before the failed growth");
        EdgeTape edges = new EdgeTape(4);
        edges.heapLimit = 50_000;
        LinVar[] in = edges.variables(new double[] {1, 2});
        m = assertThrows(OutOfMemoryError.class, () -> {
            LinVar s = in[0];
            for (int k = 0; k < 10_000; k++) {
                s = s.multiply(in[1]).add(in[0]);
            }
        }).getMessage();
        assertTrue(m.startsWith("gradient tape: out of memory growing the tape at 1024 nodes (0.0 MB, 32 bytes a node)")
                && m.contains("-Xmx"), m);
        assertEquals("Tape: out of memory growing the tape at 50000000 nodes (1650.0 MB, 33 bytes a node) to room"
                + " for 100000000 nodes (3300.0 MB; while the arrays are copied both copies are live); the heap's"
                + " limit (Runtime.maxMemory()) is 4000.0 MB. Raise it with -Xmx, or record less per tape (split f,"
                + " or differentiate a smaller piece at a time)",
                TapeMemory.cannotGrow("Tape", 50_000_000, 100_000_000, 33, 4_000_000_000L, null).getMessage());
    }

    static final ThreadLocal<RealFieldElement<?>> KEPT = new ThreadLocal<>();

    /** Keeps its first input in a field and, on later calls, reads the kept one's value. */
    static <T extends RealFieldElement<T>> T readsAnEarlierCall(T[] x) {
        RealFieldElement<?> old = KEPT.get();
        KEPT.set(x[0]);
        double scale = old == null ? 1 : old.getReal();
        return x[0].multiply(scale);
    }

    @Test
    void aValueLeakedFromAnEarlierCallIsRefusedInsideALaterOne() {
        KEPT.remove();
        assertArrayEquals(new double[] {1}, Reverse.gradient(TapeRobustnessTest::readsAnEarlierCall, 3));
        String m = assertThrows(IllegalStateException.class,
                () -> Reverse.gradient(TapeRobustnessTest::readsAnEarlierCall, 5)).getMessage();
        assertTrue(m.startsWith("getReal: a variable recorded in generation") && m.contains("earlier Reverse call"), m);
        KEPT.remove();
        // on the op tape, a variable of a reset tape
        Tape tape = new Tape();
        Var x = tape.variable(3);
        tape.reset();
        Var y = tape.variable(5);
        m = assertThrows(IllegalStateException.class, () -> y.multiply(x.getReal())).getMessage();
        assertTrue(m.contains("getReal") && m.contains("reset"), m);
        assertThrows(IllegalStateException.class, x::round);
        assertEquals("Var[#0 = 3.0]", x.toString(), "printing a stale variable stays possible");
        assertEquals(0, tape.userReads(), "and is not a read of the new recording");
    }

    @Test
    void toStringAndHashCodeAreCountedReads() {
        Tape tape = new Tape();
        Var x = tape.variable(3);
        Var y = x.sin();
        assertEquals(0, tape.userReads());
        assertEquals("Var[#1 = " + Math.sin(3) + "]", y.toString());
        assertEquals(1, tape.userReads());
        y.hashCode();
        assertEquals(2, tape.userReads());
        y.value();
        tape.constant(2).toString();
        assertEquals(2, tape.userReads(), "value() and constants are not reads");
    }
}
