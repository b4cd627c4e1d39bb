package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.util.Decimal64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every elementary function of a number type against Commons Math {@link DerivativeStructure},
 * over a grid that spans each function's domain and its edges. Subclassed once per number type
 * through {@link #kind()}. Points where DualAD's documented kink convention differs from
 * DerivativeStructure's (see {@link Exemptions}) are checked instead by {@code ConventionsAbstractTest}.
 *
 * @param <T> the number type
 */
abstract class ElementaryFunctionsAbstractTest<T extends RealFieldElement<T>> {

    /** @return how to seed and read the number type under test */
    abstract Kind<T> kind();

    /** The one-argument grid: signed zeros, subnormals, tiny, &plusmn;1 and its neighbours, large, infinities, NaN. */
    static final double[] UNARY_GRID = {
        Double.NaN, Double.NEGATIVE_INFINITY, -1e300, -1e150, -710, -100, -3.5, -2, -1 - 1e-12, -1, -1 + 1e-12,
        -0.7, -0.5, -1e-8, -1e-300, -2.2e-310, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 2.2e-310,
        1e-300, 1e-8, 0.3, 0.5, Math.PI / 2, 1 - 1e-12, 1, 1 + 1e-12, 1.5, 2, 3.7, 10, 700, 1e150, 1e300,
        Double.POSITIVE_INFINITY,
    };

    /** The two-argument grid (each pair of it is tried). */
    static final double[] BINARY_GRID = {
        Double.NaN, Double.NEGATIVE_INFINITY, -1e150, -2.5, -1, -0.5, -1e-300, -0.0, 0.0, 1e-300, 0.5, 1, 2, 3.7,
        1e150, Double.POSITIVE_INFINITY,
    };

    /** Seedings (i, j) for one argument: both perturbations on x, and each alone. */
    private static final int[][] UNARY_SEEDS = {{0, 0}, {0, -1}, {-1, 0}};
    /** Seedings (i, j) for two arguments: every pair, and each input alone. */
    private static final int[][] BINARY_SEEDS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0, -1}, {-1, 1}};

    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    void everyOpMatchesDerivativeStructure(Op op) {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        if (op.arity() == 1) {
            for (double c : Ops.constants(op)) {
                for (double x : UNARY_GRID) {
                    if (!Double.isFinite(x) || Exemptions.reason(op, c, x, 0) != null) {
                        continue;
                    }
                    Oracle o = new Oracle(new double[] {x}, ds -> Ops.apply(op, ds[0], c));
                    for (int[] s : UNARY_SEEDS) {
                        T y = Ops.apply(op, kind().build(new double[] {x}, s[0], s[1])[0], c);
                        check(failures, op + "(" + x + (op.name().contains("CONSTANT") || c != 0 ? ", c=" + c : "")
                                + ")", o, y, s, plainValue(op, x, c), oracleFactor(op, c, x));
                        checked++;
                    }
                }
            }
        } else {
            for (double x : BINARY_GRID) {
                for (double z : BINARY_GRID) {
                    if (!Double.isFinite(x) || !Double.isFinite(z) || Exemptions.reason(op, 0, x, z) != null) {
                        continue;
                    }
                    Oracle o = new Oracle(new double[] {x, z}, ds -> Ops.apply(op, ds[0], ds[1]));
                    for (int[] s : BINARY_SEEDS) {
                        T[] in = kind().build(new double[] {x, z}, s[0], s[1]);
                        check(failures, op + "(" + x + ", " + z + ")", o, Ops.apply(op, in[0], in[1]), s,
                                Ops.apply(op, new Decimal64(x), new Decimal64(z)).getReal(), 1);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 0, op + ": nothing checked");
        assertTrue(failures.isEmpty(), kind().name() + " " + op + ": " + failures.size() + " of " + checked
                + " disagree with DerivativeStructure:\n" + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    private void check(List<String> failures, String what, Oracle o, T y, int[] s) {
        check(failures, what, o, y, s, Double.NaN, 1);
    }

    /**
     * Where a formula is known to be ill-conditioned in a way the input-scaled tolerance does not
     * see, the tolerance grows by that condition: x^p and x^(1/n) are evaluated with a rounded
     * exponent (1/3 is not a double), and a relative error eps in p moves the result by
     * eps |p ln x|; DerivativeStructure forms tanh' as 1 - tanh^2, which loses a factor cosh^2 x
     * (ours, 1/cosh^2, is checked against the closed form in ConventionsAbstractTest).
     */
    private static double oracleFactor(Op op, double c, double x) {
        if (op == Op.TANH) {
            double ch = Math.cosh(x);
            return 1 + ch * ch;
        }
        double p = op == Op.ROOT_N ? 1 / c : op == Op.POW_CONSTANT ? c : 0;
        return 1 + Math.abs(p * Math.log(Math.abs(x)));
    }

    /**
     * Compares y with the oracle. The second value oracle evaluates with the same rounded exponent
     * as DerivativeStructure (Decimal64.rootN(5) is pow(x, 0.2)), so it gets the same factor.
     * A derivative the oracle gets non-finite at a finite point while
     * ours is finite (its product rule overflowed an intermediate it did not need, as in
     * d/dx x / 1e-300) cannot be judged by it and is skipped; the value falls back to a second
     * oracle, {@code plainValue} (Decimal64), when DerivativeStructure's own value overflowed.
     */
    private void check(List<String> failures, String what, Oracle o, T y, int[] s, double plainValue, double factor) {
        Kind<T> k = kind();
        if (Double.isNaN(o.value()) && Double.isNaN(y.getReal())) {
            // outside the domain: DerivativeStructure's derivatives there are arbitrary (asin'(1e300)
            // = 0); ours are checked by ConventionsAbstractTest.outsideTheDomain
            return;
        }
        String seed = " seeded " + s[0] + "," + s[1];
        if (!Oracle.close(o.value(), y.getReal(), factor * o.valueTolerance())
                && !Oracle.close(plainValue, y.getReal(), factor * Oracle.C * Oracle.EPS * Math.abs(plainValue) + Oracle.FLOOR)) {
            failures.add(what + " value: expected " + o.value() + " got " + y.getReal());
        }
        if (judged(o.first(s[0]), k.first(y)) && !Oracle.close(o.first(s[0]), k.first(y), factor * o.firstTolerance(s[0]))) {
            failures.add(what + seed + " d/dx_i: expected " + o.first(s[0]) + " got " + k.first(y));
        }
        if (k.hasSecondDirection() && judged(o.first(s[1]), k.firstAlongJ(y))
                && !Oracle.close(o.first(s[1]), k.firstAlongJ(y), factor * o.firstTolerance(s[1]))) {
            failures.add(what + seed + " d/dx_j: expected " + o.first(s[1]) + " got " + k.firstAlongJ(y));
        }
        if (k.hasSecondOrder() && judged(o.second(s[0], s[1]), k.mixed(y))
                && !Oracle.close(o.second(s[0], s[1]), k.mixed(y), factor * o.secondTolerance(s[0], s[1]))) {
            failures.add(what + seed + " d2/dx_i dx_j: expected " + o.second(s[0], s[1]) + " got " + k.mixed(y));
        }
    }

    /** The second value oracle: Commons Math's Decimal64 (FastMath), log10 from Math. */
    private static double plainValue(Op op, double x, double c) {
        return op == Op.LOG10 ? Math.log10(x) : Ops.apply(op, new Decimal64(x), c).getReal();
    }

    /**
     * False where DerivativeStructure cannot judge a derivative at a finite point: it is
     * non-finite while ours is finite (an intermediate it did not need overflowed), or NaN while
     * ours is an infinity (its product rule met inf - inf where ours overflowed cleanly).
     */
    private static boolean judged(double expected, double actual) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(actual);
        }
        return Double.isFinite(expected) || !Double.isFinite(actual);
    }

    /**
     * {@link Op#apply} (how a tape replays a recording) maps every op to the same method this
     * suite calls: the two dispatchers give identical results on every Differentiable type.
     */
    @ParameterizedTest
    @EnumSource(value = Op.class, mode = EnumSource.Mode.EXCLUDE, names = "CUSTOM") // a Rule: CustomRuleTest
    @SuppressWarnings({"unchecked", "rawtypes"})
    void opApplyCallsTheSameMethod(Op op) {
        double[] p = {0.7, -1.3};
        T[] in = kind().build(p, 0, 1);
        if (!(in[0] instanceof Differentiable)) {
            return; // FieldDual is not a Differentiable: Op.apply does not take it
        }
        for (double c : Ops.constants(op)) {
            Object ours = op.arity() == 1 ? Ops.apply(op, in[0], c) : Ops.apply(op, in[0], in[1]);
            Object replayed = op.arity() == 1 ? op.apply((Differentiable) in[0], c)
                    : op.apply((Differentiable) in[0], (Differentiable) in[1]);
            assertEquals(ours, replayed, op + " c=" + c);
        }
    }

    @Test
    void roundIsMathRoundOfTheValue() {
        for (double x : UNARY_GRID) {
            long expected = new DerivativeStructure(1, 1, 0, x).round();
            assertEquals(expected, kind().build(new double[] {x}, 0, 0)[0].round(), "round(" + x + ")");
            assertEquals(Math.round(x), kind().build(new double[] {x}, 0, 0)[0].round(), "round(" + x + ")");
        }
    }

    /** A point for the linear combinations: eight inputs, a1 b1 a2 b2 a3 b3 a4 b4. */
    private static final double[] LC_POINT = {1.5, -2.25, 0.75, 3.0, -1.125, 0.5, 2.0, -0.625};

    @Test
    void everyLinearCombinationOverloadMatchesDerivativeStructure() {
        double[] a = {LC_POINT[0], LC_POINT[2], LC_POINT[4], LC_POINT[6]};
        List<String> failures = new ArrayList<>();
        for (int i = -1; i < 8; i++) {
            for (int j = -1; j < 8; j++) {
                T[] x = kind().build(LC_POINT, i, j);
                int[] s = {i, j};
                lc(failures, "FaFa", s, x, ds -> ds[0].linearCombination(evens(ds), odds(ds)), this::faFa);
                lc(failures, "DaFa", s, x, ds -> ds[0].linearCombination(a, odds(ds)), v -> v[0].linearCombination(a, odds(v)));
                lc(failures, "FF2", s, x, ds -> ds[0].linearCombination(ds[0], ds[1], ds[2], ds[3]),
                        v -> v[0].linearCombination(v[0], v[1], v[2], v[3]));
                lc(failures, "DF2", s, x, ds -> ds[0].linearCombination(a[0], ds[1], a[1], ds[3]),
                        v -> v[0].linearCombination(a[0], v[1], a[1], v[3]));
                lc(failures, "FF3", s, x, ds -> ds[0].linearCombination(ds[0], ds[1], ds[2], ds[3], ds[4], ds[5]),
                        v -> v[0].linearCombination(v[0], v[1], v[2], v[3], v[4], v[5]));
                lc(failures, "DF3", s, x, ds -> ds[0].linearCombination(a[0], ds[1], a[1], ds[3], a[2], ds[5]),
                        v -> v[0].linearCombination(a[0], v[1], a[1], v[3], a[2], v[5]));
                lc(failures, "FF4", s, x,
                        ds -> ds[0].linearCombination(ds[0], ds[1], ds[2], ds[3], ds[4], ds[5], ds[6], ds[7]),
                        v -> v[0].linearCombination(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
                lc(failures, "DF4", s, x,
                        ds -> ds[0].linearCombination(a[0], ds[1], a[1], ds[3], a[2], ds[5], a[3], ds[7]),
                        v -> v[0].linearCombination(a[0], v[1], a[1], v[3], a[2], v[5], a[3], v[7]));
            }
        }
        assertTrue(failures.isEmpty(), kind().name() + " linearCombination:\n" + String.join("\n", failures));
    }

    private T faFa(T[] v) {
        return v[0].linearCombination(evens(v), odds(v));
    }

    private static <U> U[] evens(U[] v) {
        U[] r = java.util.Arrays.copyOf(v, v.length / 2);
        for (int k = 0; k < r.length; k++) {
            r[k] = v[2 * k];
        }
        return r;
    }

    private static <U> U[] odds(U[] v) {
        U[] r = java.util.Arrays.copyOf(v, v.length / 2);
        for (int k = 0; k < r.length; k++) {
            r[k] = v[2 * k + 1];
        }
        return r;
    }

    private void lc(List<String> failures, String what, int[] s, T[] x,
                    Function<DerivativeStructure[], DerivativeStructure> ds, Function<T[], T> ours) {
        Oracle o = new Oracle(LC_POINT, ds);
        check(failures, "linearCombination " + what, o, ours.apply(x), s);
    }
}
