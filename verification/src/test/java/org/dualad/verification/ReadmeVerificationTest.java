package org.dualad.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.math3.RealFieldElement;
import org.ejml.data.DMatrixRMaj;

/** The README's verification examples, compiled and run. */
class ReadmeVerificationTest {

    // --- README: begin
    static <T extends RealFieldElement<T>> T gauss(T[] x) {            // x1 exp(-(x1^2 + x2^2)/2)
        return x[0].multiply(x[0].multiply(x[0]).add(x[1].multiply(x[1])).divide(-2).exp());
    }

    static double[] myGradient(double[] x) {                          // hand-written
        double e = Math.exp(-(x[0] * x[0] + x[1] * x[1]) / 2);
        return new double[] {(1 - x[0] * x[0]) * e, -x[0] * x[1] * e};
    }

    @Example
    void checks() {
        CheckReport report = GradientCheck.check(ReadmeVerificationTest::gauss, 2, 0.5);   // every mode, both oracles
        System.out.println(report);
        GradientCheck.check(ReadmeVerificationTest::gauss, ReadmeVerificationTest::myGradient, 2, 0.5);
        HessianCheck.check(ReadmeVerificationTest::gauss, 2, 0.5);
        LaplacianCheck.check(ReadmeVerificationTest::gauss, 2, 0.5);
        GradientCheck.of(ReadmeVerificationTest::gauss)
                .modes(Mode.FORWARD)
                .oracles(Oracle.COMPLEX_STEP)
                .tolerance(new Tolerance(1e-13, 1e-15))
                .at(2, 0.5);

        double[] g = Oracles.complexStepGradient(ReadmeVerificationTest::gauss, 2, 0.5);  // n passes
        FiniteDifferenceEstimate fd = Oracles.finiteDifferenceGradientWithError(ReadmeVerificationTest::gauss, 2, 0.5);
        DMatrixRMaj h = Oracles.complexStepHessian(ReadmeVerificationTest::gauss, 2, 0.5);
        // --- README: end
        double e = Math.exp(-2.125);
        assertEquals(-3 * e, g[0], 1e-16);
        assertTrue(Math.abs(fd.gradient()[1] + e) <= fd.gradientErrorBound()[1]);
        assertEquals(1.5 * e, h.get(0, 1), 1e-16);
        assertTrue(report.toString().startsWith("GradientCheck at x = [2.0, 0.5]: passed"));
    }

    @Example
    void aWrongGradientFails() {
        AssertionError error = assertThrows(AssertionError.class, () ->
                // --- README: failure begin
                GradientCheck.check(ReadmeVerificationTest::gauss, x -> new double[] {myGradient(x)[0], 0}, 2, 0.5)
                // --- README: failure end
        );
        System.out.println(error.getMessage());
        assertTrue(error.getMessage().contains("output 0, input 1: hand-written = 0.0"));
    }

    // --- README: property begin
    @Property(tries = 200)
    void everyModeMatchesTheComplexStep(@ForAll("cases") Programs.Case c) {
        GradientCheck.of(c.program()).oracles(Oracle.COMPLEX_STEP).at(c.point());
    }

    @Provide
    Arbitrary<Programs.Case> cases() {
        return Programs.cases(3);          // random programs of 3 inputs, with points in their domain
    }
    // --- README: property end
}
