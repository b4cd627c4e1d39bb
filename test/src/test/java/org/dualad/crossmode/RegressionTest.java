package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.dual.Dual;
import org.dualad.dual.FieldDual;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
import org.junit.jupiter.api.Test;

/** Every bug found so far, kept as a named test in every mode it could come back in. */
class RegressionTest {
    static <T extends RealFieldElement<T>> T log(T[] x) {
        return x[0].log();
    }

    static <T extends RealFieldElement<T>> T log1p(T[] x) {
        return x[0].log1p();
    }

    static <T extends RealFieldElement<T>> T atanh(T[] x) {
        return x[0].atanh();
    }

    /** log(-1) was NaN but its derivative was -1 (1/x evaluated outside the domain). */
    @Test
    void logarithmsBelowTheirDomainHaveNaNDerivativesInEveryMode() {
        for (double[] at : new double[][] {{-1}, {-1e-300}}) {
            assertNaNEverywhere(RegressionTest::log, at);
        }
        assertNaNEverywhere(RegressionTest::log1p, new double[] {-2});
        assertNaNEverywhere(RegressionTest::atanh, new double[] {1.5});
        assertNaNEverywhere(RegressionTest::atanh, new double[] {-3});
        // the generic nested dual follows the same rule
        assertTrue(Double.isNaN(FieldDual.derivative(y -> y.log(), Dual.constant(-1)).value()));
        assertTrue(Double.isNaN(FieldDual.derivative(y -> y.atanh(), Dual.constant(2)).value()));
    }

    /** And at the edge of the domain, the documented +inf holds for both signs of zero. */
    @Test
    void logarithmsAtZeroHaveInfiniteDerivativeForBothZeros() {
        for (double z : new double[] {0.0, -0.0}) {
            assertEquals(Double.POSITIVE_INFINITY, Forward.gradient(RegressionTest::log, z)[0]);
            assertEquals(Double.POSITIVE_INFINITY, Reverse.gradient(RegressionTest::log, z)[0]);
            assertEquals(Double.POSITIVE_INFINITY, Hybrid.gradient(RegressionTest::log, z)[0]);
            assertEquals(Double.POSITIVE_INFINITY, FieldDual.derivative(y -> y.log(), Dual.constant(z)).value());
        }
    }

    static <T extends RealFieldElement<T>> T remainderByZero(T[] x) {
        return x[0].remainder(0.0);
    }

    static <T extends RealFieldElement<T>> T evenRoot(T[] x) {
        return x[0].rootN(4);
    }

    /** remainder(x, 0) was NaN with derivative 1; rootN(-inf, 2k) was +inf (Math.pow) where sqrt is NaN. */
    @Test
    void remainderByZeroAndEvenRootsOfNegativesAreNaNWithNaNDerivatives() {
        assertNaNEverywhere(RegressionTest::remainderByZero, new double[] {3});
        assertNaNEverywhere(RegressionTest::evenRoot, new double[] {-16});
        assertTrue(Double.isNaN(Dual.constant(Double.NEGATIVE_INFINITY).rootN(2).value()));
        assertEquals(-2, Dual.variable(-8).rootN(3).value());
        assertEquals(3, Dual.variable(9).rootN(2).value()); // exact library roots for n = 2, 3
    }

    private static void assertNaNEverywhere(org.dualad.ScalarFunction f, double[] x) {
        assertTrue(Double.isNaN(Forward.gradient(f, x)[0]), "forward");
        assertTrue(Double.isNaN(Reverse.gradient(f, x)[0]), "reverse");
        assertTrue(Double.isNaN(Hybrid.gradient(f, x)[0]), "hybrid");
        assertTrue(Double.isNaN(Forward.hessian(f, x).get(0, 0)), "forward Hessian");
        assertTrue(Double.isNaN(Hybrid.laplacian(f, x)), "laplacian");
    }
}
