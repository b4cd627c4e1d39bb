package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.util.Decimal64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link FieldDual}'s generic rule table ({@link FieldRules}) against the double table and the
 * 60-digit reference of {@link RuleAccuracyTest}, op by op over the same edge grid:
 * <ul>
 *   <li>T = {@link Dual}, both perturbations on the argument(s): the outer tangent's value is the
 *       generic table's f1, its inner tangent is f2 (the generic form differentiated by the double
 *       table), and the inner tangent of the value is the double table's own f1. Finite arguments;
 *       the double table's f1 within {@link RuleAccuracyTest#ULPS} of the reference, the generic f1
 *       and f2 within {@link #F2_ULPS}, conventions exactly, (the generic form's rounding, differentiated) wherever the true f2 is a
 *       finite double. Where f2 overflows or is NaN by convention, a nested dual may meet
 *       inf - inf one level down; those points are not judged here.</li>
 *   <li>T = {@link Decimal64} (Commons Math's FastMath underneath): the tangent within the bound,
 *       but for the powers and roots, whose Decimal64 values already round the exponent.</li>
 *   <li>T = {@link Dfp} at 60 digits, nested once for f2: the generic forms in T's own precision,
 *       within {@link #DFP_RELATIVE} of the reference, at the points where Dfp's own functions are
 *       accurate (1e-5 &lt;= |x| &lt;= 100: Dfp reduces sin(1e300) with a 60-digit pi, and its sinh
 *       cancels below).</li>
 * </ul>
 */
class FieldRulesTest {

    /**
     * The bound for FieldDual&lt;Dfp&gt;, relative: the rules' constants (the exponent split of x^p,
     * 1/n, the rounded p - 1 of a double p) are doubles, so a 60-digit T gets about 16 of them.
     */
    static final String DFP_RELATIVE = "1e-14";

    /** The bound for f2 through a nested dual, in ulps of the true value (MIN_VALUE below MIN_NORMAL). */
    static final int F2_ULPS = 8;

    private static boolean subnormal(double x) {
        return x != 0 && Math.abs(x) < Double.MIN_NORMAL;
    }

    /** e if it is a true value that is a finite double, else null (not judged). */
    private static Object finiteOnly(Object e) {
        return e instanceof Dfp && Double.isFinite(RuleAccuracyTest.toDouble((Dfp) e)) ? e : null;
    }

    /**
     * op at (x, z) on nested duals, the outer tangent's own derivative being a second partial: x
     * moving at both levels (xx), x outside and z inside (xy), z at both levels (yy).
     */
    private record Nested(FieldDual<Dual> xx, FieldDual<Dual> xy, FieldDual<Dual> yy) {
        static Nested at(Op op, double x, double z) {
            return new Nested(
                    Ops.apply(op, FieldDual.of(Dual.variable(x), Dual.constant(1)), FieldDual.of(Dual.constant(z), Dual.constant(0))),
                    Ops.apply(op, FieldDual.of(Dual.constant(x), Dual.constant(1)), FieldDual.constant(Dual.variable(z))),
                    Ops.apply(op, FieldDual.constant(Dual.constant(x)), FieldDual.of(Dual.variable(z), Dual.constant(1))));
        }
    }

    /** A finite true value, but not x^y's where it is subnormal (see the random points' test). */
    private static Object judged(Op op, Object e) {
        Object f = finiteOnly(e);
        return op == Op.POW && f != null && subnormal(RuleAccuracyTest.toDouble((Dfp) f)) ? null : f;
    }

    /** Compares with the wider bound for second derivatives. */
    private static void compareF2(List<String> failures, String what, Object e, double a) {
        if (e == null) {
            return;
        }
        double ed = RuleAccuracyTest.toDouble((Dfp) e);
        if (Double.isInfinite(ed) ? ed == a : RuleAccuracyTest.ulpsOff((Dfp) e, a) <= F2_ULPS) {
            return;
        }
        double off = RuleAccuracyTest.ulpsOff((Dfp) e, a);
        {
            failures.add(what + " f2: expected " + RuleAccuracyTest.toDouble((Dfp) e) + " got " + a + " (" + off + " ulps)");
        }
    }

    /**
     * The generic rules at random points between the edge grid's ({@link RuleAccuracyTest#randomPoint}),
     * within {@link #F2_ULPS}: rootN's slope below |x| = 1 was 1/(n r^(n-1)), n - 1 times r's error
     * (up to 13 ulps at n = 17). Not judged: x^y's second partials where their true value is
     * subnormal, since the nested form then builds them on a subnormal x^y or x^(y-1) rounded to a
     * few digits (3.85^-546: 165 ulps; the class of known-inaccurate-edges.txt in module test).
     */
    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM")
    void fieldDualOfDualMatchesTheReferenceAtRandomPoints(Op op) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261206L + op.ordinal());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < 1000; i++) {
            double x = RuleAccuracyTest.randomPoint(random);
            if (op.arity() == 1) {
                double[] cs = RuleAccuracyTest.constants(op);
                double c = cs[random.nextInt(cs.length)];
                Object[] expected = RuleAccuracyTest.unaryReference(op, c, x);
                FieldDual<Dual> y = Ops.apply(op, FieldDual.of(Dual.variable(x), Dual.constant(1)), c);
                String what = "FieldDual<Dual> " + op + "(" + x + (c != 0 ? ", c=" + c : "") + ")";
                if (expected[1] instanceof Dfp) {
                    compareF2(failures, what + " generic f1 as", expected[1], y.tangent().value());
                }
                compareF2(failures, what + " generic", finiteOnly(expected[2]), y.tangent().tangent());
                checked++;
            } else {
                double z = RuleAccuracyTest.randomPoint(random);
                Object[] e = RuleAccuracyTest.binaryReference(op, x, z);
                if (e == null || Math.max(Math.abs(x), Math.abs(z)) < 1e-100 || subnormal(x) || subnormal(z)) {
                    continue;
                }
                String what = "FieldDual<Dual> " + op + "(" + x + ", " + z + ")";
                Nested n = Nested.at(op, x, z);
                compareF2(failures, what + " xx", judged(op, e[3]), n.xx().tangent().tangent());
                if (op != Op.ATAN2) {
                    compareF2(failures, what + " xy", judged(op, e[4]), n.xy().tangent().tangent());
                }
                compareF2(failures, what + " yy", judged(op, e[5]), n.yy().tangent().tangent());
                checked++;
            }
        }
        assertTrue(checked > 700, op + ": checked " + checked);
        assertTrue(failures.isEmpty(), op + ": " + failures.size() + " disagreements in " + checked + " points:\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void fieldDualOfDualMatchesTheReference(Op op) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        if (op.arity() == 1) {
            for (double c : RuleAccuracyTest.constants(op)) {
                for (double[] grid : new double[][] {RuleAccuracyTest.EDGES, RuleAccuracyTest.EXTRA}) {
                    for (double x : grid) {
                        if (!Double.isFinite(x)) {
                            continue;
                        }
                        Object[] expected = RuleAccuracyTest.unaryReference(op, c, x);
                        FieldDual<Dual> y = Ops.apply(op, FieldDual.of(Dual.variable(x), Dual.constant(1)), c);
                        String what = "FieldDual<Dual> " + op + "(" + x + (c != 0 ? ", c=" + c : "") + ")";
                        // f0 is T's own function; f1 from the generic table, f2 its derivative
                        if (expected[1] instanceof Dfp) {
                            compareF2(failures, what + " generic f1 as", expected[1], y.tangent().value());
                        } else {
                            RuleAccuracyTest.compare(failures, what + " generic", new Object[] {null, expected[1], null},
                                    new double[] {0, y.tangent().value(), 0});
                        }
                        compareF2(failures, what + " generic", finiteOnly(expected[2]), y.tangent().tangent());
                        RuleAccuracyTest.compare(failures, what + " inner", new Object[] {expected[0], expected[1], null},
                                new double[] {y.value().value(), y.value().tangent(), 0});
                        checked++;
                    }
                }
            }
        } else {
            for (double x : RuleAccuracyTest.EDGES) {
                for (double z : RuleAccuracyTest.EDGES) {
                    Object[] e = RuleAccuracyTest.binaryReference(op, x, z);
                    if (e == null || !Double.isFinite(x) || !Double.isFinite(z)) {
                        continue;
                    }
                    String what = "FieldDual<Dual> " + op + "(" + x + ", " + z + ")";
                    Nested n = Nested.at(op, x, z);
                    FieldDual<Dual> xy = n.xx();
                    FieldDual<Dual> mixed = n.xy();
                    FieldDual<Dual> both = n.yy();
                    FieldDual<Dual> yy = Ops.apply(op, FieldDual.constant(Dual.variable(x)),
                            FieldDual.constant(Dual.constant(z)));
                    RuleAccuracyTest.compare(failures, what, new Object[] {null, e[1], e[2], null, null, null},
                            new double[] {0, xy.tangent().value(), both.tangent().value(), 0, 0, 0});
                    if (Math.max(Math.abs(x), Math.abs(z)) < 1e-100 || subnormal(x) || subnormal(z)) {
                        // 1/r^3 overflows there: the quotient rule one level down meets inf - inf;
                        // at a subnormal argument a subnormal intermediate (x^y) is multiplied up
                        continue;
                    }
                    compareF2(failures, what + " xx", finiteOnly(e[3]), xy.tangent().tangent());
                    if (op != Op.ATAN2) {
                        compareF2(failures, what + " xy", finiteOnly(e[4]), mixed.tangent().tangent());
                    } else if (e[4] instanceof Dfp) {
                        // (y^2 - x^2)/r^4 reaches a nested dual as 1/r^2 - 2x^2/r^4: an error of an
                        // ulp of 1/r^2, zero only by luck where |x| = |y|
                        double scale = 1 / (x * x + z * z);
                        double off = Math.abs(mixed.tangent().tangent() - RuleAccuracyTest.toDouble((Dfp) e[4]));
                        if (Double.isFinite(scale) && !(off <= F2_ULPS * Math.ulp(scale) + Double.MIN_NORMAL)) {
                            failures.add(what + " xy f2: " + mixed.tangent().tangent() + " vs " + e[4]);
                        }
                    }
                    compareF2(failures, what + " yy", finiteOnly(e[5]), both.tangent().tangent());
                    RuleAccuracyTest.compare(failures, what + " inner", new Object[] {e[0], e[1], null, null, null, null},
                            new double[] {yy.value().value(), yy.value().tangent(), 0, 0, 0, 0});
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, op + ": nothing checked");
        assertTrue(failures.isEmpty(), op + ": " + failures.size() + " disagreements in " + checked + " points:\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void fieldDualOfDecimal64MatchesTheReference(Op op) {
        if (op == Op.ROOT_N || op == Op.POW_CONSTANT || op == Op.POW) {
            // Decimal64's own powers round the exponent (rootN(5) is FastMath.pow(x, 0.2), 34 ulps
            // off at 1e300): slopes built from them inherit T's error, not the table's
            return;
        }
        List<String> failures = new ArrayList<>();
        if (op.arity() == 1) {
            for (double c : RuleAccuracyTest.constants(op)) {
                for (double x : RuleAccuracyTest.EDGES) {
                    if (!Double.isFinite(x)) {
                        continue;
                    }
                    Object[] e = RuleAccuracyTest.unaryReference(op, c, x);
                    FieldDual<Decimal64> y = Ops.apply(op, FieldDual.variable(new Decimal64(x)), c);
                    RuleAccuracyTest.compare(failures, op + "(" + x + ", c=" + c + ")", new Object[] {null, e[1], null},
                            new double[] {0, y.tangent().getReal(), 0});
                }
            }
        } else {
            for (double x : RuleAccuracyTest.EDGES) {
                for (double z : RuleAccuracyTest.EDGES) {
                    Object[] e = RuleAccuracyTest.binaryReference(op, x, z);
                    if (e == null || !Double.isFinite(x) || !Double.isFinite(z)) {
                        continue;
                    }
                    FieldDual<Decimal64> gx = Ops.apply(op, FieldDual.variable(new Decimal64(x)),
                            FieldDual.constant(new Decimal64(z)));
                    FieldDual<Decimal64> gy = Ops.apply(op, FieldDual.constant(new Decimal64(x)),
                            FieldDual.variable(new Decimal64(z)));
                    RuleAccuracyTest.compare(failures, op + "(" + x + ", " + z + ")", new Object[] {null, e[1], e[2], null, null, null},
                            new double[] {0, gx.tangent().getReal(), gy.tangent().getReal(), 0, 0, 0});
                }
            }
        }
        assertTrue(failures.isEmpty(), "FieldDual<Decimal64> " + op + ": " + failures.size() + " disagreements:\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    /**
     * The points where Dfp's own functions are accurate at 60 digits and quick (its exp and pow
     * take time linear in the integer part of the exponent).
     */
    private static boolean dfpJudges(double x) {
        double m = Math.abs(x);
        return m <= 100 && (m >= 1e-5 || m == 0); // below, Dfp's sinh, asin... cancel at 60 digits
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void fieldDualOfDfpMatchesTheReferenceToFortyDigits(Op op) {
        List<String> failures = new ArrayList<>();
        Dfp one = RuleAccuracyTest.F.getOne();
        if (op.arity() == 1) {
            for (double c : RuleAccuracyTest.constants(op)) {
                if (Math.abs(c) > 100) {
                    continue;
                }
                for (double[] grid : new double[][] {RuleAccuracyTest.EDGES, RuleAccuracyTest.EXTRA}) {
                    for (double x : grid) {
                        if (!dfpJudges(x)) {
                            continue;
                        }
                        Object[] e = RuleAccuracyTest.unaryReference(op, c, x);
                        Dfp v = RuleAccuracyTest.F.newDfp(x);
                        FieldDual<FieldDual<Dfp>> y = Ops.apply(op,
                                FieldDual.of(FieldDual.variable(v), FieldDual.constant(one)), c);
                        closeTo(failures, op + "(" + x + ", c=" + c + ") f1", e[1], y.tangent().value());
                        closeTo(failures, op + "(" + x + ", c=" + c + ") f2", finiteOnly(e[2]), y.tangent().tangent());
                    }
                }
            }
        } else {
            for (double x : RuleAccuracyTest.EDGES) {
                for (double z : RuleAccuracyTest.EDGES) {
                    Object[] e = RuleAccuracyTest.binaryReference(op, x, z);
                    if (e == null || !dfpJudges(x) || !dfpJudges(z)) {
                        continue;
                    }
                    FieldDual<Dfp> gx = Ops.apply(op, FieldDual.variable(RuleAccuracyTest.F.newDfp(x)),
                            FieldDual.constant(RuleAccuracyTest.F.newDfp(z)));
                    FieldDual<Dfp> gy = Ops.apply(op, FieldDual.constant(RuleAccuracyTest.F.newDfp(x)),
                            FieldDual.variable(RuleAccuracyTest.F.newDfp(z)));
                    closeTo(failures, op + "(" + x + ", " + z + ") gx", e[1], gx.tangent());
                    closeTo(failures, op + "(" + x + ", " + z + ") gy", e[2], gy.tangent());
                }
            }
        }
        assertTrue(failures.isEmpty(), "FieldDual<Dfp> " + op + ": " + failures.size() + " disagreements:\n"
                + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    /** A Dfp expectation within {@link #DFP_RELATIVE}; exact ones (conventions) are not judged here. */
    private static void closeTo(List<String> failures, String what, Object expected, Dfp actual) {
        if (expected == null) {
            return;
        }
        if (expected instanceof Double) {
            return; // the conventions, checked with T = Dual (Dfp's own zeros and poles differ)
        }
        Dfp e = (Dfp) expected;
        if (e.isNaN() || e.isInfinite() || actual.isNaN() || actual.isInfinite()) {
            if (!(e.isNaN() && actual.isNaN() || e.equals(actual))) {
                failures.add(what + ": expected " + e + " got " + actual);
            }
            return;
        }
        Dfp err = actual.subtract(e).abs();
        Dfp tol = e.abs().multiply(RuleAccuracyTest.F.newDfp(DFP_RELATIVE)).add(RuleAccuracyTest.F.newDfp("1e-1000"));
        if (err.greaterThan(tol)) {
            failures.add(what + ": expected " + e + " got " + actual);
        }
    }

    @Test
    void ofWithAZeroTangentIsAConstant() {
        // d/dx [x * sqrt(c)] at c = 0 with c = of(0, zero): the zero tangent meets sqrt's infinite slope
        for (Dual z : new Dual[] {Dual.constant(0), Dual.constant(-0.0)}) {
            FieldDual<Dual> c = FieldDual.of(Dual.constant(0), z);
            assertEquals(FieldDual.constant(Dual.constant(0)), c);
            FieldDual<Dual> s = c.sqrt().add(c.log().multiply(2));
            assertEquals(0.0, s.tangent().value(), "tangent through sqrt(0) and log(0) of a zero-tangent of()");
            assertEquals(0.0, s.tangent().tangent());
        }
        // a tangent zero in value but carrying an inner derivative is not zero
        FieldDual<Dual> d = FieldDual.of(Dual.constant(2), Dual.variable(0));
        assertEquals(1.0, d.multiply(3).tangent().tangent() / 3);
    }

    /**
     * x^y's base slope is x^y's derivative as a function in T at every order: through y = 0 a
     * triply nested dual's third derivative of (1.385 - 0.1186 t)^(-0.4738 t) read -0.0183 (the
     * shortcut y / x, right to first order only) where Taylor mode and exp(y log x) give -0.0308.
     */
    @Test
    void powThroughAZeroExponentIsRightAtTheThirdOrder() {
        double x0 = 1.385;
        double x1 = -0.1186;
        double y1 = -0.4738;
        for (double y0 : new double[] {0, 1, 0.5, -1}) {
            FieldDual<FieldDual<Dual>> r = line(x0, x1).pow(line(y0, y1));
            double expected = 6 * Taylor.of(y0, y1, 0, 0).multiply(Taylor.of(x0, x1, 0, 0).log()).exp().coefficient(3);
            assertEquals(expected, r.tangent().tangent().tangent(), 1e-15, "y0 = " + y0);
        }
    }

    /**
     * The rules' internal rescalings keep T's derivatives: T's own scalb multiplies them by the
     * double 2^k, 0 below 2^-1074 (a triply nested dual's third derivative of 1e-200 / (1e100 + t)
     * read 2e-300 for 6e-300, of atan2(1e-200 + t, 1e100 + t) 0 for 4e-300); and outside the
     * domain every order is NaN (the third derivative of sqrt(-1 + t) read 0). Taylor mode is the
     * reference.
     */
    @Test
    void nestedDualsKeepEveryOrderThroughRescalingsAndOutsideTheDomain() {
        for (double[] c : new double[][] {{1e-200, 1e100}, {1e-300, 1e20}, {4.9e-322, 20}}) {
            assertThird("divide at " + c[0], Taylor.of(c[0], 1, 0, 0).divide(Taylor.of(c[1], 1, 0, 0)),
                    line(c[0], 1).divide(line(c[1], 1)));
        }
        assertThird("atan2", Taylor.of(1e-200, 1, 0, 0).atan2(Taylor.of(1e100, 1, 0, 0)),
                line(1e-200, 1).atan2(line(1e100, 1)));
        for (double[] c : new double[][] {{1e-150, 1e100}, {1e-300, 1e150}, {4.9e-322, 20}}) {
            assertThird("hypot at " + c[0], Taylor.of(c[0], 1, 0, 0).hypot(Taylor.of(c[1], 1, 0, 0)),
                    line(c[0], 1).hypot(line(c[1], 1)));
        }
        FieldDual<FieldDual<Dual>> outside = line(-1, 1).sqrt();
        assertTrue(Double.isNaN(outside.tangent().tangent().tangent()), "third derivative of sqrt(-1 + t)");
        FieldDual<FieldDual<Dual>> byZero = line(3, 1).remainder(line(0, 0));
        assertTrue(Double.isNaN(byZero.tangent().tangent().value()), "second derivative of remainder(3 + t, 0)");
    }

    /** The nest's second (both ways of reading it) and third derivatives against Taylor's. */
    private static void assertThird(String what, Taylor t, FieldDual<FieldDual<Dual>> r) {
        double second = 2 * t.coefficient(2);
        double third = 6 * t.coefficient(3);
        assertEquals(second, r.tangent().tangent().value(), 1e-13 * Math.abs(second), what + ": second");
        assertEquals(second, r.tangent().value().tangent(), 1e-13 * Math.abs(second), what + ": second, other part");
        assertEquals(third, r.tangent().tangent().tangent(), 1e-13 * Math.abs(third), what + ": third");
    }

    /** v0 + v1 t with three nested perturbations, each along t. */
    private static FieldDual<FieldDual<Dual>> line(double v0, double v1) {
        return FieldDual.of(FieldDual.of(Dual.of(v0, v1), Dual.constant(v1)),
                FieldDual.of(Dual.constant(v1), Dual.constant(0)));
    }
}
