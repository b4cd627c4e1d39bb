package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every elementary function's complex-step derivative against Commons Math's DerivativeStructure
 * (order 1) over the function's domain, to 1e-13 relative.
 */
class ComplexStepDerivativeTest {

    /** One row: a function on both types and the interval to sample. */
    private record Row(String name, Function<ComplexStep, ComplexStep> cs,
                       Function<DerivativeStructure, DerivativeStructure> ds, double lo, double hi) {
    }

    private static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        r.add(new Row("add", z -> z.add(z.multiply(3)), d -> d.add(d.multiply(3)), -5, 5));
        r.add(new Row("addConst", z -> z.add(2.5), d -> d.add(2.5), -5, 5));
        r.add(new Row("subtract", z -> z.subtract(z.sin()), d -> d.subtract(d.sin()), -5, 5));
        r.add(new Row("subtractConst", z -> z.subtract(2.5), d -> d.subtract(2.5), -5, 5));
        r.add(new Row("multiply", z -> z.multiply(z.exp()), d -> d.multiply(d.exp()), -5, 5));
        r.add(new Row("multiplyConst", z -> z.multiply(-1.7), d -> d.multiply(-1.7), -5, 5));
        r.add(new Row("multiplyInt", z -> z.multiply(7), d -> d.multiply(7), -5, 5));
        r.add(new Row("divide", z -> z.sin().divide(z.exp()), d -> d.sin().divide(d.exp()), -5, 5));
        r.add(new Row("divideConst", z -> z.divide(3.0), d -> d.divide(3.0), -5, 5));
        r.add(new Row("negate", ComplexStep::negate, DerivativeStructure::negate, -5, 5));
        r.add(new Row("reciprocal", ComplexStep::reciprocal, DerivativeStructure::reciprocal, 0.1, 5));
        r.add(new Row("reciprocalNeg", ComplexStep::reciprocal, DerivativeStructure::reciprocal, -5, -0.1));
        r.add(new Row("scalb", z -> z.scalb(3), d -> d.scalb(3), -5, 5));
        r.add(new Row("sqrt", ComplexStep::sqrt, DerivativeStructure::sqrt, 0.01, 50));
        r.add(new Row("cbrt", ComplexStep::cbrt, DerivativeStructure::cbrt, 0.01, 50));
        r.add(new Row("cbrtNeg", ComplexStep::cbrt, DerivativeStructure::cbrt, -50, -0.01));
        r.add(new Row("rootN4", z -> z.rootN(4), d -> d.rootN(4), 0.01, 50));
        // DerivativeStructure.rootN is NaN below 0: the odd root of x &lt; 0 is -rootN(-x)
        r.add(new Row("rootN5neg", z -> z.rootN(5), d -> d.negate().rootN(5).negate(), -50, -0.01));
        r.add(new Row("powDouble", z -> z.pow(2.7), d -> d.pow(2.7), 0.01, 10));
        r.add(new Row("powDoubleNeg", z -> z.pow(-1.3), d -> d.pow(-1.3), 0.01, 10));
        r.add(new Row("powIntegralDouble", z -> z.pow(3.0), d -> d.pow(3.0), -10, 10));
        r.add(new Row("powInt", z -> z.pow(5), d -> d.pow(5), -10, 10));
        r.add(new Row("powIntNeg", z -> z.pow(-3), d -> d.pow(-3), 0.1, 10));
        r.add(new Row("powField", z -> z.pow(z.sin().add(2)), d -> d.pow(d.sin().add(2)), 0.01, 10));
        r.add(new Row("powFieldExponent", z -> ComplexStep.constant(2.5).pow(z), d -> d.getField().getOne().multiply(2.5).pow(d), -10, 10));
        r.add(new Row("exp", ComplexStep::exp, DerivativeStructure::exp, -30, 30));
        r.add(new Row("expm1", ComplexStep::expm1, DerivativeStructure::expm1, -30, 30));
        r.add(new Row("log", ComplexStep::log, DerivativeStructure::log, 0.001, 100));
        r.add(new Row("log1p", ComplexStep::log1p, DerivativeStructure::log1p, -0.999, 100));
        r.add(new Row("log10", ComplexStep::log10, DerivativeStructure::log10, 0.001, 100));
        r.add(new Row("sin", ComplexStep::sin, DerivativeStructure::sin, -10, 10));
        r.add(new Row("cos", ComplexStep::cos, DerivativeStructure::cos, -10, 10));
        r.add(new Row("tan", ComplexStep::tan, DerivativeStructure::tan, -1.55, 1.55));
        r.add(new Row("asin", ComplexStep::asin, DerivativeStructure::asin, -0.99, 0.99));
        r.add(new Row("acos", ComplexStep::acos, DerivativeStructure::acos, -0.99, 0.99));
        r.add(new Row("atan", ComplexStep::atan, DerivativeStructure::atan, -100, 100));
        r.add(new Row("sinh", ComplexStep::sinh, DerivativeStructure::sinh, -30, 30));
        r.add(new Row("cosh", ComplexStep::cosh, DerivativeStructure::cosh, -30, 30));
        r.add(new Row("tanh", ComplexStep::tanh, DerivativeStructure::tanh, -30, 30));
        r.add(new Row("asinh", ComplexStep::asinh, DerivativeStructure::asinh, -100, 100));
        r.add(new Row("acosh", ComplexStep::acosh, DerivativeStructure::acosh, 1.01, 100));
        r.add(new Row("atanh", ComplexStep::atanh, DerivativeStructure::atanh, -0.99, 0.99));
        r.add(new Row("atan2y", z -> z.atan2(ComplexStep.constant(0.7)), d -> DerivativeStructure.atan2(d, d.getField().getOne().multiply(0.7)), -10, 10));
        r.add(new Row("atan2x", z -> ComplexStep.constant(-0.7).atan2(z), d -> DerivativeStructure.atan2(d.getField().getOne().multiply(-0.7), d), -10, 10));
        r.add(new Row("atan2both", z -> z.sin().atan2(z.cos()), d -> DerivativeStructure.atan2(d.sin(), d.cos()), -3, 3));
        r.add(new Row("hypot", z -> z.hypot(z.exp()), d -> DerivativeStructure.hypot(d, d.exp()), -10, 10));
        // DerivativeStructure.abs takes +1 at 0 where DualAD takes 0: keep 0 out of the samples
        r.add(new Row("abs", ComplexStep::abs, DerivativeStructure::abs, -5, 5.0123));
        r.add(new Row("copySign", z -> z.copySign(-1.0), d -> d.copySign(-1.0), -5, 5));
        r.add(new Row("remainder", z -> z.remainder(1.3), d -> d.remainder(1.3), -5, 5));
        r.add(new Row("remainderField", z -> z.multiply(z).remainder(z), d -> d.multiply(d).remainder(d), 0.3, 5));
        r.add(new Row("linearCombination", z -> z.linearCombination(z, z.sin(), z.exp(), z.cos()),
                d -> d.linearCombination(d, d.sin(), d.exp(), d.cos()), -5, 5));
        r.add(new Row("linearCombinationD", z -> z.linearCombination(new double[] {2, -3, 0.5}, new ComplexStep[] {z, z.sin(), z.exp()}),
                d -> d.linearCombination(new double[] {2, -3, 0.5}, new DerivativeStructure[] {d, d.sin(), d.exp()}), -5, 5));
        return r;
    }

    @TestFactory
    List<DynamicTest> derivativeMatchesDerivativeStructure() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : rows()) {
            tests.add(DynamicTest.dynamicTest(row.name(), () -> {
                int samples = 401;
                for (int k = 0; k < samples; k++) {
                    double x = row.lo() + (row.hi() - row.lo()) * k / (samples - 1);
                    DerivativeStructure d = row.ds().apply(new DerivativeStructure(1, 1, 0, x));
                    ComplexStep z = row.cs().apply(ComplexStep.variable(x));
                    double expected = d.getPartialDerivative(1);
                    double tol = 1e-13 * Math.max(1, Math.abs(expected));
                    assertEquals(expected, z.derivative(), tol, row.name() + " derivative at x = " + x);
                    assertEquals(d.getValue(), z.getReal(), 1e-14 * Math.max(1, Math.abs(d.getValue())),
                            row.name() + " value at x = " + x);
                }
            }));
        }
        return tests;
    }

    @Test
    void cube() {
        ComplexStep x = ComplexStep.variable(2);
        assertEquals(12.0, x.multiply(x).multiply(x).derivative());
    }

    @Test
    void tanhFarOutIsFlatNotNaN() {
        // exp(2|x|) overflows beyond |x| = 354; sech^2 x underflows to 0 there
        for (double x : new double[] {-376, 400, 1e300}) {
            ComplexStep t = ComplexStep.variable(x).tanh();
            assertEquals(Math.signum(x), t.getReal(), 0, "tanh(" + x + ")");
            assertEquals(0.0, t.derivative(), 0, "tanh'(" + x + ")");
            assertEquals(0.0, ComplexStep.of(x, 0).tanh().derivative(), 0, "tanh of a constant " + x);
        }
        double c = Math.cosh(30);
        assertEquals(1 / (c * c), ComplexStep.variable(-30).tanh().derivative(), 1e-15 / (c * c));
    }

    @Test
    void outsideTheDomainIsNaNLikeTheRealFunction() {
        ComplexStep m = ComplexStep.variable(-1);
        for (ComplexStep r : new ComplexStep[] {m.log(), m.sqrt(), m.multiply(2).asin(), m.multiply(2).acos(),
                m.acosh(), m.multiply(2).atanh(), m.pow(0.5), m.rootN(2), m.subtract(1).log1p()}) {
            assertTrue(Double.isNaN(r.getReal()), r.toString());
            assertTrue(Double.isNaN(r.derivative()), r.toString());
        }
    }

    @Test
    void nanPropagates() {
        ComplexStep n = ComplexStep.variable(Double.NaN);
        assertTrue(Double.isNaN(n.sin().exp().derivative()));
        assertTrue(Double.isNaN(n.sin().exp().getReal()));
    }

    @Test
    void piecewiseFollowsTheRealPart() {
        assertEquals(-1.0, ComplexStep.variable(-3).abs().derivative());
        assertEquals(3.0, ComplexStep.variable(-3).abs().getReal());
        assertEquals(0.0, ComplexStep.variable(0).abs().derivative());
        assertEquals(0.0, ComplexStep.variable(2.5).floor().derivative());
        assertEquals(-1.0, ComplexStep.variable(2.5).copySign(-1.0).derivative());
        assertEquals(1.0, ComplexStep.variable(2.5).remainder(1.0).derivative());
    }

    @Test
    void powAtNegativeBaseWithIntegerExponent() {
        // (-2)^3 = -8, derivative 3 * 4 = 12, and for both-variable pow with a constant integer exponent
        assertEquals(12.0, ComplexStep.variable(-2).pow(3.0).derivative(), 1e-15);
        assertEquals(12.0, ComplexStep.variable(-2).pow(ComplexStep.constant(3)).derivative(), 1e-15);
        assertTrue(Double.isNaN(ComplexStep.variable(-2).pow(2.5).derivative()));
    }

    @Test
    void equalsIsBitwise() {
        assertTrue(ComplexStep.of(0.0, 1).equals(ComplexStep.of(0.0, 1)));
        assertTrue(!ComplexStep.of(0.0, 1).equals(ComplexStep.of(-0.0, 1)));
        assertEquals(ComplexStep.of(Double.NaN, 1), ComplexStep.of(Double.NaN, 1));
        assertEquals("ComplexStep[8.0 + 1.2E-199i]", ComplexStep.of(8, 1.2e-199).toString());
    }

    @Test
    void commonsComplexLosesTheStepWhereComplexStepComposes() {
        // Why asin, acos, atan, tanh are composed instead of taken from Complex: Complex.atan goes
        // through log|w| with |w| = 1 + O(h), which rounds to log 1 = 0, and Complex.tanh returns
        // exactly 1 beyond |x| = 20.
        org.apache.commons.math3.complex.Complex z = new org.apache.commons.math3.complex.Complex(0.5, ComplexStep.STEP);
        assertEquals(0.0, z.atan().getImaginary() / ComplexStep.STEP);
        assertEquals(0.8, ComplexStep.variable(0.5).atan().derivative(), 1e-16);
        org.apache.commons.math3.complex.Complex w = new org.apache.commons.math3.complex.Complex(21, ComplexStep.STEP);
        assertEquals(0.0, w.tanh().getImaginary());
        double sech = 1 / Math.cosh(21);
        assertEquals(sech * sech, ComplexStep.variable(21).tanh().derivative(), 1e-13 * sech * sech);
    }
}
