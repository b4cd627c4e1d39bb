package org.dualad.verification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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
public final class JacobianCheck
        extends AbstractCheck<VectorFunction, Function<double[], DMatrixRMaj>, JacobianCheck> {
    private static final Kind KIND = new Kind("JacobianCheck", "jacobian", "Jacobians", Mode::hasJacobian);

    private JacobianCheck(VectorFunction f) {
        super(KIND, f);
    }

    private JacobianCheck(VectorFunction f, List<Mode> modes, Map<String, Function<double[], DMatrixRMaj>> custom,
                          Tolerance tolerance, Set<Oracle> oracles) {
        super(KIND, f, modes, custom, tolerance, oracles);
    }

    /**
     * A check of f's Jacobian by every mode that computes Jacobians, against both oracles.
     *
     * @param f the function
     * @return the check; run it with {@link #at}
     */
    public static JacobianCheck of(VectorFunction f) {
        return new JacobianCheck(f);
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
        return withModes(chosen);
    }

    /**
     * Adds a Jacobian to check beside the modes.
     *
     * @param name its name in reports
     * @param jacobian x -&gt; the m x n Jacobian
     * @return a new check
     */
    public JacobianCheck jacobian(String name, Function<double[], DMatrixRMaj> jacobian) {
        return withDerivative(name, jacobian);
    }

    /**
     * @param t the tolerance
     * @return a new check
     */
    public JacobianCheck tolerance(Tolerance t) {
        return withTolerance(t);
    }

    /**
     * @param chosen the oracles, at least one
     * @return a new check
     */
    public JacobianCheck oracles(Oracle... chosen) {
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
    JacobianCheck with(List<Mode> modes, Map<String, Function<double[], DMatrixRMaj>> custom, Tolerance tolerance,
                       Set<Oracle> oracles) {
        return new JacobianCheck(f, modes, custom, tolerance, oracles);
    }

    @Override
    DMatrixRMaj byMode(Mode m, double[] x) {
        return m.jacobian(f, x);
    }

    @Override
    DMatrixRMaj byHand(Function<double[], DMatrixRMaj> jacobian, double[] x) {
        return jacobian.apply(x);
    }

    @Override
    DMatrixRMaj highPrecision(double[] x) {
        return Oracles.highPrecisionJacobian(f, x);
    }

    @Override
    DMatrixRMaj complexStep(double[] x) {
        return Oracles.complexStepJacobian(f, x);
    }

    @Override
    FiniteDifferenceEstimate finiteDifferences(double[] x) {
        return Oracles.finiteDifferenceJacobianWithError(f, x);
    }

    @Override
    String entry(int i, int j) {
        return "output " + i + ", input " + j;
    }
}
