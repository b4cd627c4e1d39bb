package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.dfp.Dfp;
import org.junit.jupiter.api.Test;

/**
 * The third partial derivatives each operation of the high-precision oracle hands its Hessian
 * noise estimate, against central differences of its own second derivatives in 64 digits (a step
 * of 1e-20 relative leaves about 40 digits; the check asks for 12). Wrong or missing third
 * partials make the estimate too small where a second partial cancels, and every correct mode
 * then fails against it.
 */
class HighPrecisionThirdPartialsTest {
    private static final HighPrecisionField ONE = new HighPrecisionField(1, 2);
    private static final HighPrecisionField TWO = new HighPrecisionField(2, 2);

    /** Points inside every unary function's domain but acosh's (which gets 1 + these squared). */
    private static final double[] POINTS = {-2.5, -0.7, -1e-3, 0.3, 0.5, 1.5, 3, 20, 0.9};

    @Test
    void everyUnaryFunctionsThirdDerivativeMatchesDifferencesOfItsSecond() {
        List<String> failures = new ArrayList<>();
        for (HighPrecisionTest.Fn f : HighPrecisionTest.FNS) {
            for (double x : POINTS) {
                double at = f.name().equals("acosh") ? 1 + x * x : x;
                HighPrecision z = f.hp().apply(ONE.variable(0, at));
                if (!Double.isFinite(z.getReal()) || !finite(z.secondDerivative(0, 0))) {
                    continue;
                }
                double expected = Math.abs(slope(ONE, at, 0, (a, b) -> f.hp().apply(a), 0, 0, 0));
                double got = z.third == null ? 0 : z.third[0];
                if (!close(got, expected)) {
                    failures.add(f.name() + "(" + at + "): third " + got + ", differences of the second give "
                            + expected);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    record Fn2(String name, BinaryOperator<HighPrecision> hp, double[][] points) {
    }

    private static final List<Fn2> BINARY = List.of(
            new Fn2("pow", HighPrecision::pow, new double[][] {{0.7, 1.3}, {2.5, -0.4}, {1.5, 3}, {0.2, 2.5}}),
            // (1.1328, 1.128): |x| near |y|, where d2/dx dy cancels
            new Fn2("atan2", HighPrecision::atan2, new double[][] {{0.3, -2.5}, {1.1328, 1.128}, {-1, 2}, {2, -0.1}}),
            new Fn2("hypot", HighPrecision::hypot, new double[][] {{0.3, -2.5}, {2, 1}, {-1e-3, 4}}),
            new Fn2("divide", HighPrecision::divide, new double[][] {{0.3, -2.5}, {2, 1.5}, {-4, 0.01}}),
            new Fn2("multiply", HighPrecision::multiply, new double[][] {{0.3, -2.5}}),
            new Fn2("add", HighPrecision::add, new double[][] {{0.3, -2.5}}),
            new Fn2("subtract", HighPrecision::subtract, new double[][] {{0.3, -2.5}}));

    @Test
    void everyBinaryFunctionsThirdPartialsMatchDifferencesOfItsSecond() {
        List<String> failures = new ArrayList<>();
        for (Fn2 f : BINARY) {
            for (double[] p : f.points()) {
                HighPrecision z = f.hp().apply(TWO.variable(0, p[0]), TWO.variable(1, p[1]));
                // {d/dx Hxx, d/dy Hxx, d/dx Hyy, d/dy Hyy}, and the mixed entry's two slopes
                double[] expected = {
                    slope(TWO, p[0], p[1], f.hp(), 0, 0, 0), slope(TWO, p[0], p[1], f.hp(), 1, 0, 0),
                    slope(TWO, p[0], p[1], f.hp(), 0, 1, 1), slope(TWO, p[0], p[1], f.hp(), 1, 1, 1)};
                double[] mixed = {slope(TWO, p[0], p[1], f.hp(), 0, 0, 1), slope(TWO, p[0], p[1], f.hp(), 1, 0, 1)};
                for (int k = 0; k < 4; k++) {
                    double got = z.third == null ? 0 : z.third[k];
                    if (!close(got, Math.abs(expected[k]))) {
                        failures.add(f.name() + "(" + p[0] + ", " + p[1] + ") third partial " + k + ": " + got
                                + ", differences of the second give " + Math.abs(expected[k]));
                    }
                }
                // the mixed entry's slopes are the same partials: a check of the differences themselves
                assertTrue(close(Math.abs(mixed[0]), Math.abs(expected[1])) && close(Math.abs(mixed[1]),
                        Math.abs(expected[2])), f.name() + " " + mixed[0] + " " + expected[1]);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void bilinearOperationsHaveNoThirdPartialsAndKinksHaveUnboundedOnes() {
        assertNull(TWO.variable(0, 0.3).multiply(TWO.variable(1, 2)).third);
        assertNull(ONE.variable(0, 0.3).multiply(2.5).third);
        // sqrt at 0: sqrt''' is infinite, and stays infinite (not NaN) in the estimate
        assertEquals(Double.POSITIVE_INFINITY, ONE.variable(0, 0).sqrt().third[0]);
        // a negative base to an integer power: only x has a derivative; the others are unbounded
        HighPrecision z = TWO.variable(0, -1.5).pow(TWO.variable(1, 3));
        assertEquals(6, z.third[0], 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, z.third[1]);
        // x^2.5 at 0+: its third derivative has no bound
        assertEquals(Double.POSITIVE_INFINITY, ONE.variable(0, 0).pow(2.5).third[0]);
        assertNull(ONE.variable(0, 0).pow(3.5).third);
    }

    @Test
    void aCustomRulesThirdPartialsAreDifferencesOfItsHessian() {
        org.dualad.dual.Rule log = org.dualad.dual.Rule.unary("log", Math::log, x -> 1 / x, x -> -1 / (x * x));
        HighPrecision z = ONE.variable(0, 0.7).applyRule(log, new HighPrecision[] {ONE.variable(0, 0.7)});
        assertEquals(2 / (0.7 * 0.7 * 0.7), z.third[0], 1e-6 * z.third[0]);
        // x^2 y^3: third partials 0, 6 y^2, 12 x y, 6 x^2
        org.dualad.dual.Rule cubic = org.dualad.dual.Rule.binary("x^2 y^3", (x, y) -> x * x * y * y * y,
                (x, y) -> 2 * x * y * y * y, (x, y) -> 3 * x * x * y * y, (x, y) -> 2 * y * y * y,
                (x, y) -> 6 * x * y * y, (x, y) -> 6 * x * x * y);
        HighPrecision a = TWO.variable(0, 1.5);
        HighPrecision w = a.applyRule(cubic, new HighPrecision[] {a, TWO.variable(1, -0.5)});
        double[] expected = {0, 6 * 0.25, 12 * 1.5 * 0.5, 6 * 2.25};
        for (int k = 0; k < 4; k++) {
            assertEquals(expected[k], w.third[k], 1e-6 * Math.max(1, expected[k]), "third partial " + k);
        }
        // a Hessian that refuses a step (defined from 0.5 on, asked at 0.5 - 2^-14): unbounded, not NaN
        org.dualad.dual.Rule square = org.dualad.dual.Rule.unary("square", x -> x * x, x -> 2 * x, x -> {
            if (x < 0.5) {
                throw new IllegalArgumentException("x = " + x);
            }
            return 2;
        });
        HighPrecision half = ONE.variable(0, 0.5);
        assertEquals(Double.POSITIVE_INFINITY, half.applyRule(square, new HighPrecision[] {half}).third[0]);
    }

    @Test
    void theHessianNoiseCountsHowFarTheArgumentsErrorMovesASecondPartial() {
        // tanh'' = -2 tanh sech^2 and tanh''' = sech^2 (6 tanh^2 - 2): at 20 a relative error u
        // of the argument moves tanh'' by 20 * 4 sech^2 u, 40 times one unit of |tanh''|
        HighPrecision x = ONE.variable(0, 20).add(0.0);
        HighPrecision t = x.tanh();
        double h = Math.abs(t.hessian().get(0, 0));
        assertTrue(t.hessianNoise().get(0, 0) > 40 * h, t.hessianNoise().get(0, 0) / h + " units of |tanh''|");
        // and where nothing cancels the estimate stays a few units: exp'' at 0.5
        HighPrecision e = ONE.variable(0, 0.5).exp();
        double eh = e.hessian().get(0, 0);
        assertTrue(e.hessianNoise().get(0, 0) < 8 * eh, e.hessianNoise().get(0, 0) / eh + " units of exp''");
    }

    /** d/d(x_var) of the Hessian entry (i, j) of f(x0, x1), by central differences with a 1e-20 relative step. */
    private static double slope(HighPrecisionField field, double x0, double x1, BinaryOperator<HighPrecision> f,
                                int var, int i, int j) {
        Dfp step = field.dfpField().newDfp("1e-20").multiply(Math.max(1, Math.abs(var == 0 ? x0 : x1)));
        Dfp plus = entry(field, x0, x1, f, var, step, i, j);
        Dfp minus = entry(field, x0, x1, f, var, step.negate(), i, j);
        return HighPrecisionMath.toDouble(plus.subtract(minus).divide(step.multiply(2)));
    }

    private static Dfp entry(HighPrecisionField field, double x0, double x1, BinaryOperator<HighPrecision> f, int var,
                             Dfp shift, int i, int j) {
        HighPrecision a = field.variable(0, x0);
        if (field.variables() == 1) {
            return f.apply(a.add(field.constant(shift)), null).secondDerivative(0, 0);
        }
        HighPrecision b = field.variable(1, x1);
        if (var == 0) {
            a = a.add(field.constant(shift));
        } else {
            b = b.add(field.constant(shift));
        }
        return f.apply(a, b).secondDerivative(i, j);
    }

    private static boolean finite(Dfp d) {
        return !d.isNaN() && !d.isInfinite();
    }

    /** Equal to 12 digits, or both below 1e-300. */
    private static boolean close(double a, double b) {
        double larger = Math.max(Math.abs(a), Math.abs(b));
        return Math.abs(a - b) <= 1e-12 * larger || larger < 1e-300;
    }
}
