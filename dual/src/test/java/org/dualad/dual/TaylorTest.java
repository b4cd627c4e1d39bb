package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.dualad.ScalarFunction;
import org.dualad.UnaryFunction;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Taylor} and {@link Forward#derivatives}/{@link Forward#taylor} against DerivativeStructure of the same order, closed forms and the other modes. */
class TaylorTest {
    private static final int K = 7;
    private static final double[] POINTS = {-2.5, -0.7, -0.3, 0.2, 0.5, 0.9, 1.5, 2.5, 10};

    static <T extends RealFieldElement<T>> T expSin(T x) {
        return x.sin().exp();
    }

    static <T extends RealFieldElement<T>> T mixed(T[] x) {
        return x[0].multiply(x[1]).sin().add(x[0].divide(x[1].exp())).add(x[2].pow(3).multiply(x[0]))
                .add(x[1].hypot(x[2])).add(x[0].atan2(x[2]));
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void everyOpMatchesDerivativeStructureOfTheSameOrder(Op op) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (double x : POINTS) {
            if (op.arity() == 1) {
                for (double c : Ops.constants(op)) {
                    if (Exemptions.reason(op, c, x, 0) != null || (op == Op.ROOT_N && x < 0)) {
                        continue; // DerivativeStructure has no real odd root of a negative number
                    }
                    DerivativeStructure ds = Ops.apply(op, new DerivativeStructure(1, K, 0, x), c);
                    Taylor t = Ops.apply(op, Taylor.variable(x, K), c);
                    checked += compare(failures, op + "(" + x + ", c=" + c + ")", ds, t);
                }
            } else {
                for (double y : POINTS) {
                    if (Exemptions.reason(op, 0, x, y) != null) {
                        continue;
                    }
                    // along the line (x + t, y + t/2)
                    DerivativeStructure dx = new DerivativeStructure(1, K, 0, x);
                    DerivativeStructure dy = new DerivativeStructure(1, K, line(y, 0.5));
                    DerivativeStructure ds = Ops.apply(op, dx, dy);
                    Taylor t = Ops.apply(op, Taylor.variable(x, K), Taylor.of(line(y, 0.5)));
                    checked += compare(failures, op + "(" + x + ", " + y + ")", ds, t);
                }
            }
        }
        assertTrue(checked > 0, op + ": nothing checked");
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " differ:\n" + String.join("\n", failures));
    }

    private static double[] line(double y, double v) {
        double[] c = new double[K + 1];
        c[0] = y;
        c[1] = v;
        return c;
    }

    private static int compare(List<String> failures, String what, DerivativeStructure ds, Taylor t) {
        double[] expected = ds.getAllDerivatives();
        double[] actual = t.derivatives();
        if (Double.isNaN(expected[0])) {
            if (!Double.isNaN(actual[0])) {
                failures.add(what + ": value " + actual[0] + ", expected NaN");
            }
            return 1;
        }
        for (int j = 0; j <= K; j++) {
            double e = expected[j];
            double a = actual[j];
            double tol = 1e-11 * Math.max(1, Math.abs(e));
            if (!(Math.abs(a - e) <= tol) && !(Double.isInfinite(e) && a == e)) {
                failures.add(what + ": derivative " + j + " is " + a + ", DerivativeStructure " + e);
            }
        }
        return 1;
    }

    @Test
    void twelfthDerivativeOfExpSinAtZeroIsTheKnownInteger() {
        // exp(sin x) at 0: 1, 1, 1, 0, -3, -8, -3, 56, 217, 64, -2951, -12672, 5973 (OEIS A002017)
        double[] d = Forward.derivatives(TaylorTest::expSin, 0, 12);
        assertArrayEquals(new double[] {1, 1, 1, 0, -3, -8, -3, 56, 217, 64, -2951, -12672, 5973}, d, 1e-9);
    }

    @Test
    void twelfthDerivativeMatchesDerivativeStructureOrder12AndNestedDuals() {
        double x = 0.7;
        double[] d = Forward.derivatives(TaylorTest::expSin, x, 12);
        double[] ds = expSin(new DerivativeStructure(1, 12, 0, x)).getAllDerivatives();
        for (int j = 0; j <= 12; j++) {
            assertEquals(ds[j], d[j], 1e-12 * Math.max(1, Math.abs(ds[j])), "derivative " + j);
        }
        // the 4th through nested FieldDuals
        Dual d4 = FieldDual.derivative(y -> FieldDual.derivative(z -> FieldDual.derivative(
                w -> expSin(w), z), y), Dual.variable(x));
        assertEquals(d4.tangent(), d[4], 1e-12 * Math.abs(d[4]));
    }

    @Test
    void taylorCoefficientsGiveTheDirectionalDerivativeAndTheCurvature() {
        double[] x = {0.3, -0.8, 1.7};
        double[] v = {0.5, 2, -1};
        ScalarFunction f = TaylorTest::mixed;
        double[] c = Forward.taylor(f, x, v, 4);
        double[] g = Forward.gradient(f, x);
        assertEquals(g[0] * v[0] + g[1] * v[1] + g[2] * v[2], c[1], 1e-13);
        DMatrixRMaj h = Forward.hessian(f, x);
        double vhv = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                vhv += v[i] * h.get(i, j) * v[j];
            }
        }
        assertEquals(vhv, 2 * c[2], 1e-12 * Math.abs(vhv));
        assertEquals(mixed(new Dual[] {Dual.constant(0.3), Dual.constant(-0.8), Dual.constant(1.7)}).value(), c[0]);
        // the third coefficient against DerivativeStructure along the same line
        DerivativeStructure[] line = new DerivativeStructure[3];
        for (int i = 0; i < 3; i++) {
            line[i] = new DerivativeStructure(1, 4, x[i], v[i], 0, 0, 0);
        }
        double[] ds = mixed(line).getAllDerivatives();
        assertEquals(ds[3] / 6, c[3], 1e-12 * Math.abs(ds[3]));
        assertEquals(ds[4] / 24, c[4], 1e-12 * Math.abs(ds[4]));
    }

    @Test
    void aConstantStaysConstantThroughInfiniteDerivatives() {
        int k = 5;
        Taylor zero = Taylor.constant(0, k);
        for (Taylor t : new Taylor[] {zero.sqrt(), zero.cbrt(), zero.log(), zero.pow(0.5), zero.rootN(4),
            Taylor.constant(1, k).acosh(), Taylor.constant(-1, k).asin(), Taylor.constant(1, k).atanh(), zero.abs()}) {
            for (int j = 1; j <= k; j++) {
                assertEquals(0.0, t.coefficient(j), t.toString());
            }
        }
        // a zero multiple of a non-analytic term contributes nothing: 0 * sqrt(x) + x at 0
        Taylor x = Taylor.variable(0, k);
        Taylor y = x.sqrt().multiply(0).add(x);
        assertEquals(1.0, y.coefficient(1));
        assertEquals(0.0, y.coefficient(2));
    }

    @Test
    void kinksFollowTheConventionsTable() {
        Taylor x = Taylor.variable(0, 3);
        assertArrayEquals(new double[] {0, 0, 0, 0}, x.abs().coefficients());
        assertArrayEquals(new double[] {0, 0, 0, 0}, x.signum().coefficients());
        Taylor origin = x.atan2(Taylor.variable(0, 3));
        assertArrayEquals(new double[] {0, 0, 0, 0}, origin.coefficients());
        assertArrayEquals(new double[] {0, 0, 0, 0}, x.hypot(Taylor.variable(0, 3)).coefficients());
        assertArrayEquals(new double[] {-2, -1, 0, 0}, Taylor.variable(2, 3).copySign(-1).coefficients(), 0.0);
    }

    @Test
    void nanPropagatesOutsideTheDomainAndNeverThrows() {
        Taylor x = Taylor.variable(-1, 3);
        for (Taylor t : new Taylor[] {x.log(), x.sqrt(), x.pow(0.5), x.multiply(3).acosh(), x.multiply(3).atanh(),
            x.multiply(2).asin(), Taylor.variable(Double.NaN, 3).exp()}) {
            for (int j = 0; j <= 3; j++) {
                assertTrue(Double.isNaN(t.coefficient(j)), t.toString());
            }
        }
    }

    @Test
    void integerPowersAreExactAtZero() {
        Taylor x = Taylor.variable(0, 6);
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0, 0}, x.pow(3).coefficients());
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 0}, x.pow(5.0).coefficients());
        // (1 + t)^-2 = 1 - 2t + 3t^2 - 4t^3 ...
        assertArrayEquals(new double[] {1, -2, 3, -4, 5, -6, 7}, Taylor.variable(1, 6).pow(-2).coefficients(), 1e-15);
    }

    @Test
    void hugeAndTinyArgumentsKeepFiniteCoefficients() {
        // asinh at 1e200: derivative 1e-200, not 0; acosh likewise
        assertEquals(1e-200, Taylor.variable(1e200, 2).asinh().coefficient(1), 1e-214);
        assertEquals(1e-200, Taylor.variable(1e200, 2).acosh().coefficient(1), 1e-214);
        // hypot at subnormal arguments: 0.6, 0.8
        Taylor h = Taylor.of(3 * Double.MIN_VALUE, 1, 0).hypot(Taylor.of(4 * Double.MIN_VALUE, 0, 0));
        assertEquals(0.6, h.coefficient(1), 1e-15);
        // x^p at a huge x: p x^(p-1), computed through u1/u0 first
        assertEquals(0.5 / 1e150, Taylor.variable(1e300, 2).pow(0.5).coefficient(1), 1e-12 / 1e150);
    }

    @Test
    void badInputIsAClearException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Taylor.variable(1, 2).add(Taylor.variable(1, 3)));
        assertTrue(e.getMessage().contains("orders differ, 2 and 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Taylor.variable(1, -1));
        assertThrows(IllegalArgumentException.class, () -> Taylor.of());
        assertThrows(IllegalArgumentException.class, () -> Taylor.variable(1, 2).coefficient(3));
        assertThrows(IllegalArgumentException.class, () -> Forward.derivatives(TaylorTest::expSin, 1, -1));
        UnaryFunction nul = null;
        NullPointerException n = assertThrows(NullPointerException.class, () -> Forward.derivatives(nul, 1, 3));
        assertTrue(n.getMessage().contains("derivatives"), n.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Forward.taylor(TaylorTest::mixed, new double[] {1, 2, 3}, new double[] {1}, 2));
        assertTrue(e.getMessage().contains("v has length 1"), e.getMessage());
    }

    @Test
    void valueObject() {
        Taylor a = Taylor.of(1, 2, 0.5);
        assertEquals(a, Taylor.of(1, 2, 0.5));
        assertEquals(a.hashCode(), Taylor.of(1, 2, 0.5).hashCode());
        assertTrue(!a.equals(Taylor.of(1, 2, -0.0 + 0.5, 0)));
        assertTrue(!Taylor.of(0.0).equals(Taylor.of(-0.0)));
        assertEquals("Taylor[1.0 + 2.0t + 0.5t^2]", a.toString());
        assertEquals(2, a.order());
        assertEquals(a.getField(), Taylor.of(5, 6, 7).getField());
        assertArrayEquals(new double[] {1, 2, 1}, a.derivatives());
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void theValueCoefficientIsBitwiseTheRuleTablesValue(Op op) {
        double[] grid = {-1e300, -1.34e154, -2.5, -1 - 0x1p-52, -0.7, -0.0, 0.0, 1e-300, 0.2, 1, 1 + 0x1p-52, 1.5,
            2.5, 1e8, 1.34e154, 1e300, Double.MAX_VALUE};
        for (double x : grid) {
            if (op.arity() == 1) {
                for (double c : Ops.constants(op)) {
                    double rule = Ops.apply(op, Dual.variable(x), c).value();
                    double taylor = Ops.apply(op, Taylor.variable(x, 3), c).value();
                    assertEquals(Double.doubleToLongBits(rule), Double.doubleToLongBits(taylor),
                            op + "(" + x + ", c=" + c + "): rule " + rule + ", Taylor " + taylor);
                }
            } else {
                for (double y : grid) {
                    double rule = Ops.apply(op, Dual.variable(x), Dual.constant(y)).value();
                    double taylor = Ops.apply(op, Taylor.variable(x, 3), Taylor.constant(y, 3)).value();
                    assertEquals(Double.doubleToLongBits(rule), Double.doubleToLongBits(taylor),
                            op + "(" + x + ", " + y + "): rule " + rule + ", Taylor " + taylor);
                }
            }
        }
    }
    /**
     * Powers and roots where the recurrence's y0 or u_i / u0 leaves the double range (u0 = 0,
     * subnormal, tiny or huge): the coefficients come from f's derivatives at u0, so the first
     * and second derivatives are Dual's and HyperDual's (to a few ulps) and the table's at 0
     * (fuzzing found 0 for sqrt'(0) = +inf, and 0 for x^1.5's slope 1.5e-150 at 1e-300).
     */
    @Test
    void powersAndRootsOutsideTheRecurrencesRangeTakeFsDerivatives() {
        double[] points = {0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, 1e-300, 1e-200, 0.3, 1, 1e200,
            1e300, Double.MAX_VALUE, -1e-300, -8};
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int f = 0; f < 7; f++) {
            for (double x : points) {
                final int which = f;
                UnaryFunction fn = new UnaryFunction() {
                    @Override
                    public <T extends RealFieldElement<T>> T value(T u) {
                        switch (which) {
                            case 0: return u.pow(0.5);
                            case 1: return u.pow(1.5);
                            case 2: return u.pow(2.5);
                            case 3: return u.pow(-0.5);
                            case 4: return u.cbrt();
                            case 5: return u.rootN(4);
                            default: return u.rootN(5);
                        }
                    }
                };
                double[] d = Forward.derivatives(fn, x, 3);
                Dual dual = fn.value(Dual.variable(x));
                HyperDual hyper = fn.value(HyperDual.variable(x));
                checked++;
                if (!close(dual.tangent(), d[1]) || !close(hyper.e1e2(), d[2])) {
                    failures.add("f" + which + " at " + x + ": Taylor " + java.util.Arrays.toString(d) + ", Dual "
                            + dual.tangent() + ", HyperDual " + hyper.e1e2());
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + ":\n" + String.join("\n", failures));
        // the table at 0 and -0.0, all three orders
        assertArrayEquals(new double[] {0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
                Forward.derivatives(TaylorTest::squareRootByPow, 0, 3), 0);
        assertArrayEquals(new double[] {-0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                Forward.derivatives(TaylorTest::squareRoot, -0.0, 2), 0);
    }

    /**
     * Equal bits, both NaN, or within 1e-13 relative: Taylor forms u0^(p - k) by Math.pow, whose
     * exponent is rounded (1/3 is not a double), which at a subnormal u0 (log u0 = -744) moves the
     * result by up to 745 times that rounding; Dual forms cbrt' from cbrt(u0) itself.
     */
    private static boolean close(double expected, double actual) {
        if (Double.compare(expected, actual) == 0 || Double.isNaN(expected) && Double.isNaN(actual)) {
            return true;
        }
        return Math.abs(expected - actual) <= 1e-13 * Math.abs(expected);
    }

    static <T extends RealFieldElement<T>> T squareRootByPow(T u) {
        return u.pow(0.5);
    }

    static <T extends RealFieldElement<T>> T squareRoot(T u) {
        return u.sqrt();
    }

    /** hypot with an infinite argument follows the table: d/dx = +-1 for the infinite one, higher orders 0. */
    @Test
    void hypotAtAnInfiniteArgumentIsLinear() {
        double inf = Double.POSITIVE_INFINITY;
        assertArrayEquals(new double[] {inf, 1, 0, 0}, Forward.derivatives(TaylorTest::hypotOfThree, inf, 3), 0);
        assertArrayEquals(new double[] {inf, -1, 0, 0}, Forward.derivatives(TaylorTest::hypotOfThree, -inf, 3), 0);
        assertArrayEquals(new double[] {inf, 0, 0, 0}, Forward.derivatives(TaylorTest::infiniteHypot, 2, 3), 0);
        assertEquals(Dual.variable(-inf).hypot(Dual.constant(3)).tangent(),
                Forward.derivatives(TaylorTest::hypotOfThree, -inf, 1)[1], 0);
    }

    static <T extends RealFieldElement<T>> T hypotOfThree(T u) {
        return u.hypot(u.getField().getOne().multiply(3));
    }

    static <T extends RealFieldElement<T>> T infiniteHypot(T u) {
        return u.getField().getOne().multiply(Double.POSITIVE_INFINITY).hypot(u);
    }

    /**
     * hypot along a line through the origin's direction: |x| sqrt(1 + c^2) has no curvature, so
     * every coefficient past the first is 0 at any scale (the series of x^2 + (c x)^2 under its
     * square root gave x.hypot(x) at 1e-8 a third derivative of -9.4).
     */
    @Test
    void hypotAlongItsOwnDirectionHasNoCurvature() {
        for (double x : new double[] {1e-8, -1e-8, 1e-300, 3 * Double.MIN_VALUE, 1, 1e200, -1e300}) {
            for (double c : new double[] {1, 2, -4}) { // exact multiples, subnormal x included
                Taylor u = Taylor.variable(x, 6);
                double[] h = u.hypot(u.multiply(c)).coefficients();
                assertEquals(Math.hypot(x, c * x), h[0], 0, "value at " + x);
                assertEquals(Math.signum(x) * Math.sqrt(1 + c * c), h[1], 1e-15, "slope at " + x);
                for (int j = 2; j <= 6; j++) {
                    assertEquals(0, h[j], 0, "coefficient " + j + " at " + x + ", c = " + c);
                }
            }
        }
        assertEquals(0, Forward.derivatives(TaylorTest::hypotOfItself, 1e-8, 3)[3], 0);
    }

    static <T extends RealFieldElement<T>> T hypotOfItself(T u) {
        return u.hypot(u);
    }

    /**
     * hypot of two polynomials against the square root's series of u^2 + v^2 in exact decimal
     * arithmetic ({@link #pairsOfPolynomials}): every coefficient within 1e-13 of the reference
     * where the reference is in the double range and within 1e280 of h0 (further out, the
     * series' ratios to h0 leave the range first).
     */
    @Test
    void hypotMatchesAHighPrecisionSeriesAcrossTheRange() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (double[][] p : pairsOfPolynomials()) {
            double[] h = Taylor.of(p[0]).hypot(Taylor.of(p[1])).coefficients();
            BigDecimal[] ref = sqrtOfSumOfSquares(p[0], p[1]);
            double h0 = ref[0].doubleValue();
            checked += compare("hypot", p, h, ref, 1e280 * h0, 1e-13, failures);
        }
        assertTrue(checked > 1000, "checked " + checked);
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + ": " + failures);
    }

    /**
     * atan2 likewise, against the integral of (x y' - y x') / (x^2 + y^2) in exact decimal
     * arithmetic: within 1e-12 (its higher coefficients are sums of the ratio's powers of both
     * signs), where the series integrated term by term lost every digit past the first derivative
     * to motion along (x0, y0).
     */
    @Test
    void atan2MatchesAHighPrecisionSeriesAcrossTheRange() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (double[][] p : pairsOfPolynomials()) {
            double[] g = Taylor.of(p[1]).atan2(Taylor.of(p[0])).coefficients();
            checked += compare("atan2", p, g, angleSeries(p[1], p[0]), 1e280, 1e-12, failures);
        }
        assertTrue(checked > 1000, "checked " + checked);
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + ": " + failures);
    }

    /** Motion along its own direction: the angle stays where it is at every order. */
    @Test
    void atan2AlongItsOwnDirectionStaysPut() {
        for (double x : new double[] {1e-8, -1e-8, 1e-300, 3 * Double.MIN_VALUE, 1, 1e200, -1e300}) {
            for (double c : new double[] {1, 2, -4}) {
                Taylor u = Taylor.variable(x, 6);
                double[] g = u.multiply(c).atan2(u).coefficients();
                assertEquals(Math.atan2(c * x, x), g[0], 0);
                for (int j = 1; j <= 6; j++) {
                    assertEquals(0, g[j], 0, "coefficient " + j + " at " + x + ", c = " + c);
                }
            }
        }
    }

    /** An infinite argument has NaN partials (the conventions table): NaN from the order where f moves. */
    @Test
    void atan2AtAnInfiniteArgumentIsNaNOnceItMoves() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        assertArrayEquals(new double[] {0, nan, nan, nan},
                Taylor.constant(1, 3).atan2(Taylor.variable(inf, 3)).coefficients(), 0);
        assertArrayEquals(new double[] {Math.PI / 2, 0, nan, nan},
                Taylor.of(inf, 0, 1, 0).atan2(Taylor.constant(1, 3)).coefficients(), 0);
        assertTrue(Double.isNaN(Dual.constant(1).atan2(Dual.variable(inf)).tangent()));
    }

    /**
     * Pairs (u, v) of polynomials of order 5 from 1e-300 to 1e300 and at subnormal values, with
     * motion along, near and across the direction of (u0, v0).
     */
    private static List<double[][]> pairsOfPolynomials() {
        Random r = new Random(20261206);
        int k = 5;
        List<double[][]> pairs = new ArrayList<>();
        for (int t = 0; t < 240; t++) {
            double[] u = new double[k + 1];
            double[] v = new double[k + 1];
            double scale = t < 40 ? 3 * Double.MIN_VALUE * (1 + t) : Math.pow(10, -300 + 600 * r.nextDouble());
            u[0] = scale * r.nextGaussian();
            v[0] = t % 5 == 0 ? 0 : scale * r.nextGaussian();
            double speed = Math.pow(10, 3 * r.nextGaussian());
            for (int j = 1; j <= k; j++) {
                u[j] = r.nextInt(3) == 0 ? 0 : speed * r.nextGaussian();
                v[j] = r.nextInt(3) == 0 ? 0 : speed * r.nextGaussian();
            }
            double along = v[0] / u[0];
            if (t % 3 == 1 && Double.isFinite(along)) {
                for (int j = 1; j <= k; j++) {
                    v[j] = u[j] * along * (t % 2 == 0 ? 1 : 1 + 1e-9 * r.nextGaussian());
                }
            }
            double across = -u[0] / v[0];
            if (t % 7 == 3 && Double.isFinite(across)) {
                for (int j = 1; j <= k; j++) {
                    u[j] = v[j] * across;
                }
            }
            if (u[0] != 0 || v[0] != 0) {
                pairs.add(new double[][] {u, v});
            }
        }
        return pairs;
    }

    /**
     * Adds to failures each coefficient off the reference by more than tol relative, among those
     * the reference puts in the double range and below limit; returns how many it compared.
     */
    private static int compare(String name, double[][] p, double[] got, BigDecimal[] ref, double limit, double tol,
                               List<String> failures) {
        int checked = 0;
        for (int j = 0; j < got.length; j++) {
            double e = ref[j].doubleValue();
            if (!(Math.abs(e) < 1e300 && Math.abs(e) < limit) || (e != 0 && Math.abs(e) < 1e-290)) {
                continue;
            }
            checked++;
            if (!(Math.abs(got[j] - e) <= tol * Math.abs(e))) {
                failures.add(name + " of u " + java.util.Arrays.toString(p[0]) + ", v " + java.util.Arrays.toString(p[1])
                        + ": coefficient " + j + " " + got[j] + ", reference " + e);
            }
        }
        return checked;
    }

    /** The digits a reference needs: enough to lose (|w| / h0)^k and still resolve 1e-290 beside 1e300. */
    private static MathContext digits(double[] u, double[] v) {
        double logH0 = Math.log10(Math.hypot(u[0], v[0]));
        double most = 0;
        for (int j = 0; j < u.length; j++) {
            most = Math.max(most, Math.log10(Math.hypot(u[j], v[j])) - logH0);
        }
        return new MathContext(650 + (int) Math.ceil(u.length * most));
    }

    /** atan2(y, x)'s coefficients: its value, then the series of (x y' - y x') / (x^2 + y^2) integrated. */
    private static BigDecimal[] angleSeries(double[] y, double[] x) {
        int n = y.length;
        MathContext mc = digits(x, y);
        BigDecimal[] num = new BigDecimal[n];
        BigDecimal[] den = new BigDecimal[n];
        for (int j = 0; j < n; j++) {
            BigDecimal a = BigDecimal.ZERO;
            BigDecimal d = BigDecimal.ZERO;
            for (int i = 0; i <= j; i++) {
                d = d.add(exact(x[i]).multiply(exact(x[j - i]))).add(exact(y[i]).multiply(exact(y[j - i])));
                if (j - i + 1 < n) {
                    BigDecimal m = BigDecimal.valueOf(j - i + 1);
                    a = a.add(exact(x[i]).multiply(exact(y[j - i + 1])).multiply(m))
                            .subtract(exact(y[i]).multiply(exact(x[j - i + 1])).multiply(m));
                }
            }
            num[j] = a;
            den[j] = d;
        }
        BigDecimal[] g = new BigDecimal[n];
        g[0] = exact(Math.atan2(y[0], x[0]));
        BigDecimal[] q = new BigDecimal[n];
        for (int j = 0; j + 1 < n; j++) {
            BigDecimal s = num[j];
            for (int i = 1; i <= j; i++) {
                s = s.subtract(den[i].multiply(q[j - i]));
            }
            q[j] = s.divide(den[0], mc);
            g[j + 1] = q[j].divide(BigDecimal.valueOf(j + 1), mc);
        }
        return g;
    }

    private static BigDecimal exact(double d) {
        return new BigDecimal(d);
    }

    /** sqrt(u^2 + v^2)'s coefficients: the square root's recurrence on the exact square. */
    private static BigDecimal[] sqrtOfSumOfSquares(double[] u, double[] v) {
        int n = u.length;
        MathContext mc = digits(u, v);
        BigDecimal[] p = new BigDecimal[n];
        for (int j = 0; j < n; j++) {
            BigDecimal s = BigDecimal.ZERO;
            for (int i = 0; i <= j; i++) {
                s = s.add(exact(u[i]).multiply(exact(u[j - i]))).add(exact(v[i]).multiply(exact(v[j - i])));
            }
            p[j] = s;
        }
        BigDecimal[] y = new BigDecimal[n];
        y[0] = p[0].sqrt(mc);
        for (int j = 1; j < n; j++) {
            BigDecimal s = p[j];
            for (int i = 1; i < j; i++) {
                s = s.subtract(y[i].multiply(y[j - i]));
            }
            y[j] = s.divide(y[0].multiply(BigDecimal.valueOf(2)), mc);
        }
        return y;
    }

    /**
     * Edges where Taylor mode's recurrences lost digits or read 0, inf or NaN where the rule table
     * and the high-precision oracle have a finite answer (test module: EveryOpAgainstOracleTest
     * runs Taylor at every edge within 4 ulps): asin'' near 0 (1 - u^2 formed as (1 - u)(1 + u)
     * cancelled its slope), x / 0 (0 / 0 in its higher coefficients), hypot and atan2 at
     * (MAX, MAX) (h0 overflowed), cbrt' at the ends of the range (a subnormal u1 / u0, a rounded
     * 1/3 in the exponent), x^y at the smallest x (1 / x overflowed; a subnormal x^y rounded each
     * coefficient).
     */
    @Test
    void edgesFollowTheRuleTable() {
        double max = Double.MAX_VALUE;
        double min = Double.MIN_VALUE;
        for (double x : new double[] {1e-8, 1e-300, Double.MIN_NORMAL}) {
            assertUlps(HyperDual.of(x, 1, 1, 0).asin().e1e2(), 2 * Taylor.variable(x, 2).asin().coefficient(2), 4);
            assertUlps(HyperDual.of(x, 1, 1, 0).acos().e1e2(), 2 * Taylor.variable(x, 2).acos().coefficient(2), 4);
            assertUlps(HyperDual.of(x, 1, 1, 0).atanh().e1e2(), 2 * Taylor.variable(x, 2).atanh().coefficient(2), 4);
        }
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0},
                Taylor.variable(1, 3).divide(Taylor.constant(0, 3)).coefficients(), 0);
        // hypot and atan2 at (MAX, MAX) along x: 1 / (2 sqrt 2 MAX), subnormal
        assertEquals(1.9667060174892E-309, 2 * Taylor.variable(max, 2).hypot(Taylor.constant(max, 2)).coefficient(2),
                4 * min);
        assertEquals(-2.781342323134002E-309, Taylor.constant(max, 2).atan2(Taylor.variable(max, 2)).coefficient(1),
                4 * min);
        for (double x : new double[] {max, min, -min}) {
            assertUlps(Dual.variable(x).cbrt().tangent(), Taylor.variable(x, 1).cbrt().coefficient(1), 4);
            assertUlps(Dual.variable(x).rootN(3).tangent(), Taylor.variable(x, 1).rootN(3).coefficient(1), 4);
        }
        // x^y at the smallest x: y x^(y - 1) = 2.0240225330731062e23 at y = 1e-300, and x^y ln(x)^2
        assertUlps(2.0240225330731062E23, Taylor.variable(min, 2).pow(Taylor.constant(1e-300, 2)).coefficient(1), 4);
        assertEquals(2.738067E-318, 2 * Taylor.constant(min, 2).pow(Taylor.variable(1, 2)).coefficient(2), 4 * min);
        // exp at an infinite value: e^x's coefficients, not inf - inf
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
                Taylor.of(1e300, -2, 0).exp().coefficients(), 0);
    }

    /**
     * Coefficients in the double range whose recurrences passed through an intermediate that left
     * it (found by fuzzing Taylor's third and fourth orders against a nested FieldDual over the
     * 64-digit oracle): a ratio u_i / u0 that underflowed to 0 dropped its term; y_i w_(j-i) in
     * the logarithms' recurrence overflowed; 1 + u^2 for atan overflowed; u^2 in u^-2 overflowed;
     * atan2's cross products at a small point underflowed before their scaling.
     */
    @Test
    void intermediatesOutOfRangeDoNotSpoilCoefficientsInRange() {
        assertUlps(5e-181, Taylor.of(1e300, 0, 0, 1e-30, 0).pow(0.5).coefficient(3), 4);
        assertUlps(1.5471962778709265e-284, Taylor.of(1e200, 0, 0, 1e-150, 0).cbrt().coefficient(3), 4);
        assertUlps(2.5e-256, Taylor.of(1e300, 0, 0, 0, 1e-30).rootN(4).coefficient(4), 4);
        assertUlps(-2.5e199, Taylor.of(1e150, 1e200, 0, 0, 0).log().coefficient(4), 4);
        double[] atan = Taylor.of(1e150, 1e157, 0, 0, 0).atan().coefficients();
        assertUlps(1e-129, atan[3], 4);
        assertUlps(-1e-122, atan[4], 4);
        assertUlps(1e-290, Taylor.of(1e200, 1e110, 0, 0, 0).atan().coefficient(1), 4);
        // atan2 at a small point: its motion across, in units of the point's size
        assertUlps(1e-298, Taylor.of(1e-150, 0, 0, 1e-298, 0).atan2(Taylor.of(1e-300, 0, 0, 0, 0)).coefficient(3), 4);
        double[] inverseSquare = Taylor.of(1e150, 1e158, 0, 0, 0).pow(-2).coefficients();
        double[] expected = {1e-300, -2e-292, 3e-284, -4e-276, 5e-268};
        for (int j = 0; j <= 4; j++) {
            assertUlps(expected[j], inverseSquare[j], 4);
        }
    }

    /**
     * A moving exponent: u^e = u^e0 u^(e - e0), where exp(e log u) multiplied every coefficient by an
     * underflowed u0^e0 and lost digits near a small base (found by fuzzing against nested duals).
     */
    @Test
    void aMovingExponentKeepsItsCoefficientsNearASmallBase() {
        // (1e-300 + t)^(3 + t): t^3's coefficient 1 and t^2's 3e-300
        double[] c = Taylor.of(1e-300, 1, 0, 0).pow(Taylor.of(3, 1, 0, 0)).coefficients();
        assertUlps(3e-300, c[2], 4);
        assertUlps(1, c[3], 4);
        // (1e-300 + t)^(2 + t): 2e-300 and 1
        double[] d = Taylor.of(1e-300, 1, 0, 0).pow(Taylor.of(2, 1, 0, 0)).coefficients();
        assertUlps(2e-300, d[1], 4);
        assertUlps(1, d[2], 4);
        // (1e-8 + t)^(1 + t) near its small base: third derivative 300000907.4402902 and second
        // -34.84135809468994 (the oracle's, a FieldDual over HighPrecision); exp(e log u) summed the
        // log series' large terms and was 3e-9 and 2e-11 off
        double[] e = Taylor.of(1e-8, 1, 0, 0).pow(Taylor.of(1, 1, 0, 0)).coefficients();
        assertEquals(300000907.4402902, 6 * e[3], 1e-14 * 3e8);
        assertEquals(-34.84135809468994, 2 * e[2], 1e-14 * 35);
    }

    /**
     * Powers and roots whose series meet terms far out of the double range: a tiny u0^p beside a
     * huge (u_i / u0)^k, which Faa di Bruno on u - u0 and the repeated squares met in turn
     * (exact values from the binomial series in 60-digit arithmetic).
     */
    @Test
    void powersWhoseTermsLeaveTheRangeKeepTheirCoefficientsInRange() {
        // (1e-300 + 1e160 t)^3: t^2's 3 u0 u1^2 = 3e20 read +inf ((u - u0)^2 = 1e320)
        assertUlps(3e20, Taylor.of(1e-300, 1e160, 0).pow(3).coefficient(2), 4);
        // u^7's t^4 at 1.6e-120 + 1.6e4 t - 1.4e237 t^2: 21 u0^5 u2^2 read 2.5e-124 (21 u0^5 underflowed)
        double[] u = {1.5837433172059663E-120, 15518.104536299494, -1.4445994347448496E237, -1.983462716026509E-164,
            1.815770241451412E-160};
        assertUlps(4.36654713561584E-124, Taylor.of(u).pow(7).coefficient(4), 4);
        // a square that underflowed to a finite, wrong coefficient: 4.0e-271 for 4.7e-271
        double[] v = {1.2059780657541528E-108, 1.8490887045194594E53, 1.3414950385424668E-20, 1.2541365258150518E143,
            -1.25633441612172E-168};
        assertUlps(4.6805718581847504E-271, Taylor.of(v).pow(7).coefficient(3), 4);
        // the recurrence through an infinite y_2: y_3 of u^-0.5 is finite
        double[] w = {1.3290870409231097E-105, 1.2378299168066653E-264, -1.7169188505792903E177, -1.0678984000510285E-18,
            0};
        assertUlps(-2.4750754837751687E175, Taylor.of(w).pow(-0.5).coefficient(3), 4);
        // x^1e300 at 1e-8: every coefficient underflows to 0 (its binomials overflow on their own)
        assertArrayEquals(new double[] {0, 0, 0, 0}, Taylor.of(1e-8, 1, 0, 0).pow(1e300).coefficients(), 0);
    }

    /**
     * Powers and roots of series whose coefficients span the whole double range, against the
     * binomial series in 60-digit arithmetic: every coefficient that is a normal double is within
     * 8 ulps (u^-2's squares and reciprocal in a row reach 7), or twice the coefficient's condition
     * number where its terms cancel (before: 880 of 7935 coefficients off, many by every digit).
     */
    @Test
    void powersAndRootsMatchAHighPrecisionSeriesAcrossTheWholeRange() {
        DfpField field = new DfpField(60);
        Random random = new Random(20261206);
        double[] powers = {3, -2, 0.5, 1.5, 2.5, -0.5, 0.3, -1.7, 7, 4};
        int[] roots = {3, -2, 2, 5, -3};
        int checked = 0;
        List<String> bad = new ArrayList<>();
        for (int t = 0; t < 4000; t++) {
            double[] u = new double[5];
            for (int i = 0; i < u.length; i++) {
                u[i] = (random.nextBoolean() ? 1 : -1) * (1 + random.nextDouble()) * Math.pow(10, random.nextInt(620) - 320);
                if (i > 0 && random.nextInt(5) == 0) {
                    u[i] = 0;
                }
            }
            if (random.nextInt(3) > 0) {
                u[0] = Math.abs(u[0]);
            }
            int root = random.nextInt(3) == 0 ? roots[random.nextInt(roots.length)] : 0;
            double p = powers[random.nextInt(powers.length)];
            if (u[0] < 0 && (root != 0 ? root % 2 == 0 : p != Math.rint(p))) {
                continue; // NaN, tested elsewhere
            }
            Dfp exponent = root != 0 ? field.getOne().divide(root) : field.newDfp(p);
            boolean negative = u[0] < 0 && (root != 0 || (long) p % 2 != 0); // an odd root or odd power
            Dfp[][] series = binomialSeries(field, u, exponent, negative);
            Taylor x = Taylor.of(u);
            Taylor y = root != 0 ? x.rootN(root) : p == Math.rint(p) ? x.pow((int) p) : x.pow(p);
            for (int j = 0; j < u.length; j++) {
                double want = series[0][j].toDouble();
                if (!FieldRules.normal(want)) {
                    continue;
                }
                checked++;
                double condition = j == 0 ? 1 : series[1][j].divide(series[0][j].abs()).toDouble();
                double got = y.coefficient(j);
                if (!(Math.abs(got - want) <= Math.max(8, 2 * condition) * Math.ulp(want))) {
                    bad.add(Arrays.toString(u) + (root != 0 ? " root " + root : " ^ " + p) + ": t^" + j + " "
                            + got + ", exact " + want);
                }
            }
        }
        assertTrue(checked > 7000, "checked " + checked);
        assertTrue(bad.isEmpty(), bad.size() + " of " + checked + ":\n" + String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }

    /**
     * A moving exponent, u^e = exp(e log u), on series whose coefficients span the double range
     * (and on moderate ones whose result nears the bottom of the range), against the series in
     * 60-digit arithmetic: within 8 ulps (three series in a row) or 4 times the coefficient's
     * condition (the same series on magnitudes); before, 103 of 5918 were off, most by every digit.
     */
    @Test
    void aMovingExponentMatchesAHighPrecisionSeriesAcrossTheRange() {
        DfpField field = new DfpField(60);
        Random random = new Random(20261207);
        int checked = 0;
        List<String> bad = new ArrayList<>();
        for (int t = 0; t < 2500; t++) {
            int span = t % 2 == 0 ? 620 : 40;
            double[] u = new double[5];
            double[] e = new double[5];
            for (int i = 0; i < u.length; i++) {
                u[i] = (random.nextBoolean() ? 1 : -1) * (1 + random.nextDouble()) * Math.pow(10, random.nextInt(span) - span / 2);
                e[i] = (random.nextBoolean() ? 1 : -1) * (1 + random.nextDouble()) * Math.pow(10, random.nextInt(8) - 4);
                if (i > 0 && random.nextInt(4) == 0) {
                    u[i] = 0;
                }
                if (i > 0 && random.nextInt(4) == 0) {
                    e[i] = 0;
                }
            }
            u[0] = Math.abs(u[0]);
            Dfp[][] series = movingPower(field, u, e);
            double[] got = Taylor.of(u).pow(Taylor.of(e)).coefficients();
            for (int j = 1; j < u.length; j++) {
                double want = series[0][j].toDouble();
                if (!FieldRules.normal(want)) {
                    continue;
                }
                checked++;
                double condition = series[1][j].divide(series[0][j].abs()).toDouble();
                if (!(Math.abs(got[j] - want) <= Math.max(8, 4 * condition) * Math.ulp(want))) {
                    bad.add(Arrays.toString(u) + " ^ " + Arrays.toString(e) + ": t^" + j + " " + got[j] + ", exact " + want);
                }
            }
        }
        assertTrue(checked > 5000, "checked " + checked);
        assertTrue(bad.isEmpty(), bad.size() + " of " + checked + ":\n" + String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }

    /**
     * exp(e log u)'s coefficients ([0]) and the same recurrences on magnitudes ([1]: |e|, |log u0|,
     * every term taken positive), a bound on the sum of each coefficient's terms.
     */
    private static Dfp[][] movingPower(DfpField field, double[] u, double[] e) {
        int n = u.length;
        Dfp[][] result = new Dfp[2][];
        for (int pass = 0; pass < 2; pass++) {
            boolean abs = pass == 1;
            Dfp u0 = field.newDfp(u[0]);
            Dfp[] log = new Dfp[n];
            log[0] = abs ? DfpMath.log(u0).abs() : DfpMath.log(u0);
            for (int j = 1; j < n; j++) {
                Dfp s = field.newDfp(u[j]).multiply(j);
                s = abs ? s.abs() : s;
                for (int i = 1; i < j; i++) {
                    Dfp term = field.newDfp(u[j - i]).multiply(log[i]).multiply(i);
                    s = abs ? s.add(term.abs()) : s.subtract(term);
                }
                log[j] = s.divide(u0.multiply(j));
            }
            Dfp[] z = new Dfp[n];
            for (int j = 0; j < n; j++) {
                z[j] = field.getZero();
                for (int i = 0; i <= j; i++) {
                    Dfp ei = field.newDfp(e[i]);
                    z[j] = z[j].add((abs ? ei.abs() : ei).multiply(log[j - i]));
                }
            }
            Dfp[] y = new Dfp[n];
            y[0] = DfpMath.exp(field.newDfp(e[0]).multiply(DfpMath.log(u0))); // u0^e0 (positive) in both
            for (int j = 1; j < n; j++) {
                Dfp s = field.getZero();
                for (int i = 1; i <= j; i++) {
                    s = s.add(z[i].multiply(y[j - i]).multiply(i));
                }
                y[j] = s.divide(j);
            }
            result[pass] = y;
        }
        return result;
    }

    /**
     * u^p's coefficients ([0]) and the sums of their terms' magnitudes ([1]), from u0^p (1 + eps)^p
     * with eps = (u - u0) / u0; negative: u0^p = -|u0|^p (an odd root or power of a negative u0).
     */
    private static Dfp[][] binomialSeries(DfpField field, double[] u, Dfp p, boolean negative) {
        int n = u.length;
        Dfp u0 = field.newDfp(u[0]);
        Dfp y0 = DfpMath.pow(u0.abs(), p);
        if (negative) {
            y0 = y0.negate();
        }
        Dfp[] eps = new Dfp[n];
        Dfp[] abs = new Dfp[n];
        eps[0] = field.getZero();
        abs[0] = field.getZero();
        for (int i = 1; i < n; i++) {
            eps[i] = field.newDfp(u[i]).divide(u0);
            abs[i] = eps[i].abs();
        }
        Dfp[] value = new Dfp[n];
        Dfp[] size = new Dfp[n];
        value[0] = y0;
        size[0] = y0.abs();
        for (int j = 1; j < n; j++) {
            value[j] = field.getZero();
            size[j] = field.getZero();
        }
        Dfp[] ek = eps.clone();
        Dfp[] ak = abs.clone();
        Dfp binomial = field.getOne();
        for (int k = 1; k < n; k++) {
            binomial = binomial.multiply(p.subtract(k - 1)).divide(k);
            if (k > 1) {
                ek = cauchy(field, ek, eps);
                ak = cauchy(field, ak, abs);
            }
            for (int j = k; j < n; j++) {
                value[j] = value[j].add(binomial.multiply(ek[j]).multiply(y0));
                size[j] = size[j].add(binomial.abs().multiply(ak[j]).multiply(y0.abs()));
            }
        }
        return new Dfp[][] {value, size};
    }

    private static Dfp[] cauchy(DfpField field, Dfp[] a, Dfp[] b) {
        Dfp[] r = new Dfp[a.length];
        for (int j = 0; j < a.length; j++) {
            r[j] = field.getZero();
            for (int i = 0; i <= j; i++) {
                r[j] = r[j].add(a[i].multiply(b[j - i]));
            }
        }
        return r;
    }

    private static void assertUlps(double expected, double actual, double ulps) {
        assertTrue(Math.abs(expected - actual) <= ulps * Math.ulp(expected), actual + " is not within " + ulps
                + " ulps of " + expected);
    }

    /** A constant NaN stays a constant through abs and remainder, as through every function. */
    @Test
    void aNaNConstantStaysConstant() {
        Taylor nan = Taylor.constant(Double.NaN, 3);
        assertArrayEquals(new double[] {Double.NaN, 0, 0, 0}, nan.abs().coefficients(), 0);
        assertArrayEquals(new double[] {Double.NaN, 0, 0, 0}, nan.remainder(2).coefficients(), 0);
        assertArrayEquals(new double[] {Double.NaN, 0, 0, 0}, nan.remainder(Taylor.constant(2, 3)).coefficients(), 0);
        assertArrayEquals(new double[] {Double.NaN, 0, 0, 0}, Taylor.constant(2, 3).remainder(0).coefficients(), 0);
        // a moving NaN is NaN in every coefficient
        assertTrue(Double.isNaN(Taylor.variable(Double.NaN, 3).abs().coefficient(2)));
        assertTrue(Double.isNaN(Taylor.variable(1, 3).remainder(Taylor.constant(0, 3)).coefficient(1)));
    }
}
