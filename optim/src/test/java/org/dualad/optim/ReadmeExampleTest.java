package org.dualad.optim;

import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's fit example, verbatim between the markers, compiled and run. */
class ReadmeExampleTest {
    // README-BEGIN
    // y = b1 (1 - exp(-b2 x)), written once for every number type (NIST Misra1a)
    static <T extends RealFieldElement<T>> T model(T[] b, double x) {
        return b[0].multiply(b[1].multiply(-x).exp().negate().add(1));
    }

    static double[] fitMisra1a() {
        double[] x = {77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0};
        double[] y = {10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78};
        LeastSquaresProblem problem = CurveFit.builder(ReadmeExampleTest::model, x, y, 500, 1e-4) // model, data, start
                .maxEvaluations(1000).build();
        LeastSquaresOptimizer.Optimum fit = new LevenbergMarquardtOptimizer().optimize(problem);
        return fit.getPoint().toArray();   // [238.94212918, 5.5015643181e-4] (NIST certified)
    }
    // README-END

    @Test
    void readmeFitReachesTheCertifiedValues() {
        double[] b = fitMisra1a();
        assertEquals(2.3894212918e+02, b[0], 1e-6 * 2.3894212918e+02);
        assertEquals(5.5015643181e-04, b[1], 1e-6 * 5.5015643181e-04);
    }
}
