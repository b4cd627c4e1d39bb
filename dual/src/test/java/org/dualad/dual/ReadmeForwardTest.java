package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.RealFieldElement;
import org.junit.jupiter.api.Test;

/** The README's quick start and forward-mode examples, compiled and checked. */
class ReadmeForwardTest {
    static <T extends RealFieldElement<T>> T f(T[] x) {          // u^3 + v^2 + 4uv
        return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
    }

    @Test
    void quickStart() {
        assertArrayEquals(new double[] {43, 20}, Forward.gradient(ReadmeForwardTest::f, 3, 4));
        assertArrayEquals(new double[] {18, 4, 4, 2}, Forward.hessian(ReadmeForwardTest::f, 3, 4).data);
    }

    @Test
    void numberTypes() {
        assertEquals("Dual[18.0 + 12.0ε]", Dual.variable(3).multiply(Dual.variable(3)).multiply(2).toString());
        assertEquals("HyperDual[8.0 + 12.0ε1 + 12.0ε2 + 12.0ε1ε2]", HyperDual.variable(2).pow(3).toString());
    }

    @Test
    void nesting() {
        Dual x = Dual.variable(1);
        Dual inner = FieldDual.derivative(y -> FieldDual.constant(x).add(y), Dual.constant(1));
        assertEquals(1.0, x.multiply(inner).tangent());
        Dual d2 = FieldDual.derivative(y -> FieldDual.derivative(z -> z.pow(4), y), Dual.variable(2));
        assertEquals(48.0, d2.tangent());
    }
}
