package org.dualad.optim;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;

/** Test functions written once, generically. */
final class Fns {
    private Fns() {
    }

    /** Rosenbrock: 100 (y - x^2)^2 + (1 - x)^2, minimum 0 at (1, 1). */
    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T a = x[1].subtract(x[0].multiply(x[0]));
        T b = x[0].negate().add(1);
        return a.multiply(a).multiply(100).add(b.multiply(b));
    }

    /** Rosenbrock's residuals (10 (y - x^2), 1 - x): |r|^2 is rosenbrock. */
    static <T extends RealFieldElement<T>> T[] rosenbrockResiduals(T[] x) {
        T[] r = MathArrays.buildArray(x[0].getField(), 2);
        r[0] = x[1].subtract(x[0].multiply(x[0])).multiply(10);
        r[1] = x[0].negate().add(1);
        return r;
    }

    /** u^3 + v^2 + 4uv (examples.md 4). */
    static <T extends RealFieldElement<T>> T example4(T[] x) {
        return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
    }

    /** x^3 - 2x - 5, root near 2.0945514815423265. */
    static <T extends RealFieldElement<T>> T wallis(T x) {
        return x.pow(3).subtract(x.multiply(2)).subtract(5);
    }

    /** (x0 - 1)^4 + (x1 + 2)^2 + x0 x1: a smooth bowl with a cross term. */
    static <T extends RealFieldElement<T>> T bowl(T[] x) {
        T a = x[0].subtract(1);
        T a2 = a.multiply(a);
        T b = x[1].add(2);
        return a2.multiply(a2).add(b.multiply(b)).add(x[0].multiply(x[1]));
    }
}
