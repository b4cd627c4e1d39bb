package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.Test;

/**
 * {@link Op#evaluate} runs each op on a type that is not DualAD's (Commons Math's
 * DerivativeStructure) with the value and derivative {@link Op#apply} gives on a {@link Dual}.
 */
class OpEvaluateTest {
    /** Two points so that every op is inside its domain at one of them at least. */
    private static final double[] POINTS = {0.4, 1.7};
    private static final double Y = 0.6;
    private static final double C = 3;

    @Test
    void evaluateOnADerivativeStructureAgreesWithApplyOnADual() {
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue;
            }
            boolean finite = false;
            for (double x : POINTS) {
                DerivativeStructure dx = new DerivativeStructure(1, 1, 0, x);
                Dual ux = Dual.variable(x);
                DerivativeStructure ds;
                Dual d;
                if (op.arity() == 1) {
                    ds = op.evaluate(dx, C);
                    d = op.apply(ux, C);
                } else {
                    ds = op.evaluate(dx, new DerivativeStructure(1, 1, Y));
                    d = op.apply(ux, Dual.constant(Y));
                }
                close(d.value(), ds.getValue(), op + " value at " + x);
                if (!Double.isNaN(d.value())) {
                    // off the domain DualAD's derivative is NaN by convention, Commons Math's the formula's
                    close(d.tangent(), ds.getPartialDerivative(1), op + " derivative at " + x);
                }
                finite |= Double.isFinite(d.value()) && Double.isFinite(d.tangent());
            }
            assertTrue(finite, op + " is out of its domain at every test point");
        }
    }

    private static void close(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": " + actual + " but NaN expected");
        } else {
            assertEquals(expected, actual, 1e-14 * Math.max(1, Math.abs(expected)), what);
        }
    }

    @Test
    void evaluateOnADualIsApply() {
        Dual x = Dual.variable(0.4);
        assertEquals(Op.LOG10.apply(x, 0).tangent(), Op.LOG10.evaluate(x, 0).tangent(), 0);
        assertEquals(Op.HYPOT.apply(x, x).tangent(), Op.HYPOT.evaluate(x, x).tangent(), 0);
    }

    @Test
    void customAndTheWrongArityAreRefused() {
        DerivativeStructure x = new DerivativeStructure(1, 1, 0, 0.4);
        assertThrows(IllegalStateException.class, () -> Op.CUSTOM.evaluate(x, 0));
        assertThrows(IllegalStateException.class, () -> Op.CUSTOM.evaluate(x, x));
        assertThrows(IllegalStateException.class, () -> Op.ADD.evaluate(x, 0));
        assertThrows(IllegalStateException.class, () -> Op.SIN.evaluate(x, x));
    }
}
