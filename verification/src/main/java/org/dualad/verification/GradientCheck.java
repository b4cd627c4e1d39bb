package org.dualad.verification;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.dualad.Arguments;
import org.dualad.ScalarFunction;

/**
 * Checks gradients, from every DualAD mode or from a hand-written derivative, against the
 * complex-step and finite-difference oracles. For JUnit, jqwik or a plain {@code main}: a failure
 * is an {@link AssertionError} naming, worst entry first, the output and input index, the point,
 * both values, the absolute and relative error and the tolerance; a pass returns a
 * {@link CheckReport}.
 *
 * <pre>{@code
 * GradientCheck.check(MyFns::rosenbrock, 1.0, 2.0);                       // every mode, both oracles
 * GradientCheck.check(MyFns::rosenbrock, x -> myGradient(x), 1.0, 2.0);   // a hand-written gradient
 * GradientCheck.of(MyFns::rosenbrock).modes(Mode.FORWARD).oracles(Oracle.COMPLEX_STEP)
 *         .tolerance(new Tolerance(1e-10, 1e-12)).at(1.0, 2.0);
 * }</pre>
 *
 * <p>Against the complex step an entry passes within the {@link Tolerance}; against finite
 * differences within the tolerance plus the estimate's own error bound. It fails when a value is
 * NaN (whichever side), when a subject or an oracle throws (the exception is the cause), and at a
 * point with a NaN or infinite coordinate: a check never passes silently. Instances are
 * immutable: each setter returns a new check.
 */
public final class GradientCheck {
    private final ScalarFunction f;
    private final List<Mode> modes;
    private final Map<String, Function<double[], double[]>> custom;
    private final Tolerance tolerance;
    private final Set<Oracle> oracles;

    private GradientCheck(ScalarFunction f, List<Mode> modes, Map<String, Function<double[], double[]>> custom,
                          Tolerance tolerance, Set<Oracle> oracles) {
        this.f = f;
        this.modes = modes;
        this.custom = custom;
        this.tolerance = tolerance;
        this.oracles = oracles;
    }

    /**
     * A check of f's gradient by every mode that computes gradients, against both oracles, with
     * {@link Tolerance#DEFAULT}.
     *
     * @param f the function
     * @return the check; run it with {@link #at}
     */
    public static GradientCheck of(ScalarFunction f) {
        Arguments.function(f, "GradientCheck");
        List<Mode> all = new ArrayList<>();
        for (Mode m : Mode.values()) {
            if (m.hasGradient()) {
                all.add(m);
            }
        }
        return new GradientCheck(f, all, Map.of(), Tolerance.DEFAULT, EnumSet.allOf(Oracle.class));
    }

    /**
     * Checks every mode's gradient of f at x against both oracles.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw
     */
    public static CheckReport check(ScalarFunction f, double... x) {
        return of(f).at(x);
    }

    /**
     * Checks a hand-written gradient of f (only it, no mode) at x against both oracles.
     *
     * @param f the function
     * @param gradient the gradient to check, x -&gt; df/dx
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw
     */
    public static CheckReport check(ScalarFunction f, Function<double[], double[]> gradient, double... x) {
        return of(f).modes().gradient("hand-written", gradient).at(x);
    }

    /**
     * @param chosen the modes to check (none: only the added gradients); modes without a gradient
     *     are rejected
     * @return a new check
     */
    public GradientCheck modes(Mode... chosen) {
        List<Mode> list = new ArrayList<>();
        for (Mode m : chosen) {
            if (!Objects.requireNonNull(m, "GradientCheck.modes: null mode").hasGradient()) {
                throw new IllegalArgumentException("GradientCheck.modes: " + m.label() + " mode does not compute gradients");
            }
            list.add(m);
        }
        return new GradientCheck(f, List.copyOf(list), custom, tolerance, oracles);
    }

    /**
     * Adds a gradient to check beside the modes, e.g. a hand-written one.
     *
     * @param name its name in reports
     * @param gradient x -&gt; df/dx, n entries
     * @return a new check
     */
    public GradientCheck gradient(String name, Function<double[], double[]> gradient) {
        Objects.requireNonNull(name, "GradientCheck.gradient: name must not be null");
        Objects.requireNonNull(gradient, "GradientCheck.gradient: gradient must not be null");
        Map<String, Function<double[], double[]>> m = new LinkedHashMap<>(custom);
        m.put(name, gradient);
        return new GradientCheck(f, modes, m, tolerance, oracles);
    }

    /**
     * @param t the tolerance
     * @return a new check
     */
    public GradientCheck tolerance(Tolerance t) {
        return new GradientCheck(f, modes, custom, Objects.requireNonNull(t, "GradientCheck.tolerance"), oracles);
    }

    /**
     * @param chosen the oracles to compare against, at least one
     * @return a new check
     */
    public GradientCheck oracles(Oracle... chosen) {
        if (chosen.length == 0) {
            throw new IllegalArgumentException("GradientCheck.oracles: choose at least one oracle");
        }
        return new GradientCheck(f, modes, custom, tolerance, EnumSet.of(chosen[0], chosen));
    }

    /**
     * Runs the check at x.
     *
     * @param x the point, n &ge; 1 finite coordinates (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw, or x has a
     *     NaN or infinite coordinate
     */
    public CheckReport at(double... x) {
        double[] p = Checker.point(x, "GradientCheck");
        List<Checker.Source> subjects = new ArrayList<>();
        for (Mode m : modes) {
            subjects.add(new Checker.Source(m.label(), () -> Checker.row(m.gradient(f, p.clone()))));
        }
        custom.forEach((name, g) -> subjects.add(new Checker.Source(name, () -> Checker.row(g.apply(p.clone())))));
        List<Checker.OracleSource> refs = new ArrayList<>();
        if (oracles.contains(Oracle.COMPLEX_STEP)) {
            refs.add(new Checker.OracleSource(Oracle.COMPLEX_STEP.label(), () -> new Checker.Reference(
                    Oracle.COMPLEX_STEP.label(), Checker.row(Oracles.complexStepGradient(f, p.clone())), null)));
        }
        if (oracles.contains(Oracle.FINITE_DIFFERENCES)) {
            refs.add(new Checker.OracleSource(Oracle.FINITE_DIFFERENCES.label(), () -> {
                FiniteDifferenceEstimate e = Oracles.finiteDifferenceGradientWithError(f, p.clone());
                return new Checker.Reference(Oracle.FINITE_DIFFERENCES.label(), e.estimate(), e.errorBound());
            }));
        }
        return Checker.run("GradientCheck", p, subjects, refs, tolerance, (i, j) -> "output 0, input " + j);
    }
}
