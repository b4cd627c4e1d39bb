package org.dualad.optim;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Acceptance: every NIST StRD file, from both start points, fitted by Commons Math's
 * Levenberg-Marquardt with DualAD Jacobians, reaches the certified parameters to at least 6
 * significant digits and the certified residual sum of squares to 1e-9 relative. The same
 * optimizer with finite-difference Jacobians runs beside it; its evaluation counts and accuracy
 * are recorded (target/nist-evaluations.md), not asserted.
 */
class NistAcceptanceTest {
    /** Tight tolerances: the defaults (1e-10) stop some problems short of 6 digits. */
    static LevenbergMarquardtOptimizer optimizer() {
        return new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(1e-15)
                .withParameterRelativeTolerance(1e-15)
                .withOrthoTolerance(1e-15);
    }

    private static final List<String> ROWS = new ArrayList<>();

    @TestFactory
    List<DynamicTest> everyProblemFromBothStarts() {
        List<DynamicTest> tests = new ArrayList<>();
        for (NistProblem p : NistProblem.all()) {
            tests.add(DynamicTest.dynamicTest(p.name() + " start1", () -> check(p, 1, p.start1())));
            tests.add(DynamicTest.dynamicTest(p.name() + " start2", () -> check(p, 2, p.start2())));
        }
        return tests;
    }

    private static void check(NistProblem p, int which, double[] start) {
        CurveModel model = NistModels.BY_NAME.get(p.name());
        assertNotNull(model, "no Java model for NIST problem " + p.name() + " (" + p.model() + "): add it to NistModels");
        CurveFit fit = CurveFit.of(model, p.x());
        AtomicLong jacobians = new AtomicLong();
        MultivariateJacobianFunction counted = params -> {
            jacobians.incrementAndGet();
            return fit.value(params);
        };
        LeastSquaresOptimizer.Optimum ad = optimizer().optimize(
                CurveFit.builder(model, p.x(), p.y(), start).model(counted).build());
        double[] b = ad.getPoint().toArray();
        double rss = fit.residualSumOfSquares(b, p.y());

        FiniteDifferenceJacobian fd = new FiniteDifferenceJacobian(fit, 3);
        String fdCell;
        try {
            LeastSquaresOptimizer.Optimum o = optimizer().optimize(
                    CurveFit.builder(model, p.x(), p.y(), start).model(fd).build());
            double[] bf = o.getPoint().toArray();
            fdCell = String.format(Locale.ROOT, "%d | %d | %.1f | %.1f", o.getEvaluations(), fd.modelEvaluations.get(),
                    minLre(bf, p.certified()), lre(fit.residualSumOfSquares(bf, p.y()), p.certifiedResidualSumOfSquares()));
        } catch (RuntimeException e) {
            fdCell = "failed: " + e.getClass().getSimpleName() + " | " + fd.modelEvaluations.get() + " | - | -";
        }
        synchronized (ROWS) {
            ROWS.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f | %.1f | %s |", p.name(), which,
                    p.certified().length, ad.getEvaluations(), jacobians.get(), minLre(b, p.certified()),
                    lre(rss, p.certifiedResidualSumOfSquares()), fdCell));
        }

        for (int i = 0; i < b.length; i++) {
            double rel = Math.abs(b[i] - p.certified()[i]) / Math.abs(p.certified()[i]);
            if (!(rel <= 1e-6)) {
                fail(p.name() + " start" + which + ": b" + (i + 1) + " = " + b[i] + " but certified "
                        + p.certified()[i] + " (relative error " + rel + " > 1e-6) after "
                        + ad.getEvaluations() + " evaluations");
            }
        }
        double relRss = Math.abs(rss - p.certifiedResidualSumOfSquares()) / p.certifiedResidualSumOfSquares();
        assertTrue(relRss <= 1e-9, p.name() + " start" + which + ": RSS " + rss + " vs certified "
                + p.certifiedResidualSumOfSquares() + " (relative error " + relRss + ")");
    }

    /** Log relative error: the number of correct significant digits, capped at 15. */
    static double lre(double got, double want) {
        double rel = Math.abs(got - want) / Math.abs(want);
        return rel == 0 ? 15 : Math.min(15, -Math.log10(rel));
    }

    static double minLre(double[] got, double[] want) {
        double m = 15;
        for (int i = 0; i < got.length; i++) {
            m = Math.min(m, lre(got[i], want[i]));
        }
        return m;
    }

    @AfterAll
    static void writeTable() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("| problem | start | params | LM evals (DualAD) | DualAD Jacobians | digits (params) | digits (RSS) "
                + "| LM evals (FD) | model evals (FD) | digits (params, FD) | digits (RSS, FD) |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> sorted = new ArrayList<>(ROWS);
        sorted.sort(null);
        lines.addAll(sorted);
        Path out = Paths.get("target", "nist-evaluations.md");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        lines.forEach(System.out::println);
    }
}
