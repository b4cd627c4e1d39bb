package org.dualad.hybrid;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.ScalarFunction;

/** Generic test programs, each valid for any number of inputs n &ge; 1 and any real point. */
final class TestFunctions {
    private TestFunctions() {
    }

    /** Extended Rosenbrock: sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2; just (1 - x0)^2 for n = 1. */
    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        if (x.length == 1) {
            T b = x[0].negate().add(1);
            s = b.multiply(b);
        }
        return s;
    }

    /** log sum_r exp((A x)_r) for a fixed 3 x n matrix A(r, i) = sin(1 + r + 2 i): dense. */
    static <T extends RealFieldElement<T>> T logSumExp(T[] x) {
        T sum = null;
        for (int r = 0; r < 3; r++) {
            T z = x[0].multiply(Math.sin(1 + r));
            for (int i = 1; i < x.length; i++) {
                z = z.add(x[i].multiply(Math.sin(1 + r + 2 * i)));
            }
            sum = sum == null ? z.exp() : sum.add(z.exp());
        }
        return sum.log();
    }

    /**
     * A mix of transcendental and binary functions, defined for every real x. (hypot's arguments
     * stay within a factor 30 of each other: DerivativeStructure.hypot drops the smaller argument
     * when their exponents differ by more than 27, so its second partial in it would read 0.)
     */
    static <T extends RealFieldElement<T>> T mixed(T[] x) {
        int n = x.length;
        T s = x[0].sin().multiply(x[n - 1].cosh());
        for (int i = 0; i < n; i++) {
            T a = x[i];
            T b = x[(i + 1) % n];
            T c = x[(i + 2) % n];
            s = s.add(a.multiply(b).sin())
                    .add(b.exp().divide(a.multiply(a).add(1)))
                    .add(a.add(2.5).hypot(c.multiply(0.5).add(1.2)).multiply(b.atan()))
                    .add(c.multiply(c).add(1).sqrt().multiply(a.multiply(b).multiply(a.multiply(b)).log1p().add(1).log()))
                    .add(a.tanh().pow(3))
                    .add(b.multiply(b).add(2).pow(a.multiply(0.3)))
                    .add(c.atan2(a.add(3)))
                    .add(a.add(5).cbrt().multiply(c.divide(b.multiply(b).add(1.5))));
        }
        return s;
    }

    /** Products and quotients only: a rational function. */
    static <T extends RealFieldElement<T>> T rational(T[] x) {
        T num = x[0].getField().getOne();
        T den = x[0].getField().getOne();
        for (int i = 0; i < x.length; i++) {
            num = num.multiply(x[i].add(i + 1)).add(x[i].multiply(x[(i + 1) % x.length]));
            den = den.add(x[i].multiply(x[i]).multiply(0.5 + i));
        }
        return num.divide(den).add(num.pow(2).multiply(0.01));
    }

    /** The programs by name, for parameterized properties. */
    static ScalarFunction byName(String name) {
        switch (name) {
            case "rosenbrock": return TestFunctions::rosenbrock;
            case "logSumExp": return TestFunctions::logSumExp;
            case "mixed": return TestFunctions::mixed;
            case "rational": return TestFunctions::rational;
            default: throw new IllegalArgumentException(name);
        }
    }
}
