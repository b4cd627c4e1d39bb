package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.dfp.Dfp;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The high-precision oracle's own accuracy: every function at the edge grid agrees between 64 and
 * 128 digits to 40 digits (value, first and second derivative), agrees with Java's Math (at most 1
 * ulp off the correctly rounded value) after rounding, converts doubles exactly, and its
 * derivatives match closed forms.
 */
class HighPrecisionTest {
    static final double[] GRID = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, 1e-300, -1e-300,
        1e-154, -1e-154, 1e-8, -1e-8, 1 + 0x1p-52, 1 - 0x1p-53, -1 - 0x1p-52, 1, -1, 2, -2, 0.3, -0.7, 1.5, 3,
        Math.PI, Math.PI / 2, 10, 100, 700, -700, 1e8, -1e8, 1e15, 1e22, 1e154, -1e154, 1.34e154, 1e300, -1e300,
        Double.MAX_VALUE, -Double.MAX_VALUE,
    };

    record Fn(String name, UnaryOperator<HighPrecision> hp, java.util.function.DoubleUnaryOperator math) {
    }

    static final List<Fn> FNS = List.of(
            new Fn("sin", HighPrecision::sin, Math::sin),
            new Fn("cos", HighPrecision::cos, Math::cos),
            new Fn("tan", HighPrecision::tan, Math::tan),
            new Fn("asin", HighPrecision::asin, Math::asin),
            new Fn("acos", HighPrecision::acos, Math::acos),
            new Fn("atan", HighPrecision::atan, Math::atan),
            new Fn("exp", HighPrecision::exp, Math::exp),
            new Fn("expm1", HighPrecision::expm1, Math::expm1),
            new Fn("log", HighPrecision::log, Math::log),
            new Fn("log1p", HighPrecision::log1p, Math::log1p),
            new Fn("log10", HighPrecision::log10, Math::log10),
            new Fn("sqrt", HighPrecision::sqrt, Math::sqrt),
            new Fn("cbrt", HighPrecision::cbrt, Math::cbrt),
            new Fn("sinh", HighPrecision::sinh, Math::sinh),
            new Fn("cosh", HighPrecision::cosh, Math::cosh),
            new Fn("tanh", HighPrecision::tanh, Math::tanh),
            new Fn("asinh", HighPrecision::asinh, null),
            new Fn("acosh", HighPrecision::acosh, null),
            new Fn("atanh", HighPrecision::atanh, null),
            new Fn("reciprocal", HighPrecision::reciprocal, a -> 1 / a),
            new Fn("pow(1.5)", a -> a.pow(1.5), a -> Math.pow(a, 1.5)),
            new Fn("pow(-3)", a -> a.pow(-3), a -> Math.pow(a, -3)),
            new Fn("rootN(4)", a -> a.rootN(4), a -> Math.pow(a, 0.25)),
            new Fn("remainder(2.5)", a -> a.remainder(2.5), a -> Math.IEEEremainder(a, 2.5)),
            new Fn("abs", HighPrecision::abs, Math::abs),
            new Fn("floor", HighPrecision::floor, Math::floor),
            new Fn("ceil", HighPrecision::ceil, Math::ceil),
            new Fn("rint", HighPrecision::rint, Math::rint));

    private static boolean agree(Dfp lo, Dfp hi, double relative) {
        if (lo.isNaN() || hi.isNaN()) {
            return lo.isNaN() && hi.isNaN();
        }
        if (lo.isInfinite() || hi.isInfinite()) {
            return lo.isInfinite() && hi.isInfinite() && lo.strictlyPositive() == hi.strictlyPositive();
        }
        BigDecimal a = HighPrecisionMath.decimal(lo);
        BigDecimal b = HighPrecisionMath.decimal(hi);
        BigDecimal diff = a.subtract(b).abs();
        return diff.compareTo(b.abs().multiply(BigDecimal.valueOf(relative))) <= 0 || diff.signum() == 0
                // a value that underflows in both (below 1e-131000) has no digits to compare
                || b.abs().compareTo(new BigDecimal("1e-100000")) < 0;
    }

    @Test
    void everyFunctionAgreesAt64And128DigitsTo40Digits() {
        HighPrecisionField lo = new HighPrecisionField(1, 2, 64);
        HighPrecisionField hi = new HighPrecisionField(1, 2, 128);
        List<String> failures = new ArrayList<>();
        for (Fn f : FNS) {
            for (double x : GRID) {
                HighPrecision a = f.hp().apply(lo.variable(0, x));
                HighPrecision b = f.hp().apply(hi.variable(0, x));
                String[] part = {"value", "first derivative", "second derivative"};
                Dfp[] pa = {a.value(), a.derivative(0), a.secondDerivative(0, 0)};
                Dfp[] pb = {b.value(), b.derivative(0), b.secondDerivative(0, 0)};
                for (int k = 0; k < 3; k++) {
                    if (!agree(pa[k], pb[k], 1e-40)) {
                        failures.add(f.name() + "(" + x + ") " + part[k] + ": " + pa[k] + " vs " + pb[k]);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    record Fn2(String name, java.util.function.BinaryOperator<HighPrecision> hp) {
    }

    static final List<Fn2> FNS2 = List.of(
            new Fn2("pow", HighPrecision::pow), new Fn2("atan2", HighPrecision::atan2),
            new Fn2("hypot", HighPrecision::hypot), new Fn2("divide", HighPrecision::divide),
            new Fn2("multiply", HighPrecision::multiply), new Fn2("remainder", HighPrecision::remainder),
            new Fn2("copySign", HighPrecision::copySign));

    static final double[] GRID2 = {0.0, -0.0, Double.MIN_VALUE, 1e-300, -1e-154, 1e-8, 1 + 0x1p-52, -1, 2, 0.3, -2.5,
        1e8, 1.34e154, -1e300, Double.MAX_VALUE};

    @Test
    void everyTwoArgumentFunctionAgreesAt64And128DigitsTo40Digits() {
        HighPrecisionField lo = new HighPrecisionField(2, 2, 64);
        HighPrecisionField hi = new HighPrecisionField(2, 2, 128);
        List<String> failures = new ArrayList<>();
        for (Fn2 f : FNS2) {
            for (double x : GRID2) {
                for (double y : GRID2) {
                    HighPrecision a = f.hp().apply(lo.variable(0, x), lo.variable(1, y));
                    HighPrecision b = f.hp().apply(hi.variable(0, x), hi.variable(1, y));
                    Dfp[] pa = {a.value(), a.derivative(0), a.derivative(1), a.secondDerivative(0, 0),
                        a.secondDerivative(0, 1), a.secondDerivative(1, 1)};
                    Dfp[] pb = {b.value(), b.derivative(0), b.derivative(1), b.secondDerivative(0, 0),
                        b.secondDerivative(0, 1), b.secondDerivative(1, 1)};
                    for (int k = 0; k < pa.length; k++) {
                        if (!agree(pa[k], pb[k], 1e-40)) {
                            failures.add(f.name() + "(" + x + ", " + y + ") part " + k + ": " + pa[k] + " vs " + pb[k]);
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void roundedValuesAreWithinOneUlpOfJavaMath() {
        HighPrecisionField field = new HighPrecisionField(1, 1);
        List<String> failures = new ArrayList<>();
        for (Fn f : FNS) {
            if (f.math() == null) {
                continue;
            }
            for (double x : GRID) {
                double expected = f.math().applyAsDouble(x);
                double actual = field.variable(0, x).getField() == field ? f.hp().apply(field.variable(0, x)).getReal()
                        : Double.NaN;
                boolean ok = Double.compare(expected, actual) == 0 || (Double.isNaN(expected) && Double.isNaN(actual))
                        || Math.abs(expected - actual) <= Math.ulp(expected);
                if (!ok) {
                    failures.add(f.name() + "(" + x + "): Math " + expected + ", oracle " + actual);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void twoArgumentValuesAreWithinJavaMathsErrorBound() {
        HighPrecisionField field = new HighPrecisionField(2, 1);
        List<String> failures = new ArrayList<>();
        for (double x : GRID2) {
            for (double y : GRID2) {
                HighPrecision a = field.variable(0, x);
                HighPrecision b = field.variable(1, y);
                // Math's documented bounds: pow and hypot 1 ulp, atan2 2 ulps; remainder is exact
                within(failures, "pow", x, y, Math.pow(x, y), a.pow(b).getReal(), 1);
                within(failures, "hypot", x, y, Math.hypot(x, y), a.hypot(b).getReal(), 1);
                within(failures, "atan2", x, y, Math.atan2(x, y), a.atan2(b).getReal(), 2);
                within(failures, "remainder", x, y, Math.IEEEremainder(x, y), a.remainder(b).getReal(), 0);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void within(List<String> failures, String name, double x, double y, double expected, double actual,
                               int ulps) {
        boolean ok = Double.compare(expected, actual) == 0 || (Double.isNaN(expected) && Double.isNaN(actual))
                || Math.abs(expected - actual) <= ulps * Math.ulp(expected);
        if (!ok) {
            failures.add(name + "(" + x + ", " + y + "): Math " + expected + ", oracle " + actual);
        }
    }

    @Test
    void hugeTrigonometricArgumentsAreReducedExactly() {
        HighPrecisionField field = new HighPrecisionField(1, 2);
        for (double x : new double[] {1e300, -1e300, 1e22, Double.MAX_VALUE, 1.34e154, 0x1p1000, 1e15 + 0.5}) {
            HighPrecision s = field.variable(0, x).sin();
            assertEquals(Math.sin(x), s.getReal(), Math.ulp(Math.sin(x)), "sin " + x);
            assertEquals(Math.cos(x), s.gradient()[0], Math.ulp(Math.cos(x)), "sin' " + x);
            assertEquals(-Math.sin(x), s.hessian().get(0, 0), Math.ulp(Math.sin(x)), "sin'' " + x);
            assertEquals(Math.tan(x), field.variable(0, x).tan().getReal(), Math.ulp(Math.tan(x)), "tan " + x);
        }
        // sin(1e22) is a classic: 1e22 is exactly representable; its sine -0.8522008497671888017727...
        assertEquals(-0.8522008497671888, new HighPrecisionField(0, 1).constant(1e22).sin().getReal(), 0);
    }

    @Test
    void doublesConvertExactlyWhereTheirDigitsFitAndOnceRoundedElsewhere() {
        HighPrecisionField field = new HighPrecisionField(0, 1);
        for (double x : new double[] {1 + 0x1p-52, 1 - 0x1p-53, 0.1, -2.5, 1e22, 0x1p-60}) {
            assertEquals(0, HighPrecisionMath.decimal(field.constant(x).value()).compareTo(new BigDecimal(x)), "" + x);
        }
        for (double x : GRID) {
            assertEquals(x, field.constant(x).getReal(), 0, "round trip " + x);
            BigDecimal exact = new BigDecimal(x);
            BigDecimal held = HighPrecisionMath.decimal(field.constant(x).value());
            assertTrue(exact.subtract(held).abs().compareTo(exact.abs().movePointLeft(60)) <= 0, "rounded once " + x);
        }
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(field.constant(-0.0).getReal()));
        assertTrue(field.getOne().getField().digits() >= 61);
    }

    @Test
    void derivativesOfWorkedExamplesAreExact() {
        assertArrayEquals(new double[] {43, 20}, Oracles.highPrecisionGradient(Fns::cubic, 3, 4), 0);
        assertArrayEquals(new double[] {18, 4, 4, 2}, Oracles.highPrecisionHessian(Fns::cubic, 3, 4).data, 0);
        double e = Math.exp(-2.125);
        // correctly rounded: at most half an ulp from the exact values, which these closed forms are within 1 ulp of
        double[] g = Oracles.highPrecisionGradient(Fns::gauss, 2, 0.5);
        assertEquals(-3 * e, g[0], Math.ulp(3 * e));
        assertEquals(-e, g[1], Math.ulp(e));
        DMatrixRMaj h = Oracles.highPrecisionHessian(Fns::gauss, 2, 0.5);
        assertArrayEquals(new double[] {2 * e, 1.5 * e, 1.5 * e, -1.5 * e}, h.data, 2 * Math.ulp(2 * e));
        assertEquals(2 * e - 1.5 * e, Oracles.highPrecisionLaplacian(Fns::gauss, 2, 0.5), 2 * Math.ulp(e));
        DMatrixRMaj j = Oracles.highPrecisionJacobian(Fns::polar, 2, 0.5);
        assertEquals(-2 * Math.sin(0.5), j.get(0, 1), Math.ulp(1.0));
        assertEquals(4, j.get(2, 1), 0);
        assertArrayEquals(new double[] {-400, 200}, Oracles.highPrecisionGradient(Fns::rosenbrock, 1, 2), 0);
    }

    @Test
    void aDerivativeExistsOnlyWhereTheFunctionIsDifferentiable() {
        HighPrecisionField field = new HighPrecisionField(2, 2);
        HighPrecision zero = field.variable(0, 0);
        assertTrue(Double.isNaN(zero.abs().gradient()[0]), "|x| at 0");
        assertEquals(-1, field.variable(0, -2).abs().gradient()[0], 0);
        assertTrue(Double.isNaN(field.variable(0, 3).floor().gradient()[0]), "floor at an integer");
        assertEquals(0, field.variable(0, 3.5).floor().gradient()[0], 0);
        assertTrue(Double.isNaN(field.variable(0, 2.5).rint().gradient()[0]), "rint at a half-integer");
        assertEquals(Double.POSITIVE_INFINITY, zero.sqrt().gradient()[0], 0, "one-sided at a boundary");
        // a constant has structurally zero derivatives, even through sqrt at 0
        assertEquals(0, field.constant(0).sqrt().add(field.variable(0, 1)).gradient()[1], 0);
        // a numerically zero tangent against an infinite partial: no claim
        HighPrecision x = field.variable(0, 1);
        assertTrue(Double.isNaN(x.subtract(x).sqrt().gradient()[0]));
        assertTrue(Double.isNaN(field.variable(0, 0).atan2(field.variable(1, 0)).gradient()[0]), "atan2 at 0");
        assertTrue(Double.isNaN(field.variable(0, 0).atan2(field.variable(1, -1)).gradient()[0]), "on the cut");
        assertEquals(1, field.variable(0, 0).atan2(field.variable(1, -1)).gradient()[1] + 1, 0);
        assertTrue(Double.isNaN(field.variable(0, -1).log().gradient()[0]), "outside the domain");
        assertTrue(Double.isNaN(field.variable(0, 5).remainder(field.variable(1, 2)).gradient()[0]), "x/y = 2.5");
        HighPrecision r = field.variable(0, 5.5).remainder(field.variable(1, 2));
        assertArrayEquals(new double[] {1, -3}, r.gradient(), 0);
        assertEquals(Math.IEEEremainder(1e300, 2.5), field.variable(0, 1e300).remainder(2.5).getReal(), 0);
    }

    @Test
    void theNoiseEstimateSeesCancellation() {
        HighPrecisionField field = new HighPrecisionField(1, 2);
        HighPrecision x = field.variable(0, 1e8);
        // (x + 1) - x: value 1, but each operand carries about 1e8 units of rounding
        HighPrecision y = x.add(1).subtract(x);
        assertEquals(1, y.getReal(), 0);
        assertTrue(y.valueNoise() >= 1e8, "noise " + y.valueNoise());
        HighPrecision z = x.multiply(2).exp().log();
        assertTrue(z.gradientNoise()[0] < 100, "well conditioned: " + z.gradientNoise()[0]);
    }

    /**
     * Below the normal range a double rounds to fixed absolute steps (half a subnormal's ulp,
     * 2^-1022 u), not to one unit of its magnitude: exp(-(x^2)) at x^2 near 740 keeps a few
     * significant bits, and a value that underflows to 0 is off by all of itself. The estimate must
     * cover what a double evaluation does there (a random program's gradient and Hessian once
     * measured 400 and 500 times the estimate).
     */
    @Test
    void theNoiseEstimateCoversGradualUnderflow() {
        HighPrecisionField field = new HighPrecisionField(1, 2);
        for (double x0 : new double[] {27.2, 27.4}) { // exp(-739.8) ~ 6e-322 subnormal, exp(-750.8) ~ 0 in double
            HighPrecision x = field.variable(0, x0);
            HighPrecision y = x.multiply(x).negate().exp();
            double xx = x0 * x0;
            double v = Math.exp(-xx);
            double g = -2 * x0 * v;
            double h = (4 * xx - 2) * v;
            String at = "x = " + x0;
            assertTrue(y.valueNoise() >= Double.MIN_NORMAL, at + ": value noise " + y.valueNoise());
            // the double evaluation's error, in units of u, against the estimate (first order: 4x)
            double u = 0x1p-53;
            assertTrue(Math.abs(v - y.getReal()) <= 4 * y.valueNoise() * u + Double.MIN_VALUE, at + ": value");
            assertTrue(Math.abs(g - y.gradient()[0]) <= 4 * y.gradientNoise()[0] * u + Double.MIN_VALUE,
                    at + ": gradient " + g + " vs " + y.gradient()[0] + ", noise " + y.gradientNoise()[0]);
            assertTrue(Math.abs(h - y.hessian().get(0, 0)) <= 4 * y.hessianNoise().get(0, 0) * u + Double.MIN_VALUE,
                    at + ": Hessian " + h + " vs " + y.hessian().get(0, 0) + ", noise " + y.hessianNoise().get(0, 0));
        }
    }

    @Test
    void theNoiseEstimateAtAJumpOrKinkIsANumberNotNaN() {
        HighPrecisionField field = new HighPrecisionField(1, 1);
        HighPrecision x = field.variable(0, -1.0618844169474975);
        // rint's result is exact, so ceil meets it at its jump without noise: exact again (this
        // program's estimate was NaN, and every check against it failed)
        HighPrecision y = x.rint().ceil();
        assertEquals(-1, y.getReal(), 0);
        assertEquals(0, y.valueNoise(), 0);
        // 3 + 0.25 - 0.25 is 3 exactly but carries the sums' rounding: floor may land on either side
        HighPrecision three = field.variable(0, 3).add(0.25).subtract(0.25);
        assertTrue(three.valueNoise() > 0);
        assertEquals(Double.POSITIVE_INFINITY, three.floor().valueNoise());
        assertEquals(Double.POSITIVE_INFINITY, three.subtract(3).signum().valueNoise());
        // an exact argument stays exact through the jump
        HighPrecision whole = field.variable(0, 3);
        assertEquals(0, whole.floor().valueNoise(), 0);
        assertEquals(0, whole.subtract(whole).signum().valueNoise(), 0);
        // abs at its kink moves by at most its argument's noise: (x + 1e-17) - x is 0 with noise
        HighPrecision zero = field.variable(0, 0.5).add(0.25).subtract(field.variable(0, 0.5)).subtract(0.25);
        assertEquals(0, zero.getReal(), 0);
        assertTrue(zero.valueNoise() > 0 && Double.isFinite(zero.valueNoise()), "noise " + zero.valueNoise());
        assertEquals(zero.valueNoise(), zero.abs().valueNoise(), 0);
    }

    @Test
    void aRemainderWithQuotientZeroIsItsArgumentToTheLastDigit() {
        // (1 + x^2)^-2 at 0.9035... holds 64 digits; the remainder kept 61, so remainder(a, 1.5) - a
        // was -2.4e-62 instead of 0, and copySign took the wrong sign: every mode failed against it
        HighPrecisionField field = new HighPrecisionField(1, 2);
        HighPrecision x = field.variable(0, 0.9035213079129507);
        HighPrecision a = x.multiply(x).add(1).pow(-2);
        HighPrecision d = a.remainder(1.5).subtract(a);
        assertTrue(d.value().isZero(), d.value().toString());
        assertEquals(0.9035213079129507, x.copySign(d).getReal(), 0);
        // any other quotient: the exact remainder keeps every digit the field holds (64 here,
        // where rounding through fromDecimal keeps 61)
        BigDecimal all = HighPrecisionMath.decimal(a.value());
        assertEquals(0, HighPrecisionMath.decimal(field.math().exactly(all)).compareTo(all));
        assertTrue(HighPrecisionMath.decimal(field.math().fromDecimal(all)).compareTo(all) != 0);
        HighPrecision z = field.variable(0, -0.25).remainder(1.5);
        assertEquals(Double.doubleToRawLongBits(-0.25), Double.doubleToRawLongBits(z.getReal()));
        assertEquals(1, z.gradient()[0], 0);
    }

    @Test
    void aDerivativeThatExistsBesideAKinkHasANumberForItsNoise() {
        // copySign(t - t, y): t - t is 0 with noise, copySign's partials in it have no value there
        // (NaN), but d/dy is an exact 0; its noise was NaN, and every mode failed against it
        HighPrecisionField field = new HighPrecisionField(2, 2);
        HighPrecision t = field.variable(0, -1.0629378616708185).divide(4);
        HighPrecision z = t.subtract(t).copySign(field.variable(1, -1.916581406604279)).scalb(2);
        assertEquals(0, z.gradient()[1], 0);
        assertEquals(Double.POSITIVE_INFINITY, z.gradientNoise()[1]);
        assertEquals(Double.POSITIVE_INFINITY, z.hessianNoise().get(1, 1));
        // where the partial itself has no value the derivative is NaN, and so is its noise
        assertTrue(Double.isNaN(z.gradient()[0]));
        assertTrue(Double.isNaN(z.gradientNoise()[0]));
    }

    @Test
    void theChecksAcceptTheHighPrecisionOracleAndNameIt() {
        CheckReport r = GradientCheck.of(Fns::gauss).oracles(Oracle.HIGH_PRECISION).at(2, 0.5);
        assertTrue(r.toString().contains("vs high precision"), r.toString());
        assertTrue(r.worstRelativeError(Oracle.HIGH_PRECISION) < 4e-16, r.toString());
        HessianCheck.of(Fns::gauss).oracles(Oracle.HIGH_PRECISION, Oracle.COMPLEX_STEP).at(2, 0.5);
        LaplacianCheck.of(Fns::gauss).oracles(Oracle.HIGH_PRECISION).at(2, 0.5);
        JacobianCheck.of(Fns::polar).oracles(Oracle.HIGH_PRECISION).at(2, 0.5);
        AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.of(Fns::gauss).modes()
                .gradient("hand-written", x -> new double[] {0, 0}).oracles(Oracle.HIGH_PRECISION).at(2, 0.5));
        assertTrue(e.getMessage().contains("hand-written vs high precision"), e.getMessage());
        // the default oracles are still the two cheap ones
        assertTrue(!GradientCheck.check(Fns::gauss, 2, 0.5).toString().contains("high precision"));
    }

    /** The documentation's example, as printed there. */
    @Test
    void theDocumentedExample() {
        HighPrecision y = Oracles.highPrecisionEvaluate(Fns::gauss, 2, 0.5);
        assertTrue(y.value().toString().startsWith("0.23886593653343923599175389522376282163429843662884390145795"),
                y.value().toString());
        assertArrayEquals(new double[] {-0.35829890480015886, -0.11943296826671962},
                Oracles.highPrecisionGradient(Fns::gauss, 2, 0.5), 0);
        assertEquals(2.0005, y.valueNoise(), 1e-4);
        CheckReport r = GradientCheck.of(Fns::gauss).oracles(Oracle.HIGH_PRECISION)
                .tolerance(new Tolerance(4 * 0x1p-52, 0)).at(2, 0.5);
        assertEquals(0, r.worstRelativeError(Oracle.HIGH_PRECISION), 0);
    }

    @Test
    void badInputIsRejectedWithTheMethodsName() {
        HighPrecisionField field = new HighPrecisionField(2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> field.variable(2, 1));
        assertTrue(e.getMessage().contains("variable"), e.getMessage());
        HighPrecision other = new HighPrecisionField(2, 1).variable(0, 1);
        e = assertThrows(IllegalArgumentException.class, () -> field.variable(0, 1).add(other));
        assertTrue(e.getMessage().startsWith("add:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HighPrecisionField(1, 3));
        assertThrows(IllegalStateException.class, () -> field.variable(0, 1).hessian());
        assertThrows(NullPointerException.class, () -> Oracles.highPrecisionGradient(null, 1));
        assertThrows(IllegalArgumentException.class, () -> Oracles.highPrecisionGradient(Fns::cubic));
    }
}
