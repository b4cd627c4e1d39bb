package org.dualad.verification;

import java.util.function.Function;
import org.dualad.ScalarFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * Checks Hessians of f: R^n -&gt; R, from every DualAD mode or a hand-written one, against the
 * complex-step Hessian ({@link Oracles#complexStepHessian}, complex step over forward mode) and the
 * finite-difference Hessian (differences of the complex-step gradient). Same contract as
 * {@link GradientCheck}: an {@link AssertionError} naming output i (the gradient entry df/dx_i)
 * and input j of the worst entries, or a {@link CheckReport}.
 *
 * <pre>{@code
 * HessianCheck.check(MyFns::rosenbrock, 2.0, 0.5);
 * HessianCheck.check(MyFns::rosenbrock, x -> myHessian(x), 2.0, 0.5);
 * }</pre>
 */
public final class HessianCheck extends DerivativeCheck<ScalarFunction, Function<double[], DMatrixRMaj>, HessianCheck> {
    private static final Kind<ScalarFunction, Function<double[], DMatrixRMaj>> KIND = new Kind<>("HessianCheck", "hessian", "Hessians", Mode::hasHessian,
            m -> m::hessian, Function::apply, Oracles::complexStepHessian, Oracles::highPrecisionHessian,
            Oracles::derivativeStructureHessian, Oracles::finiteDifferenceHessianWithError,
            (i, j) -> "output " + i + " (df/dx" + i + "), input " + j);

    private HessianCheck(ScalarFunction f) {
        super(KIND, f);
    }

    private HessianCheck(Settings<ScalarFunction, Function<double[], DMatrixRMaj>> s) {
        super(KIND, s);
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
     * Checks a hand-written Hessian (only it) against both oracles.
     *
     * @param f the function
     * @param hessian x -&gt; the n x n Hessian
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw
     */
    public static CheckReport check(ScalarFunction f, Function<double[], DMatrixRMaj> hessian, double... x) {
        return of(f).modes().hessian("hand-written", hessian).at(x);
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

    @Override
    HessianCheck with(Settings<ScalarFunction, Function<double[], DMatrixRMaj>> s) {
        return new HessianCheck(s);
    }
}
