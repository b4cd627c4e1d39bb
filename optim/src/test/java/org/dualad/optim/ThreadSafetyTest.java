package org.dualad.optim;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.OptimizationData;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One adapter instance shared by several optimizer threads gives bit-identical results. */
class ThreadSafetyTest {
    private static final int THREADS = 4;

    private static <R> List<R> together(Callable<R> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<R> out = new ArrayList<>();
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneCurveFitSharedByLevenbergMarquardtThreads() throws Exception {
        NistProblem p = NistProblem.named("Gauss1");
        CurveFit shared = CurveFit.of(NistModels::gauss1, p.x());
        LeastSquaresProblem problem = CurveFit.builder(NistModels::gauss1, p.x(), p.y(), p.start1())
                .model(shared).build();
        LeastSquaresOptimizer.Optimum alone = NistAcceptanceTest.optimizer().optimize(problem);
        for (LeastSquaresOptimizer.Optimum o : together(() -> NistAcceptanceTest.optimizer().optimize(problem))) {
            assertArrayEquals(alone.getPoint().toArray(), o.getPoint().toArray(), 0);
            assertEquals(alone.getEvaluations(), o.getEvaluations());
        }
    }

    @Test
    void oneObjectiveSharedByConjugateGradientThreads() throws Exception {
        OptimizationData[] shared = Objectives.objectiveAndGradient(Fns::rosenbrock);
        Callable<double[]> run = () -> new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-12, 1e-12))
                .optimize(shared[0], shared[1], GoalType.MINIMIZE, new InitialGuess(new double[] {-1.2, 1}),
                        new MaxEval(100_000)).getPoint();
        double[] alone = run.call();
        for (double[] x : together(run)) {
            assertArrayEquals(alone, x, 0);
        }
    }

    @Test
    void newtonWithAndWithoutTheHessianFromSeveralThreads() throws Exception {
        double[] start = new double[300];
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.5 + 0.3 * Math.sin(i);
        }
        for (boolean products : new boolean[] {true, false}) {
            Callable<Newton.Result> run = () -> products
                    ? Newton.minimizeCg(NewtonTest::convexChain, start, 1e-10, 50)
                    : Newton.minimize(NewtonTest::convexChain, start, 1e-10, 50);
            Newton.Result alone = run.call();
            for (Newton.Result r : together(run)) {
                assertArrayEquals(alone.point(), r.point(), 0);
                assertEquals(alone.iterations(), r.iterations());
            }
        }
    }
}
