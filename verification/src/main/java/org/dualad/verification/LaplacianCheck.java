package org.dualad.verification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
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
public final class LaplacianCheck
        extends AbstractCheck<ScalarFunction, ToDoubleFunction<double[]>, LaplacianCheck> {
    private static final Kind KIND = new Kind("LaplacianCheck", "laplacian", "Laplacians", Mode::hasLaplacian);

    private LaplacianCheck(ScalarFunction f) {
        super(KIND, f);
    }

    private LaplacianCheck(ScalarFunction f, List<Mode> modes, Map<String, ToDoubleFunction<double[]>> custom,
                           Tolerance tolerance, Set<Oracle> oracles) {
        super(KIND, f, modes, custom, tolerance, oracles);
    }

    /**
     * @param f the function
     * @return a check of every mode that computes Laplacians against both oracles
     */
    public static LaplacianCheck of(ScalarFunction f) {
        return new LaplacianCheck(f);
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
        return withModes(chosen);
    }

    /**
     * Adds a Laplacian to check beside the modes.
     *
     * @param name its name in reports
     * @param laplacian x -&gt; the Laplacian
     * @return a new check
     */
    public LaplacianCheck laplacian(String name, ToDoubleFunction<double[]> laplacian) {
        return withDerivative(name, laplacian);
    }

    /**
     * @param t the tolerance
     * @return a new check
     */
    public LaplacianCheck tolerance(Tolerance t) {
        return withTolerance(t);
    }

    /**
     * @param chosen the oracles, at least one
     * @return a new check
     */
    public LaplacianCheck oracles(Oracle... chosen) {
        return withOracles(chosen);
    }

    /**
     * Runs the check at x.
     *
     * @param x the point, finite coordinates (not modified)
     * @return the report
     * @throws AssertionError on a failing value, NaN, exception, or a non-finite coordinate
     */
    public CheckReport at(double... x) {
        return run(x);
    }

    @Override
    LaplacianCheck with(List<Mode> modes, Map<String, ToDoubleFunction<double[]>> custom, Tolerance tolerance,
                        Set<Oracle> oracles) {
        return new LaplacianCheck(f, modes, custom, tolerance, oracles);
    }

    @Override
    DMatrixRMaj byMode(Mode m, double[] x) {
        return scalar(m.laplacian(f, x));
    }

    @Override
    DMatrixRMaj byHand(ToDoubleFunction<double[]> laplacian, double[] x) {
        return scalar(laplacian.applyAsDouble(x));
    }

    @Override
    DMatrixRMaj highPrecision(double[] x) {
        return scalar(Oracles.highPrecisionLaplacian(f, x));
    }

    @Override
    DMatrixRMaj complexStep(double[] x) {
        return scalar(Oracles.complexStepLaplacian(f, x));
    }

    /** The trace of the finite-difference Hessian; its bound, the sum of the diagonal bounds. */
    @Override
    FiniteDifferenceEstimate finiteDifferences(double[] x) {
        FiniteDifferenceEstimate e = Oracles.finiteDifferenceHessianWithError(f, x);
        DMatrixRMaj h = e.estimate();
        double trace = 0;
        double bound = 0;
        for (int i = 0; i < h.numRows; i++) {
            trace += h.get(i, i);
            bound += e.errorBound().get(i, i);
        }
        return new FiniteDifferenceEstimate(scalar(trace), scalar(bound), e.step());
    }

    @Override
    String entry(int i, int j) {
        return "the Laplacian";
    }

    /** A Laplacian as the 1 x 1 matrix Checker compares. */
    private static DMatrixRMaj scalar(double v) {
        return Checker.row(new double[] {v});
    }
}
