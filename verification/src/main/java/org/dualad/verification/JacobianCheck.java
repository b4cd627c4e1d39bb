package org.dualad.verification;

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
public final class JacobianCheck extends DerivativeCheck<VectorFunction, Function<double[], DMatrixRMaj>, JacobianCheck> {
    private static final Kind<VectorFunction, Function<double[], DMatrixRMaj>> KIND = new Kind<>("JacobianCheck", "jacobian", "Jacobians", Mode::hasJacobian,
            m -> m::jacobian, Function::apply, Oracles::complexStepJacobian, Oracles::highPrecisionJacobian,
            Oracles::derivativeStructureJacobian, Oracles::finiteDifferenceJacobianWithError,
            (i, j) -> "output " + i + ", input " + j);

    private JacobianCheck(VectorFunction f) {
        super(KIND, f);
    }

    private JacobianCheck(Settings<VectorFunction, Function<double[], DMatrixRMaj>> s) {
        super(KIND, s);
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
     * Checks every capable mode against the complex-step and finite-difference oracles.
     *
     * @param f the function
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw
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
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw
     */
    public static CheckReport check(VectorFunction f, Function<double[], DMatrixRMaj> jacobian, double... x) {
        return of(f).modes().jacobian("hand-written", jacobian).at(x);
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

    @Override
    JacobianCheck with(Settings<VectorFunction, Function<double[], DMatrixRMaj>> s) {
        return new JacobianCheck(s);
    }
}
