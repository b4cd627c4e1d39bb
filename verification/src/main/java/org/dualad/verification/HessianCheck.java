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
import org.ejml.data.DMatrixRMaj;

/**
 * Checks Hessians of f: R^n -&gt; R, from every DualAD mode or a hand-written one, against the
 * complex-step Hessian ({@link Oracles#complexStepHessian}, complex step over forward mode) and the
 * finite-difference Hessian (differences of the complex-step gradient). Same contract as {@link GradientCheck}: an
 * {@link AssertionError} naming output i (the gradient entry df/dx_i) and input j of the worst entries, or a
 * {@link CheckReport}.
 *
 * <pre>{@code
 * HessianCheck.check(MyFns::rosenbrock, 2.0, 0.5);
 * HessianCheck.check(MyFns::rosenbrock, x -> myHessian(x), 2.0, 0.5);
 * }</pre>
 */
public final class HessianCheck {
    private final ScalarFunction f;
    private final List<Mode> modes;
    private final Map<String, Function<double[], DMatrixRMaj>> custom;
    private final Tolerance tolerance;
    private final Set<Oracle> oracles;

    private HessianCheck(ScalarFunction f, List<Mode> modes, Map<String, Function<double[], DMatrixRMaj>> custom,
                          Tolerance tolerance, Set<Oracle> oracles) {
        this.f = f;
        this.modes = modes;
        this.custom = custom;
        this.tolerance = tolerance;
        this.oracles = oracles;
    }

    /**
     * A check of f's Hessian by every mode that computes Hessians, against both oracles.
     *
     * @param f the function
     * @return the check; run it with {@link #at}
     */
    public static HessianCheck of(ScalarFunction f) {
        Arguments.function(f, "HessianCheck");
        List<Mode> all = new ArrayList<>();
        for (Mode m : Mode.values()) {
            if (m.hasHessian()) {
                all.add(m);
            }
        }
        return new HessianCheck(f, all, Map.of(), Tolerance.DEFAULT, EnumSet.allOf(Oracle.class));
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError on any failing entry, NaN, or exception
     */
    public static CheckReport check(ScalarFunction f, double... x) {
        return of(f).at(x);
    }

    /**
     * Checks a hand-written Hessian (only it) against both oracles.
     *
     * @param f the function
     * @param hessian x -&gt; the n x n Hessian
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError on any failing entry, NaN, or exception
     */
    public static CheckReport check(ScalarFunction f, Function<double[], DMatrixRMaj> hessian, double... x) {
        return of(f).modes().hessian("hand-written", hessian).at(x);
    }

    /**
     * @param chosen the modes to check (none: only the added Hessians)
     * @return a new check
     */
    public HessianCheck modes(Mode... chosen) {
        List<Mode> list = new ArrayList<>();
        for (Mode m : chosen) {
            if (!Objects.requireNonNull(m, "HessianCheck.modes: null mode").hasHessian()) {
                throw new IllegalArgumentException("HessianCheck.modes: " + m.label() + " mode does not compute Hessians");
            }
            list.add(m);
        }
        return new HessianCheck(f, List.copyOf(list), custom, tolerance, oracles);
    }

    /**
     * Adds a Hessian to check beside the modes.
     *
     * @param name its name in reports
     * @param hessian x -&gt; the n x n Hessian
     * @return a new check
     */
    public HessianCheck hessian(String name, Function<double[], DMatrixRMaj> hessian) {
        Objects.requireNonNull(name, "HessianCheck.hessian: name must not be null");
        Objects.requireNonNull(hessian, "HessianCheck.hessian: hessian must not be null");
        Map<String, Function<double[], DMatrixRMaj>> m = new LinkedHashMap<>(custom);
        m.put(name, hessian);
        return new HessianCheck(f, modes, m, tolerance, oracles);
    }

    /**
     * @param t the tolerance
     * @return a new check
     */
    public HessianCheck tolerance(Tolerance t) {
        return new HessianCheck(f, modes, custom, Objects.requireNonNull(t, "HessianCheck.tolerance"), oracles);
    }

    /**
     * @param chosen the oracles, at least one
     * @return a new check
     */
    public HessianCheck oracles(Oracle... chosen) {
        if (chosen.length == 0) {
            throw new IllegalArgumentException("HessianCheck.oracles: choose at least one oracle");
        }
        return new HessianCheck(f, modes, custom, tolerance, EnumSet.of(chosen[0], chosen));
    }

    /**
     * Runs the check at x.
     *
     * @param x the point, finite coordinates (not modified)
     * @return the report
     * @throws AssertionError on any failing entry, NaN, exception, or a non-finite coordinate
     */
    public CheckReport at(double... x) {
        double[] p = Checker.point(x, "HessianCheck");
        List<Checker.Source> subjects = new ArrayList<>();
        for (Mode m : modes) {
            subjects.add(new Checker.Source(m.label(), () -> m.hessian(f, p.clone())));
        }
        custom.forEach((name, g) -> subjects.add(new Checker.Source(name, () -> g.apply(p.clone()))));
        List<Checker.OracleSource> refs = new ArrayList<>();
        if (oracles.contains(Oracle.COMPLEX_STEP)) {
            refs.add(new Checker.OracleSource(Oracle.COMPLEX_STEP.label(), () -> new Checker.Reference(
                    Oracle.COMPLEX_STEP.label(), Oracles.complexStepHessian(f, p.clone()), null)));
        }
        if (oracles.contains(Oracle.FINITE_DIFFERENCES)) {
            refs.add(new Checker.OracleSource(Oracle.FINITE_DIFFERENCES.label(), () -> {
                FiniteDifferenceEstimate e = Oracles.finiteDifferenceHessianWithError(f, p.clone());
                return new Checker.Reference(Oracle.FINITE_DIFFERENCES.label(), e.estimate(), e.errorBound());
            }));
        }
        return Checker.run("HessianCheck", p, subjects, refs, tolerance, (i, j) -> "output " + i + " (df/dx" + i + "), input " + j);
    }
}
