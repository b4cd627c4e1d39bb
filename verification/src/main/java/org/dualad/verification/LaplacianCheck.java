package org.dualad.verification;

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
public final class LaplacianCheck extends DerivativeCheck<ScalarFunction, ToDoubleFunction<double[]>, LaplacianCheck> {
    private static final Kind<ScalarFunction, ToDoubleFunction<double[]>> KIND = new Kind<>("LaplacianCheck", "laplacian", "Laplacians", Mode::hasLaplacian,
            m -> (f, x) -> scalar(m.laplacian(f, x)), (d, x) -> scalar(d.applyAsDouble(x)),
            (f, x) -> scalar(Oracles.complexStepLaplacian(f, x)), (f, x) -> scalar(Oracles.highPrecisionLaplacian(f, x)),
            (f, x) -> scalar(Oracles.derivativeStructureLaplacian(f, x)), LaplacianCheck::finiteDifferences,
            (i, j) -> "the Laplacian");

    private LaplacianCheck(ScalarFunction f) {
        super(KIND, f);
    }

    private LaplacianCheck(Settings<ScalarFunction, ToDoubleFunction<double[]>> s) {
        super(KIND, s);
    }

    /**
     * A check of f's Laplacian by every mode that computes Laplacians, against both oracles.
     *
     * @param f the function
     * @return the check; run it with {@link #at}
     */
    public static LaplacianCheck of(ScalarFunction f) {
        return new LaplacianCheck(f);
    }


    /**
     * Checks every capable mode against the complex-step and finite-difference oracles.
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
     * Checks a hand-written Laplacian (only it) against both oracles.
     *
     * @param f the function
     * @param laplacian x -&gt; the Laplacian
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw
     */
    public static CheckReport check(ScalarFunction f, ToDoubleFunction<double[]> laplacian, double... x) {
        return of(f).modes().laplacian("hand-written", laplacian).at(x);
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

    @Override
    LaplacianCheck with(Settings<ScalarFunction, ToDoubleFunction<double[]>> s) {
        return new LaplacianCheck(s);
    }

    /** The trace of the finite-difference Hessian; its bound, the sum of the diagonal bounds. */
    private static FiniteDifferenceEstimate finiteDifferences(ScalarFunction f, double[] x) {
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

    /** A Laplacian as the 1 x 1 matrix the comparison reads. */
    private static DMatrixRMaj scalar(double v) {
        return Checker.row(new double[] {v});
    }
}
