package org.dualad.verification;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dualad.ScalarFunction;
import org.ejml.data.DMatrixRMaj;

/**
 * Checks gradients, from every DualAD mode or from a hand-written derivative, against the
 * complex-step and finite-difference oracles. For JUnit, jqwik or a plain {@code main}: a failure
 * is an {@link AssertionError} naming, worst entry first, the output and input index, the point,
 * both values, the absolute and relative error and the tolerance; a pass returns a
 * {@link CheckReport}.
 *
 * <pre>{@code
 * GradientCheck.check(MyFns::rosenbrock, 1.0, 2.0);                       // every mode, both oracles
 * GradientCheck.check(MyFns::rosenbrock, x -> myGradient(x), 1.0, 2.0);   // a hand-written gradient
 * GradientCheck.of(MyFns::rosenbrock).modes(Mode.FORWARD).oracles(Oracle.COMPLEX_STEP)
 *         .tolerance(new Tolerance(1e-10, 1e-12)).at(1.0, 2.0);
 * GradientCheck.of(MyFns::rosenbrock).oracles(Oracle.HIGH_PRECISION)    // the exact gradient, rounded
 *         .tolerance(new Tolerance(4 * 0x1p-52, 0)).at(1.0, 2.0);
 * }</pre>
 *
 * <p>The default oracles are the complex step and finite differences; {@link Oracle#HIGH_PRECISION}
 * is added with {@link #oracles}. Against the complex step or the high-precision oracle an entry
 * passes within the {@link Tolerance}; against finite
 * differences within the tolerance plus the estimate's own error bound. It fails when a value is
 * NaN (whichever side), when a subject or an oracle throws (the exception is the cause), and at a
 * point with a NaN or infinite coordinate: a check never passes silently. Instances are
 * immutable: each setter returns a new check.
 */
public final class GradientCheck
        extends AbstractCheck<ScalarFunction, Function<double[], double[]>, GradientCheck> {
    private static final Kind KIND = new Kind("GradientCheck", "gradient", "gradients", Mode::hasGradient);

    private GradientCheck(ScalarFunction f) {
        super(KIND, f);
    }

    private GradientCheck(ScalarFunction f, List<Mode> modes, Map<String, Function<double[], double[]>> custom,
                          Tolerance tolerance, Set<Oracle> oracles) {
        super(KIND, f, modes, custom, tolerance, oracles);
    }

    /**
     * A check of f's gradient by every mode that computes gradients, against both oracles, with
     * {@link Tolerance#DEFAULT}.
     *
     * @param f the function
     * @return the check; run it with {@link #at}
     */
    public static GradientCheck of(ScalarFunction f) {
        return new GradientCheck(f);
    }

    /**
     * Checks every mode's gradient of f at x against both oracles.
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
     * Checks a hand-written gradient of f (only it, no mode) at x against both oracles.
     *
     * @param f the function
     * @param gradient the gradient to check, x -&gt; df/dx
     * @param x the point (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw
     */
    public static CheckReport check(ScalarFunction f, Function<double[], double[]> gradient, double... x) {
        return of(f).modes().gradient("hand-written", gradient).at(x);
    }

    /**
     * @param chosen the modes to check (none: only the added gradients); modes without a gradient
     *     are rejected
     * @return a new check
     */
    public GradientCheck modes(Mode... chosen) {
        return withModes(chosen);
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

    /**
     * @param t the tolerance
     * @return a new check
     */
    public GradientCheck tolerance(Tolerance t) {
        return withTolerance(t);
    }

    /**
     * @param chosen the oracles to compare against, at least one
     * @return a new check
     */
    public GradientCheck oracles(Oracle... chosen) {
        return withOracles(chosen);
    }

    /**
     * Runs the check at x.
     *
     * @param x the point, n &ge; 1 finite coordinates (not modified)
     * @return the report
     * @throws AssertionError if any entry is out of tolerance, NaN, or anything threw, or x has a
     *     NaN or infinite coordinate
     */
    public CheckReport at(double... x) {
        return run(x);
    }

    @Override
    GradientCheck with(List<Mode> modes, Map<String, Function<double[], double[]>> custom, Tolerance tolerance,
                       Set<Oracle> oracles) {
        return new GradientCheck(f, modes, custom, tolerance, oracles);
    }

    @Override
    DMatrixRMaj byMode(Mode m, double[] x) {
        return Checker.row(m.gradient(f, x));
    }

    @Override
    DMatrixRMaj byHand(Function<double[], double[]> gradient, double[] x) {
        return Checker.row(gradient.apply(x));
    }

    @Override
    DMatrixRMaj highPrecision(double[] x) {
        return Checker.row(Oracles.highPrecisionGradient(f, x));
    }

    @Override
    DMatrixRMaj complexStep(double[] x) {
        return Checker.row(Oracles.complexStepGradient(f, x));
    }

    @Override
    FiniteDifferenceEstimate finiteDifferences(double[] x) {
        return Oracles.finiteDifferenceGradientWithError(f, x);
    }

    @Override
    String entry(int i, int j) {
        return "output 0, input " + j;
    }
}
