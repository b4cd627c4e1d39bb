package org.dualad.dual;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Commons Math's special functions as ready-made custom {@link Rule}s, with their first and second
 * derivatives, callable from generic code in every mode:
 *
 * <pre>{@code
 * static <T extends RealFieldElement<T>> T f(T[] x) {
 *     return SpecialFunctions.logGamma(x[0]).add(SpecialFunctions.erf(x[1]));
 * }
 * Forward.gradient(F::f, 2.5, 0.5);   // [digamma(2.5), 2/sqrt(pi) exp(-0.25)]
 * }</pre>
 *
 * The values are Commons Math's ({@link Gamma#logGamma}, {@link Erf#erf}, {@link Beta#logBeta}) and
 * carry their accuracy, not DualAD's 4-ulp promise for the built-in functions. The derivatives of
 * log &Gamma; are this class's {@link #digamma} and {@link #trigamma}: Commons Math 3.6.1's
 * {@code Gamma.digamma} and {@code Gamma.trigamma} have a sign error in one term of their
 * asymptotic series (the x<sup>-4</sup> term of digamma, the x<sup>-7</sup> term of trigamma), which
 * leaves digamma off by about 3e-9 (and trigamma by 7e-14) everywhere below x = 49; a check of the
 * rule against finite differences ({@code RuleCheck}) finds it. Outside a function's domain
 * (logGamma at x &le; 0, logBeta with an argument &le; 0) the value is NaN, and so are the
 * derivatives.
 */
public final class SpecialFunctions {
    private SpecialFunctions() {
    }

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    /** log &Gamma;(x), x &gt; 0: derivative digamma &psi;(x), second derivative trigamma &psi;'(x). */
    public static final Rule LOG_GAMMA = Rule.unary("logGamma", Gamma::logGamma, SpecialFunctions::digamma,
        SpecialFunctions::trigamma);

    /**
     * erf(x): derivative 2/&radic;&pi; e<sup>-x&sup2;</sup>, second derivative -2x times that.
     */
    public static final Rule ERF = Rule.unary("erf", Erf::erf,
        x -> TWO_OVER_SQRT_PI * Math.exp(-x * x),
        x -> -2 * x * TWO_OVER_SQRT_PI * Math.exp(-x * x));

    /**
     * log B(a, b) = log &Gamma;(a) + log &Gamma;(b) - log &Gamma;(a + b), a, b &gt; 0: partials
     * &psi;(a) - &psi;(a + b) and &psi;(b) - &psi;(a + b); second partials &psi;'(a) - &psi;'(a + b),
     * -&psi;'(a + b), &psi;'(b) - &psi;'(a + b). A two-argument example.
     */
    public static final Rule LOG_BETA = Rule.binary("logBeta", Beta::logBeta,
        (a, b) -> digamma(a) - digamma(a + b),
        (a, b) -> digamma(b) - digamma(a + b),
        (a, b) -> trigamma(a) - trigamma(a + b),
        (a, b) -> -trigamma(a + b),
        (a, b) -> trigamma(b) - trigamma(a + b));

    /** Below this the kernels step up by the recurrence; at and above it the series is used. */
    private static final double SERIES_FROM = 10;

    /**
     * The digamma function &psi;(x) = d/dx log &Gamma;(x) for x &gt; 0: the recurrence
     * &psi;(x) = &psi;(x + 1) - 1/x up to x &ge; 10, then the asymptotic series
     * ln x - 1/(2x) - &Sigma; B<sub>2k</sub> / (2k x<sup>2k</sup>) through x<sup>-14</sup> (the
     * next term is below 5e-17 there). Within a few ulps of the sums it adds (absolute error about
     * 1e-15 near the root x = 1.4616). NaN for x &le; 0 and NaN, the domain of
     * {@link Gamma#logGamma}.
     *
     * @param x the argument
     * @return &psi;(x)
     */
    public static double digamma(double x) {
        if (!(x > 0)) {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        double shift = 0;
        while (x < SERIES_FROM) {
            shift += 1 / x;
            x += 1;
        }
        double r = 1 / (x * x);
        // B2k / (2k): 1/12, -1/120, 1/252, -1/240, 1/132, -691/32760, 1/12
        double series = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r * (1.0 / 132
                - r * (691.0 / 32760 - r * (1.0 / 12)))))));
        return Math.log(x) - 0.5 / x - series - shift;
    }

    /**
     * The trigamma function &psi;'(x) for x &gt; 0: the recurrence &psi;'(x) = &psi;'(x + 1) +
     * 1/x<sup>2</sup> up to x &ge; 10, then 1/x + 1/(2x<sup>2</sup>) + &Sigma; B<sub>2k</sub> /
     * x<sup>2k+1</sup> through x<sup>-15</sup>. NaN for x &le; 0 and NaN.
     *
     * @param x the argument
     * @return &psi;'(x)
     */
    public static double trigamma(double x) {
        if (!(x > 0)) {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        double shift = 0;
        while (x < SERIES_FROM) {
            shift += 1 / (x * x);
            x += 1;
        }
        double r = 1 / (x * x);
        // B2k: 1/6, -1/30, 1/42, -1/30, 5/66, -691/2730, 7/6
        double series = r * (1.0 / 6 - r * (1.0 / 30 - r * (1.0 / 42 - r * (1.0 / 30 - r * (5.0 / 66
                - r * (691.0 / 2730 - r * (7.0 / 6)))))));
        return (1 + (0.5 + series * x) / x) / x + shift;
    }

    /**
     * log &Gamma;(x) in x's number type ({@link #LOG_GAMMA}).
     *
     * @param x the argument
     * @param <T> the number type
     * @return log &Gamma;(x)
     */
    public static <T extends RealFieldElement<T>> T logGamma(T x) {
        return LOG_GAMMA.apply(x);
    }

    /**
     * erf(x) in x's number type ({@link #ERF}).
     *
     * @param x the argument
     * @param <T> the number type
     * @return erf(x)
     */
    public static <T extends RealFieldElement<T>> T erf(T x) {
        return ERF.apply(x);
    }

    /**
     * log B(a, b) in the arguments' number type ({@link #LOG_BETA}).
     *
     * @param a the first argument
     * @param b the second argument
     * @param <T> the number type
     * @return log B(a, b)
     */
    public static <T extends RealFieldElement<T>> T logBeta(T a, T b) {
        return LOG_BETA.apply(a, b);
    }
}
