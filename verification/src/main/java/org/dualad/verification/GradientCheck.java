package org.dualad.verification;

import java.util.function.Function;
import org.dualad.ScalarFunction;

/**
 * Checks gradients, from every DualAD mode or from a hand-written derivative, against the
 * complex-step and finite-difference oracles (or the high-precision and
 * {@code DerivativeStructure} ones, chosen with {@link #oracles}). For JUnit, jqwik or a plain
 * {@code main}: a failure is an {@link AssertionError} naming, worst entry first, the output and
 * input index, the point, both values, the absolute and relative error and the tolerance; a pass
 * returns a {@link CheckReport}. The rules are {@link DerivativeCheck}'s.
 *
 * <pre>{@code
 * GradientCheck.check(MyFns::rosenbrock, 1.0, 2.0);                       // every mode, both oracles
 * GradientCheck.check(MyFns::rosenbrock, x -> myGradient(x), 1.0, 2.0);   // a hand-written gradient
 * GradientCheck.of(MyFns::rosenbrock).modes(Mode.FORWARD).oracles(Oracle.COMPLEX_STEP)
 *         .tolerance(new Tolerance(1e-10, 1e-12)).at(1.0, 2.0);
 * GradientCheck.of(MyFns::rosenbrock).oracles(Oracle.HIGH_PRECISION)    // the exact gradient, rounded
 *         .tolerance(new Tolerance(4 * 0x1p-52, 0)).at(1.0, 2.0);
 * }</pre>
 */
public final class GradientCheck extends DerivativeCheck<ScalarFunction, Function<double[], double[]>, GradientCheck> {
    private static final Kind<ScalarFunction, Function<double[], double[]>> KIND = new Kind<>("GradientCheck", "gradient", "gradients", Mode::hasGradient,
            m -> (f, x) -> Checker.row(m.gradient(f, x)), (d, x) -> Checker.row(d.apply(x)),
            (f, x) -> Checker.row(Oracles.complexStepGradient(f, x)),
            (f, x) -> Checker.row(Oracles.highPrecisionGradient(f, x)),
            (f, x) -> Checker.row(Oracles.derivativeStructureGradient(f, x)),
            Oracles::finiteDifferenceGradientWithError, (i, j) -> "output 0, input " + j);

    private GradientCheck(ScalarFunction f) {
        super(KIND, f);
    }

    private GradientCheck(Settings<ScalarFunction, Function<double[], double[]>> s) {
        super(KIND, s);
    }

    /**
     * A check of f's gradient by every mode that computes gradients, against the complex step and
     * finite differences, with {@link Tolerance#DEFAULT}.
     *
     * @param f the function
     * @return the check; run it with {@link #at}
     */
    public static GradientCheck of(ScalarFunction f) {
        return new GradientCheck(f);
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
     * Checks a hand-written gradient of f (only it, no mode) against both oracles.
     *
     * @param f the function
     * @param gradient x -&gt; df/dx, n entries
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw
     */
    public static CheckReport check(ScalarFunction f, Function<double[], double[]> gradient, double... x) {
        return of(f).modes().gradient("hand-written", gradient).at(x);
    }

    /**
     * Adds a gradient to check beside the modes, e.g. a hand-written one.
     *
     * @param name its name in reports
     * @param gradient x -&gt; df/dx, n entries
     * @return a new check
     */
    public GradientCheck gradient(String name, Function<double[], double[]> gradient) {
        return withDerivative(name, gradient);
    }

    @Override
    GradientCheck with(Settings<ScalarFunction, Function<double[], double[]>> s) {
        return new GradientCheck(s);
    }
}
