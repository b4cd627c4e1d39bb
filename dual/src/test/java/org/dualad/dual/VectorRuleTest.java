package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.Decimal64;
import org.junit.jupiter.api.Test;

/** {@link VectorRule} on the forward types: values, tangents, refusals and bad user code. */
class VectorRuleTest {
    /** (x0, x1, x2) -> (x0 x1, sin x2 + x0): a block with a closed-form Jacobian. */
    static final VectorRule BLOCK = VectorRule.of("productSine", 3, 2,
            x -> new double[] {x[0] * x[1], Math.sin(x[2]) + x[0]},
            (x, y, dx) -> new double[] {x[1] * dx[0] + x[0] * dx[1], Math.cos(x[2]) * dx[2] + dx[0]},
            (x, y, w) -> new double[] {w[0] * x[1] + w[1], w[0] * x[0], w[1] * Math.cos(x[2])})
            .withSecondOrder((x, y, u, v) -> new double[] {u[0] * v[1] + u[1] * v[0], -Math.sin(x[2]) * u[2] * v[2]});

    /** The same block written out in elementary operations, the reference. */
    static <T extends RealFieldElement<T>> T[] written(T[] x) {
        T[] y = org.apache.commons.math3.util.MathArrays.buildArray(x[0].getField(), 2);
        y[0] = x[0].multiply(x[1]);
        y[1] = x[2].sin().add(x[0]);
        return y;
    }

    static <T extends RealFieldElement<T>> T f(T[] x) {
        T[] y = BLOCK.apply(x);
        return y[0].multiply(y[1]).add(y[1].exp());
    }

    static <T extends RealFieldElement<T>> T g(T[] x) {
        T[] y = written(x);
        return y[0].multiply(y[1]).add(y[1].exp());
    }

    private static final double[] X = {0.7, -1.3, 2.1};

    @Test
    void dualAndMultiDualAgreeWithTheWrittenOutFunction() {
        assertArrayEquals(Forward.gradient(VectorRuleTest::g, X), Forward.gradient(VectorRuleTest::f, X), 1e-14);
        assertArrayEquals(Forward.gradient(VectorRuleTest::g, X, 1), Forward.gradient(VectorRuleTest::f, X, 1), 1e-14);
        double[] v = {0.3, -2, 1.1};
        assertEquals(Forward.directionalDerivative(VectorRuleTest::g, X, v),
                Forward.directionalDerivative(VectorRuleTest::f, X, v), 1e-14);
    }

    @Test
    void hyperDualUsesTheSecondOrderForm() {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                HyperDual[] a = new HyperDual[3];
                HyperDual[] b = new HyperDual[3];
                for (int k = 0; k < 3; k++) {
                    a[k] = HyperDual.of(X[k], k == i ? 1 : 0, k == j ? 1 : 0, 0);
                    b[k] = a[k];
                }
                HyperDual p = f(a);
                HyperDual q = g(b);
                assertEquals(q.value(), p.value(), 1e-15);
                assertEquals(q.e1(), p.e1(), 1e-14);
                assertEquals(q.e1e2(), p.e1e2(), 1e-13, "H[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void secondOrderWithoutAFormIsRefusedNamingTheRule() {
        VectorRule plain = VectorRule.of("firstOrderOnly", 1, 1, x -> x.clone(), (x, y, dx) -> dx.clone(), (x, y, w) -> w.clone());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> plain.apply(new HyperDual[] {HyperDual.variable(1)}));
        assertTrue(e.getMessage().contains("'firstOrderOnly'") && e.getMessage().contains("withSecondOrder"), e.getMessage());
        UnsupportedOperationException f = assertThrows(UnsupportedOperationException.class,
                () -> plain.apply(new FieldDual[] {FieldDual.variable(Dual.constant(1))}));
        assertTrue(f.getMessage().contains("'firstOrderOnly'") && f.getMessage().contains("FieldDual"), f.getMessage());
    }

    @Test
    void decimal64GetsValuesOnly() {
        Decimal64[] y = BLOCK.apply(new Decimal64[] {new Decimal64(2), new Decimal64(3), new Decimal64(0)});
        assertEquals(6, y[0].getReal());
        assertEquals(2, y[1].getReal());
    }

    @Test
    void constantInputsSkipTheUserJvp() {
        AtomicInteger calls = new AtomicInteger();
        VectorRule r = VectorRule.of("counted", 2, 1, x -> new double[] {x[0] + x[1]},
                (x, y, dx) -> {
                    calls.incrementAndGet();
                    return new double[] {Double.NaN};
                }, (x, y, w) -> new double[] {w[0], w[0]});
        Dual[] y = r.apply(new Dual[] {Dual.constant(1), Dual.constant(2)});
        assertEquals(3, y[0].value());
        assertEquals(0, y[0].tangent());
        MultiDual[] z = r.apply(new MultiDual[] {MultiDual.constant(1, 4), MultiDual.constant(2, 4)});
        assertEquals(0, z[0].tangent(3));
        assertEquals(0, calls.get());
    }

    @Test
    void multiDualCallsJvpOncePerDirectionReached() {
        AtomicInteger calls = new AtomicInteger();
        VectorRule r = VectorRule.of("counted", 2, 1, x -> new double[] {x[0] * x[1]},
                (x, y, dx) -> {
                    calls.incrementAndGet();
                    return new double[] {x[1] * dx[0] + x[0] * dx[1]};
                }, (x, y, w) -> new double[] {w[0] * x[1], w[0] * x[0]});
        MultiDual[] y = r.apply(new MultiDual[] {MultiDual.variable(3, 5, 8), MultiDual.variable(4, 6, 8)});
        assertEquals(4, y[0].tangent(5));
        assertEquals(3, y[0].tangent(6));
        assertEquals(0, y[0].tangent(0));
        assertEquals(2, calls.get());
    }

    @Test
    void wrongLengthsFromUserCodeNameTheRuleAndTheExpectedLength() {
        VectorRule badValue = VectorRule.of("badValue", 2, 3, x -> new double[2], (x, y, d) -> new double[3], (x, y, w) -> new double[2]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> badValue.apply(new Dual[] {Dual.variable(1), Dual.constant(2)}));
        assertTrue(e.getMessage().contains("value of the vector rule 'badValue' returned 2 values; expected length 3"), e.getMessage());

        VectorRule badJvp = VectorRule.of("badJvp", 2, 1, x -> new double[1], (x, y, d) -> new double[2], (x, y, w) -> null);
        e = assertThrows(IllegalStateException.class, () -> badJvp.apply(new Dual[] {Dual.variable(1), Dual.constant(2)}));
        assertTrue(e.getMessage().contains("jvp of the vector rule 'badJvp' returned 2 values; expected length 1"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> badJvp.linearize(new double[2]).vjp(new double[1]));
        assertTrue(e.getMessage().contains("vjp of the vector rule 'badJvp' returned null; expected 2 values"), e.getMessage());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VectorRule.of("", 1, 1, x -> x, (x, y, d) -> d, (x, y, w) -> w));
        assertThrows(IllegalArgumentException.class, () -> VectorRule.of("r", 0, 1, x -> x, (x, y, d) -> d, (x, y, w) -> w));
        assertThrows(NullPointerException.class, () -> VectorRule.of("r", 1, 1, null, (x, y, d) -> d, (x, y, w) -> w));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BLOCK.apply(new Dual[2]));
        assertTrue(e.getMessage().contains("x has length 2 but the vector rule 'productSine' has 3 inputs"), e.getMessage());
        NullPointerException n = assertThrows(NullPointerException.class,
                () -> BLOCK.apply(new Dual[] {Dual.variable(1), null, Dual.variable(2)}));
        assertTrue(n.getMessage().contains("x[1] is null"), n.getMessage());
        assertThrows(NullPointerException.class, () -> BLOCK.apply((Dual[]) null));
    }

    @Test
    void nanFlowsThroughAsIeeeArithmetic() {
        Dual[] y = BLOCK.apply(new Dual[] {Dual.variable(Double.NaN), Dual.constant(1), Dual.constant(0)});
        assertTrue(Double.isNaN(y[0].value()) && Double.isNaN(y[1].value()));
        // the user's jvp computes 1 * 1 + NaN * 0: IEEE, not the zero policy, inside a black box
        assertTrue(Double.isNaN(y[0].tangent()));
        assertEquals(1, y[1].tangent());
    }
}
