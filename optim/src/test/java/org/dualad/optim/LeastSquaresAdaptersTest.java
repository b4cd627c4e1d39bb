package org.dualad.optim;

import org.apache.commons.math3.fitting.leastsquares.GaussNewtonOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresFactory;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.optim.SimpleVectorValueChecker;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.dualad.dual.Forward;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeastSquaresAdaptersTest {

    @Test
    void jacobianFunctionGivesValueAndForwardJacobian() {
        Pair<RealVector, RealMatrix> vj = JacobianFunctions.of(Fns::rosenbrockResiduals)
                .value(new ArrayRealVector(new double[] {-1.2, 1}));
        assertArrayEquals(new double[] {10 * (1 - 1.44), 2.2}, vj.getFirst().toArray(), 1e-14);
        double[] expected = Forward.jacobian(Fns::rosenbrockResiduals, -1.2, 1).data;
        RealMatrix j = vj.getSecond();
        assertArrayEquals(expected, new double[] {j.getEntry(0, 0), j.getEntry(0, 1), j.getEntry(1, 0), j.getEntry(1, 1)});
    }

    @Test
    void oneEvaluationOfTheUserFunctionPerJacobian() {
        AtomicInteger calls = new AtomicInteger();
        org.dualad.VectorFunction counted = new org.dualad.VectorFunction() {
            @Override
            public <T extends org.apache.commons.math3.RealFieldElement<T>> T[] value(T[] x) {
                calls.incrementAndGet();
                return Fns.rosenbrockResiduals(x);
            }
        };
        JacobianFunctions.of(counted).value(new ArrayRealVector(new double[] {0.5, 0.5}));
        assertEquals(1, calls.get());
    }

    @Test
    void levenbergMarquardtAndGaussNewtonSolveRosenbrock() {
        for (LeastSquaresOptimizer opt : new LeastSquaresOptimizer[] {
                new LevenbergMarquardtOptimizer(), new GaussNewtonOptimizer()}) {
            LeastSquaresOptimizer.Optimum o = opt.optimize(JacobianFunctions.leastSquares(Fns::rosenbrockResiduals, -1.2, 1)
                    .maxEvaluations(1000).maxIterations(1000)
                    // Gauss-Newton needs a checker; Levenberg-Marquardt also honours it.
                    .checker(LeastSquaresFactory.evaluationChecker(new SimpleVectorValueChecker(1e-15, 1e-15)))
                    .build());
            assertArrayEquals(new double[] {1, 1}, o.getPoint().toArray(), 1e-10, opt.getClass().getSimpleName());
        }
    }

    @Test
    void curveFitJacobianMatchesForwardJacobianOfTheResidualVector() {
        NistProblem p = NistProblem.named("Misra1a");
        CurveFit fit = CurveFit.of(NistModels::misra1a, p.x());
        double[] b = p.start2();
        RealMatrix j = fit.value(new ArrayRealVector(b)).getSecond();
        for (int i = 0; i < p.x().length; i++) {
            final double xi = p.x()[i];
            double[] row = Forward.gradient(new org.dualad.ScalarFunction() {
                @Override
                public <T extends org.apache.commons.math3.RealFieldElement<T>> T value(T[] q) {
                    return NistModels.misra1a(q, xi);
                }
            }, b);
            assertArrayEquals(row, j.getRow(i), 0);
        }
    }

    /** y_i = x_i * x_{i+1} (cyclic): 130 inputs, so the Jacobian takes two MultiDual chunks. */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T[] cyclic(T[] x) {
        T[] y = org.apache.commons.math3.util.MathArrays.buildArray(x[0].getField(), x.length);
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].multiply(x[(i + 1) % x.length]);
        }
        return y;
    }

    /** y = sum_j c_j x^j with 130 coefficients: the curve Jacobian row is (1, x, x^2, ...). */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T polynomial(T[] c, double x) {
        T s = c[c.length - 1];
        for (int j = c.length - 2; j >= 0; j--) {
            s = s.multiply(x).add(c[j]);
        }
        return s;
    }

    @Test
    void widerThanOneChunkStillMatchesForwardJacobian() {
        int n = 130;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i + 1.0);
        }
        Pair<RealVector, RealMatrix> vj = JacobianFunctions.of(LeastSquaresAdaptersTest::cyclic).value(new ArrayRealVector(x));
        double[] expected = Forward.jacobian(LeastSquaresAdaptersTest::cyclic, x).data;
        for (int i = 0; i < n; i++) {
            assertEquals(x[i] * x[(i + 1) % n], vj.getFirst().getEntry(i), 0);
            assertArrayEquals(java.util.Arrays.copyOfRange(expected, i * n, (i + 1) * n), vj.getSecond().getRow(i), 0);
        }
        CurveFit fit = CurveFit.of(LeastSquaresAdaptersTest::polynomial, new double[] {0.5, -0.25});
        RealMatrix j = fit.value(new ArrayRealVector(x)).getSecond();
        for (int c = 0; c < n; c++) {
            assertEquals(Math.pow(0.5, c), j.getEntry(0, c), 1e-300 + 1e-15 * Math.pow(0.5, c));
            assertEquals(Math.pow(-0.25, c), j.getEntry(1, c), 1e-300 + 1e-15 * Math.pow(0.25, c));
        }
    }

    /** Three weighted sums of products over 130 inputs: m < n > 128 takes the recorded path. */
    static <T extends org.apache.commons.math3.RealFieldElement<T>> T[] wideToThree(T[] x) {
        T[] y = org.apache.commons.math3.util.MathArrays.buildArray(x[0].getField(), 3);
        for (int k = 0; k < 3; k++) {
            T s = x[0].getField().getZero();
            for (int i = 0; i < x.length; i++) {
                s = s.add(x[i].multiply(x[(i + k) % x.length]).multiply(k + 1.0 / (i + 1)));
            }
            y[k] = s.sin();
        }
        return y;
    }

    @Test
    void wideJacobianWithFewOutputsIsRecordedOnceAndSweptPerRow() {
        int n = 130;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.1 * Math.cos(i);
        }
        Pair<RealVector, RealMatrix> vj = JacobianFunctions.of(LeastSquaresAdaptersTest::wideToThree).value(new ArrayRealVector(x));
        double[] expected = Forward.jacobian(LeastSquaresAdaptersTest::wideToThree, x).data;
        for (int k = 0; k < 3; k++) {
            double[] row = vj.getSecond().getRow(k);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[k * n + i], row[i], 1e-13 * (1 + Math.abs(expected[k * n + i])), "J(" + k + ", " + i + ")");
            }
        }
        assertEquals(3, vj.getFirst().getDimension());
    }

    @Test
    void badShapesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurveFit.builder(NistModels::misra1a, new double[] {1, 2}, new double[] {1}, 1, 1));
        assertTrue(e.getMessage().contains("CurveFit.builder: y has length 1 but x has length 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CurveFit.of(NistModels::misra1a, new double[0]));
    }

    @Test
    void nanPropagatesInsteadOfThrowing() {
        CurveFit fit = CurveFit.of(NistModels::misra1a, new double[] {1, 2});
        double[] pred = fit.predict(new double[] {Double.NaN, 1});
        assertTrue(Double.isNaN(pred[0]) && Double.isNaN(pred[1]));
    }
}
