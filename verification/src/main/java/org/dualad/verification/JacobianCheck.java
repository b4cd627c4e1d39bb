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
import org.dualad.VectorFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * Checks Jacobians of f: R^n -&gt; R^m, from every DualAD mode or a hand-written one, against the
 * complex-step and finite-difference oracles. Same contract as {@link GradientCheck}: an
 * {@link AssertionError} naming output i and input j of the worst entries, or a
 * {@link CheckReport}.
 *
 * <pre>{@code
 * JacobianCheck.check(MyFns::polar, 2.0, 0.5);
 * JacobianCheck.check(MyFns::polar, x -> myJacobian(x), 2.0, 0.5);
 * }</pre>
 */
public final class JacobianCheck {
    private final VectorFunction f;
    private final List<Mode> modes;
    private final Map<String, Function<double[], DMatrixRMaj>> custom;
    private final Tolerance tolerance;
    private final Set<Oracle> oracles;

    private JacobianCheck(VectorFunction f, List<Mode> modes, Map<String, Function<double[], DMatrixRMaj>> custom,
                          Tolerance tolerance, Set<Oracle> oracles) {
        this.f = f;
        this.modes = modes;
        this.custom = custom;
        this.tolerance = tolerance;
        this.oracles = oracles;
    }

    /**
     * A check of f's Jacobian by every mode that computes Jacobians, against both oracles.
     *
     * @param f the function
     * @return the check; run it with {@link #at}
     */
    public static JacobianCheck of(VectorFunction f) {
        Arguments.function(f, "JacobianCheck");
        List<Mode> all = new ArrayList<>();
        for (Mode m : Mode.values()) {
            if (m.hasJacobian()) {
                all.add(m);
            }
        }
        return new JacobianCheck(f, all, Map.of(), Tolerance.DEFAULT, EnumSet.allOf(Oracle.class));
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError on any failing entry, NaN, or exception
     */
    public static CheckReport check(VectorFunction f, double... x) {
        return of(f).at(x);
    }

    /**
     * Checks a hand-written Jacobian (only it) against both oracles.
     *
     * @param f the function
     * @param jacobian x -&gt; the m x n Jacobian
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError on any failing entry, NaN, or exception
     */
    public static CheckReport check(VectorFunction f, Function<double[], DMatrixRMaj> jacobian, double... x) {
        return of(f).modes().jacobian("hand-written", jacobian).at(x);
    }

    /**
     * @param chosen the modes to check (none: only the added Jacobians)
     * @return a new check
     */
    public JacobianCheck modes(Mode... chosen) {
        List<Mode> list = new ArrayList<>();
        for (Mode m : chosen) {
            if (!Objects.requireNonNull(m, "JacobianCheck.modes: null mode").hasJacobian()) {
                throw new IllegalArgumentException("JacobianCheck.modes: " + m.label() + " mode does not compute Jacobians");
            }
            list.add(m);
        }
        return new JacobianCheck(f, List.copyOf(list), custom, tolerance, oracles);
    }

    /**
     * Adds a Jacobian to check beside the modes.
     *
     * @param name its name in reports
     * @param jacobian x -&gt; the m x n Jacobian
     * @return a new check
     */
    public JacobianCheck jacobian(String name, Function<double[], DMatrixRMaj> jacobian) {
        Objects.requireNonNull(name, "JacobianCheck.jacobian: name must not be null");
        Objects.requireNonNull(jacobian, "JacobianCheck.jacobian: jacobian must not be null");
        Map<String, Function<double[], DMatrixRMaj>> m = new LinkedHashMap<>(custom);
        m.put(name, jacobian);
        return new JacobianCheck(f, modes, m, tolerance, oracles);
    }

    /**
     * @param t the tolerance
     * @return a new check
     */
    public JacobianCheck tolerance(Tolerance t) {
        return new JacobianCheck(f, modes, custom, Objects.requireNonNull(t, "JacobianCheck.tolerance"), oracles);
    }

    /**
     * @param chosen the oracles, at least one
     * @return a new check
     */
    public JacobianCheck oracles(Oracle... chosen) {
        if (chosen.length == 0) {
            throw new IllegalArgumentException("JacobianCheck.oracles: choose at least one oracle");
        }
        return new JacobianCheck(f, modes, custom, tolerance, EnumSet.of(chosen[0], chosen));
    }

    /**
     * Runs the check at x.
     *
     * @param x the point, finite coordinates (not modified)
     * @return the report
     * @throws AssertionError on any failing entry, NaN, exception, or a non-finite coordinate
     */
    public CheckReport at(double... x) {
        double[] p = Checker.point(x, "JacobianCheck");
        List<Checker.Source> subjects = new ArrayList<>();
        for (Mode m : modes) {
            subjects.add(new Checker.Source(m.label(), () -> m.jacobian(f, p.clone())));
        }
        custom.forEach((name, g) -> subjects.add(new Checker.Source(name, () -> g.apply(p.clone()))));
        List<Checker.OracleSource> refs = new ArrayList<>();
        if (oracles.contains(Oracle.COMPLEX_STEP)) {
            refs.add(new Checker.OracleSource(Oracle.COMPLEX_STEP.label(), () -> new Checker.Reference(
                    Oracle.COMPLEX_STEP.label(), Oracles.complexStepJacobian(f, p.clone()), null)));
        }
        if (oracles.contains(Oracle.FINITE_DIFFERENCES)) {
            refs.add(new Checker.OracleSource(Oracle.FINITE_DIFFERENCES.label(), () -> {
                FiniteDifferenceEstimate e = Oracles.finiteDifferenceJacobianWithError(f, p.clone());
                return new Checker.Reference(Oracle.FINITE_DIFFERENCES.label(), e.estimate(), e.errorBound());
            }));
        }
        return Checker.run("JacobianCheck", p, subjects, refs, tolerance, (i, j) -> "output " + i + ", input " + j);
    }
}
