package org.dualad.verification;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;

/** Test functions, written once generically. */
final class Fns {
    private Fns() {
    }

    /** Extended Rosenbrock: sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2. */
    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T sum = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            sum = sum.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return sum;
    }

    /** Worked example 4: u^3 + v^2 + 4uv. */
    static <T extends RealFieldElement<T>> T cubic(T[] x) {
        return x[0].pow(3).add(x[1].pow(2)).add(x[0].multiply(x[1]).multiply(4));
    }

    /** Worked example 5: x1 exp(-(x1^2 + x2^2)/2). */
    static <T extends RealFieldElement<T>> T gauss(T[] x) {
        return x[0].multiply(x[0].multiply(x[0]).add(x[1].multiply(x[1])).divide(-2).exp());
    }

    /** (r cos t, r sin t, r^2 t). */
    static <T extends RealFieldElement<T>> T[] polar(T[] p) {
        T[] out = MathArrays.buildArray(p[0].getField(), 3);
        out[0] = p[0].multiply(p[1].cos());
        out[1] = p[0].multiply(p[1].sin());
        out[2] = p[0].multiply(p[0]).multiply(p[1]);
        return out;
    }

    /** sqrt(x0) + x1: NaN below 0 in x0. */
    static <T extends RealFieldElement<T>> T root(T[] x) {
        return x[0].sqrt().add(x[1]);
    }

    /** Throws for every input. */
    static <T extends RealFieldElement<T>> T broken(T[] x) {
        throw new IllegalStateException("broken on purpose");
    }
}
