package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.analysis.solvers.NewtonRaphsonSolver;
import org.apache.commons.math3.util.MathArrays;
import org.dualad.dual.DualNumbers;
import org.dualad.dual.Forward;
import org.dualad.dual.Implicit;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Recording;
import org.dualad.reverse.Reverse;
import org.dualad.verification.GradientCheck;
import org.dualad.verification.HessianCheck;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * {@link Implicit} in the reverse and hybrid modes (tapes, replay, forward-over-reverse Hessians,
 * the forward Laplacian) and under the verification checks (every mode against the complex step
 * and finite differences), on the Kepler equation and a 2 x 2 system with closed forms.
 */
class ImplicitEveryModeTest {
    /** Kepler's equation E = M + e sin E as a fixed point, p = (e, M). */
    static <T extends RealFieldElement<T>> T keplerMap(T big, T[] p) {
        return p[1].add(p[0].multiply(big.sin()));
    }

    static <T extends RealFieldElement<T>> T eccentricAnomaly(T[] p) {
        double m = p[1].getReal();
        return Implicit.fixedPoint(ImplicitEveryModeTest::keplerMap, new BrentSolver(1e-15), 100, m - 2, m + 2, p);
    }

    /** The same from Kepler's residual E - e sin E - M by Newton-Raphson. */
    static <T extends RealFieldElement<T>> T eccentricAnomalyNewton(T[] p) {
        double m = p[1].getReal();
        return Implicit.root(ImplicitEveryModeTest::keplerResidual, new NewtonRaphsonSolver(1e-15), 100,
                m - 1, m + 1, p);
    }

    static <T extends RealFieldElement<T>> T keplerResidual(T big, T[] p) {
        return big.subtract(keplerMap(big, p));
    }

    static <T extends RealFieldElement<T>> T eccentricAnomalyIterated(T[] p) {
        T big = p[1];
        for (int i = 0; i < 200; i++) {
            big = keplerMap(big, p);
        }
        return big;
    }

    /** x1^2 + x2^2 = p1 and x1 - x2 = p2, on the branch x1 + x2 &gt; 0. */
    static <T extends RealFieldElement<T>> T[] circleAndLine(T[] x, T[] p) {
        T[] g = MathArrays.buildArray(x[0].getField(), 2);
        g[0] = x[0].multiply(x[0]).add(x[1].multiply(x[1])).subtract(p[0]);
        g[1] = x[0].subtract(x[1]).subtract(p[1]);
        return g;
    }

    /** A user's solver: the line's parametrization and Brent along it, on doubles. */
    static final Implicit.Solver ALONG_THE_LINE = p -> {
        double t = new BrentSolver(1e-15).solve(100, s -> s * s + (s - p[1]) * (s - p[1]) - p[0],
                p[1] / 2, p[1] / 2 + Math.sqrt(p[0]) + 1);
        return new double[] {t, t - p[1]};
    };

    static <T extends RealFieldElement<T>> T loss(T[] x, T[] p) {
        return x[0].multiply(x[1].multiply(x[1])).add(p[0].multiply(x[0]).sin());
    }

    static <T extends RealFieldElement<T>> T implicitLoss(T[] p) {
        return loss(Implicit.root(ImplicitEveryModeTest::circleAndLine, ALONG_THE_LINE, p), p);
    }

    static <T extends RealFieldElement<T>> T closedFormLoss(T[] p) {
        T[] x = MathArrays.buildArray(p[0].getField(), 2);
        x[0] = p[1].add(p[0].multiply(2).subtract(p[1].multiply(p[1])).sqrt()).divide(2);
        x[1] = x[0].subtract(p[1]);
        return loss(x, p);
    }

    static <T extends RealFieldElement<T>> T[] implicitPoint(T[] p) {
        return Implicit.root(ImplicitEveryModeTest::circleAndLine, ALONG_THE_LINE, p);
    }

    private static final double[] KEPLER = {0.4, 1.3};
    private static final double[] SYSTEM = {2.5, 0.3};

    @Test
    void reverseGradientsAgainstClosedForms() {
        double big = Reverse.valueAndGradient(ImplicitEveryModeTest::eccentricAnomaly, KEPLER).value();
        double d = 1 - KEPLER[0] * Math.cos(big);
        double[] exact = {Math.sin(big) / d, 1 / d};
        assertArrayEquals(exact, Reverse.gradient(ImplicitEveryModeTest::eccentricAnomaly, KEPLER), 1e-15);
        assertArrayEquals(exact, Reverse.gradient(ImplicitEveryModeTest::eccentricAnomalyNewton, KEPLER), 1e-15);
        assertArrayEquals(Reverse.gradient(ImplicitEveryModeTest::eccentricAnomalyIterated, KEPLER),
                Reverse.gradient(ImplicitEveryModeTest::eccentricAnomaly, KEPLER), 1e-14);
        assertArrayEquals(Reverse.gradient(ImplicitEveryModeTest::closedFormLoss, SYSTEM),
                Reverse.gradient(ImplicitEveryModeTest::implicitLoss, SYSTEM), 1e-13);
    }

    @Test
    void reverseVjpIsTheImplicitFunctionTheoremsVjp() {
        double[] x = ALONG_THE_LINE.solve(SYSTEM.clone());
        double[] w = {0.7, -1.9};
        double[] taped = Reverse.vjp(ImplicitEveryModeTest::implicitPoint, SYSTEM, w);
        assertArrayEquals(Implicit.vjp(ImplicitEveryModeTest::circleAndLine, x, SYSTEM, w), taped, 1e-14);
        DMatrixRMaj rev = Reverse.jacobian(ImplicitEveryModeTest::implicitPoint, SYSTEM);
        DMatrixRMaj fwd = Forward.jacobian(ImplicitEveryModeTest::implicitPoint, SYSTEM);
        assertArrayEquals(fwd.data, rev.data, 1e-14);
    }

    @Test
    void aRecordingReRecordsBecauseTheSolverReadsP() {
        Recording rec = Reverse.record(ImplicitEveryModeTest::eccentricAnomaly, KEPLER);
        assertTrue(rec.readsValues());
        double[] elsewhere = {0.6, 2.0};
        assertArrayEquals(Reverse.gradient(ImplicitEveryModeTest::eccentricAnomaly, elsewhere),
                rec.gradient(elsewhere), 1e-15);
        Recording strict = Reverse.record(ImplicitEveryModeTest::eccentricAnomaly, Recording.Policy.STRICT, KEPLER);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> strict.gradient(elsewhere));
        assertTrue(e.getMessage().startsWith("replay: f read a value"), e.getMessage());
    }

    @Test
    void hessiansAndLaplaciansAgainstClosedForms() {
        double big = Reverse.valueAndGradient(ImplicitEveryModeTest::eccentricAnomaly, KEPLER).value();
        double e = KEPLER[0];
        double d = 1 - e * Math.cos(big);
        double mm = -e * Math.sin(big) / (d * d * d);
        DMatrixRMaj hybrid = Hybrid.hessian(ImplicitEveryModeTest::eccentricAnomaly, KEPLER);
        assertEquals(mm, hybrid.get(1, 1), 1e-15);
        DMatrixRMaj iterated = Hybrid.hessian(ImplicitEveryModeTest::eccentricAnomalyIterated, KEPLER);
        assertArrayEquals(iterated.data, hybrid.data, 1e-14);
        assertArrayEquals(hybrid.data, Forward.hessian(ImplicitEveryModeTest::eccentricAnomaly, KEPLER).data, 1e-15);
        assertEquals(iterated.get(0, 0) + iterated.get(1, 1),
                Hybrid.laplacian(ImplicitEveryModeTest::eccentricAnomaly, KEPLER), 1e-14);

        DMatrixRMaj exact = Hybrid.hessian(ImplicitEveryModeTest::closedFormLoss, SYSTEM);
        assertArrayEquals(exact.data, Hybrid.hessian(ImplicitEveryModeTest::implicitLoss, SYSTEM).data, 1e-12);
        double[] v = {1, -0.5};
        assertArrayEquals(Hybrid.hvp(ImplicitEveryModeTest::closedFormLoss, SYSTEM, v),
                Hybrid.hvp(ImplicitEveryModeTest::implicitLoss, SYSTEM, v), 1e-12);
        assertEquals(Hybrid.laplacian(ImplicitEveryModeTest::closedFormLoss, SYSTEM),
                Hybrid.laplacian(ImplicitEveryModeTest::implicitLoss, SYSTEM), 1e-12);
    }

    /** x^3 + p x - 1 = 0 for x in [0, 1]. */
    static <T extends RealFieldElement<T>> T cubic(T x, T[] p) {
        return x.pow(3).add(p[0].multiply(x)).subtract(1);
    }

    static <T extends RealFieldElement<T>> T cubicRoot(T[] p) {
        return Implicit.root(ImplicitEveryModeTest::cubic, new BrentSolver(1e-15), 200, 0, 1, p);
    }

    static <T extends RealFieldElement<T>> T cubicRootOf(T p) {
        T[] q = MathArrays.buildArray(p.getField(), 1);
        q[0] = p;
        return cubicRoot(q);
    }

    /**
     * A NaN or infinite parameter makes the solution NaN in every part, in every mode and at
     * every order: a result linear in p (as it was) read as 0 from the second derivative on.
     */
    @Test
    void aNonFiniteParameterIsNaNInEveryDerivativeOfEveryMode() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] p = {bad};
            allNaN(Reverse.gradient(ImplicitEveryModeTest::cubicRoot, p), "Reverse.gradient", bad);
            allNaN(Forward.gradient(ImplicitEveryModeTest::cubicRoot, p), "Forward.gradient", bad);
            allNaN(Hybrid.hessian(ImplicitEveryModeTest::cubicRoot, p).data, "Hybrid.hessian", bad);
            allNaN(Forward.hessian(ImplicitEveryModeTest::cubicRoot, p).data, "Forward.hessian", bad);
            allNaN(DualNumbers.hessian(ImplicitEveryModeTest::cubicRoot, p).data, "DualNumbers.hessian", bad);
            allNaN(new double[] {Hybrid.laplacian(ImplicitEveryModeTest::cubicRoot, p)}, "Hybrid.laplacian", bad);
            allNaN(Forward.derivatives(ImplicitEveryModeTest::cubicRootOf, bad, 4), "Forward.derivatives", bad);
            // a bad parameter beside a good one: the whole Hessian is NaN, both rows
            double[] two = {bad, KEPLER[1]};
            allNaN(Hybrid.hessian(ImplicitEveryModeTest::eccentricAnomaly, two).data, "Hybrid.hessian Kepler", bad);
            allNaN(Forward.hessian(ImplicitEveryModeTest::eccentricAnomaly, two).data, "Forward.hessian Kepler", bad);
        }
    }

    private static void allNaN(double[] v, String what, double p) {
        for (int i = 0; i < v.length; i++) {
            assertTrue(Double.isNaN(v[i]), what + " at p = " + p + ": entry " + i + " is " + v[i] + ", not NaN");
        }
    }

    @Test
    void everyModeAgainstTheComplexStepAndFiniteDifferences() {
        GradientCheck.check(ImplicitEveryModeTest::eccentricAnomaly, KEPLER);
        GradientCheck.check(ImplicitEveryModeTest::implicitLoss, SYSTEM);
        HessianCheck.check(ImplicitEveryModeTest::eccentricAnomaly, KEPLER);
        HessianCheck.check(ImplicitEveryModeTest::implicitLoss, SYSTEM);
    }
}
