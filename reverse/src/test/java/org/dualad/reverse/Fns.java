package org.dualad.reverse;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;

/** Test functions written once over RealFieldElement. */
final class Fns {
    private Fns() {
    }

    /** Example 1: 5x^3 + 2x^2 + 4x + 8. */
    static <T extends RealFieldElement<T>> T ex1(T[] x) {
        T v = x[0];
        return v.pow(3).multiply(5).add(v.multiply(v).multiply(2)).add(v.multiply(4)).add(8);
    }

    /** Example 2: 3x^2. */
    static <T extends RealFieldElement<T>> T ex2(T[] x) {
        return x[0].multiply(x[0]).multiply(3);
    }

    /** Example 3: 6x^2 + 2x + 4. */
    static <T extends RealFieldElement<T>> T ex3(T[] x) {
        return x[0].multiply(x[0]).multiply(6).add(x[0].multiply(2)).add(4);
    }

    /** Example 4: u^3 + v^2 + 4uv. */
    static <T extends RealFieldElement<T>> T ex4(T[] x) {
        T u = x[0];
        T v = x[1];
        return u.pow(3).add(v.multiply(v)).add(u.multiply(v).multiply(4));
    }

    /** Example 5: x1 exp(-(x1^2 + x2^2)/2). */
    static <T extends RealFieldElement<T>> T gauss(T[] x) {
        return x[0].multiply(x[0].multiply(x[0]).add(x[1].multiply(x[1])).divide(2).negate().exp());
    }

    /** Extended Rosenbrock, as in the benchmarks. */
    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /** MINPACK Rosenbrock residuals: (10 (x2 - x1^2), 1 - x1). */
    static <T extends RealFieldElement<T>> T[] rosenbrockResiduals(T[] x) {
        T[] r = MathArrays.buildArray(x[0].getField(), 2);
        r[0] = x[1].subtract(x[0].multiply(x[0])).multiply(10);
        r[1] = x[0].negate().add(1);
        return r;
    }

    /** MINPACK Powell singular residuals. */
    static <T extends RealFieldElement<T>> T[] powellSingular(T[] x) {
        T[] r = MathArrays.buildArray(x[0].getField(), 4);
        r[0] = x[0].add(x[1].multiply(10));
        r[1] = x[2].subtract(x[3]).multiply(Math.sqrt(5));
        T d = x[1].subtract(x[2].multiply(2));
        r[2] = d.multiply(d);
        T e = x[0].subtract(x[3]);
        r[3] = e.multiply(e).multiply(Math.sqrt(10));
        return r;
    }

    /** MINPACK helical valley residuals. */
    static <T extends RealFieldElement<T>> T[] helicalValley(T[] x) {
        T[] r = MathArrays.buildArray(x[0].getField(), 3);
        T theta = x[1].atan2(x[0]).divide(2 * Math.PI);
        r[0] = x[2].subtract(theta.multiply(10)).multiply(10);
        r[1] = x[0].hypot(x[1]).subtract(1).multiply(10);
        r[2] = x[2];
        return r;
    }

    /** R^1 -> R^4: (x, x^2, sin x, exp x): the forward branch of Reverse.jacobian. */
    static <T extends RealFieldElement<T>> T[] curve(T[] x) {
        T[] r = MathArrays.buildArray(x[0].getField(), 4);
        r[0] = x[0];
        r[1] = x[0].multiply(x[0]);
        r[2] = x[0].sin();
        r[3] = x[0].exp();
        return r;
    }
}
