package org.dualad.sparse;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.util.MathArrays;

/** Test functions with known sparsity, written once over RealFieldElement. */
final class Fns {
    private Fns() {
    }

    /** Extended Rosenbrock: tridiagonal Hessian. */
    static <T extends RealFieldElement<T>> T rosenbrock(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 0; i + 1 < x.length; i++) {
            T a = x[i + 1].subtract(x[i].multiply(x[i]));
            T b = x[i].negate().add(1);
            s = s.add(a.multiply(a).multiply(100)).add(b.multiply(b));
        }
        return s;
    }

    /** sum_{i >= 1} exp(x0 + x_i) + x_i^2: arrowhead Hessian (x0 couples with everything). */
    static <T extends RealFieldElement<T>> T arrowhead(T[] x) {
        T s = x[0].getField().getZero();
        for (int i = 1; i < x.length; i++) {
            s = s.add(x[0].add(x[i]).exp()).add(x[i].multiply(x[i]));
        }
        return s;
    }

    /** Side length of the grid functions: x.length = side^2. */
    static int side(int n) {
        int s = (int) Math.round(Math.sqrt(n));
        if (s * s != n) {
            throw new IllegalArgumentException("grid: n = " + n + " is not a square");
        }
        return s;
    }

    /** sum over grid edges (u_p - u_q)^4: 5-point-stencil Hessian. */
    static <T extends RealFieldElement<T>> T gridEdges(T[] u) {
        int s = side(u.length);
        T e = u[0].getField().getZero();
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                if (i + 1 < s) {
                    e = e.add(u[(i + 1) * s + j].subtract(u[i * s + j]).pow(4));
                }
                if (j + 1 < s) {
                    e = e.add(u[i * s + j + 1].subtract(u[i * s + j]).pow(4));
                }
            }
        }
        return e;
    }

    /** Minimal-surface energy sum sqrt(1 + |grad u|^2) with forward differences on the cells. */
    static <T extends RealFieldElement<T>> T minimalSurface(T[] u) {
        int s = side(u.length);
        double h = 1.0 / (s - 1);
        T e = u[0].getField().getZero();
        for (int i = 0; i + 1 < s; i++) {
            for (int j = 0; j + 1 < s; j++) {
                T dx = u[(i + 1) * s + j].subtract(u[i * s + j]).divide(h);
                T dy = u[i * s + j + 1].subtract(u[i * s + j]).divide(h);
                e = e.add(dx.multiply(dx).add(dy.multiply(dy)).add(1).sqrt().multiply(h * h));
            }
        }
        return e;
    }

    /** Discrete nonlinear Laplacian residual r_p = 4 u_p - sum neighbors + u_p^3: 5-point Jacobian. */
    static <T extends RealFieldElement<T>> T[] gridResidual(T[] u) {
        int s = side(u.length);
        T[] r = MathArrays.buildArray(u[0].getField(), u.length);
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                int p = i * s + j;
                T v = u[p].multiply(4).add(u[p].pow(3));
                if (i > 0) {
                    v = v.subtract(u[p - s]);
                }
                if (i + 1 < s) {
                    v = v.subtract(u[p + s]);
                }
                if (j > 0) {
                    v = v.subtract(u[p - 1]);
                }
                if (j + 1 < s) {
                    v = v.subtract(u[p + 1]);
                }
                r[p] = v;
            }
        }
        return r;
    }

    /** Chained Rosenbrock residuals: r_{2i} = 10 (x_{i+1} - x_i^2), r_{2i+1} = 1 - x_i. */
    static <T extends RealFieldElement<T>> T[] rosenbrockResiduals(T[] x) {
        int n = x.length;
        T[] r = MathArrays.buildArray(x[0].getField(), 2 * (n - 1));
        for (int i = 0; i + 1 < n; i++) {
            r[2 * i] = x[i + 1].subtract(x[i].multiply(x[i])).multiply(10);
            r[2 * i + 1] = x[i].negate().add(1);
        }
        return r;
    }

    /** A point with distinct entries in (0.2, 0.8). */
    static double[] point(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.3 * Math.sin(1.7 * i + 0.3);
        }
        return x;
    }
}
