package org.dualad.verification;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.dualad.Arguments;
import org.dualad.ScalarFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * Checks Laplacians (the trace of the Hessian), from every mode that computes them or a
 * hand-written one, against {@link Oracles#complexStepLaplacian} and the trace of the
 * finite-difference Hessian (its bound the sum of the diagonal bounds). Same contract as
 * {@link GradientCheck}.
 *
 * <pre>{@code
 * LaplacianCheck.check(MyFns::gauss, 2.0, 0.5);
 * }</pre>
 */
public final class LaplacianCheck {
    private final ScalarFunction f;
    private final List<Mode> modes;
    private final Map<String, ToDoubleFunction<double[]>> custom;
    private final Tolerance tolerance;
    private final Set<Oracle> oracles;

    private LaplacianCheck(ScalarFunction f, List<Mode> modes, Map<String, ToDoubleFunction<double[]>> custom,
                           Tolerance tolerance, Set<Oracle> oracles) {
        this.f = f;
        this.modes = modes;
        this.custom = custom;
        this.tolerance = tolerance;
        this.oracles = oracles;
    }

    /**
     * @param f the function
     * @return a check of every mode that computes Laplacians against both oracles
     */
    public static LaplacianCheck of(ScalarFunction f) {
        Arguments.function(f, "LaplacianCheck");
        List<Mode> all = new ArrayList<>();
        for (Mode m : Mode.values()) {
            if (m.hasLaplacian()) {
                all.add(m);
            }
        }
        return new LaplacianCheck(f, all, Map.of(), Tolerance.DEFAULT, EnumSet.allOf(Oracle.class));
    }

    /**
     * @param f the function
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError on a failing value, NaN, or exception
     */
    public static CheckReport check(ScalarFunction f, double... x) {
        return of(f).at(x);
    }

    /**
     * @param chosen the modes to check (none: only the added Laplacians)
     * @return a new check
     */
    public LaplacianCheck modes(Mode... chosen) {
        List<Mode> list = new ArrayList<>();
        for (Mode m : chosen) {
            if (!Objects.requireNonNull(m, "LaplacianCheck.modes: null mode").hasLaplacian()) {
                throw new IllegalArgumentException("LaplacianCheck.modes: " + m.label() + " mode does not compute Laplacians");
            }
            list.add(m);
        }
        return new LaplacianCheck(f, List.copyOf(list), custom, tolerance, oracles);
    }

    /**
     * Adds a Laplacian to check beside the modes.
     *
     * @param name its name in reports
     * @param laplacian x -&gt; the Laplacian
     * @return a new check
     */
    public LaplacianCheck laplacian(String name, ToDoubleFunction<double[]> laplacian) {
        Objects.requireNonNull(name, "LaplacianCheck.laplacian: name must not be null");
        Objects.requireNonNull(laplacian, "LaplacianCheck.laplacian: laplacian must not be null");
        Map<String, ToDoubleFunction<double[]>> m = new LinkedHashMap<>(custom);
        m.put(name, laplacian);
        return new LaplacianCheck(f, modes, m, tolerance, oracles);
    }

    /**
     * @param t the tolerance
     * @return a new check
     */
    public LaplacianCheck tolerance(Tolerance t) {
        return new LaplacianCheck(f, modes, custom, Objects.requireNonNull(t, "LaplacianCheck.tolerance"), oracles);
    }

    /**
     * @param chosen the oracles, at least one
     * @return a new check
     */
    public LaplacianCheck oracles(Oracle... chosen) {
        if (chosen.length == 0) {
            throw new IllegalArgumentException("LaplacianCheck.oracles: choose at least one oracle");
        }
        return new LaplacianCheck(f, modes, custom, tolerance, EnumSet.of(chosen[0], chosen));
    }

    /**
     * Runs the check at x.
     *
     * @param x the point, finite coordinates (not modified)
     * @return the report
     * @throws AssertionError on a failing value, NaN, exception, or a non-finite coordinate
     */
    public CheckReport at(double... x) {
        double[] p = Checker.point(x, "LaplacianCheck");
        List<Checker.Source> subjects = new ArrayList<>();
        for (Mode m : modes) {
            subjects.add(new Checker.Source(m.label(), () -> Checker.row(new double[] {m.laplacian(f, p.clone())})));
        }
        custom.forEach((name, g) -> subjects.add(new Checker.Source(name,
                () -> Checker.row(new double[] {g.applyAsDouble(p.clone())}))));
        List<Checker.OracleSource> refs = new ArrayList<>();
        if (oracles.contains(Oracle.COMPLEX_STEP)) {
            refs.add(new Checker.OracleSource(Oracle.COMPLEX_STEP.label(), () -> new Checker.Reference(
                    Oracle.COMPLEX_STEP.label(), Checker.row(new double[] {Oracles.complexStepLaplacian(f, p.clone())}),
                    null)));
        }
        if (oracles.contains(Oracle.FINITE_DIFFERENCES)) {
            refs.add(new Checker.OracleSource(Oracle.FINITE_DIFFERENCES.label(), () -> {
                FiniteDifferenceEstimate e = Oracles.finiteDifferenceHessianWithError(f, p.clone());
                DMatrixRMaj h = e.estimate();
                double trace = 0;
                double bound = 0;
                for (int i = 0; i < h.numRows; i++) {
                    trace += h.get(i, i);
                    bound += e.errorBound().get(i, i);
                }
                return new Checker.Reference(Oracle.FINITE_DIFFERENCES.label(), Checker.row(new double[] {trace}),
                        Checker.row(new double[] {bound}));
            }));
        }
        return Checker.run("LaplacianCheck", p, subjects, refs, tolerance, (i, j) -> "the Laplacian");
    }
}
