package org.dualad.verification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
public final class HessianCheck
        extends AbstractCheck<ScalarFunction, Function<double[], DMatrixRMaj>, HessianCheck> {
    private static final Kind KIND = new Kind("HessianCheck", "hessian", "Hessians", Mode::hasHessian);

    private HessianCheck(ScalarFunction f) {
        super(KIND, f);
    }

    private HessianCheck(ScalarFunction f, List<Mode> modes, Map<String, Function<double[], DMatrixRMaj>> custom,
                         Tolerance tolerance, Set<Oracle> oracles) {
        super(KIND, f, modes, custom, tolerance, oracles);
    }

    /**
     * A check of f's Hessian by every mode that computes Hessians, against both oracles.
     *
     * @param f the function
     * @return the check; run it with {@link #at}
     */
    public static HessianCheck of(ScalarFunction f) {
        return new HessianCheck(f);
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
        return withModes(chosen);
    }

    /**
     * Adds a Hessian to check beside the modes.
     *
     * @param name its name in reports
     * @param hessian x -&gt; the n x n Hessian
     * @return a new check
     */
    public HessianCheck hessian(String name, Function<double[], DMatrixRMaj> hessian) {
        return withDerivative(name, hessian);
    }

    /**
     * @param t the tolerance
     * @return a new check
     */
    public HessianCheck tolerance(Tolerance t) {
        return withTolerance(t);
    }

    /**
     * @param chosen the oracles, at least one
     * @return a new check
     */
    public HessianCheck oracles(Oracle... chosen) {
        return withOracles(chosen);
    }

    /**
     * Runs the check at x.
     *
     * @param x the point, finite coordinates (not modified)
     * @return the report
     * @throws AssertionError on any failing entry, NaN, exception, or a non-finite coordinate
     */
    public CheckReport at(double... x) {
        return run(x);
    }

    @Override
    HessianCheck with(List<Mode> modes, Map<String, Function<double[], DMatrixRMaj>> custom, Tolerance tolerance,
                      Set<Oracle> oracles) {
        return new HessianCheck(f, modes, custom, tolerance, oracles);
    }

    @Override
    DMatrixRMaj byMode(Mode m, double[] x) {
        return m.hessian(f, x);
    }

    @Override
    DMatrixRMaj byHand(Function<double[], DMatrixRMaj> hessian, double[] x) {
        return hessian.apply(x);
    }

    @Override
    DMatrixRMaj highPrecision(double[] x) {
        return Oracles.highPrecisionHessian(f, x);
    }

    @Override
    DMatrixRMaj complexStep(double[] x) {
        return Oracles.complexStepHessian(f, x);
    }

    @Override
    FiniteDifferenceEstimate finiteDifferences(double[] x) {
        return Oracles.finiteDifferenceHessianWithError(f, x);
    }

    @Override
    String entry(int i, int j) {
        return "output " + i + " (df/dx" + i + "), input " + j;
    }
}
