package org.dualad.dual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.solvers.BisectionSolver;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.analysis.solvers.NewtonRaphsonSolver;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.util.Decimal64;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.VectorFunction;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * {@link Implicit} against closed forms and against the generic iteration unrolled to
 * convergence, in every forward type, with Commons Math's solvers and a user's Newton solver.
 */
class ImplicitTest {
    private static final double TIGHT = 1e-14;

    // ---------------------------------------------------------------- problems

    /** x^3 + p x - 1 = 0: one real root for p &gt; 0, in (0, 1). */
    static <T extends RealFieldElement<T>> T cubic(T x, T[] p) {
        return x.pow(3).add(p[0].multiply(x)).subtract(1);
    }

    static <T extends RealFieldElement<T>> T cubicRoot(T p) {
        T[] q = MathArrays.buildArray(p.getField(), 1);
        q[0] = p;
        return Implicit.root(ImplicitTest::cubic, new BrentSolver(TIGHT), 200, 0, 1, q);
    }

    static <T extends RealFieldElement<T>> T cubicRootNewton(T p) {
        T[] q = MathArrays.buildArray(p.getField(), 1);
        q[0] = p;
        return Implicit.root(ImplicitTest::cubic, new NewtonRaphsonSolver(TIGHT), 200, 0, 1, q);
    }

    /** The same root by Newton's method run in T for 60 steps: the unrolled reference. */
    static <T extends RealFieldElement<T>> T cubicUnrolled(T p) {
        T x = p.getField().getZero().add(0.5);
        for (int i = 0; i < 60; i++) {
            T g = x.pow(3).add(p.multiply(x)).subtract(1);
            T gx = x.multiply(x).multiply(3).add(p);
            x = x.subtract(g.divide(gx));
        }
        return x;
    }

    /** Kepler's equation as a fixed point, E = M + e sin E, p = (e, M). */
    static <T extends RealFieldElement<T>> T kepler(T e, T[] p) {
        return p[1].add(p[0].multiply(e.sin()));
    }

    static <T extends RealFieldElement<T>> T keplerE(T[] p) {
        double m = p[1].getReal();
        double e = p[0].getReal();
        return Implicit.fixedPoint(ImplicitTest::kepler, new BrentSolver(TIGHT), 200, m - e - 1, m + e + 1, p);
    }

    /** Kepler by plain fixed-point iteration, 200 times in T. */
    static <T extends RealFieldElement<T>> T keplerUnrolled(T[] p) {
        T e = p[1];
        for (int i = 0; i < 200; i++) {
            e = kepler(e, p);
        }
        return e;
    }

    /** x1^2 + x2^2 = p1, x1 - x2 = p2, log x3 = p1 - x1 (x1 &gt; 0 branch). */
    static <T extends RealFieldElement<T>> T[] system(T[] x, T[] p) {
        T[] g = MathArrays.buildArray(x[0].getField(), 3);
        g[0] = x[0].multiply(x[0]).add(x[1].multiply(x[1])).subtract(p[0]);
        g[1] = x[0].subtract(x[1]).subtract(p[1]);
        g[2] = x[2].log().subtract(p[0]).add(x[0]);
        return g;
    }

    static <T extends RealFieldElement<T>> T[] systemClosedForm(T[] p) {
        T[] x = MathArrays.buildArray(p[0].getField(), 3);
        x[0] = p[1].add(p[0].multiply(2).subtract(p[1].multiply(p[1])).sqrt()).divide(2);
        x[1] = x[0].subtract(p[1]);
        x[2] = p[0].subtract(x[0]).exp();
        return x;
    }

    /** A user's vector solver: Newton's method on doubles from a fixed start. */
    static final Implicit.Solver SYSTEM_NEWTON = p -> newton(ImplicitTest::system, new double[] {1, 0.5, 1}, p);

    static double[] newton(Implicit.VectorMap g, double[] start, double[] p) {
        double[] x = start.clone();
        for (int it = 0; it < 50; it++) {
            VectorFunction at = new VectorFunction() {
                @Override
                public <U extends RealFieldElement<U>> U[] value(U[] y) {
                    U[] q = MathArrays.buildArray(y[0].getField(), p.length);
                    for (int i = 0; i < p.length; i++) {
                        q[i] = y[0].getField().getZero().add(p[i]);
                    }
                    return g.value(y, q);
                }
            };
            DMatrixRMaj j = Forward.jacobian(at, x);
            Decimal64[] y = new Decimal64[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = new Decimal64(x[i]);
            }
            Decimal64[] r = at.value(y);
            double[] rv = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                rv[i] = r[i].getReal();
            }
            double[][] rows = new double[x.length][x.length];
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < x.length; k++) {
                    rows[i][k] = j.get(i, k);
                }
            }
            double[] dx = new LUDecomposition(new Array2DRowRealMatrix(rows)).getSolver()
                    .solve(new ArrayRealVector(rv)).toArray();
            for (int i = 0; i < x.length; i++) {
                x[i] -= dx[i];
            }
        }
        return x;
    }

    static <T extends RealFieldElement<T>> T objective(T[] x) {
        return x[0].multiply(x[2]).add(x[1].multiply(x[1]));
    }

    static <T extends RealFieldElement<T>> T systemImplicit(T[] p) {
        return objective(Implicit.root(ImplicitTest::system, SYSTEM_NEWTON, p));
    }

    static <T extends RealFieldElement<T>> T systemExact(T[] p) {
        return objective(systemClosedForm(p));
    }

    /** x = 0.5 cos x + p: the fixed point whose 5 unrolled iterations are visibly off. */
    static <T extends RealFieldElement<T>> T[] damped(T[] x, T[] p) {
        T[] y = MathArrays.buildArray(x[0].getField(), 1);
        y[0] = x[0].cos().multiply(0.5).add(p[0]);
        return y;
    }

    static final Implicit.Solver DAMPED_ITERATION = p -> {
        double x = 0;
        for (int i = 0; i < 200; i++) {
            x = 0.5 * Math.cos(x) + p[0];
        }
        return new double[] {x};
    };

    static <T extends RealFieldElement<T>> T dampedImplicit(T[] p) {
        return Implicit.fixedPoint(ImplicitTest::damped, DAMPED_ITERATION, p)[0];
    }

    static <T extends RealFieldElement<T>> T dampedUnrolled(T[] p, int steps) {
        T[] x = MathArrays.buildArray(p[0].getField(), 1);
        for (int i = 0; i < steps; i++) {
            x = damped(x, p);
        }
        return x[0];
    }

    static <T extends RealFieldElement<T>> T damped5(T[] p) {
        return dampedUnrolled(p, 5);
    }

    static <T extends RealFieldElement<T>> T damped200(T[] p) {
        return dampedUnrolled(p, 200);
    }

    // ---------------------------------------------------------------- scalar root

    @Test
    void cubicAgainstClosedFormInDualAndHyperDual() {
        double p = 2;
        double x = cubicRoot(Dual.constant(p)).value();
        assertEquals(0, x * x * x + p * x - 1, 1e-15);
        double d1 = -x / (3 * x * x + p);
        double d2 = -(6 * x * d1 * d1 + 2 * d1) / (3 * x * x + p);
        assertEquals(d1, Forward.derivative(ImplicitTest::cubicRoot, p), 1e-15);
        assertEquals(d2, Forward.secondDerivative(ImplicitTest::cubicRoot, p), 1e-14);
        assertEquals(d1, Forward.derivative(ImplicitTest::cubicRootNewton, p), 1e-15);
        assertEquals(d2, Forward.secondDerivative(ImplicitTest::cubicRootNewton, p), 1e-14);
    }

    @Test
    void cubicTaylorCoefficientsMatchTheUnrolledNewtonIteration() {
        // the default order of a Taylor polynomial is its own order plus one: all 5 derivatives exact
        double[] implicit = Forward.derivatives(ImplicitTest::cubicRoot, 1.5, 5);
        double[] unrolled = Forward.derivatives(ImplicitTest::cubicUnrolled, 1.5, 5);
        for (int k = 0; k <= 5; k++) {
            assertEquals(unrolled[k], implicit[k], 1e-12 * Math.max(1, Math.abs(unrolled[k])), "order " + k);
        }
    }

    @Test
    void tooFewChordStepsMissTheHigherOrdersAndEnoughGetThem() {
        // order 1 is exact in the first derivative only; the second derivative needs order 2
        double[] one = Forward.derivatives(Fns::cubicOrder1, 1.5, 2);
        double[] two = Forward.derivatives(Fns::cubicOrder2, 1.5, 2);
        double[] ref = Forward.derivatives(ImplicitTest::cubicUnrolled, 1.5, 2);
        assertEquals(ref[1], one[1], 1e-15);
        assertTrue(Math.abs(ref[2] - one[2]) > 1e-3, "order 1 must not be exact in f'' (it is " + one[2] + ")");
        assertEquals(ref[2], two[2], 1e-14);
    }

    static final class Fns {
        static <T extends RealFieldElement<T>> T cubicOrder1(T p) {
            return cubicOrder(p, 1);
        }

        static <T extends RealFieldElement<T>> T cubicOrder2(T p) {
            return cubicOrder(p, 2);
        }

        static <T extends RealFieldElement<T>> T cubicOrder(T p, int order) {
            T[] q = MathArrays.buildArray(p.getField(), 1);
            q[0] = p;
            return Implicit.root(ImplicitTest::cubic, new BrentSolver(TIGHT), 200, 0, 1, q, order,
                    Implicit.DEFAULT_TOLERANCE);
        }
    }

    @Test
    void derivativeStructureOfOrderThree() {
        DerivativeStructure p = new DerivativeStructure(1, 3, 0, 1.5);
        DerivativeStructure x = cubicRoot(p);
        DerivativeStructure ref = cubicUnrolled(p);
        for (int k = 0; k <= 3; k++) {
            assertEquals(ref.getPartialDerivative(k), x.getPartialDerivative(k),
                    1e-12 * Math.max(1, Math.abs(ref.getPartialDerivative(k))));
        }
    }

    @Test
    void bisectionSolverNeedsItsOwnAccuracyToPass() {
        Dual[] p = {Dual.variable(2)};
        Dual x = Implicit.root(ImplicitTest::cubic, new BisectionSolver(1e-13), 200, 0, 1, p);
        double xs = x.value();
        assertEquals(-xs / (3 * xs * xs + 2), x.tangent(), 1e-12);
        // a bisection stopped after 10 halvings is off by about 1e-3: not converged
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Implicit.root(ImplicitTest::cubic, new BisectionSolver(1e-3), 200, 0, 1, p));
        assertTrue(e.getMessage().startsWith("root: the solver did not converge"), e.getMessage());
        assertTrue(e.getMessage().contains("|g(x*, p)| = "), e.getMessage());
    }

    // ---------------------------------------------------------------- Kepler (scalar fixed point)

    @Test
    void keplerAgainstClosedForms() {
        double e = 0.3;
        double m = 1.2;
        double big = keplerE(new Decimal64[] {new Decimal64(e), new Decimal64(m)}).getReal();
        assertEquals(m, big - e * Math.sin(big), 1e-15);
        double d = 1 - e * Math.cos(big);
        double[] grad = Forward.gradient(ImplicitTest::keplerE, e, m);
        assertEquals(Math.sin(big) / d, grad[0], 1e-15);
        assertEquals(1 / d, grad[1], 1e-15);
        DMatrixRMaj h = Forward.hessian(ImplicitTest::keplerE, e, m);
        assertEquals(-e * Math.sin(big) / (d * d * d), h.get(1, 1), 1e-14);
        DMatrixRMaj ref = Forward.hessian(ImplicitTest::keplerUnrolled, e, m);
        for (int i = 0; i < 4; i++) {
            assertEquals(ref.data[i], h.data[i], 1e-13, "Hessian entry " + i);
        }
        assertEquals(h.get(0, 1), h.get(1, 0));
    }

    @Test
    void keplerMultiDualGradientMatchesTheUnrolledIteration() {
        double[] implicit = Forward.gradient(ImplicitTest::keplerE, 0.7, 2.5);
        double[] unrolled = Forward.gradient(ImplicitTest::keplerUnrolled, 0.7, 2.5);
        assertArrayEquals(unrolled, implicit, 1e-13);
    }

    @Test
    void keplerAtEccentricityOneAndPerihelionIsSingular() {
        // E - sin E = 0 at E = 0: 1 - e cos E = 0, a triple root (Brent stops within 1e-7 of it)
        ArithmeticException ex = assertThrows(ArithmeticException.class,
                () -> Implicit.fixedPoint(ImplicitTest::kepler, new BrentSolver(TIGHT), 200, -1, 1.5,
                        new Dual[] {Dual.variable(1), Dual.constant(0)}));
        assertTrue(ex.getMessage().startsWith("fixedPoint: I - dT/dx is singular at x* = ["), ex.getMessage());
    }

    // ---------------------------------------------------------------- the 3 x 3 system

    @Test
    void systemAgainstClosedFormInEveryForwardType() {
        double[] p = {3, 0.5};
        assertArrayEquals(Forward.gradient(ImplicitTest::systemExact, p),
                Forward.gradient(ImplicitTest::systemImplicit, p), 1e-13);
        DMatrixRMaj h = Forward.hessian(ImplicitTest::systemImplicit, p);
        DMatrixRMaj ref = Forward.hessian(ImplicitTest::systemExact, p);
        assertArrayEquals(ref.data, h.data, 1e-12);
        double[] v = {0.3, -1.1};
        double[] taylor = Forward.taylor(ImplicitTest::systemImplicit, p, v, 4);
        double[] exact = Forward.taylor(ImplicitTest::systemExact, p, v, 4);
        for (int k = 0; k <= 4; k++) {
            assertEquals(exact[k], taylor[k], 1e-11 * Math.max(1, Math.abs(exact[k])), "Taylor coefficient " + k);
        }
        // nested FieldDual<Dual>: second order by nesting, default order 3
        FieldDual<Dual>[] q = MathArrays.buildArray(FieldDual.variable(Dual.variable(p[0])).getField(), 2);
        q[0] = FieldDual.variable(Dual.variable(p[0]));
        q[1] = FieldDual.constant(Dual.constant(p[1]));
        FieldDual<Dual> y = systemImplicit(q);
        assertEquals(ref.get(0, 0), y.tangent().tangent(), 1e-12);
        assertEquals(3, Implicit.defaultOrder(q[0]));
        assertEquals(2, Implicit.defaultOrder(Dual.constant(1)));
        assertEquals(3, Implicit.defaultOrder(HyperDual.constant(1)));
        assertEquals(6, Implicit.defaultOrder(Taylor.constant(1, 5)));
        assertEquals(1, Implicit.defaultOrder(new org.apache.commons.math3.dfp.DfpField(20).getOne()));
        assertEquals(Implicit.DEFAULT_ORDER, Implicit.defaultOrder(
                org.apache.commons.math3.analysis.differentiation.SparseGradient.createConstant(1)));
    }

    @Test
    void jvpAndVjpOnDoublesMatchTheGenericPath() {
        double[] p = {3, 0.5};
        double[] x = SYSTEM_NEWTON.solve(p.clone());
        DMatrixRMaj jac = Forward.jacobian(ImplicitTest::systemClosedForm, p);
        double[] dp = {0.7, -0.2};
        double[] dx = Implicit.jvp(ImplicitTest::system, x, p, dp);
        for (int i = 0; i < 3; i++) {
            assertEquals(jac.get(i, 0) * dp[0] + jac.get(i, 1) * dp[1], dx[i], 1e-13);
        }
        double[] w = {1, -2, 0.5};
        double[] wj = Implicit.vjp(ImplicitTest::system, x, p, w);
        for (int k = 0; k < 2; k++) {
            assertEquals(w[0] * jac.get(0, k) + w[1] * jac.get(1, k) + w[2] * jac.get(2, k), wj[k], 1e-13);
        }
        double[] xf = DAMPED_ITERATION.solve(new double[] {0.3});
        double slope = 1 / (1 + 0.5 * Math.sin(xf[0]));
        assertEquals(2 * slope, Implicit.fixedPointJvp(ImplicitTest::damped, xf, new double[] {0.3},
                new double[] {2})[0], 1e-15);
        assertEquals(3 * slope, Implicit.fixedPointVjp(ImplicitTest::damped, xf, new double[] {0.3},
                new double[] {3})[0], 1e-15);
    }

    // ---------------------------------------------------------------- unrolled vs implicit

    @Test
    void fiveUnrolledIterationsAreOffWhereTheImplicitDerivativeIsNot() {
        double five = Forward.gradient(ImplicitTest::damped5, 0.3)[0];
        double converged = Forward.gradient(ImplicitTest::damped200, 0.3)[0];
        double implicit = Forward.gradient(ImplicitTest::dampedImplicit, 0.3)[0];
        assertEquals(0.7663, five, 5e-5);
        assertEquals(0.7593, implicit, 5e-5);
        assertEquals(converged, implicit, 1e-15);
    }

    // ---------------------------------------------------------------- bad input and IEEE

    @Test
    void nanParametersPropagate() {
        Dual x = cubicRoot(Dual.variable(Double.NaN));
        assertTrue(Double.isNaN(x.value()) && Double.isNaN(x.tangent()), x.toString());
        double[] g = Forward.gradient(ImplicitTest::systemImplicit, Double.NaN, 0.5);
        assertTrue(Double.isNaN(g[0]) && Double.isNaN(g[1]));
        Dual inf = cubicRoot(Dual.variable(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(inf.value()));
        double[] dx = Implicit.jvp(ImplicitTest::system, new double[] {1, 0.5, 1}, new double[] {Double.NaN, 0.5},
                new double[] {1, 0});
        assertTrue(Double.isNaN(dx[0]) && Double.isNaN(dx[1]) && Double.isNaN(dx[2]));
        double[] wj = Implicit.vjp(ImplicitTest::system, new double[] {Double.NaN, 0.5, 1}, new double[] {3, 0.5},
                new double[] {1, 0, 0});
        assertTrue(Double.isNaN(wj[0]) && Double.isNaN(wj[1]));
    }

    @Test
    void singularRootsThrow() {
        // (x - p)^2 = 0: a double root, dg/dx = 0 there
        Implicit.Solver exact = p -> new double[] {p[0]};
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> Implicit.root(Bad::doubleRoot, exact, new Dual[] {Dual.variable(1)}));
        assertTrue(e.getMessage().startsWith("root: dg/dx is singular at x* = [1.0], p = [1.0]"), e.getMessage());
        // a rank-deficient 2 x 2: x1 + x2 = p, 2 x1 + 2 x2 = 2 p
        Implicit.Solver any = p -> new double[] {p[0], 0};
        e = assertThrows(ArithmeticException.class,
                () -> Implicit.root(Bad::rankOne, any, new Dual[] {Dual.variable(1)}));
        assertTrue(e.getMessage().contains("reciprocal condition number"), e.getMessage());
        // x = x - (x - p)^2: T'(x*) = 1
        e = assertThrows(ArithmeticException.class,
                () -> Implicit.fixedPoint(Bad::tangentFixedPoint, exact, new Dual[] {Dual.variable(1)}));
        assertTrue(e.getMessage().startsWith("fixedPoint: I - dT/dx is singular"), e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        Dual[] p = {Dual.variable(2)};
        Implicit.Solver ok = q -> new double[] {0.5};
        assertMessage(NullPointerException.class, "root: g must not be null",
                () -> Implicit.root(null, ok, p));
        assertMessage(NullPointerException.class, "root: solver must not be null",
                () -> Implicit.root(Bad::doubleRoot, null, p));
        assertMessage(NullPointerException.class, "fixedPoint: p must not be null",
                () -> Implicit.fixedPoint(Bad::tangentFixedPoint, ok, (Dual[]) null));
        assertMessage(IllegalArgumentException.class, "root: p must have at least one element",
                () -> Implicit.root(Bad::doubleRoot, ok, new Dual[0]));
        assertMessage(IllegalArgumentException.class, "root: p[0] is null",
                () -> Implicit.root(Bad::doubleRoot, ok, new Dual[1]));
        assertMessage(IllegalArgumentException.class, "root: order must be between 1 and 64",
                () -> Implicit.root(Bad::doubleRoot, ok, p, 0, 1e-8));
        assertMessage(IllegalArgumentException.class, "root: tolerance must be positive",
                () -> Implicit.root(Bad::doubleRoot, ok, p, 1, Double.NaN));
        assertMessage(IllegalArgumentException.class, "root: the solver returned null",
                () -> Implicit.root(Bad::doubleRoot, q -> null, p));
        assertMessage(IllegalArgumentException.class, "root: the solver returned an empty array",
                () -> Implicit.root(Bad::doubleRoot, q -> new double[0], p));
        assertMessage(IllegalStateException.class, "root: the solver did not converge: it returned x* = [NaN]",
                () -> Implicit.root(Bad::doubleRoot, q -> new double[] {Double.NaN}, p));
        assertMessage(IllegalArgumentException.class, "root: g returned 2 outputs for 1 unknowns",
                () -> Implicit.root(Bad::rankOne, ok, p));
        assertMessage(IllegalArgumentException.class, "fixedPoint: t returned null at output 0",
                () -> Implicit.fixedPoint(Bad::nullOutput, ok, p));
        assertMessage(ArithmeticException.class, "root: dg/dx is singular at x* = [0.0], p = [0.0]"
                        + " (reciprocal condition number 0.0",
                () -> Implicit.root(ImplicitTest::cube, new BrentSolver(TIGHT), 100, -1, 1, new Dual[] {Dual.variable(0)}));
        assertMessage(IllegalStateException.class, "root: the solver did not converge: its x* = [0.5]",
                () -> Implicit.root(Bad::linear, ok, p));
        assertMessage(IllegalArgumentException.class, "jvp: dp has length 2 but p has length 1",
                () -> Implicit.jvp(Bad::linear, new double[] {2}, new double[] {2}, new double[2]));
        assertMessage(IllegalArgumentException.class, "vjp: w has length 3 but xStar has length 1",
                () -> Implicit.vjp(Bad::linear, new double[] {2}, new double[] {2}, new double[3]));
        assertMessage(IllegalStateException.class, "vjp: the solver did not converge",
                () -> Implicit.vjp(Bad::linear, new double[] {2.1}, new double[] {2}, new double[1]));
        // +Infinity turns the check off: the chord steps then correct a rough start for the value
        Dual x = Implicit.root(Bad::linear, ok, p, 1, Double.POSITIVE_INFINITY)[0];
        assertEquals(2, x.value());
        assertEquals(1, x.tangent());
    }

    static <E extends Throwable> void assertMessage(Class<E> type, String start, Runnable call) {
        E e = assertThrows(type, call::run);
        assertTrue(e.getMessage().startsWith(start), "expected '" + start + "...', got '" + e.getMessage() + "'");
    }

    /** x^3 - p: a triple root at p = 0. */
    static <T extends RealFieldElement<T>> T cube(T x, T[] p) {
        return x.multiply(x).multiply(x).subtract(p[0]);
    }

    static final class Bad {
        static <T extends RealFieldElement<T>> T[] nullOutput(T[] x, T[] p) {
            T[] y = MathArrays.buildArray(x[0].getField(), 1);
            y[0] = null;
            return y;
        }

        static <T extends RealFieldElement<T>> T[] doubleRoot(T[] x, T[] p) {
            T[] g = MathArrays.buildArray(x[0].getField(), 1);
            g[0] = x[0].subtract(p[0]).pow(2);
            return g;
        }

        static <T extends RealFieldElement<T>> T[] rankOne(T[] x, T[] p) {
            T[] g = MathArrays.buildArray(x[0].getField(), 2);
            g[0] = x[0].add(x[x.length - 1]).subtract(p[0]);
            g[1] = g[0].multiply(2);
            return g;
        }

        static <T extends RealFieldElement<T>> T[] tangentFixedPoint(T[] x, T[] p) {
            T[] g = MathArrays.buildArray(x[0].getField(), 1);
            g[0] = x[0].subtract(x[0].subtract(p[0]).pow(2));
            return g;
        }

        static <T extends RealFieldElement<T>> T[] linear(T[] x, T[] p) {
            T[] g = MathArrays.buildArray(x[0].getField(), 1);
            g[0] = x[0].subtract(p[0]);
            return g;
        }
    }
}
