package org.dualad.bench;

import org.apache.commons.math3.RealFieldElement;
import org.hipparchus.CalculusFieldElement;

/**
 * The extended Rosenbrock function f(x) = sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 at the
 * benchmark point x[i] = 0.5 + 0.3 sin(i), written once per number family: plain double, generic
 * over Commons Math's RealFieldElement (every DualAD type, DerivativeStructure, SparseGradient),
 * and generic over Hipparchus' CalculusFieldElement (the peer).
 */
public final class Rosenbrock {
    private Rosenbrock() {
    }

    /** @return the benchmark point of n inputs */
    public static double[] point(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(i);
        }
        return x;
    }

    /** Plain double evaluation: the 1x of every ratio. */
    public static double value(double[] x) {
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            // the generic f's expression and order ((s + a a 100) + b b): the twin must round as
            // f does, or the 1x of every ratio runs a shorter dependency chain than f
            s = s + a * a * 100 + b * b;
        }
        return s;
    }

    /** The same function over any RealFieldElement. */
    public static <T extends RealFieldElement<T>> T value(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /** The same function over Hipparchus' field elements. */
    public static <T extends CalculusFieldElement<T>> T hipparchus(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }
}
