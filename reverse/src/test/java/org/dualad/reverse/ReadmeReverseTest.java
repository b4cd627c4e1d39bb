package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.ValueAndGradient;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The README's reverse-mode examples, compiled and run. */
class ReadmeReverseTest {

    // --- README example begins
    static <T extends RealFieldElement<T>> T f(T[] x) {          // x1 exp(-(x1^2 + x2^2)/2)
        return x[0].multiply(x[0].multiply(x[0]).add(x[1].multiply(x[1])).divide(2).negate().exp());
    }

    static <T extends RealFieldElement<T>> T kinked(T[] x) {     // branches on a value
        return x[0].getReal() > 0 ? x[0].multiply(x[1]) : x[1].negate();
    }

    static void example() {
        double[] g = Reverse.gradient(ReadmeReverseTest::f, 2, 0.5);        // {-3e, -e}, e = exp(-2.125)
        ValueAndGradient vg = Reverse.valueAndGradient(ReadmeReverseTest::f, 2, 0.5);
        DMatrixRMaj j = Reverse.jacobian(Fns::rosenbrockResiduals, 1.5, -0.5); // [[-30, 10], [-1, 0]]

        Recording rec = Reverse.record(ReadmeReverseTest::f, 2, 0.5);        // record once ...
        double[] g2 = rec.gradient(1, 1);                                   // ... replay many

        Recording safe = Reverse.record(ReadmeReverseTest::kinked, 1, 2);
        safe.gradient(-1, 2);              // {0, -1}: f read getReal(), so this re-recorded
        int again = safe.reRecordings();   // 1

        Tape tape = new Tape();            // the low-level API
        Var x1 = tape.variable(2);
        Var x2 = tape.variable(0.5);
        Var y = f(new Var[] {x1, x2});
        tape.backward(y);
        double dx1 = tape.adjoint(x1);     // -3e
        String dot = Dot.adjoint(tape, "x1", "x2");   // digraph adjoint { ... }
        // --- README example ends
        double e = Math.exp(-2.125);
        assertArrayEquals(new double[] {-3 * e, -e}, g, 1e-15);
        assertEquals(2 * e, vg.value(), 1e-16);
        assertArrayEquals(new double[] {-30, 10, -1, 0}, j.data, 1e-14);
        assertArrayEquals(Reverse.gradient(ReadmeReverseTest::f, 1, 1), g2);
        assertArrayEquals(new double[] {0, -1}, safe.gradient(-1, 2));
        assertEquals(1, again);
        assertEquals(-3 * e, dx1, 1e-15);
        assertTrue(dot.startsWith("digraph adjoint {"));
    }

    @Test
    void readmeExampleRuns() {
        example();
    }
}
