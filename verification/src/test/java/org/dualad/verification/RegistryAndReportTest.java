package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dualad.ValueAndGradient;
import org.dualad.ValueAndJacobian;
import org.junit.jupiter.api.Test;

/** The mode registry's primitives, the DerivativeStructure oracle and reports of failing checks. */
class RegistryAndReportTest {
    @Test
    void everyModeOffersWhatItSaysAndAgreesWithTheOthers() {
        double[] x = {0.7, -0.4};
        double[] v = {1.5, -2};
        ValueAndGradient ref = Mode.REVERSE.valueAndGradient(Fns::gauss, x);
        for (Mode m : Mode.values()) {
            assertTrue(m.hasGradient(), m.label());
            ValueAndGradient vg = m.valueAndGradient(Fns::gauss, x);
            assertEquals(ref.value(), vg.value(), 1e-15, m.label());
            assertArrayEquals(ref.gradient(), vg.gradient(), 1e-15, m.label());
            if (m.hasJacobian()) {
                ValueAndJacobian vj = m.valueAndJacobian(Fns::polar, x);
                assertArrayEquals(Oracles.complexStepJacobian(Fns::polar, x).data, vj.jacobian().data, 1e-15, m.label());
                assertArrayEquals(new double[] {x[0] * Math.cos(x[1]), x[0] * Math.sin(x[1]), x[0] * x[0] * x[1]},
                        vj.values(), 1e-15);
            } else {
                assertThrows(UnsupportedOperationException.class, () -> m.jacobian(Fns::polar, x));
            }
            if (m.hasHvp()) {
                double[] hv = m.hvp(Fns::gauss, x, v);
                double[] want = new double[2];
                org.ejml.data.DMatrixRMaj h = Oracles.complexStepHessian(Fns::gauss, x);
                for (int i = 0; i < 2; i++) {
                    want[i] = h.get(i, 0) * v[0] + h.get(i, 1) * v[1];
                }
                assertArrayEquals(want, hv, 1e-14, m.label());
            } else {
                String msg = assertThrows(UnsupportedOperationException.class, () -> m.hvp(Fns::gauss, x, v))
                        .getMessage();
                assertEquals(m.label() + " mode does not compute Hessian-vector products", msg);
            }
        }
        assertTrue(Mode.FORWARD.hasHvp() && Mode.FORWARD.hasLaplacian() && Mode.HYBRID.hasHvp());
    }

    @Test
    void derivativeStructureIsAnOracleOfEveryCheck() {
        double[] x = {0.7, -0.4};
        CheckReport g = GradientCheck.of(Fns::gauss).oracles(Oracle.DERIVATIVE_STRUCTURE).at(x);
        assertEquals("DerivativeStructure", g.comparisons().get(0).oracle());
        HessianCheck.of(Fns::gauss).oracles(Oracle.DERIVATIVE_STRUCTURE).at(x);
        LaplacianCheck.of(Fns::gauss).oracles(Oracle.DERIVATIVE_STRUCTURE).at(x);
        JacobianCheck.of(Fns::polar).oracles(Oracle.DERIVATIVE_STRUCTURE).at(x);
        assertEquals(0.7 * Math.exp(-(0.49 + 0.16) / 2), Oracles.derivativeStructureValue(Fns::gauss, x), 1e-16);
    }

    @Test
    void aFailingCheckReportsWithoutThrowingAndAtThrowsTheSameFailures() {
        double[] x = {1, 2};
        GradientCheck wrong = GradientCheck.of(Fns::gauss).modes().gradient("off by 1e-6", p -> {
            double[] g = Oracles.complexStepGradient(Fns::gauss, p);
            g[1] += 1e-6;
            return g;
        });
        CheckReport r = wrong.report(x);
        assertFalse(r.passed());
        assertEquals(2, r.failures().size(), r.failures().toString()); // against both default oracles
        for (CheckReport.Comparison c : r.comparisons()) {
            assertFalse(c.passed());
            assertTrue(c.worstRelativeError() > 1e-7, c.toString());
        }
        assertTrue(r.toString().contains(": FAILED"), r.toString());
        AssertionError e = assertThrows(AssertionError.class, () -> wrong.at(x));
        for (String f : r.failures()) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
        CheckReport ok = GradientCheck.of(Fns::gauss).report(x);
        assertTrue(ok.passed() && ok.failures().isEmpty() && ok.comparisons().stream().allMatch(c -> c.passed()));
    }

    @Test
    void theEntryRuleIsTheTolerances() {
        Tolerance t = new Tolerance(1e-12, 0);
        assertTrue(t.accepts(1, 1 + 1e-13, 0));
        assertFalse(t.accepts(1, 1 + 1e-11, 0));
        assertTrue(t.accepts(1, 1 + 1e-11, 1e-11));
        assertFalse(t.accepts(Double.NaN, Double.NaN, 0));
        assertTrue(t.accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0));
        assertEquals(0.5, Tolerance.relativeError(1, 2));
        assertEquals(0.0, Tolerance.relativeError(0, 0));
        assertEquals(0.0, Tolerance.absoluteError(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }
}
