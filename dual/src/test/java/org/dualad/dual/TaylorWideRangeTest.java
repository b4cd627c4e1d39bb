package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Taylor mode on series whose coefficients span the whole double range (10^-320 to 10^300, order
 * 4), against the same recurrences in 60-digit arithmetic: every coefficient that is a normal
 * double is within 8 ulps, or 4 times its condition (the recurrence run on magnitudes). A term of
 * such a series can leave the range where its coefficient needs it (cos's t coefficient at u0 =
 * 1.5e-192 underflows, and sin's t^4 coefficient needs it beside u3 = 1.2e94); each function
 * then takes its series apart from the double range ({@link WideSeries}). Before, each of these
 * functions failed here, 6 to 206 coefficients of 2000 to 4000 (the first eleven; a fuzzing run
 * found tan 45, atan 110, hypot 124 and atan2 71 of about 7000), many of them finite and wrong in
 * every digit.
 */
class TaylorWideRangeTest {
    private static final DfpField F = new DfpField(60);
    private static final int N = 5;

    /** A series' values and, beside them, the same recurrence on magnitudes. */
    private static final class Ref {
        final Dfp[] v = new Dfp[N];
        final Dfp[] m = new Dfp[N];

        Ref() {
            Arrays.fill(v, F.getZero());
            Arrays.fill(m, F.getZero());
        }

        static Ref of(double[] u) {
            Ref r = new Ref();
            for (int i = 0; i < N; i++) {
                r.v[i] = F.newDfp(u[i]);
                r.m[i] = r.v[i].abs();
            }
            return r;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "expm1", "log", "log1p", "sin", "cos", "sinh", "cosh", "sqrt", "reciprocal", "divide",
        "tan", "tanh", "atan", "asin", "acos", "asinh", "acosh", "atanh", "hypot", "atan2"})
    void everyCoefficientInRangeMatchesTheHighPrecisionSeries(String function) {
        Random random = new Random(function.hashCode());
        int checked = 0;
        List<String> bad = new ArrayList<>();
        for (int t = 0; t < 1500; t++) {
            double[] u = wide(random);
            double[] v = wide(random);
            switch (function) {
                case "exp", "expm1", "sin", "cos", "sinh", "cosh", "tan", "tanh" ->
                    u[0] = Math.copySign(Math.min(Math.abs(u[0]), 700 * random.nextDouble()), u[0]);
                case "log", "sqrt" -> u[0] = Math.abs(u[0]);
                case "asin", "acos", "atanh" -> u[0] = Math.copySign(Math.min(Math.abs(u[0]), random.nextDouble()), u[0]);
                case "acosh" -> u[0] = 1 + Math.abs(u[0]);
                case "log1p" -> u[0] = Math.abs(u[0]) - (random.nextBoolean() ? 0 : 0.5);
                default -> { }
            }
            Ref want = reference(function, u, v);
            Taylor x = Taylor.of(u);
            Taylor y = switch (function) {
                case "exp" -> x.exp();
                case "expm1" -> x.expm1();
                case "log" -> x.log();
                case "log1p" -> x.log1p();
                case "sin" -> x.sin();
                case "cos" -> x.cos();
                case "sinh" -> x.sinh();
                case "cosh" -> x.cosh();
                case "sqrt" -> x.sqrt();
                case "reciprocal" -> x.reciprocal();
                case "tan" -> x.tan();
                case "tanh" -> x.tanh();
                case "atan" -> x.atan();
                case "asin" -> x.asin();
                case "acos" -> x.acos();
                case "asinh" -> x.asinh();
                case "acosh" -> x.acosh();
                case "atanh" -> x.atanh();
                case "hypot" -> x.hypot(Taylor.of(v));
                case "atan2" -> x.atan2(Taylor.of(v));
                default -> x.divide(Taylor.of(v));
            };
            for (int j = 1; j < N; j++) {
                double exact = want.v[j].toDouble();
                if (!FieldRules.normal(exact)) {
                    continue;
                }
                checked++;
                double condition = want.m[j].divide(want.v[j].abs()).toDouble();
                double got = y.coefficient(j);
                if (!(Math.abs(got - exact) <= Math.max(8, 4 * condition) * Math.ulp(exact))) {
                    bad.add(function + " of " + Arrays.toString(u) + (function.equals("divide") || function.startsWith("hypot") || function.equals("atan2") ? ", " + Arrays.toString(v) : "")
                            + ": t^" + j + " " + got + ", exact " + exact);
                }
            }
        }
        assertTrue(checked > 1500, function + ": checked " + checked);
        assertTrue(bad.isEmpty(), bad.size() + " of " + checked + ":\n" + String.join("\n", bad.subList(0, Math.min(10, bad.size()))));
    }

    /** Five coefficients of random sign, magnitudes 10^-320 to 10^300, a fifth of the higher ones 0. */
    private static double[] wide(Random random) {
        double[] u = new double[N];
        for (int i = 0; i < N; i++) {
            u[i] = (random.nextBoolean() ? 1 : -1) * (1 + random.nextDouble()) * Math.pow(10, random.nextInt(620) - 320);
            if (i > 0 && random.nextInt(5) == 0) {
                u[i] = 0;
            }
        }
        return u;
    }

    private static Ref reference(String function, double[] uc, double[] vc) {
        Ref u = Ref.of(uc);
        Dfp u0 = u.v[0];
        switch (function) {
            case "exp", "expm1":
                return exp(DfpMath.exp(u0), u);
            case "log":
                return inverse(DfpMath.log(u0), u, u);
            case "log1p": {
                Ref w = Ref.of(uc);
                w.v[0] = u0.add(1);
                w.m[0] = w.v[0].abs();
                return inverse(DfpMath.log(w.v[0]), u, w);
            }
            case "sin", "cos", "sinh", "cosh": {
                boolean h = function.endsWith("h");
                Dfp s0 = h ? sinh(u0) : DfpMath.sin(u0);
                Dfp c0 = h ? DfpMath.exp(u0).add(DfpMath.exp(u0.negate())).divide(2) : DfpMath.cos(u0);
                Ref[] sc = sinCos(s0, c0, u, h ? 1 : -1);
                return function.startsWith("sin") ? sc[0] : sc[1];
            }
            case "sqrt":
                return sqrt(u0.sqrt(), u);
            case "tan", "tanh": {
                boolean h = "tanh".equals(function);
                Dfp y0 = h ? sinh(u0).divide(cosh(u0)) : DfpMath.tan(u0);
                Dfp g0 = h ? F.getOne().divide(cosh(u0).multiply(cosh(u0))) : y0.multiply(y0).add(1);
                return tangent(y0, g0, u, h ? -1 : 1);
            }
            case "atan", "asin", "acos", "asinh", "acosh", "atanh": {
                // y' w = u' (acos: -u'); y0 does not enter y_j for j >= 1
                Ref sq = times(u, u);
                Ref w = new Ref();
                int sign = "asin".equals(function) || "acos".equals(function) || "atanh".equals(function) ? -1 : 1;
                for (int j = 0; j < N; j++) {
                    w.v[j] = sign > 0 ? sq.v[j] : sq.v[j].negate();
                    w.m[j] = sq.m[j];
                }
                Dfp one = "acosh".equals(function) ? F.getOne().negate() : F.getOne();
                w.v[0] = w.v[0].add(one);
                w.m[0] = w.v[0].abs();
                if (!"atan".equals(function) && !"atanh".equals(function)) {
                    w = sqrt(w.v[0].sqrt(), w);
                }
                Ref num = u;
                if ("acos".equals(function)) {
                    num = new Ref();
                    for (int j = 0; j < N; j++) {
                        num.v[j] = u.v[j].negate();
                        num.m[j] = u.m[j];
                    }
                }
                return inverse(F.getZero(), num, w);
            }
            case "hypot": {
                Ref v = Ref.of(vc);
                Ref sum = times(u, u);
                Ref vv = times(v, v);
                for (int j = 0; j < N; j++) {
                    sum.v[j] = sum.v[j].add(vv.v[j]);
                    sum.m[j] = sum.m[j].add(vv.m[j]);
                }
                return sqrt(sum.v[0].sqrt(), sum);
            }
            case "atan2": {
                // atan2(u, v)' = (v u' - u v') / (u^2 + v^2), integrated (its value does not enter)
                Ref v = Ref.of(vc);
                Ref num = new Ref();
                Ref du = derivative(u);
                Ref dv = derivative(v);
                Ref a = times(v, du);
                Ref b = times(u, dv);
                for (int j = 0; j < N; j++) {
                    num.v[j] = a.v[j].subtract(b.v[j]);
                    num.m[j] = a.m[j].add(b.m[j]);
                }
                Ref den = times(u, u);
                Ref vv = times(v, v);
                for (int j = 0; j < N; j++) {
                    den.v[j] = den.v[j].add(vv.v[j]);
                    den.m[j] = den.m[j].add(vv.m[j]);
                }
                Ref slope = quotient(num, den);
                Ref y = new Ref();
                for (int j = 1; j < N; j++) {
                    y.v[j] = slope.v[j - 1].divide(j);
                    y.m[j] = slope.m[j - 1].divide(j);
                }
                return y;
            }
            case "reciprocal": {
                Ref one = new Ref();
                one.v[0] = F.getOne();
                one.m[0] = F.getOne();
                return quotient(one, u);
            }
            default:
                return quotient(u, Ref.of(vc));
        }
    }

    /** sinh x; below 1 by its series (e^x - e^-x cancels every digit at x = 1e-52). */
    private static Dfp sinh(Dfp x) {
        if (x.abs().greaterThan(F.getOne())) {
            return DfpMath.exp(x).subtract(DfpMath.exp(x.negate())).divide(2);
        }
        Dfp sum = x;
        Dfp term = x;
        for (int k = 1; k < 40; k++) {
            term = term.multiply(x).multiply(x).divide((2 * k) * (2 * k + 1));
            sum = sum.add(term);
        }
        return sum;
    }

    private static Dfp cosh(Dfp x) {
        return DfpMath.exp(x).add(DfpMath.exp(x.negate())).divide(2);
    }

    /** The derivative's series: (j + 1) a_(j+1), the last 0. */
    private static Ref derivative(Ref a) {
        Ref d = new Ref();
        for (int j = 0; j + 1 < N; j++) {
            d.v[j] = a.v[j + 1].multiply(j + 1);
            d.m[j] = a.m[j + 1].multiply(j + 1);
        }
        return d;
    }

    /** The Cauchy product. */
    private static Ref times(Ref a, Ref b) {
        Ref r = new Ref();
        for (int j = 0; j < N; j++) {
            for (int i = 0; i <= j; i++) {
                r.v[j] = r.v[j].add(a.v[i].multiply(b.v[j - i]));
                r.m[j] = r.m[j].add(a.m[i].multiply(b.m[j - i]));
            }
        }
        return r;
    }

    /** y' = g u' with g = g0 + sign (y^2 - y0^2). */
    private static Ref tangent(Dfp y0, Dfp g0, Ref u, int sign) {
        Ref y = new Ref();
        Ref g = new Ref();
        y.v[0] = y0;
        y.m[0] = y0.abs();
        g.v[0] = g0;
        g.m[0] = g0.abs();
        for (int j = 1; j < N; j++) {
            for (int i = 1; i <= j; i++) {
                y.v[j] = y.v[j].add(u.v[i].multiply(i).multiply(g.v[j - i]));
                y.m[j] = y.m[j].add(u.m[i].multiply(i).multiply(g.m[j - i]));
            }
            y.v[j] = y.v[j].divide(j);
            y.m[j] = y.m[j].divide(j);
            for (int i = 0; i <= j; i++) {
                g.v[j] = g.v[j].add(y.v[i].multiply(y.v[j - i]));
                g.m[j] = g.m[j].add(y.m[i].multiply(y.m[j - i]));
            }
            g.v[j] = sign > 0 ? g.v[j] : g.v[j].negate();
        }
        return y;
    }

    /** y' = y u'. */
    private static Ref exp(Dfp y0, Ref u) {
        return recurrence(y0, (y, j) -> {
            Dfp[] s = {F.getZero(), F.getZero()};
            for (int i = 1; i <= j; i++) {
                s[0] = s[0].add(u.v[i].multiply(i).multiply(y.v[j - i]));
                s[1] = s[1].add(u.m[i].multiply(i).multiply(y.m[j - i]));
            }
            return new Dfp[] {s[0].divide(j), s[1].divide(j)};
        });
    }

    /** y' w = u'. */
    private static Ref inverse(Dfp y0, Ref u, Ref w) {
        return recurrence(y0, (y, j) -> {
            Dfp s = u.v[j].multiply(j);
            Dfp m = u.m[j].multiply(j);
            for (int i = 1; i < j; i++) {
                s = s.subtract(y.v[i].multiply(i).multiply(w.v[j - i]));
                m = m.add(y.m[i].multiply(i).multiply(w.m[j - i]));
            }
            return new Dfp[] {s.divide(w.v[0].multiply(j)), m.divide(w.v[0].abs().multiply(j))};
        });
    }

    /** y^2 = u. */
    private static Ref sqrt(Dfp y0, Ref u) {
        return recurrence(y0, (y, j) -> {
            Dfp s = u.v[j];
            Dfp m = u.m[j];
            for (int i = 1; i < j; i++) {
                s = s.subtract(y.v[i].multiply(y.v[j - i]));
                m = m.add(y.m[i].multiply(y.m[j - i]));
            }
            return new Dfp[] {s.divide(y0.multiply(2)), m.divide(y0.multiply(2))};
        });
    }

    /** w v = u. */
    private static Ref quotient(Ref u, Ref v) {
        return recurrence(u.v[0].divide(v.v[0]), (w, j) -> {
            Dfp s = u.v[j];
            Dfp m = u.m[j];
            for (int i = 1; i <= j; i++) {
                s = s.subtract(v.v[i].multiply(w.v[j - i]));
                m = m.add(v.m[i].multiply(w.m[j - i]));
            }
            return new Dfp[] {s.divide(v.v[0]), m.divide(v.v[0].abs())};
        });
    }

    /** s' = c u', c' = sign s u'. */
    private static Ref[] sinCos(Dfp s0, Dfp c0, Ref u, int sign) {
        Ref s = new Ref();
        Ref c = new Ref();
        s.v[0] = s0;
        s.m[0] = s0.abs();
        c.v[0] = c0;
        c.m[0] = c0.abs();
        for (int j = 1; j < N; j++) {
            for (int i = 1; i <= j; i++) {
                Dfp iu = u.v[i].multiply(i);
                Dfp im = u.m[i].multiply(i);
                s.v[j] = s.v[j].add(iu.multiply(c.v[j - i]));
                s.m[j] = s.m[j].add(im.multiply(c.m[j - i]));
                c.v[j] = c.v[j].add(iu.multiply(s.v[j - i]));
                c.m[j] = c.m[j].add(im.multiply(s.m[j - i]));
            }
            s.v[j] = s.v[j].divide(j);
            s.m[j] = s.m[j].divide(j);
            c.v[j] = sign > 0 ? c.v[j].divide(j) : c.v[j].divide(j).negate();
            c.m[j] = c.m[j].divide(j);
        }
        return new Ref[] {s, c};
    }

    /** A recurrence y_j = step(y, j) = {value, magnitude} from y0. */
    private static Ref recurrence(Dfp y0, BiFunction<Ref, Integer, Dfp[]> step) {
        Ref y = new Ref();
        y.v[0] = y0;
        y.m[0] = y0.abs();
        for (int j = 1; j < N; j++) {
            Dfp[] r = step.apply(y, j);
            y.v[j] = r[0];
            y.m[j] = r[1];
        }
        return y;
    }
}
