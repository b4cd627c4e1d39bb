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
 * The values and derivatives are Commons Math's ({@link Gamma#logGamma}, {@link Gamma#digamma},
 * {@link Gamma#trigamma}, {@link Erf#erf}, {@link Beta#logBeta}) and carry their accuracy, not
 * DualAD's 4-ulp promise for the built-in functions. Outside a function's domain (logGamma at
 * x &le; 0, logBeta with an argument &le; 0) the value is NaN, and so are the derivatives.
 */
public final class SpecialFunctions {
    private SpecialFunctions() {
    }

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    /** log &Gamma;(x), x &gt; 0: derivative digamma &psi;(x), second derivative trigamma &psi;'(x). */
    public static final Rule LOG_GAMMA = Rule.unary("logGamma", Gamma::logGamma, Gamma::digamma, Gamma::trigamma);

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
        (a, b) -> Gamma.digamma(a) - Gamma.digamma(a + b),
        (a, b) -> Gamma.digamma(b) - Gamma.digamma(a + b),
        (a, b) -> Gamma.trigamma(a) - Gamma.trigamma(a + b),
        (a, b) -> -Gamma.trigamma(a + b),
        (a, b) -> Gamma.trigamma(b) - Gamma.trigamma(a + b));

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
