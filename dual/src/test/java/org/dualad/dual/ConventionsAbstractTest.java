package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.Decimal64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conventions table of {@link Differentiable}, one test per row, the zero-tangent policy of
 * {@link Chain}, IEEE propagation of NaN and infinities, and closed forms where
 * DerivativeStructure is not accurate enough to judge. Subclassed once per number type.
 *
 * @param <T> the number type
 */
abstract class ConventionsAbstractTest<T extends RealFieldElement<T>> {

    /** @return how to seed and read the number type under test */
    abstract Kind<T> kind();

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    /** Marks an expectation the row does not state. */
    private static final Double ANY = null;

    // ------------------------------------------------------------------ helpers

    /** f at x with both perturbations on x: checks f' (along each direction) and, where carried, f''. */
    private void unary(String what, UnaryOperator<T> f, double x, double d1, Double d2) {
        Kind<T> k = kind();
        T y = f.apply(k.build(new double[] {x}, 0, 0)[0]);
        same(what + " f'", d1, k.first(y));
        if (k.hasSecondDirection()) {
            same(what + " f' (second direction)", d1, k.firstAlongJ(y));
        }
        if (d2 != null && k.hasSecondOrder()) {
            same(what + " f''", d2, k.mixed(y));
        }
    }

    private double valueOf(UnaryOperator<T> f, double x) {
        return f.apply(kind().build(new double[] {x}, 0, 0)[0]).getReal();
    }

    /** g at (x, y): first partials gx, gy; where carried, gxx, gxy, gyy (null: not stated). */
    private void binary(String what, BinaryOperator<T> g, double x, double y, double gx, double gy,
                        Double gxx, Double gxy, Double gyy) {
        Kind<T> k = kind();
        double[] p = {x, y};
        T[] in = k.build(p, 0, -1);
        same(what + " d/dx", gx, k.first(g.apply(in[0], in[1])));
        in = k.build(p, 1, -1);
        same(what + " d/dy", gy, k.first(g.apply(in[0], in[1])));
        if (k.hasSecondDirection()) {
            in = k.build(p, 0, 1);
            T r = g.apply(in[0], in[1]);
            same(what + " d/dx (two directions)", gx, k.first(r));
            same(what + " d/dy (two directions)", gy, k.firstAlongJ(r));
        }
        if (k.hasSecondOrder()) {
            if (gxx != null) {
                in = k.build(p, 0, 0);
                same(what + " d2/dx2", gxx, k.mixed(g.apply(in[0], in[1])));
            }
            if (gxy != null) {
                in = k.build(p, 0, 1);
                same(what + " d2/dxdy", gxy, k.mixed(g.apply(in[0], in[1])));
            }
            if (gyy != null) {
                in = k.build(p, 1, 1);
                same(what + " d2/dy2", gyy, k.mixed(g.apply(in[0], in[1])));
            }
        }
    }

    /** Equal as numbers (0.0 == -0.0), NaN equal to NaN. */
    private void same(String what, double expected, double actual) {
        if (!(expected == actual || Double.isNaN(expected) && Double.isNaN(actual))) {
            fail(kind().name() + " " + what + ": expected " + expected + " but was " + actual);
        }
    }

    private void close(String what, double expected, double actual, double relTol) {
        if (!(Math.abs(expected - actual) <= relTol * Math.abs(expected))) {
            fail(kind().name() + " " + what + ": expected " + expected + " but was " + actual);
        }
    }

    // ------------------------------------------------------------------ the table, row by row

    @Test
    void absHasDerivativeZeroAtZero() {
        unary("|x| at 0", T::abs, 0.0, 0, 0.0);
        unary("|x| at -0", T::abs, -0.0, 0, 0.0);
        unary("|x| at 2", T::abs, 2, 1, 0.0);
        unary("|x| at -2", T::abs, -2, -1, 0.0);
    }

    @Test
    void rootsHaveDerivativePlusInfinityAtZero() {
        for (double zero : new double[] {0.0, -0.0}) {
            unary("sqrt at " + zero, T::sqrt, zero, INF, -INF);
            unary("cbrt at " + zero, T::cbrt, zero, INF, -INF);
            for (int n = 2; n <= 5; n++) {
                int m = n;
                unary("rootN(" + n + ") at " + zero, x -> x.rootN(m), zero, INF, -INF);
            }
        }
    }

    /** rootN(n &lt; 0) is 1 / rootN(|n|): at +0 the pole of 1/x, with 1/x's derivatives; rootN(0) is NaN. */
    @Test
    void negativeRootsAreReciprocalsAndTheZerothRootIsNaN() {
        unary("rootN(-1) at 0", x -> x.rootN(-1), 0.0, -INF, INF);
        unary("rootN(-3) at 0", x -> x.rootN(-3), 0.0, -INF, INF);
        same("rootN(-2) at 0", Double.POSITIVE_INFINITY, valueOf(x -> x.rootN(-2), 0.0));
        // x^(-1/3) at 8 = 1/2: derivative -1/48, second 1/288
        T y = kind().build(new double[] {8}, 0, 0)[0].rootN(-3);
        close("rootN(-3) at 8 f'", -1.0 / 48, kind().first(y), 1e-15);
        if (kind().hasSecondOrder()) {
            close("rootN(-3) at 8 f''", 1.0 / 288, kind().mixed(y), 1e-15);
        }
        same("rootN(-3) at -8", -0.5, valueOf(x -> x.rootN(-3), -8));
        assertTrue(Double.isNaN(valueOf(x -> x.rootN(0), 8)));
        assertTrue(Double.isNaN(kind().first(kind().build(new double[] {8}, 0, 0)[0].rootN(0))));
    }

    @Test
    void constantPowerAtZeroIsTheLimit() {
        for (double zero : new double[] {0.0, -0.0}) {
            for (double p : new double[] {2, 3, 2.5, 7.25}) {
                unary("x^" + p + " at " + zero, x -> x.pow(p), zero, 0, p == 2 ? 2.0 : p > 2 ? 0.0 : ANY);
            }
            unary("x^1 at " + zero, x -> x.pow(1.0), zero, 1, 0.0);
            unary("x^0.5 at " + zero, x -> x.pow(0.5), zero, INF, ANY);
            unary("x^(1/3) at " + zero, x -> x.pow(1.0 / 3), zero, INF, ANY);
            unary("x^0 at " + zero, x -> x.pow(0.0), zero, 0, 0.0);
            same("0^0", 1, valueOf(x -> x.pow(0.0), zero));
            for (int n : new int[] {2, 3, 5}) {
                unary("x^" + n + " (int) at " + zero, x -> x.pow(n), zero, 0, n == 2 ? 2.0 : 0.0);
            }
            unary("x^1 (int) at " + zero, x -> x.pow(1), zero, 1, 0.0);
            unary("x^0 (int) at " + zero, x -> x.pow(0), zero, 0, 0.0);
            same("0^0 (int)", 1, valueOf(x -> x.pow(0), zero));
        }
        // x^0 has derivative 0 everywhere, not only at 0
        unary("x^0 at 3", x -> x.pow(0.0), 3, 0, 0.0);
        unary("x^0 at -3", x -> x.pow(0), -3, 0, 0.0);
    }

    @Test
    void variablePowerAtZeroHasZeroExponentDerivative() {
        binary("0^2", T::pow, 0, 2, 0, 0, 2.0, ANY, 0.0);
        binary("0^3", T::pow, 0, 3, 0, 0, ANY, ANY, 0.0);
        binary("0^1", T::pow, 0, 1, 1, 0, ANY, ANY, 0.0);
        binary("0^0.5", T::pow, 0, 0.5, INF, 0, ANY, ANY, 0.0);
    }

    @Test
    void variablePowerOfANegativeBaseHasNaNExponentDerivative() {
        binary("(-2)^3", T::pow, -2, 3, 12, NAN, ANY, ANY, ANY);
        binary("(-2)^2", T::pow, -2, 2, -4, NAN, ANY, ANY, ANY);
        same("(-2)^3 value", -8, kind().build(new double[] {-2, 3}, 0, 1)[0].pow(kind().build(new double[] {-2, 3}, 0, 1)[1]).getReal());
        // a constant exponent is the way to differentiate a negative base
        unary("(-2)^3 by pow(int)", x -> x.pow(3), -2, 12, -12.0);
        unary("(-2)^3 by pow(double)", x -> x.pow(3.0), -2, 12, -12.0);
    }

    @Test
    void atan2AndHypotHaveAllPartialsZeroAtTheOrigin() {
        for (double x : new double[] {0.0, -0.0}) {
            for (double y : new double[] {0.0, -0.0}) {
                binary("atan2 at (" + x + ", " + y + ")", T::atan2, x, y, 0, 0, 0.0, 0.0, 0.0);
                binary("hypot at (" + x + ", " + y + ")", T::hypot, x, y, 0, 0, 0.0, 0.0, 0.0);
            }
        }
    }

    @Test
    void floorCeilRintSignumHaveDerivativeZeroEvenAtJumps() {
        for (double x : new double[] {-1.5, -1, -0.5, -0.0, 0.0, 0.5, 1, 1.5, 2.5, 3.7}) {
            unary("floor at " + x, T::floor, x, 0, 0.0);
            unary("ceil at " + x, T::ceil, x, 0, 0.0);
            unary("rint at " + x, T::rint, x, 0, 0.0);
            unary("signum at " + x, T::signum, x, 0, 0.0);
        }
    }

    @Test
    void remainderHasPartialsOneAndMinusN() {
        // IEEE remainder x - n y with n = rint(x / y): 7/2 = 3.5 rounds to 4 (even)
        binary("remainder(7, 2)", T::remainder, 7, 2, 1, -4, 0.0, 0.0, 0.0);
        binary("remainder(5.5, 2)", T::remainder, 5.5, 2, 1, -3, 0.0, 0.0, 0.0);
        binary("remainder(3, 2) (a jump)", T::remainder, 3, 2, 1, -2, 0.0, 0.0, 0.0);
        binary("remainder(-7.5, 2)", T::remainder, -7.5, 2, 1, 4, 0.0, 0.0, 0.0);
        binary("remainder(1, 3)", T::remainder, 1, 3, 1, 0, 0.0, 0.0, 0.0);
        for (double c : new double[] {2, -2, 0.75}) {
            unary("remainder(x, " + c + ")", x -> x.remainder(c), 7, 1, 0.0);
        }
    }

    @Test
    void copySignHasDerivativePlusOrMinusOneAndZeroInTheSign() {
        binary("copySign(3, 2)", T::copySign, 3, 2, 1, 0, 0.0, 0.0, 0.0);
        binary("copySign(3, -2)", T::copySign, 3, -2, -1, 0, 0.0, 0.0, 0.0);
        binary("copySign(-3, -2)", T::copySign, -3, -2, 1, 0, 0.0, 0.0, 0.0);
        binary("copySign(-3, 2)", T::copySign, -3, 2, -1, 0, 0.0, 0.0, 0.0);
        binary("copySign(3, -0.0)", T::copySign, 3, -0.0, -1, 0, 0.0, 0.0, 0.0);
        binary("copySign(3, 0)", T::copySign, 3, 0, 1, 0, 0.0, 0.0, 0.0);
        for (double s : new double[] {2, -2, 0.0, -0.0}) {
            for (double x : new double[] {3, -3}) {
                double sign = Math.copySign(1, s) * Math.signum(x);
                unary("copySign(" + x + ", " + s + ")", v -> v.copySign(s), x, sign, 0.0);
            }
        }
    }

    @Test
    void asinAndAcosHaveInfiniteDerivativeAtPlusMinusOne() {
        for (double x : new double[] {1, -1}) {
            unary("asin at " + x, T::asin, x, INF, ANY);
            unary("acos at " + x, T::acos, x, -INF, ANY);
        }
    }

    @Test
    void acoshHasDerivativePlusInfinityAtOne() {
        unary("acosh at 1", T::acosh, 1, INF, ANY);
        same("acosh(1)", 0, valueOf(T::acosh, 1));
    }

    @Test
    void atanhHasDerivativePlusInfinityAtPlusMinusOne() {
        unary("atanh at 1", T::atanh, 1, INF, ANY);
        unary("atanh at -1", T::atanh, -1, INF, ANY);
        same("atanh(1)", INF, valueOf(T::atanh, 1));
        same("atanh(-1)", -INF, valueOf(T::atanh, -1));
    }

    @Test
    void logHasDerivativePlusInfinityAtZero() {
        for (double zero : new double[] {0.0, -0.0}) {
            unary("log at " + zero, T::log, zero, INF, -INF);
            same("log(" + zero + ")", -INF, valueOf(T::log, zero));
            unary("log10 at " + zero, x -> Ops.apply(Op.LOG10, x, 0), zero, INF, -INF);
        }
        unary("log1p at -1", T::log1p, -1, INF, -INF);
        same("log1p(-1)", -INF, valueOf(T::log1p, -1));
    }

    @Test
    void aUserMaxTakesTheBranchTheCodeTakes() {
        BinaryOperator<T> max = (a, b) -> a.getReal() >= b.getReal() ? a : b;
        binary("max at a tie", max, 2, 2, 1, 0, 0.0, 0.0, 0.0);
        binary("max", max, 1, 2, 0, 1, 0.0, 0.0, 0.0);
    }

    // ------------------------------------------------------------------ the zero-tangent policy

    @Test
    void aConstantThroughAnInfiniteDerivativeContributesZero() {
        Kind<T> k = kind();
        // f(x, c) = x + sqrt(c) + log(c) * 0 ... with c = 0 a constant (unseeded): d/dx = 1, not NaN
        for (int[] s : new int[][] {{0, -1}, {0, 0}}) {
            T[] in = k.build(new double[] {3, 0}, s[0], s[1]);
            T c = in[1];
            T y = in[0].add(c.sqrt()).add(c.cbrt()).multiply(c.exp()).add(c.asin()).add(c.rootN(4));
            same("x + sqrt(0) + ... : d/dx", 1, k.first(y));
            if (k.hasSecondOrder()) {
                same("x + sqrt(0) + ... : d2/dx2 or d2/dx dc", 0, k.mixed(y));
            }
            T z = in[0].multiply(c.log().exp()).add(in[0]); // x * exp(log 0) + x = x * 0 + x
            same("x exp(log 0) + x: d/dx", 1, k.first(z));
            if (k.hasSecondDirection() && s[1] < 0) {
                same("x exp(log 0) + x: d/dc (unseeded)", 0, k.firstAlongJ(z));
            }
            // a constant infinity times a variable: the constant's zero tangent meets inf
            T w = in[0].multiply(c.log()).add(c.log().multiply(in[0]));
            same("x log(0): d/dx", -INF, k.first(w));
            T v = in[1].log().multiply(in[1].log()).add(in[0]); // log(0)^2 + x, c constant
            same("log(0)^2 + x: d/dx", 1, k.first(v));
            T q = in[0].add(c.log().divide(c.sqrt()).multiply(0.0)).add(c.log().reciprocal());
            same("x + log(0)/sqrt(0)*0 + 1/log(0): d/dx", 1, k.first(q));
        }
    }

    // ------------------------------------------------------------------ NaN and infinities

    static final double[] NON_FINITE = {NAN, INF, -INF};

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void nanAndInfinitiesPropagateAndNeverThrow(Op op) {
        Kind<T> k = kind();
        if (op.arity() == 1) {
            for (double c : Ops.constants(op)) {
                for (double x : NON_FINITE) {
                    for (int[] s : new int[][] {{0, 0}, {-1, -1}}) {
                        T y = assertDoesNotThrow(() -> Ops.apply(op, k.build(new double[] {x}, s[0], s[1])[0], c),
                                () -> op + "(" + x + ") threw");
                        double expected = op == Op.LOG10 ? Math.log10(x) : Ops.apply(op, new Decimal64(x), c).getReal();
                        if (op == Op.ROOT_N && x < 0 && c % 2 == 0) {
                            // an even root of a negative number, -inf included, is NaN as sqrt's
                            // (Decimal64.rootN(-inf) of even n is -inf, Math.pow(-inf, 1/n) is +inf)
                            expected = NAN;
                        }
                        same(op + "(" + x + ", c=" + c + ") value", expected, y.getReal());
                        if (s[0] < 0) {
                            same(op + "(" + x + ") of a constant: derivative", 0, k.first(y));
                        }
                    }
                }
            }
        } else {
            double[] others = {NAN, INF, -INF, -2, 0.0, 0.5, 3};
            for (double x : others) {
                for (double z : others) {
                    if (Double.isFinite(x) && Double.isFinite(z)) {
                        continue;
                    }
                    for (int[] s : new int[][] {{0, 1}, {0, -1}, {-1, 1}}) {
                        T[] in = k.build(new double[] {x, z}, s[0], s[1]);
                        T y = assertDoesNotThrow(() -> Ops.apply(op, in[0], in[1]), () -> op + "(" + x + ", " + z + ") threw");
                        double expected = Ops.apply(op, new Decimal64(x), new Decimal64(z)).getReal();
                        same(op + "(" + x + ", " + z + ") value", expected, y.getReal());
                        if (s[1] < 0 && k.hasSecondDirection()) {
                            same(op + "(" + x + ", " + z + ") unseeded direction", 0, k.firstAlongJ(y));
                        }
                        if (s[1] < 0 && k.hasSecondOrder()) {
                            same(op + "(" + x + ", " + z + ") unseeded second order", 0, k.mixed(y));
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ outside the domain

    @Test
    void outsideTheDomainValueAndDerivativesAreNaN() {
        Object[][] rows = {
            {"sqrt", (UnaryOperator<T>) T::sqrt, -1.0},
            {"log", (UnaryOperator<T>) T::log, -1.0},
            {"log1p", (UnaryOperator<T>) T::log1p, -2.0},
            {"asin", (UnaryOperator<T>) T::asin, 2.0},
            {"acos", (UnaryOperator<T>) T::acos, -2.0},
            {"acosh", (UnaryOperator<T>) T::acosh, 0.5},
            {"acosh", (UnaryOperator<T>) T::acosh, -1.0},
            {"acosh", (UnaryOperator<T>) T::acosh, -1e150},
            {"log10", (UnaryOperator<T>) x -> Ops.apply(Op.LOG10, x, 0), -1.0},
            {"atanh", (UnaryOperator<T>) T::atanh, 2.0},
            {"x^0.5", (UnaryOperator<T>) x -> x.pow(0.5), -4.0},
            {"rootN(2)", (UnaryOperator<T>) x -> x.rootN(2), -4.0},
            {"rootN(4)", (UnaryOperator<T>) x -> x.rootN(4), -4.0},
        };
        StringBuilder bad = new StringBuilder();
        for (Object[] row : rows) {
            @SuppressWarnings("unchecked")
            UnaryOperator<T> f = (UnaryOperator<T>) row[1];
            double x = (Double) row[2];
            T y = f.apply(kind().build(new double[] {x}, 0, 0)[0]);
            if (!Double.isNaN(y.getReal()) || !Double.isNaN(kind().first(y))
                    || kind().hasSecondOrder() && !Double.isNaN(kind().mixed(y))) {
                bad.append(row[0]).append('(').append(x).append(") = ").append(y).append('\n');
            }
        }
        assertTrue(bad.length() == 0, kind().name() + ": outside the domain, not NaN:\n" + bad);
    }

    // ------------------------------------------------------------------ closed forms

    @Test
    void tanhDerivativeKeepsItsDigitsForLargeArguments() {
        for (double x : new double[] {5, 10, 19, 20, 40, 100, 300, -10, -40, -300}) {
            double e = Math.exp(-2 * Math.abs(x));
            double d1 = 4 * e / ((1 + e) * (1 + e)); // sech^2 x
            double d2 = -2 * Math.tanh(x) * d1;
            Kind<T> k = kind();
            T y = k.build(new double[] {x}, 0, 0)[0].tanh();
            close("tanh' at " + x, d1, k.first(y), 1e-14);
            if (k.hasSecondOrder()) {
                close("tanh'' at " + x, d2, k.mixed(y), 1e-14);
            }
        }
    }

    @Test
    void hypotAndAtan2PartialsAtLargeAndTinyScale() {
        for (double s : new double[] {1e-200, 1e-150, 1e150, 1e200, 1e300}) {
            double x = 3 * s;
            double y = 4 * s;
            double h = 5 * s;
            // hypot: x/h, y/h; y^2/h^3, -xy/h^3, x^2/h^3 = (16, -12, 9) / (125 s)
            closedForm("hypot at scale " + s, T::hypot, x, y, 0.6, 0.8, 16 / 125.0 / s, -12 / 125.0 / s, 9 / 125.0 / s);
            // atan2(x, y) with this = x: d/dthis = y/h^2, d/dy = -x/h^2 (closed forms checked to 1e-14 below)
            Kind<T> k = kind();
            T[] in = k.build(new double[] {x, y}, 0, 1);
            T a = in[0].atan2(in[1]);
            close("atan2 d/dthis at scale " + s, 4 / 25.0 / s, k.first(a), 1e-14);
            if (k.hasSecondDirection()) {
                close("atan2 d/dx at scale " + s, -3 / 25.0 / s, k.firstAlongJ(a), 1e-14);
            }
        }
    }

    private void closedForm(String what, BinaryOperator<T> g, double x, double y, double gx, double gy,
                            double gxx, double gxy, double gyy) {
        Kind<T> k = kind();
        double[] p = {x, y};
        int[][] seeds = {{0, -1}, {1, -1}, {0, 0}, {0, 1}, {1, 1}};
        double[] firsts = {gx, gy};
        double[] seconds = {gxx, gxy, gyy};
        for (int q = 0; q < seeds.length; q++) {
            T[] in = k.build(p, seeds[q][0], seeds[q][1]);
            T r = g.apply(in[0], in[1]);
            if (q < 2) {
                close(what + " first partial " + q, firsts[q], k.first(r), 1e-14);
            } else if (k.hasSecondOrder()) {
                close(what + " second partial " + (q - 2), seconds[q - 2], k.mixed(r), 1e-14);
            }
        }
    }
}
