package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;
import org.dualad.UnaryFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Differentiable;
import org.dualad.dual.Dual;
import org.dualad.dual.FieldDual;
import org.dualad.dual.Forward;
import org.dualad.dual.Op;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.verification.HighPrecision;
import org.dualad.verification.HighPrecisionField;
import org.dualad.verification.Mode;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Op}, with every constant form, at the edges of double precision, in every mode,
 * against the high-precision oracle ({@link HighPrecision}: 64-digit values and derivatives from
 * rules written independently of DualAD's). Where the exact result is a finite double, each mode's
 * value, gradient, Hessian and Laplacian must be within {@link #ULPS} ulps of it (ulp of the exact
 * value; ulp(0) = the smallest subnormal); where the exact value overflows or is NaN (outside the
 * domain) the mode's value must be the same infinity or NaN. Where the oracle has no finite
 * derivative (a kink, a jump, a domain boundary, an overflow) nothing is asserted about the
 * derivative: those points are DualAD's documented conventions, tested elsewhere.
 *
 * <p>Modes: every gradient, Hessian and Laplacian source of the verification {@link Mode}
 * registry (Forward multi-direction, Forward Dual, Reverse, a Reverse.record replay, Hybrid), the
 * values of Forward, Reverse, the replay and Hybrid, {@link Forward#derivative} and
 * {@link Forward#secondDerivative} for one-argument ops, {@link Hybrid#hvp} along each axis, and
 * nested duals ({@link FieldDual} over {@link Dual}: value, gradient entry and Hessian diagonal
 * along each axis), Taylor mode ({@link Forward#taylor} of order 2 along each axis: the value, the gradient's entry
 * and the Hessian diagonal's; of order 3, its third derivative within {@link #THIRD_ULPS} of the
 * oracle's second derivative of the directional derivative, a {@link FieldDual} over it).
 *
 * <p>The rules are being made accurate at the edges in parallel, so the cases that fail today are
 * listed in {@link #KNOWN_INACCURATE}, each with what is wrong; every other case is asserted, and
 * an entry that no longer fails fails the test so that the list only shrinks.
 */
class EveryOpAgainstOracleTest {
    /** The bound: |mode - exact| &le; 4 ulp(exact). One rule is a few roundings of a double formula. */
    static final double ULPS = 4;

    /** The bound for Taylor mode's third derivative along an axis: 8 ulps (5 seen, asinh at 1 + 2^-52). */
    static final double THIRD_ULPS = 8;

    static final double P = 0x1p-52;

    /** The edge grid: zeros, subnormals, the normal boundary, tiny, square-root-of-overflow and huge magnitudes. */
    static final double[] GRID = {
        0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, 1e-300, -1e-300,
        1e-154, -1e-154, 1e-8, -1e-8, 1 - P, 1 + P, 1, -1, 2, -2, 1e8, -1e8, 1e154, -1e154, 1.34e154, -1.34e154,
        1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE,
    };

    /**
     * Cases that fail today, keyed "op(constant) at point: quantity", with what was observed, read
     * from {@code known-inaccurate-edges.txt} beside this class (the file's comments say what is wrong
     * per operation). Each is a real defect of the current rules (observed, not predicted); remove
     * an entry when its rule is fixed (the test fails while a listed case passes).
     */
    static final Map<String, String> KNOWN_INACCURATE = knownInaccurate();

    private static Map<String, String> knownInaccurate() {
        Map<String, String> known = new LinkedHashMap<>();
        try (InputStream in = EveryOpAgainstOracleTest.class.getResourceAsStream("known-inaccurate-edges.txt")) {
            if (in == null) {
                throw new IllegalStateException("known-inaccurate-edges.txt is missing beside EveryOpAgainstOracleTest");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" | ");
                known.put(bar < 0 ? line.strip() : line.substring(0, bar).strip(),
                        bar < 0 ? "" : line.substring(bar + 3).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return known;
    }

    static double[] constants(Op op) {
        switch (op) {
            case ADD_CONSTANT: case SUBTRACT_CONSTANT: return new double[] {2.5, -0.75};
            case MULTIPLY_CONSTANT: return new double[] {3, -0.5, 0};
            case DIVIDE_CONSTANT: return new double[] {3, -0.5};
            case SCALB: return new double[] {3, -2};
            case ROOT_N: return new double[] {2, 3, 4, -2, -3};
            case POW_CONSTANT: return new double[] {-2.5, -1, 0, 1.0 / 3, 0.5, 1.5, 2, 3};
            case POW_INT: return new double[] {-3, -1, 0, 1, 2, 3, 5};
            case COPY_SIGN_CONSTANT: return new double[] {1, -1, 0.0, -0.0};
            case REMAINDER_CONSTANT: return new double[] {2.5, -1};
            default: return new double[] {Double.NaN};
        }
    }

    /** The same operation on the oracle's type; an Op without a case here fails the test. */
    static HighPrecision oracle(Op op, HighPrecision x, HighPrecision y, double c) {
        switch (op) {
            case ADD: return x.add(y);
            case SUBTRACT: return x.subtract(y);
            case MULTIPLY: return x.multiply(y);
            case DIVIDE: return x.divide(y);
            case NEGATE: return x.negate();
            case ADD_CONSTANT: return x.add(c);
            case SUBTRACT_CONSTANT: return x.subtract(c);
            case MULTIPLY_CONSTANT: return x.multiply(c);
            case DIVIDE_CONSTANT: return x.divide(c);
            case RECIPROCAL: return x.reciprocal();
            case SCALB: return x.scalb((int) c);
            case SQRT: return x.sqrt();
            case CBRT: return x.cbrt();
            case ROOT_N: return x.rootN((int) c);
            case POW_CONSTANT: return x.pow(c);
            case POW_INT: return x.pow((int) c);
            case POW: return x.pow(y);
            case EXP: return x.exp();
            case EXPM1: return x.expm1();
            case LOG: return x.log();
            case LOG1P: return x.log1p();
            case LOG10: return x.log10();
            case SIN: return x.sin();
            case COS: return x.cos();
            case TAN: return x.tan();
            case ASIN: return x.asin();
            case ACOS: return x.acos();
            case ATAN: return x.atan();
            case ATAN2: return x.atan2(y);
            case SINH: return x.sinh();
            case COSH: return x.cosh();
            case TANH: return x.tanh();
            case ASINH: return x.asinh();
            case ACOSH: return x.acosh();
            case ATANH: return x.atanh();
            case ABS: return x.abs();
            case FLOOR: return x.floor();
            case CEIL: return x.ceil();
            case RINT: return x.rint();
            case SIGNUM: return x.signum();
            case COPY_SIGN: return x.copySign(y);
            case COPY_SIGN_CONSTANT: return x.copySign(c);
            case REMAINDER_CONSTANT: return x.remainder(c);
            case REMAINDER: return x.remainder(y);
            case HYPOT: return x.hypot(y);
            default: throw new AssertionError("no oracle for Op." + op + ": add it to EveryOpAgainstOracleTest.oracle");
        }
    }

    /** op(x0, c) or op(x0, x1) for the modes, through Op.apply (the modes' own dispatch). */
    static ScalarFunction program(Op op, double c) {
        return new ScalarFunction() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return op.arity() == 1 ? (T) op.apply((Differentiable) x[0], c)
                        : (T) op.apply((Differentiable) x[0], (Differentiable) x[1]);
            }
        };
    }

    static UnaryFunction unary(Op op, double c) {
        return new UnaryFunction() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public <T extends RealFieldElement<T>> T value(T x) {
                return (T) op.apply((Differentiable) x, c);
            }
        };
    }

    /** op(x0, c) or op(x0, x1) through the number's own methods (Op.evaluate): Taylor is no Differentiable. */
    static ScalarFunction generic(Op op, double c) {
        return new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] x) {
                return op.arity() == 1 ? op.evaluate(x[0], c) : op.evaluate(x[0], x[1]);
            }
        };
    }

    private final Map<String, String> failures = new LinkedHashMap<>();
    private int comparisons;

    @Test
    void everyOpInEveryModeIsWithinFourUlpsOfTheExactResultAtEveryEdge() {
        int points = 0;
        for (Op op : Op.values()) {
            if (op == Op.CUSTOM) {
                continue; // a user's Rule, no fixed function: CustomRuleTest covers it
            }
            for (double c : constants(op)) {
                String name = op + (Double.isNaN(c) ? "" : "(" + c + ")");
                HighPrecisionField field = new HighPrecisionField(op.arity(), 2);
                if (op.arity() == 1) {
                    for (double a : GRID) {
                        checkPoint(name, op, c, field, new double[] {a});
                        points++;
                    }
                } else {
                    for (double a : GRID) {
                        for (double b : GRID) {
                            checkPoint(name, op, c, field, new double[] {a, b});
                            points++;
                        }
                    }
                }
            }
        }
        Set<String> unexpected = new TreeSet<>(failures.keySet());
        unexpected.removeAll(KNOWN_INACCURATE.keySet());
        Set<String> fixed = new TreeSet<>(KNOWN_INACCURATE.keySet());
        fixed.removeAll(failures.keySet());
        StringBuilder m = new StringBuilder();
        m.append(points).append(" points, ").append(comparisons).append(" comparisons; ")
                .append(unexpected.size()).append(" unexpected failures, ").append(fixed.size())
                .append(" KNOWN_INACCURATE entries that now pass (remove them):");
        for (String k : unexpected) {
            m.append("\n  ").append(k).append(" -> ").append(failures.get(k));
        }
        for (String k : fixed) {
            m.append("\n  fixed: ").append(k);
        }
        assertTrue(unexpected.isEmpty() && fixed.isEmpty(), m.toString());
        assertTrue(comparisons > 100_000, "too few comparisons: " + comparisons);
    }

    /**
     * Random points in the regions where a sweep of every op at random points (magnitudes
     * log-uniform over the whole range) found modes off, checked the same way in every mode:
     * x / y with a subnormal x and y in [1e-16, 1] (the modes' own quotient rules took -q/y from a
     * subnormal q: d/dy up to 1e5 ulps off, d2/dy2 4e7, in every mode but Taylor's and nested
     * duals), x^(1/n) for n = -2 and -3 on nested duals (a second derivative of 4.5e307 read
     * infinite), and x^y at a negative x with a huge even y (the oracle's own sign was random).
     */
    @Test
    void everyModeIsWithinFourUlpsWhereRandomPointsFoundModesOff() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261206);
        HighPrecisionField two = new HighPrecisionField(2, 2);
        HighPrecisionField one = new HighPrecisionField(1, 2);
        for (int i = 0; i < 300; i++) {
            double x = Math.pow(10, -320 + 12 * random.nextDouble());
            double y = Math.pow(10, -16 + 16 * random.nextDouble());
            checkPoint("DIVIDE", Op.DIVIDE, Double.NaN, two, new double[] {x, y});
            for (double n : new double[] {-2, -3}) {
                double z = (random.nextBoolean() ? 1 : -1) * Math.pow(10, -320 + 628 * random.nextDouble());
                checkPoint("ROOT_N(" + n + ")", Op.ROOT_N, n, one, new double[] {n == -2 ? Math.abs(z) : z});
            }
            double base = -Math.pow(10, -300 + 600 * random.nextDouble());
            checkPoint("POW", Op.POW, Double.NaN, two, new double[] {base, Math.pow(10, 20 + 280 * random.nextDouble())});
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures in " + comparisons + " comparisons:\n"
                + String.join("\n", failures.entrySet().stream().limit(20).map(e -> e.getKey() + " -> " + e.getValue())
                        .toArray(String[]::new)));
    }

    private void checkPoint(String name, Op op, double c, HighPrecisionField field, double[] x) {
        int n = x.length;
        HighPrecision[] in = new HighPrecision[n];
        for (int i = 0; i < n; i++) {
            in[i] = field.variable(i, x[i]);
        }
        HighPrecision exact = oracle(op, in[0], n == 2 ? in[1] : null, c);
        double value = exact.getReal();
        double[] gradient = exact.gradient();
        DMatrixRMaj hessian = exact.hessian();
        double laplacian = 0;
        org.apache.commons.math3.dfp.Dfp trace = field.dfpField().getZero();
        for (int i = 0; i < n; i++) {
            trace = trace.add(exact.secondDerivative(i, i));
        }
        laplacian = Double.parseDouble(trace.isNaN() ? "NaN" : trace.isInfinite()
                ? (trace.strictlyPositive() ? "Infinity" : "-Infinity") : trace.toString());
        String at = name + " at " + Arrays.toString(x) + ": ";
        ScalarFunction f = program(op, c);

        run(at, "value", "forward", () -> new double[] {Forward.valueAndGradient(f, x).value()}, new double[] {value}, true);
        run(at, "value", "reverse", () -> new double[] {Reverse.valueAndGradient(f, x).value()}, new double[] {value}, true);
        run(at, "value", "hybrid", () -> new double[] {Hybrid.valueAndGradient(f, x).value()}, new double[] {value}, true);
        run(at, "value", "replay", () -> new double[] {replay(f, x).value()}, new double[] {value}, true);
        for (Mode m : Mode.values()) {
            if (m.hasGradient()) {
                run(at, "gradient", m.label(), () -> m.gradient(f, x), gradient, false);
            }
            if (m.hasHessian()) {
                run(at, "Hessian", m.label(), () -> m.hessian(f, x).data, hessian.data, false);
            }
            if (m.hasLaplacian()) {
                run(at, "Laplacian", m.label(), () -> new double[] {m.laplacian(f, x)}, new double[] {laplacian}, false);
            }
        }
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = hessian.get(i, j);
            }
            run(at, "Hessian column " + j, "Hybrid.hvp", () -> Hybrid.hvp(f, x, e), column, false);
        }
        if (n == 1) {
            UnaryFunction u = unary(op, c);
            run(at, "gradient", "Forward.derivative", () -> new double[] {Forward.derivative(u, x[0])}, gradient, false);
            run(at, "Hessian", "Forward.secondDerivative", () -> new double[] {Forward.secondDerivative(u, x[0])},
                    hessian.data, false);
        }
        // Taylor mode along each axis: its coefficients are the value, the gradient's and the
        // Hessian diagonal's entries
        ScalarFunction g = generic(op, c);
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            int axis = j;
            run(at, "value", "Taylor", () -> new double[] {Forward.taylor(g, x, e, 2)[0]}, new double[] {value}, true);
            run(at, "gradient[" + j + "]", "Taylor", () -> new double[] {Forward.taylor(g, x, e, 2)[1]},
                    new double[] {gradient[axis]}, false);
            run(at, "Hessian diagonal " + j, "Taylor", () -> new double[] {2 * Forward.taylor(g, x, e, 2)[2]},
                    new double[] {hessian.get(axis, axis)}, false);
        }
        // nested duals (FieldDual over Dual): the value, the gradient's entry and the Hessian
        // diagonal's along each axis, f'' as the inner tangent of the outer tangent
        for (int j = 0; j < n; j++) {
            int axis = j;
            Source nested = () -> {
                FieldDual<Dual> ax = FieldDual.of(Dual.of(x[0], axis == 0 ? 1 : 0), Dual.constant(axis == 0 ? 1 : 0));
                FieldDual<Dual> r = n == 1 ? op.evaluate(ax, c) : op.evaluate(ax,
                        FieldDual.of(Dual.of(x[1], axis == 1 ? 1 : 0), Dual.constant(axis == 1 ? 1 : 0)));
                return new double[] {r.value().value(), r.tangent().value(), r.tangent().tangent()};
            };
            run(at, "nested value", "FieldDual<Dual>", () -> new double[] {nested.get()[0]}, new double[] {value},
                    true);
            run(at, "nested gradient[" + j + "]", "FieldDual<Dual>", () -> new double[] {nested.get()[1]},
                    new double[] {gradient[axis]}, false);
            run(at, "nested Hessian diagonal " + j, "FieldDual<Dual>", () -> new double[] {nested.get()[2]},
                    new double[] {hessian.get(axis, axis)}, false);
        }
        // the third derivative along each axis: the oracle's second derivative of the directional
        // derivative (a FieldDual over it), and Taylor's 6 c3, whose recurrence sums a few more
        // roundings: THIRD_ULPS
        for (int j = 0; j < n && Double.isFinite(value); j++) { // f' of a NaN f (x rem 0) means nothing
            double[] e = new double[n];
            e[j] = 1;
            FieldDual<HighPrecision> dx = FieldDual.of(in[0], field.constant(e[0]));
            FieldDual<HighPrecision> d = n == 1 ? op.evaluate(dx, c)
                    : op.evaluate(dx, FieldDual.of(in[1], field.constant(e[1])));
            double third = d.tangent().hessian().get(j, j);
            run(at, "third derivative " + j, "Taylor", () -> new double[] {6 * Forward.taylor(g, x, e, 3)[3]},
                    new double[] {third}, false, THIRD_ULPS);
        }
    }

    /** The replay a user runs: recorded nearby, replayed there twice (the third replay is compiled), then at x. */
    static ValueAndGradient replay(ScalarFunction f, double[] x) {
        double[] near = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            near[i] = x[i] + 0x1p-10 * (1 + Math.abs(x[i]));
        }
        Recording r = Reverse.record(f, near);
        r.gradient(near);
        r.gradient(near);
        return r.valueAndGradient(x);
    }

    @FunctionalInterface
    interface Source {
        double[] get();
    }

    private void run(String at, String quantity, String mode, Source source, double[] expected, boolean isValue) {
        run(at, quantity, mode, source, expected, isValue, ULPS);
    }

    private void run(String at, String quantity, String mode, Source source, double[] expected, boolean isValue,
                     double ulps) {
        double[] actual;
        try {
            actual = source.get();
        } catch (RuntimeException e) {
            failures.put(at + quantity + " (" + mode + ")", "threw " + e);
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean ok;
            if (Double.isNaN(e) || Double.isInfinite(e)) {
                if (!isValue) {
                    continue; // no finite derivative to compare with
                }
                ok = Double.isNaN(e) ? Double.isNaN(a) : a == e;
            } else {
                comparisons++;
                ok = Math.abs(a - e) <= ulps * Math.ulp(e);
            }
            if (!ok) {
                String what = expected.length == 1 ? quantity : quantity + "[" + i + "]";
                failures.merge(at + what, mode + " " + a + " vs exact " + e,
                        (p, q) -> p + "; " + q);
            }
        }
    }
}
