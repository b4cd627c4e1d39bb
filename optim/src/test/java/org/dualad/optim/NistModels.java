package org.dualad.optim;

import org.apache.commons.math3.RealFieldElement;

import java.util.Map;

/**
 * The NIST StRD models, written once as generic Java (the JSON files carry the formula as text;
 * parsing formulas is the command line's job, not this test's). Parameter b1 is b[0].
 */
final class NistModels {
    private NistModels() {
    }

    /** Model by problem name; a new NIST file without an entry here fails the acceptance test. */
    static final Map<String, CurveModel> BY_NAME = Map.of(
            "Chwirut2", NistModels::chwirut2,
            "DanWood", NistModels::danWood,
            "Gauss1", NistModels::gauss1,
            "Hahn1", NistModels::hahn1,
            "Kirby2", NistModels::kirby2,
            "Lanczos3", NistModels::lanczos3,
            "Misra1a", NistModels::misra1a,
            "Misra1b", NistModels::misra1b,
            "Rat42", NistModels::rat42);

    /** y = exp(-b1 x) / (b2 + b3 x). */
    static <T extends RealFieldElement<T>> T chwirut2(T[] b, double x) {
        return b[0].multiply(-x).exp().divide(b[1].add(b[2].multiply(x)));
    }

    /** y = b1 x^b2. */
    static <T extends RealFieldElement<T>> T danWood(T[] b, double x) {
        return b[0].multiply(b[1].multiply(Math.log(x)).exp());
    }

    /** y = b1 exp(-b2 x) + b3 exp(-(x - b4)^2 / b5^2) + b6 exp(-(x - b7)^2 / b8^2). */
    static <T extends RealFieldElement<T>> T gauss1(T[] b, double x) {
        T g1 = b[3].negate().add(x).divide(b[4]);
        T g2 = b[6].negate().add(x).divide(b[7]);
        return b[0].multiply(b[1].multiply(-x).exp())
                .add(b[2].multiply(g1.multiply(g1).negate().exp()))
                .add(b[5].multiply(g2.multiply(g2).negate().exp()));
    }

    /** y = (b1 + b2 x + b3 x^2 + b4 x^3) / (1 + b5 x + b6 x^2 + b7 x^3). */
    static <T extends RealFieldElement<T>> T hahn1(T[] b, double x) {
        T num = b[0].add(b[1].multiply(x)).add(b[2].multiply(x * x)).add(b[3].multiply(x * x * x));
        T den = b[4].multiply(x).add(b[5].multiply(x * x)).add(b[6].multiply(x * x * x)).add(1);
        return num.divide(den);
    }

    /** y = (b1 + b2 x + b3 x^2) / (1 + b4 x + b5 x^2). */
    static <T extends RealFieldElement<T>> T kirby2(T[] b, double x) {
        T num = b[0].add(b[1].multiply(x)).add(b[2].multiply(x * x));
        T den = b[3].multiply(x).add(b[4].multiply(x * x)).add(1);
        return num.divide(den);
    }

    /** y = b1 exp(-b2 x) + b3 exp(-b4 x) + b5 exp(-b6 x). */
    static <T extends RealFieldElement<T>> T lanczos3(T[] b, double x) {
        return b[0].multiply(b[1].multiply(-x).exp())
                .add(b[2].multiply(b[3].multiply(-x).exp()))
                .add(b[4].multiply(b[5].multiply(-x).exp()));
    }

    /** y = b1 (1 - exp(-b2 x)). */
    static <T extends RealFieldElement<T>> T misra1a(T[] b, double x) {
        return b[0].multiply(b[1].multiply(-x).exp().negate().add(1));
    }

    /** y = b1 (1 - (1 + b2 x / 2)^(-2)). */
    static <T extends RealFieldElement<T>> T misra1b(T[] b, double x) {
        return b[0].multiply(b[1].multiply(x / 2).add(1).pow(-2).negate().add(1));
    }

    /** y = b1 / (1 + exp(b2 - b3 x)). */
    static <T extends RealFieldElement<T>> T rat42(T[] b, double x) {
        return b[0].divide(b[1].subtract(b[2].multiply(x)).exp().add(1));
    }
}
