package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.Field;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every rule of {@link Differentiable}'s table (the value f0 and the derivatives f1, f2 it hands
 * to the compose hooks; for binary ops g0, gx, gy, gxx, gxy, gyy) against a 60-digit reference
 * computed here with Commons Math's {@link Dfp}, over the edge grid of the double range.
 *
 * <h2>Bound</h2>
 * Where the true result is a finite double, ours is within {@link #ULPS} ulps of it; the ulp of a
 * result below MIN_NORMAL is MIN_VALUE, so there the bound is an absolute {@code ULPS * MIN_VALUE}.
 * Where the true result overflows, ours is the infinity of its sign (or a double within the bound
 * of MAX_VALUE); where it underflows, a zero. Kinks and domain edges give exactly the table's
 * conventions; outside the domain everything is NaN; at &plusmn;&infin; a unary rule gives the
 * limits (the reference at &plusmn;10^1000), NaN where there is none (sin).
 *
 * <p>The reference is written without cancellation at 60 digits (series below 1e-5 for expm1,
 * log1p; x - 1 is exact there), and trigonometric arguments are reduced modulo 2&pi; with a
 * 420-digit &pi; first, since sin(1e300) needs 300 digits of &pi; before the first correct one.
 */
class RuleAccuracyTest {

    /** The bound, in ulps of the true result (MIN_VALUE below MIN_NORMAL). */
    static final int ULPS = 4;

    static final DfpField F = new DfpField(60);
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** The edge grid, both signs of each magnitude, the infinities and NaN. */
    static final double[] EDGES;

    static {
        double[] m = {0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, 1e-154, 1e-8, 1 - 0x1p-52, 1, 1 + 0x1p-52, 2,
            1e8, 1e154, 1.34e154, 1e300, Double.MAX_VALUE, INF};
        EDGES = new double[2 * m.length + 1];
        for (int i = 0; i < m.length; i++) {
            EDGES[2 * i] = m[i];
            EDGES[2 * i + 1] = -m[i];
        }
        EDGES[2 * m.length] = NAN;
    }

    /** A few more points where single functions bend: tanh and sinh near overflow, tan near its pole. */
    static final double[] EXTRA = {0.5, -0.5, 3, -3, 20, -20, 100, 700, -700, 710, -710, 711, 1e22, -1e22,
        Math.PI / 2, Math.nextUp(Math.PI / 2), Math.nextDown(Math.PI / 2), 1 - 1e-12, -1 + 1e-12};

    /** The constants each parameterised op is tried with. */
    static double[] constants(Op op) {
        switch (op) {
            case ADD_CONSTANT:
            case SUBTRACT_CONSTANT:
                return new double[] {2.5, -0.75, 1e300};
            case MULTIPLY_CONSTANT:
                return new double[] {3, -0.5, 0, 1e300};
            case DIVIDE_CONSTANT:
                return new double[] {3, -0.5, 1e-300};
            case SCALB:
                return new double[] {3, -2, 1100, -1100};
            case ROOT_N:
                return new double[] {1, 2, 3, 4, 5, 17};
            case POW_CONSTANT:
                return new double[] {-2.5, -1, 0, 1e-8, 1.0 / 3, 0.5, 1, 1 + 0x1p-52, 2, 3, 3.5, 1000.5, 1e8};
            case POW_INT:
                return new double[] {-3, -1, 0, 1, 2, 3, 5, 1000};
            case COPY_SIGN_CONSTANT:
                return new double[] {1, -1, 0.0, -0.0};
            case REMAINDER_CONSTANT:
                return new double[] {2.5, -1, 1e-300};
            default:
                return new double[] {0};
        }
    }

    // ------------------------------------------------------------------ the capture

    /** A number that records what the rule handed to its compose hook. */
    static final class Capture implements Differentiable<Capture> {
        final double v;
        Op op;
        double[] parts;

        Capture(double v) {
            this.v = v;
        }

        @Override
        public double value() {
            return v;
        }

        @Override
        public Field<Capture> getField() {
            return SimpleField.of(new Capture(0), new Capture(1));
        }

        @Override
        public Capture compose(Op o, double c, double f0, double f1, double f2) {
            Capture r = new Capture(f0);
            r.op = o;
            r.parts = new double[] {f0, f1, f2};
            return r;
        }

        @Override
        public Capture compose(Op o, Capture y, double g0, double gx, double gy, double gxx, double gxy, double gyy) {
            Capture r = new Capture(g0);
            r.op = o;
            r.parts = new double[] {g0, gx, gy, gxx, gxy, gyy};
            return r;
        }
    }

    /** The rule's parts for op at x (constant c). */
    static double[] rule(Op op, double x, double c) {
        Capture r = Ops.apply(op, new Capture(x), c);
        assertEquals(op, r.op, op + " composed another op");
        return r.parts;
    }

    /** The rule's parts for op at (x, y). */
    static double[] rule2(Op op, double x, double y) {
        Capture r = Ops.apply(op, new Capture(x), new Capture(y));
        assertEquals(op, r.op, op + " composed another op");
        return r.parts;
    }

    // ------------------------------------------------------------------ the tests

    /** Every default method of Differentiable that returns a number composes exactly one Op, and every Op is reached. */
    @Test
    void everyDefaultMethodIsAnOpAndEveryOpIsTested() throws Exception {
        Set<Op> reached = EnumSet.noneOf(Op.class);
        List<String> missing = new ArrayList<>();
        for (Method m : Differentiable.class.getDeclaredMethods()) {
            if (!m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getName().equals("linearCombination")
                    || m.getName().equals("compose") // the custom-Rule hooks: CustomRuleTest
                    || m.getReturnType() != Differentiable.class) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            Class<?>[] types = m.getParameterTypes();
            for (int i = 0; i < args.length; i++) {
                args[i] = types[i] == int.class ? (Object) 3 : types[i] == double.class ? (Object) 0.75 : new Capture(0.5);
            }
            Capture r = (Capture) m.invoke(new Capture(0.25), args);
            if (r.op == null) {
                missing.add(m.toString());
            } else {
                reached.add(r.op);
            }
        }
        assertTrue(missing.isEmpty(), "default methods that compose no Op: " + missing);
        assertEquals(EnumSet.complementOf(EnumSet.of(Op.CUSTOM)), reached, "ops no default method composes");
    }

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void everyRuleIsAccurateOverTheEdgeGrid(Op op) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        if (op.arity() == 1) {
            for (double c : constants(op)) {
                for (double[] grid : new double[][] {EDGES, EXTRA}) {
                    for (double x : grid) {
                        Object[] expected = unaryReference(op, c, x);
                        compare(failures, op + "(" + x + (c != 0 ? ", c=" + c : "") + ")", expected, rule(op, x, c));
                        checked++;
                    }
                }
            }
        } else {
            for (double x : EDGES) {
                for (double y : EDGES) {
                    Object[] expected = binaryReference(op, x, y);
                    if (expected != null) {
                        compare(failures, op + "(" + x + ", " + y + ")", expected, rule2(op, x, y));
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 0, op + ": nothing checked");
        assertTrue(failures.isEmpty(), op + ": " + failures.size() + " of " + checked + " points off by more than "
                + ULPS + " ulps:\n" + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    /**
     * Random points between the edge grid's: magnitudes log-uniform from 1e-320 to 1e308 and
     * uniform in [-760, 760], where exp, sinh, cosh and tanh leave the range (tanh's slope read up
     * to 2 ulps off between |x| = 354 and 373, between the grid's 100 and 700). Two-argument
     * functions at random pairs of such points.
     */
    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM")
    void everyRuleIsAccurateAtRandomPointsAcrossTheRange(Op op) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261206L + op.ordinal());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int points = op.arity() == 1 ? 400 : 300;
        for (int i = 0; i < points; i++) {
            double x = randomPoint(random);
            if (op.arity() == 1) {
                double[] cs = constants(op);
                double c = cs[random.nextInt(cs.length)];
                compare(failures, op + "(" + x + (c != 0 ? ", c=" + c : "") + ")", unaryReference(op, c, x), rule(op, x, c));
                checked++;
            } else {
                double y = randomPoint(random);
                Object[] expected = binaryReference(op, x, y);
                if (expected != null) {
                    compare(failures, op + "(" + x + ", " + y + ")", expected, rule2(op, x, y));
                    checked++;
                }
            }
        }
        assertTrue(checked > points / 2, op + ": checked " + checked);
        assertTrue(failures.isEmpty(), op + ": " + failures.size() + " of " + checked + " points off by more than "
                + ULPS + " ulps:\n" + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    static double randomPoint(java.util.SplittableRandom random) {
        double sign = random.nextBoolean() ? 1 : -1;
        if (random.nextInt(3) == 0) {
            return sign * 760 * random.nextDouble();
        }
        return sign * Math.pow(10, -320 + 628 * random.nextDouble());
    }

    // ------------------------------------------------------------------ comparison

    private static final String[] UNARY_NAMES = {"f0", "f1", "f2"};
    private static final String[] BINARY_NAMES = {"g0", "gx", "gy", "gxx", "gxy", "gyy"};

    /**
     * Each expected part is a Double (exact: a convention, NaN, an IEEE value), a Dfp (the true
     * value, to within the bound), or null (not stated).
     */
    static void compare(List<String> failures, String what, Object[] expected, double[] actual) {
        String[] names = expected.length == 3 ? UNARY_NAMES : BINARY_NAMES;
        for (int i = 0; i < expected.length; i++) {
            Object e = expected[i];
            if (e == null) {
                continue;
            }
            double a = actual[i];
            if (e instanceof Double) {
                double d = (Double) e;
                if (!(d == a || Double.isNaN(d) && Double.isNaN(a))) {
                    failures.add(what + " " + names[i] + ": expected exactly " + d + " got " + a);
                }
            } else if (!within((Dfp) e, a)) {
                failures.add(what + " " + names[i] + ": expected " + toDouble((Dfp) e) + " (" + ((Dfp) e).toString()
                        .substring(0, Math.min(24, ((Dfp) e).toString().length())) + ") got " + a
                        + " (" + ulpsOff((Dfp) e, a) + " ulps)");
            }
        }
    }

    static boolean within(Dfp e, double a) {
        if (e.isNaN()) {
            return Double.isNaN(a);
        }
        double ed = toDouble(e);
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isInfinite(a)) {
            // an infinity is right if the truth rounds to it, or lies within the bound of MAX_VALUE
            return Math.signum(a) == ed_sign(e) && (Double.isInfinite(ed)
                    || e.abs().greaterThan(F.newDfp(Double.MAX_VALUE).subtract(F.newDfp(ULPS * Math.ulp(Double.MAX_VALUE)))));
        }
        if (e.isInfinite()) {
            return false;
        }
        return !Double.isNaN(ulpsOff(e, a)) && ulpsOff(e, a) <= ULPS;
    }

    private static double ed_sign(Dfp e) {
        return e.negativeOrNull() ? -1 : 1;
    }

    /** |a - e| in ulps of e rounded to a double (MAX_VALUE's ulp beyond it, MIN_VALUE below MIN_NORMAL). */
    static double ulpsOff(Dfp e, double a) {
        if (e.isInfinite() || e.isNaN() || !Double.isFinite(a)) {
            return NAN;
        }
        double ed = toDouble(e);
        double ulp = Double.isInfinite(ed) ? Math.ulp(Double.MAX_VALUE) : Math.ulp(ed);
        return toDouble(F.newDfp(a).subtract(e).abs().divide(F.newDfp(ulp)));
    }

    /** Rounds a Dfp to the nearest double, subnormals included (through its decimal string). */
    static double toDouble(Dfp d) {
        if (d.isNaN()) {
            return NAN;
        }
        if (d.isInfinite()) {
            return d.negativeOrNull() ? -INF : INF;
        }
        if (d.isZero()) {
            return d.negativeOrNull() ? -0.0 : 0.0;
        }
        return new BigDecimal(d.toString()).doubleValue();
    }

    // ------------------------------------------------------------------ the reference, unary

    private static Dfp dfp(double x) {
        return F.newDfp(x);
    }

    /** A value beyond the double range standing for an infinite argument: the limits there are the rule's. */
    private static Dfp beyond(double x) {
        return F.newDfp(x > 0 ? "1e1000" : "-1e1000");
    }

    private static Object[] exact(double f0, double f1, double f2) {
        return new Object[] {f0, f1, f2};
    }

    static Object[] unaryReference(Op op, double c, double xd) {
        // conventions, piecewise and affine ops: IEEE formulas, which carry a NaN argument along
        Object[] special = unarySpecial(op, c, xd);
        if (special != null) {
            return special;
        }
        if (Double.isNaN(xd)) {
            return exact(NAN, NAN, NAN);
        }
        if (op == Op.ROOT_N && Double.isInfinite(xd)) {
            return new Object[] {null, NAN, NAN}; // the table's NaN: r/(n x) is inf/inf
        }
        Dfp x = Double.isInfinite(xd) ? beyond(xd) : dfp(xd);
        Dfp[] r = unarySmooth(op, c, x, xd);
        if (!Double.isInfinite(xd)) {
            return r;
        }
        // at an infinite argument the derivatives' limits are exact: the reference at 1e1000 rounds
        // to them; the value (log(inf) = inf) is IEEE's, checked by ConventionsAbstractTest
        return new Object[] {null, toDouble(r[1]), toDouble(r[2])};
    }

    /** Conventions, domain edges and piecewise ops: exact expected values, or null for a smooth point. */
    private static Object[] unarySpecial(Op op, double c, double x) {
        boolean zero = x == 0;
        switch (op) {
            case ABS:
                return exact(Math.abs(x), Math.signum(x), 0);
            case FLOOR:
                return exact(Math.floor(x), 0, 0);
            case CEIL:
                return exact(Math.ceil(x), 0, 0);
            case RINT:
                return exact(Math.rint(x), 0, 0);
            case SIGNUM:
                return exact(Math.signum(x), 0, 0);
            case COPY_SIGN_CONSTANT:
                return exact(Math.copySign(x, c), Math.copySign(1, x) == Math.copySign(1, c) ? 1 : -1, 0);
            case REMAINDER_CONSTANT: {
                double r = Math.IEEEremainder(x, c);
                return Double.isNaN(r) ? exact(r, NAN, NAN) : exact(r, 1, 0);
            }
            case SCALB:
                return exact(Math.scalb(x, (int) c), Math.scalb(1.0, (int) c), 0);
            case NEGATE:
                return exact(-x, -1, 0);
            case ADD_CONSTANT:
                return exact(x + c, 1, 0);
            case SUBTRACT_CONSTANT:
                return exact(x - c, 1, 0);
            case MULTIPLY_CONSTANT:
                return exact(x * c, c, 0);
            case DIVIDE_CONSTANT:
                return exact(x / c, 1 / c, 0);
            case SQRT:
            case CBRT:
                if (zero) {
                    return exact(x, INF, -INF);
                }
                return op == Op.SQRT && x < 0 ? exact(NAN, NAN, NAN) : null;
            case ROOT_N:
                if (c == 1) {
                    return exact(x, 1, 0);
                }
                if (zero) {
                    return exact(x == 0 && c % 2 == 1 ? x : 0.0, INF, -INF);
                }
                return c % 2 == 0 && x < 0 ? exact(NAN, NAN, NAN) : null;
            case POW_CONSTANT:
            case POW_INT:
                if (c == 0) {
                    return exact(1, 0, 0);
                }
                if (c == 1) {
                    return exact(x, 1, 0);
                }
                if (c == 2) {
                    return new Object[] {x * x, 2 * x, 2.0};
                }
                if (zero) { // the limits (the conventions table), exact in IEEE arithmetic at 0
                    return exact(Math.pow(x, c), c * Math.pow(x, c - 1), c * (c - 1) * Math.pow(x, c - 2));
                }
                if (Double.isInfinite(x)) { // IEEE pow at infinity is exactly 0 or infinite
                    return new Object[] {null, c * Math.pow(x, c - 1), c * (c - 1) * Math.pow(x, c - 2)};
                }
                if (x < 0 && c != Math.rint(c)) {
                    return exact(NAN, NAN, NAN);
                }
                return null;
            case LOG:
            case LOG10:
                if (zero) {
                    return exact(-INF, INF, -INF);
                }
                return x < 0 ? exact(NAN, NAN, NAN) : null;
            case LOG1P:
                if (x == -1) {
                    return exact(-INF, INF, -INF);
                }
                return x < -1 ? exact(NAN, NAN, NAN) : null;
            case ASIN:
            case ACOS:
                if (Math.abs(x) == 1) {
                    double s = op == Op.ASIN ? 1 : -1;
                    Dfp half = F.getPi().divide(2);
                    Dfp v = op == Op.ASIN ? half.multiply((int) x) : half.subtract(half.multiply((int) x));
                    return new Object[] {v, s * INF, s * x * INF};
                }
                return Math.abs(x) > 1 ? exact(NAN, NAN, NAN) : null;
            case ACOSH:
                if (x == 1) {
                    return exact(0, INF, -INF);
                }
                return x < 1 ? exact(NAN, NAN, NAN) : null;
            case ATANH:
                if (Math.abs(x) == 1) {
                    return exact(x * INF, INF, x * INF);
                }
                return Math.abs(x) > 1 ? exact(NAN, NAN, NAN) : null;
            case RECIPROCAL:
                return zero ? exact(1 / x, -INF, 2 / x) : null;
            case SIN:
            case COS:
            case TAN:
                return Double.isInfinite(x) ? exact(NAN, NAN, NAN) : null;
            default:
                return null;
        }
    }

    private static Dfp[] unarySmooth(Op op, double c, Dfp x, double xd) {
        Dfp one = F.getOne();
        switch (op) {
            case RECIPROCAL:
                return new Dfp[] {one.divide(x), x.multiply(x).reciprocal().negate(), x.multiply(x).multiply(x).reciprocal().multiply(2)};
            case SQRT: {
                Dfp s = x.sqrt();
                return new Dfp[] {s, s.multiply(2).reciprocal(), x.multiply(s).multiply(4).reciprocal().negate()};
            }
            case CBRT:
                return root(x, 3);
            case ROOT_N:
                return root(x, (int) c);
            case POW_CONSTANT:
            case POW_INT: {
                Dfp p = dfp(c);
                Dfp v = pow(x, p, xd < 0);
                return new Dfp[] {v, p.multiply(v).divide(x), p.multiply(p.subtract(1)).multiply(v).divide(x).divide(x)};
            }
            case EXP: {
                Dfp e = exp(x);
                return new Dfp[] {e, e, e};
            }
            case EXPM1: {
                Dfp e = exp(x);
                return new Dfp[] {expm1(x), e, e};
            }
            case LOG: {
                return new Dfp[] {log(x), x.reciprocal(), x.multiply(x).reciprocal().negate()};
            }
            case LOG1P: {
                Dfp b = x.add(1);
                return new Dfp[] {log1p(x), b.reciprocal(), b.multiply(b).reciprocal().negate()};
            }
            case LOG10: {
                Dfp ln10 = log(dfp(10));
                return new Dfp[] {log(x).divide(ln10), x.multiply(ln10).reciprocal(),
                    x.multiply(x).multiply(ln10).reciprocal().negate()};
            }
            case SIN: {
                Dfp r = reduce(x, xd);
                return new Dfp[] {r.sin(), r.cos(), r.sin().negate()};
            }
            case COS: {
                Dfp r = reduce(x, xd);
                return new Dfp[] {r.cos(), r.sin().negate(), r.cos().negate()};
            }
            case TAN: {
                Dfp r = reduce(x, xd);
                Dfp t = r.sin().divide(r.cos());
                Dfp d = t.multiply(t).add(1);
                return new Dfp[] {t, d, t.multiply(d).multiply(2)};
            }
            case ASIN:
            case ACOS: {
                Dfp w = one.subtract(x).multiply(one.add(x));
                Dfp s = w.sqrt();
                Dfp asin = x.divide(s).atan();
                Dfp sign = op == Op.ASIN ? one : one.negate();
                Dfp v = op == Op.ASIN ? asin : F.getPi().divide(2).subtract(asin);
                return new Dfp[] {v, sign.divide(s), sign.multiply(x).divide(w.multiply(s))};
            }
            case ATAN: {
                Dfp d = x.multiply(x).add(1);
                return new Dfp[] {x.atan(), d.reciprocal(), x.multiply(-2).divide(d.multiply(d))};
            }
            case SINH: {
                Dfp s = sinh(x);
                return new Dfp[] {s, cosh(x), s};
            }
            case COSH: {
                Dfp ch = cosh(x);
                return new Dfp[] {ch, sinh(x), ch};
            }
            case TANH: {
                Dfp e = exp(x.abs().multiply(-2));
                Dfp em = expm1(x.abs().multiply(-2));
                Dfp t = em.negate().divide(em.add(2));
                if (xd < 0) {
                    t = t.negate();
                }
                Dfp d = e.add(1);
                Dfp sech2 = e.multiply(4).divide(d.multiply(d));
                return new Dfp[] {t, sech2, t.multiply(sech2).multiply(-2)};
            }
            case ASINH: {
                Dfp m = x.abs();
                Dfp d = x.multiply(x).add(1);
                Dfp v = log1p(m.add(m.multiply(m).divide(d.sqrt().add(1))));
                return new Dfp[] {xd < 0 ? v.negate() : v, d.sqrt().reciprocal(), x.negate().divide(d.multiply(d.sqrt()))};
            }
            case ACOSH: {
                Dfp t = x.subtract(1);
                Dfp w = t.multiply(x.add(1));
                return new Dfp[] {log1p(t.add(t.multiply(2).add(t.multiply(t)).sqrt())), w.sqrt().reciprocal(),
                    x.negate().divide(w.multiply(w.sqrt()))};
            }
            case ATANH: {
                Dfp w = one.subtract(x).multiply(one.add(x));
                return new Dfp[] {log1p(x.multiply(2).divide(one.subtract(x))).divide(2), w.reciprocal(),
                    x.multiply(2).divide(w.multiply(w))};
            }
            default:
                throw new AssertionError(op + " has no unary reference");
        }
    }

    /** The real n-th root and its derivatives: r, r/(n x), (1 - n) r/(n x)^2. */
    private static Dfp[] root(Dfp x, int n) {
        Dfp r = exp(log(x.abs()).divide(n));
        if (x.negativeOrNull()) {
            r = r.negate();
        }
        Dfp nx = x.multiply(n);
        return new Dfp[] {r, r.divide(nx), r.multiply(1 - n).divide(nx.multiply(nx))};
    }

    /** x^p, a negative x with an integer p by its sign. */
    private static Dfp pow(Dfp x, Dfp p, boolean negative) {
        Dfp v = exp(log(x.abs()).multiply(p));
        if (negative && !p.divide(2).rint().equals(p.divide(2))) {
            v = v.negate();
        }
        return v;
    }

    /**
     * exp by squaring exp(x / 2^k) (Dfp's own exp takes time linear in the integer part);
     * beyond |x| = 1e5 the result is far outside the double range and the test needs only that.
     */
    private static Dfp exp(Dfp x) {
        if (x.isNaN()) {
            return x;
        }
        if (x.abs().greaterThan(F.newDfp(1e5))) {
            return x.negativeOrNull() ? F.getZero() : F.newDfp(INF);
        }
        int k = 0;
        Dfp r = x;
        while (r.abs().greaterThan(F.getOne())) {
            r = r.divide(2);
            k++;
        }
        Dfp e = r.exp();
        for (int i = 0; i < k; i++) {
            e = e.multiply(e);
        }
        return e;
    }

    private static Dfp log(Dfp x) {
        return x.log();
    }

    /** exp(x) - 1 without cancellation: a series below 1e-5 (terms to x^16 reach 1e-80). */
    private static Dfp expm1(Dfp x) {
        if (x.abs().lessThan(F.newDfp("1e-5"))) {
            Dfp sum = F.getZero();
            Dfp term = F.getOne();
            for (int k = 1; k <= 16; k++) {
                term = term.multiply(x).divide(k);
                sum = sum.add(term);
            }
            return sum;
        }
        return exp(x).subtract(1);
    }

    /** log(1 + x) without cancellation: a series below 1e-5. */
    private static Dfp log1p(Dfp x) {
        if (x.abs().lessThan(F.newDfp("1e-5"))) {
            Dfp sum = F.getZero();
            Dfp power = F.getOne();
            for (int k = 1; k <= 16; k++) {
                power = power.multiply(x);
                Dfp term = power.divide(k);
                sum = (k & 1) == 1 ? sum.add(term) : sum.subtract(term);
            }
            return sum;
        }
        return x.add(1).log();
    }

    private static Dfp sinh(Dfp x) {
        if (x.abs().greaterThan(F.getOne())) {
            Dfp e = exp(x);
            return e.subtract(e.reciprocal()).divide(2);
        }
        Dfp em = expm1(x);
        // (e^x - e^-x)/2 = (em + em/(em + 1))/2, no cancellation near 0
        return em.add(em.divide(em.add(1))).divide(2);
    }

    private static Dfp cosh(Dfp x) {
        Dfp e = exp(x);
        return e.add(e.reciprocal()).divide(2);
    }

    /** pi to 420 digits, by Machin's formula in BigDecimal. */
    private static final BigDecimal PI_420 = machinPi();

    private static BigDecimal machinPi() {
        java.math.MathContext mc = new java.math.MathContext(440);
        return atanInverse(5, mc).multiply(BigDecimal.valueOf(16)).subtract(atanInverse(239, mc).multiply(BigDecimal.valueOf(4)), mc);
    }

    private static BigDecimal atanInverse(int n, java.math.MathContext mc) {
        BigDecimal nn = BigDecimal.valueOf((long) n * n);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(n), mc);
        BigDecimal sum = power;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(450);
        for (int k = 1; power.abs().compareTo(eps) > 0; k++) {
            power = power.divide(nn, mc);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), mc);
            sum = (k & 1) == 1 ? sum.subtract(term, mc) : sum.add(term, mc);
        }
        return sum;
    }

    /** x modulo 2 pi (exactly enough for 60 digits), for an argument above 1 in magnitude. */
    private static Dfp reduce(Dfp x, double xd) {
        if (Math.abs(xd) <= 1) {
            return x;
        }
        BigDecimal twoPi = PI_420.multiply(BigDecimal.valueOf(2));
        BigDecimal b = new BigDecimal(xd);
        BigDecimal q = b.divideToIntegralValue(twoPi);
        return F.newDfp(b.subtract(q.multiply(twoPi)).round(new java.math.MathContext(80)).toString());
    }

    // ------------------------------------------------------------------ the reference, binary

    /** null where the grid point is not judged: a non-finite argument of an op with no limit convention. */
    static Object[] binaryReference(Op op, double x, double y) {
        boolean finite = Double.isFinite(x) && Double.isFinite(y);
        switch (op) {
            case COPY_SIGN:
                return new Object[] {Math.copySign(x, y), Math.copySign(1, x) == Math.copySign(1, y) ? 1.0 : -1.0, 0.0, 0.0, 0.0, 0.0};
            case REMAINDER: {
                double r = Math.IEEEremainder(x, y);
                if (Double.isNaN(r)) {
                    return new Object[] {r, NAN, NAN, NAN, NAN, NAN};
                }
                Object n = Double.isInfinite(y) ? (Object) 0.0 : dfp(x).subtract(dfp(r)).divide(dfp(y)).rint().negate();
                return new Object[] {r, 1.0, n, 0.0, 0.0, 0.0};
            }
            case ADD:
                return new Object[] {x + y, 1.0, 1.0, 0.0, 0.0, 0.0};
            case SUBTRACT:
                return new Object[] {x - y, 1.0, -1.0, 0.0, 0.0, 0.0};
            case MULTIPLY:
                return new Object[] {x * y, y, x, 0.0, 1.0, 0.0};
            default:
                break;
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return op == Op.DIVIDE ? new Object[] {NAN, slopeOfDivide(y), NAN, 0.0, mixedOfDivide(y), NAN}
                    : op == Op.POW && y == 2 ? new Object[] {NAN, NAN, NAN, 2.0, NAN, NAN}
                    : op == Op.POW && y == 0 ? new Object[] {1.0, 0.0, null, 0.0, null, null}
                    : op == Op.POW && y == 1 ? new Object[] {NAN, 1.0, NAN, 0.0, NAN, NAN}
                    : op == Op.HYPOT && (Double.isInfinite(x) || Double.isInfinite(y)) ? null
                    : new Object[] {NAN, NAN, NAN, NAN, NAN, NAN};
        }
        switch (op) {
            case DIVIDE:
                if (y == 0 || !finite) {
                    // IEEE arithmetic of the formulas: x/y, 1/y, -x/y^2, 0, -1/y^2, 2x/y^3
                    return new Object[] {x / y, slopeOfDivide(y), -x * (1 / (y * y)), 0.0, mixedOfDivide(y),
                        2 * x * (1 / (y * y * y))};
                }
                return new Object[] {dfp(x).divide(dfp(y)), dfp(y).reciprocal(), dfp(x).divide(dfp(y).multiply(dfp(y))).negate(),
                    0.0, dfp(y).multiply(dfp(y)).reciprocal().negate(), dfp(x).multiply(2).divide(dfp(y).multiply(dfp(y)).multiply(dfp(y)))};
            case ATAN2:
                return atan2Reference(x, y);
            case HYPOT:
                return hypotReference(x, y);
            case POW:
                return powReference(x, y);
            default:
                throw new AssertionError(op + " has no binary reference");
        }
    }

    /** d/dx x/y = 1/y: the true value where y is finite and nonzero, IEEE's otherwise. */
    private static Object slopeOfDivide(double y) {
        return y != 0 && Double.isFinite(y) ? dfp(y).reciprocal() : (Object) (1 / y);
    }

    /** d2/dxdy x/y = -1/y^2, as {@link #slopeOfDivide}. */
    private static Object mixedOfDivide(double y) {
        return y != 0 && Double.isFinite(y) ? dfp(y).multiply(dfp(y)).reciprocal().negate() : (Object) (-1 / (y * y));
    }

    private static Object[] zeros6(double g0) {
        return new Object[] {g0, 0.0, 0.0, 0.0, 0.0, 0.0};
    }

    /** atan2(this = y, x = the argument): the angle of (x, y). */
    private static Object[] atan2Reference(double yd, double xd) {
        if (Double.isInfinite(yd) || Double.isInfinite(xd)) {
            // the table's convention: NaN partials (x/r^2 is inf/inf)
            return new Object[] {Math.atan2(yd, xd), NAN, NAN, NAN, NAN, NAN};
        }
        if (yd == 0 && xd == 0) { // the origin's convention
            return zeros6(Math.atan2(yd, xd));
        }
        Dfp y = dfp(yd);
        Dfp x = dfp(xd);
        Dfp pi = F.getPi();
        Dfp angle;
        if (xd > 0) {
            angle = y.divide(x).atan();
        } else if (xd < 0) {
            Dfp half = Math.copySign(1, yd) > 0 ? pi : pi.negate();
            angle = yd == 0 ? half : y.divide(x).atan().add(half);
        } else {
            angle = yd > 0 ? pi.divide(2) : pi.divide(2).negate();
        }
        Dfp r2 = x.multiply(x).add(y.multiply(y));
        Dfp r4 = r2.multiply(r2);
        Dfp xy = x.multiply(y);
        return new Object[] {angle, x.divide(r2), y.divide(r2).negate(), xy.multiply(-2).divide(r4),
            y.subtract(x).multiply(y.add(x)).divide(r4), xy.multiply(2).divide(r4)};
    }

    private static Object[] hypotReference(double xd, double yd) {
        if (xd == 0 && yd == 0) {
            return zeros6(0);
        }
        if (Double.isInfinite(xd) || Double.isInfinite(yd)) {
            // the infinite argument's sign (the rule's convention), 0 for a finite one
            return new Object[] {INF, Double.isInfinite(xd) ? Math.signum(xd) : 0.0,
                Double.isInfinite(yd) ? Math.signum(yd) : 0.0, 0.0, 0.0, 0.0};
        }
        Dfp x = dfp(xd);
        Dfp y = dfp(yd);
        Dfp h = x.multiply(x).add(y.multiply(y)).sqrt();
        Dfp h3 = h.multiply(h).multiply(h);
        return new Object[] {h, x.divide(h), y.divide(h), y.multiply(y).divide(h3), x.multiply(y).divide(h3).negate(),
            x.multiply(x).divide(h3)};
    }

    /** x^y with both variable; the table's conventions at x = 0 and x &lt; 0. */
    private static Object[] powReference(double xd, double yd) {
        if (!(Double.isFinite(xd) && Double.isFinite(yd))) {
            return null; // IEEE values of pow at infinities are checked by ConventionsAbstractTest
        }
        if (xd == 0) {
            // the conventions table, exact in IEEE arithmetic at 0
            double gx = yd == 0 ? 0 : yd == 1 ? 1 : yd * Math.pow(xd, yd - 1);
            // y (y - 1) x^(y - 2) with x^(y - 2) exactly 0 for y > 2: the limit 0, also where y (y - 1) overflows
            double gxx = yd == 0 || yd == 1 ? 0
                    : yd > 2 ? Math.pow(xd, yd - 2) * Math.signum(yd) * Math.signum(yd - 1)
                    : yd * (yd - 1) * Math.pow(xd, yd - 2);
            if (yd > 0) {
                return new Object[] {Math.pow(xd, yd), gx, 0.0, gxx, yd > 1 ? 0.0 : -INF, 0.0};
            }
            return new Object[] {Math.pow(xd, yd), gx, null, gxx, null, null};
        }
        if (xd < 0 && yd != Math.rint(yd)) {
            return new Object[] {NAN, NAN, NAN, NAN, NAN, NAN};
        }
        Dfp x = dfp(xd);
        Dfp y = dfp(yd);
        Dfp v = pow(x, y, xd < 0);
        Object gx = yd == 0 ? (Object) 0.0 : y.multiply(v).divide(x);
        Object gxx = yd == 0 || yd == 1 ? (Object) 0.0 : y.multiply(y.subtract(1)).multiply(v).divide(x).divide(x);
        if (xd < 0) {
            return new Object[] {v, gx, NAN, gxx, NAN, NAN};
        }
        Dfp l = log(x);
        return new Object[] {v, gx, v.multiply(l), gxx, v.divide(x).multiply(y.multiply(l).add(1)), v.multiply(l).multiply(l)};
    }
}
