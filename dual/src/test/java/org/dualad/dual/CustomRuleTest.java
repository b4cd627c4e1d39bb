package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.util.Decimal64;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Custom {@link Rule}s in the forward types of this module, against closed forms. */
class CustomRuleTest {
    private static final Rule LG = SpecialFunctions.LOG_GAMMA;
    /** logGamma without second derivatives. */
    private static final Rule LG1 = Rule.unary("logGamma1", Gamma::logGamma, SpecialFunctions::digamma);
    /** f(x, y, z) = x y^2 exp(z): a three-argument rule with its Hessian. */
    private static final Rule XY2EZ = Rule.of("xy2ez", 3,
        p -> p[0] * p[1] * p[1] * Math.exp(p[2]),
        p -> {
            double e = Math.exp(p[2]);
            return new double[] {p[1] * p[1] * e, 2 * p[0] * p[1] * e, p[0] * p[1] * p[1] * e};
        },
        p -> {
            double e = Math.exp(p[2]);
            double x = p[0];
            double y = p[1];
            return new double[] {0, 2 * y * e, y * y * e, 2 * y * e, 2 * x * e, 2 * x * y * e, y * y * e, 2 * x * y * e,
                x * y * y * e};
        });

    /** logGamma(x0) x1 + logBeta(x0, x1). */
    static <T extends RealFieldElement<T>> T f(T[] x) {
        return SpecialFunctions.logGamma(x[0]).multiply(x[1]).add(SpecialFunctions.logBeta(x[0], x[1]));
    }

    /** The three-argument rule on (x0, x1, x0 x1), plus sin(x1). */
    static <T extends RealFieldElement<T>> T g(T[] x) {
        return XY2EZ.apply(x[0], x[1], x[0].multiply(x[1]).multiply(0.1)).add(x[1].sin());
    }

    private static final Rule BAD_HESSIAN =
        Rule.of("badH", 2, p -> p[0] * p[1], p -> new double[] {p[1], p[0]}, p -> new double[3]);

    static <T extends RealFieldElement<T>> T badHessian(T[] x) {
        return BAD_HESSIAN.apply(x[0], x[1]);
    }

    static <T extends RealFieldElement<T>> T lg(T x) {
        return LG.apply(x);
    }

    static <T extends RealFieldElement<T>> T lgOfSquare(T x) {
        return LG.apply(x.multiply(x));
    }

    static <T extends RealFieldElement<T>> T lg1First(T[] x) {
        return LG1.apply(x[0]);
    }

    private static double[] fGradient(double a, double b) {
        double dab = SpecialFunctions.digamma(a + b);
        return new double[] {SpecialFunctions.digamma(a) * b + SpecialFunctions.digamma(a) - dab, Gamma.logGamma(a) + SpecialFunctions.digamma(b) - dab};
    }

    private static double[] fHessian(double a, double b) {
        double tab = SpecialFunctions.trigamma(a + b);
        return new double[] {SpecialFunctions.trigamma(a) * b + SpecialFunctions.trigamma(a) - tab, SpecialFunctions.digamma(a) - tab,
            SpecialFunctions.digamma(a) - tab, SpecialFunctions.trigamma(b) - tab};
    }

    /** g's gradient and Hessian in closed form at (a, b): z = 0.1 a b. */
    private static double[] gGradient(double a, double b) {
        double e = Math.exp(0.1 * a * b);
        // d/da [a b^2 e^(0.1 a b)] = b^2 e + 0.1 a b^3 e
        return new double[] {b * b * e + 0.1 * a * b * b * b * e, 2 * a * b * e + 0.1 * a * a * b * b * e + Math.cos(b)};
    }

    private static void close(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * Math.max(1, Math.abs(expected)),
                what + ": expected " + expected + " but got " + actual);
    }

    @Test
    void dualAndMultiDualGradientsAreTheClosedForm() {
        double[] expected = fGradient(2.5, 1.5);
        assertArrayEquals(expected, Forward.gradient(CustomRuleTest::f, 2.5, 1.5), 4e-16 * 8);
        double dx = CustomRuleTest.<Dual>f(new Dual[] {Dual.variable(2.5), Dual.constant(1.5)}).tangent();
        assertEquals(expected[0], dx, 4e-15);
        assertEquals(Gamma.logGamma(2.5) * 1.5 + org.apache.commons.math3.special.Beta.logBeta(2.5, 1.5),
                Forward.valueAndGradient(CustomRuleTest::f, 2.5, 1.5).value(), 0);
    }

    @Test
    void unaryRuleGivesExactlyTheSuppliedDerivatives() {
        Dual y = LG.apply(Dual.variable(3.25));
        assertEquals(Gamma.logGamma(3.25), y.value(), 0);
        assertEquals(SpecialFunctions.digamma(3.25), y.tangent(), 0);
        HyperDual h = LG.apply(HyperDual.of(3.25, 1, 1, 0));
        assertEquals(SpecialFunctions.trigamma(3.25), h.e1e2(), 0);
        assertEquals(Forward.derivative(CustomRuleTest::lg, 0.75), SpecialFunctions.digamma(0.75), 0);
        assertEquals(Forward.secondDerivative(CustomRuleTest::lg, 0.75), SpecialFunctions.trigamma(0.75), 0);
    }

    @Test
    void forwardHessianTakesTheRulesSecondDerivativesInBothKernels() {
        double[] expected = fHessian(2.5, 1.5);
        DMatrixRMaj h = Forward.hessian(CustomRuleTest::f, 2.5, 1.5);
        DMatrixRMaj lanes = DualNumbers.hessian(CustomRuleTest::f, 2.5, 1.5);
        for (int i = 0; i < 4; i++) {
            close(expected[i], h.data[i], 1e-15 * 8, "H[" + i + "]");
            close(expected[i], lanes.data[i], 1e-15 * 8, "lanes H[" + i + "]");
        }
        // n > HESSIAN_ENTRY_PASSES_UP_TO takes DualNumbers' row kernel (HyperRow); Forward the trace
        int n = DualNumbers.HESSIAN_ENTRY_PASSES_UP_TO + 2;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1 + 0.25 * i;
        }
        DMatrixRMaj big = DualNumbers.hessian(CustomRuleTest::sumOfLogGammaProducts, x);
        DMatrixRMaj trace = Forward.hessian(CustomRuleTest::sumOfLogGammaProducts, x);
        for (int i = 0; i + 1 < n; i++) {
            // d2/dxi dxi+1 of logGamma(xi xi+1): psi'(p) xi xi+1 + psi(p), p = xi xi+1
            double p = x[i] * x[i + 1];
            close(SpecialFunctions.trigamma(p) * p + SpecialFunctions.digamma(p), big.get(i, i + 1), 1e-14, "row kernel H[" + i + "]");
            close(SpecialFunctions.trigamma(p) * p + SpecialFunctions.digamma(p), trace.get(i, i + 1), 1e-14, "trace H[" + i + "]");
        }
    }

    static <T extends RealFieldElement<T>> T sumOfLogGammaProducts(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            s = s.add(LG.apply(x[i].multiply(x[i + 1])));
        }
        return s;
    }

    @Test
    void aRuleOfThreeArgumentsCarriesItsGradientAndHessian() {
        double a = 1.25;
        double b = -0.75;
        assertArrayEquals(gGradient(a, b), Forward.gradient(CustomRuleTest::g, a, b), 1e-14);
        // Hessian against the derivative of the gradient (forward over the closed-form rule)
        DMatrixRMaj h = Forward.hessian(CustomRuleTest::g, a, b);
        double step = 1e-6;
        for (int j = 0; j < 2; j++) {
            double[] up = {a, b};
            double[] dn = {a, b};
            up[j] += step;
            dn[j] -= step;
            double[] gu = gGradient(up[0], up[1]);
            double[] gd = gGradient(dn[0], dn[1]);
            for (int i = 0; i < 2; i++) {
                close((gu[i] - gd[i]) / (2 * step), h.get(i, j), 1e-8, "H[" + i + "][" + j + "]");
            }
        }
        // the default hook's sum keeps the value's bits, -0.0 included
        Dual z = XY2EZ.apply(Dual.constant(-0.0), Dual.constant(1), Dual.variable(0));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(z.value()));
    }

    @Test
    void fieldDualGivesSecondAndRefusesThirdDerivatives() {
        // d2/dx2 logGamma by a FieldDual over a Dual
        Dual d2 = FieldDual.derivative(y -> LG.apply(y), Dual.variable(1.75));
        assertEquals(SpecialFunctions.digamma(1.75), d2.value(), 0);
        assertEquals(SpecialFunctions.trigamma(1.75), d2.tangent(), 0);
        FieldDual<Decimal64> fd = LG.apply(FieldDual.variable(new Decimal64(1.75)));
        assertEquals(SpecialFunctions.digamma(1.75), fd.tangent().getReal(), 0);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
            () -> FieldDual.derivative(y -> LG1.apply(y), Dual.variable(1.75)));
        assertTrue(e.getMessage().contains("logGamma1"), e.getMessage());
        Exception third = assertThrows(UnsupportedOperationException.class,
            () -> FieldDual.derivative(u -> FieldDual.derivative(y -> LG.apply(y), u), Dual.variable(1.75)));
        assertTrue(third.getMessage().contains("logGamma"), third.getMessage());
    }

    @Test
    void taylorUpToTheRulesOrderAndClearlyNotBeyond() {
        double[] d = Forward.derivatives(CustomRuleTest::lg, 2.5, 2);
        assertArrayEquals(new double[] {Gamma.logGamma(2.5), SpecialFunctions.digamma(2.5), SpecialFunctions.trigamma(2.5)}, d, 1e-15);
        // through an inner function: d/dt logGamma(t^2) at t = 1.5
        double[] c = Forward.derivatives(CustomRuleTest::lgOfSquare, 1.5, 2);
        close(2 * 1.5 * SpecialFunctions.digamma(2.25), c[1], 1e-15, "first");
        close(4 * 2.25 * SpecialFunctions.trigamma(2.25) + 2 * SpecialFunctions.digamma(2.25), c[2], 1e-15, "second");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
            () -> Forward.derivatives(CustomRuleTest::lg, 2.5, 3));
        assertTrue(e.getMessage().contains("logGamma") && e.getMessage().contains("order 3"), e.getMessage());
    }

    @Test
    void commonsMathTypes() {
        DerivativeStructure x = new DerivativeStructure(1, 2, 0, 2.5);
        DerivativeStructure y = LG.apply(x);
        assertEquals(SpecialFunctions.digamma(2.5), y.getPartialDerivative(1), 0);
        assertEquals(SpecialFunctions.trigamma(2.5), y.getPartialDerivative(2), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LG1.apply(new DerivativeStructure(1, 2, 0, 2.5)));
        assertTrue(e.getMessage().contains("logGamma1") && e.getMessage().contains("order 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpecialFunctions.LOG_BETA.apply(
            new DerivativeStructure(2, 1, 0, 1.0), new DerivativeStructure(2, 1, 1, 2.0)));
        assertEquals(Gamma.logGamma(2.5), LG.apply(new Decimal64(2.5)).getReal(), 0);
    }

    @Test
    void secondOrderTypesRefuseARuleWithoutSecondDerivativesNamingBoth() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
            () -> LG1.apply(HyperDual.of(2, 1, 1, 0)));
        assertTrue(e.getMessage().contains("logGamma1") && e.getMessage().contains("HyperDual"), e.getMessage());
        assertThrows(UnsupportedOperationException.class,
            () -> Forward.hessian(CustomRuleTest::lg1First, 2.0));
        // first order is fine
        assertEquals(SpecialFunctions.digamma(2), Forward.gradient(CustomRuleTest::lg1First, 2.0)[0], 0);
    }

    @Test
    void nanFromTheRuleAtAFiniteInputPropagates() {
        Dual y = LG.apply(Dual.variable(-1.5)); // logGamma is NaN for x <= 0 (Commons Math)
        assertTrue(Double.isNaN(y.value()) && Double.isNaN(y.tangent()));
        HyperDual h = LG.apply(HyperDual.of(Double.NaN, 1, 1, 0));
        assertTrue(Double.isNaN(h.value()) && Double.isNaN(h.e1e2()));
        // a constant stays a constant: no tangent, even through a NaN derivative
        assertEquals(0, LG.apply(Dual.constant(-1.5)).tangent(), 0);
    }

    @Test
    void badRulesAndBadCallsGetClearErrors() {
        Rule shortGradient = Rule.of("short", 2, p -> p[0] * p[1], p -> new double[] {p[1]});
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> shortGradient.apply(Dual.variable(1), Dual.variable(2)));
        assertTrue(e.getMessage().contains("short") && e.getMessage().contains("expected 2"), e.getMessage());
        IllegalStateException h = assertThrows(IllegalStateException.class,
            () -> Forward.hessian(CustomRuleTest::badHessian, 1, 2));
        assertTrue(h.getMessage().contains("badH") && h.getMessage().contains("expected 4"), h.getMessage());
        Rule nullGradient = Rule.unary("nullG", x -> x, x -> 1);
        Rule returnsNull = Rule.of("nullGradient", 1, p -> p[0], p -> null);
        assertThrows(IllegalStateException.class, () -> returnsNull.apply(Dual.variable(1)));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
            () -> nullGradient.apply(Dual.variable(1), Dual.variable(2)));
        assertTrue(count.getMessage().contains("nullG") && count.getMessage().contains("takes 1"), count.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Rule.unary(" ", x -> x, x -> 1));
        assertThrows(NullPointerException.class, () -> Rule.unary("f", x -> x, null));
        assertThrows(IllegalArgumentException.class, () -> Rule.of("f", 0, p -> 0, p -> new double[0]));
        assertThrows(IllegalArgumentException.class, () -> LG.value(1, 2));
        // a MultiDual mixed into another pass is named by the rule
        MultiDual a = MultiDual.variable(1, 0, 2);
        MultiDual b = MultiDual.variable(2, 1, 2);
        assertEquals(2, SpecialFunctions.LOG_BETA.apply(a, b).tangents().length);
    }

    @Test
    void ruleAccessorsAndDerivativeRules() {
        assertEquals("logGamma", LG.name());
        assertEquals(1, LG.arity());
        assertEquals(2, LG.order());
        assertEquals(1, LG1.order());
        assertEquals("logGamma'", LG.derivative(0).name());
        assertEquals(SpecialFunctions.trigamma(2.0), LG.derivative(0).gradient(2.0)[0], 0);
        assertEquals("dlogBeta/dx2", SpecialFunctions.LOG_BETA.derivative(1).name());
        assertArrayEquals(new double[] {0, 2, 1, 2, 2, 2, 1, 2, 1}, XY2EZ.hessian(1, 1, 0), 0);
        assertTrue(LG.toString().contains("logGamma"));
        assertThrows(IllegalArgumentException.class, () -> LG.derivative(1));
        // only the upper triangle of a supplied Hessian is read
        Rule lower = Rule.of("lower", 2, p -> p[0] * p[1], p -> new double[] {p[1], p[0]}, p -> new double[] {0, 1, 99, 0});
        assertArrayEquals(new double[] {0, 1, 1, 0}, lower.hessian(3, 4), 0);
    }

    @Test
    void aLinearRuleHasItsConstantGradientAndNoHessian() {
        double[] g = {2, -1, 0};
        // 2 x0 - x1, its value computed as carefully as one likes; x2 enters the value only
        Rule r = Rule.linear("lin", p -> 2 * p[0] - p[1] + 0 * p[2], g);
        g[0] = 99; // the rule keeps a copy
        assertTrue(r.isLinear());
        assertEquals(3, r.arity());
        assertEquals(2, r.order());
        assertArrayEquals(new double[] {2, -1, 0}, r.gradient(5, 7, 1), 0);
        assertArrayEquals(new double[9], r.hessian(5, 7, 1), 0);
        assertEquals(3, r.value(5, 7, 1), 0);
        assertTrue(!Rule.unary("u", Math::sin, Math::cos).isLinear());
        // applied as any rule: HyperDual asks for the Hessian, and gets zeros
        HyperDual x = HyperDual.of(5, 1, 1, 0);
        HyperDual y = r.apply(x, HyperDual.constant(7), HyperDual.constant(1));
        assertEquals(3, y.value(), 0);
        assertEquals(2, y.e1(), 0);
        assertEquals(0, y.e1e2(), 0);
        assertThrows(IllegalArgumentException.class, () -> Rule.linear(" ", p -> 0));
        assertThrows(IllegalArgumentException.class, () -> Rule.linear("empty", p -> 0));
        assertThrows(NullPointerException.class, () -> Rule.linear("null", null, 1));
    }
}
