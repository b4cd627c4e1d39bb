package org.dualad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.RealFieldElement;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.optim.CurveFit;
import org.dualad.reverse.Reverse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distributed fits on local Spark (two cores) against NIST's certified values and the single-machine adapters. */
class SparkFitTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        System.setProperty("dualad.spark.master", "local[2]");
        sc = LocalSpark.context();
        sc.setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        LocalSpark.session().stop();
    }

    /** The NIST points, each repeated `copies` times: the same optimum, the sum of squares times copies. */
    static List<double[]> replicated(Nist p, int copies) {
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < p.x.length; i++) {
                out.add(new double[] {p.x[i], p.y[i]});
            }
        }
        return out;
    }

    @Test
    void gauss1ReachesTheCertifiedValuesAndTheSingleMachineOptimum() {
        Nist g = Nist.named("Gauss1");
        int copies = 100;
        JavaRDD<double[]> data = sc.parallelize(replicated(g, copies), 6).cache();
        FitResult fit = SparkFit.levenbergMarquardt(Nist::gauss1, data, g.start1);
        assertTrue(fit.converged(), fit.toString());
        for (int i = 0; i < g.certified.length; i++) {
            assertEquals(g.certified[i], fit.parameters()[i], 1e-7 * Math.abs(g.certified[i]), "b" + (i + 1));
        }
        assertEquals(copies * g.certifiedRss, fit.objective(), 1e-9 * copies * g.certifiedRss);
        // the single-machine adapter (Commons Math's Levenberg-Marquardt on the whole Jacobian) on the same data
        List<double[]> all = replicated(g, copies);
        double[] xs = new double[all.size()];
        double[] ys = new double[all.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = all.get(i)[0];
            ys[i] = all.get(i)[1];
        }
        LeastSquaresOptimizer.Optimum single = new LevenbergMarquardtOptimizer()
                .optimize(CurveFit.builder(Nist::gauss1, xs, ys, g.start1).build());
        double[] s = single.getPoint().toArray();
        for (int i = 0; i < s.length; i++) {
            assertEquals(s[i], fit.parameters()[i], 1e-8 * Math.abs(s[i]), "b" + (i + 1));
        }
    }

    @Test
    void normalEquationsEqualTheSingleMachineJacobianAndAreDeterministic() {
        Nist m = Nist.named("Misra1a");
        JavaRDD<double[]> data = sc.parallelize(replicated(m, 3), 5);
        double[] p = {240, 5.5e-4};
        NormalEquations ne = SparkFit.normalEquations(Nist::misra1a, data, p);
        assertEquals(ne, SparkFit.normalEquations(Nist::misra1a, data, p), "same data, same partitions: bitwise");
        List<double[]> all = replicated(m, 3);
        double[] xs = all.stream().mapToDouble(r -> r[0]).toArray();
        double[] ys = all.stream().mapToDouble(r -> r[1]).toArray();
        Pair<RealVector, RealMatrix> v = CurveFit.of(Nist::misra1a, xs).value(new ArrayRealVector(p));
        RealVector r = new ArrayRealVector(ys).subtract(v.getFirst());
        RealMatrix jtj = v.getSecond().transpose().multiply(v.getSecond());
        RealVector jtr = v.getSecond().transpose().operate(r);
        for (int i = 0; i < 2; i++) {
            assertEquals(jtr.getEntry(i), ne.jtr()[i], 1e-12 * Math.abs(jtr.getEntry(i)));
            for (int j = 0; j < 2; j++) {
                assertEquals(jtj.getEntry(i, j), ne.jtj()[i * 2 + j], 1e-12 * Math.abs(jtj.getEntry(i, j)));
            }
        }
        assertEquals(r.dotProduct(r), ne.rss(), 1e-12 * ne.rss());
        assertEquals(xs.length, ne.count());
    }

    /** Logistic loss of one record {label, x1, x2, x3}, finite for every z. */
    static <T extends RealFieldElement<T>> T logistic(T[] w, double[] r) {
        T z = w[0];
        for (int j = 1; j < w.length; j++) {
            z = z.add(w[j].multiply(r[j]));
        }
        T softplus = z.getReal() > 0 ? z.add(z.negate().exp().log1p()) : z.exp().log1p();
        return softplus.subtract(z.multiply(r[0]));
    }

    static List<double[]> logisticData(int n, long seed) {
        Random rnd = new Random(seed);
        double[] w = {-0.5, 1.5, -2, 0.75};
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] r = new double[4];
            double z = w[0];
            for (int j = 1; j < 4; j++) {
                r[j] = rnd.nextGaussian();
                z += w[j] * r[j];
            }
            r[0] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            out.add(r);
        }
        return out;
    }

    @Test
    void logisticRegressionByConjugateGradientsMatchesNewtonOnOneMachine() {
        List<double[]> records = logisticData(4000, 7);
        JavaRDD<double[]> data = sc.parallelize(records, 4).cache();
        FitResult fit = SparkFit.minimize(SparkFitTest::logistic, data, 0, 0, 0, 0);
        assertTrue(fit.converged(), fit.toString());
        // the reference: Newton's method on one machine with DualAD's exact Hessian of the whole sum
        ScalarFunction total = new ScalarFunction() {
            @Override
            public <T extends RealFieldElement<T>> T value(T[] w) {
                T s = logistic(w, records.get(0));
                for (int i = 1; i < records.size(); i++) {
                    s = s.add(logistic(w, records.get(i)));
                }
                return s;
            }
        };
        double[] w = new double[4];
        for (int it = 0; it < 20; it++) {
            double[] g = Reverse.gradient(total, w);
            org.ejml.data.DMatrixRMaj h = org.dualad.dual.Forward.hessian(total, w);
            org.ejml.data.DMatrixRMaj step = new org.ejml.data.DMatrixRMaj(4, 1);
            org.ejml.dense.row.CommonOps_DDRM.solve(h, new org.ejml.data.DMatrixRMaj(4, 1, true, g), step);
            for (int i = 0; i < 4; i++) {
                w[i] -= step.get(i);
            }
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(w[i], fit.parameters()[i], 1e-5, "w" + i);
        }
        ValueAndGradient vg = SparkFit.valueAndGradient(SparkFitTest::logistic, data, w);
        ValueAndGradient one = Reverse.valueAndGradient(total, w);
        assertEquals(one.value(), vg.value(), 1e-12 * Math.abs(one.value()));
        for (int i = 0; i < 4; i++) {
            assertEquals(one.gradient()[i], vg.gradient()[i], 1e-9, "gradient " + i);
        }
    }

    static <T extends RealFieldElement<T>> T throwsAtSeven(T[] b, double x) {
        if (x == 7) {
            throw new IllegalStateException("boom at x = 7");
        }
        return Nist.misra1a(b, x);
    }

    @Test
    void aPartitionThatThrowsFailsTheFitClearlyWithoutHanging() {
        List<double[]> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(new double[] {i, 2 * i});
        }
        JavaRDD<double[]> data = sc.parallelize(records, 4);
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> assertThrows(IllegalStateException.class,
                        () -> SparkFit.levenbergMarquardt(SparkFitTest::throwsAtSeven, data, 1, 0.1)));
        assertTrue(e.getMessage().contains("levenbergMarquardt: a partition failed") && e.getMessage().contains("boom at x = 7"),
                e.getMessage());
    }

    @Test
    void emptyPartitionsContributeNothing() {
        List<double[]> three = List.of(new double[] {1, 2}, new double[] {2, 3.5}, new double[] {4, 4});
        double[] p = {5, 0.3};
        NormalEquations many = SparkFit.normalEquations(Nist::misra1a, sc.parallelize(three, 8), p);
        NormalEquations one = SparkFit.normalEquations(Nist::misra1a, sc.parallelize(three, 1), p);
        assertEquals(3, many.count());
        assertArrayEquals(one.jtr(), many.jtr(), 1e-15);
        assertArrayEquals(one.jtj(), many.jtj(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkFit.levenbergMarquardt(Nist::misra1a, sc.parallelize(new ArrayList<double[]>(), 3), p));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void nanRecordsAreCountedAndRefused() {
        List<double[]> records = new ArrayList<>(replicated(Nist.named("Misra1a"), 1));
        records.add(new double[] {Double.NaN, 3});
        records.add(new double[] {5, Double.NaN});
        JavaRDD<double[]> data = sc.parallelize(records, 3);
        NormalEquations ne = SparkFit.normalEquations(Nist::misra1a, data, 250, 5e-4);
        assertEquals(2, ne.nonFinite());
        assertTrue(Double.isNaN(ne.rss()), "NaN propagates into the sums");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkFit.levenbergMarquardt(Nist::misra1a, data, 250, 5e-4));
        assertTrue(e.getMessage().contains("2 of 16 records"), e.getMessage());
    }

    @Test
    void recordsFromADataFrame() {
        Nist m = Nist.named("Misra1a");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < m.x.length; i++) {
            rows.add(RowFactory.create(m.y[i], m.x[i]));
        }
        StructType schema = new StructType().add("y", DataTypes.DoubleType).add("x", DataTypes.DoubleType);
        Dataset<Row> df = LocalSpark.session().createDataFrame(rows, schema);
        JavaRDD<double[]> data = SparkFit.records(df, "x", "y");
        FitResult fit = SparkFit.levenbergMarquardt(Nist::misra1a, data, m.start1);
        for (int i = 0; i < 2; i++) {
            assertEquals(m.certified[i], fit.parameters()[i], 1e-7 * Math.abs(m.certified[i]));
        }
        assertEquals(m.certifiedRss, fit.objective(), 1e-8 * m.certifiedRss);
    }

    @Test
    void badInputIsAClearException() {
        JavaRDD<double[]> data = sc.parallelize(List.of(new double[] {1, 2}), 1);
        assertThrows(NullPointerException.class, () -> SparkFit.levenbergMarquardt(null, data, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkFit.levenbergMarquardt(Nist::misra1a, data));
        assertTrue(e.getMessage().contains("at least one parameter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkFit.records(LocalSpark.session().emptyDataFrame()));
        assertTrue(e.getMessage().contains("at least one column"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> SparkFit.normalEquations(Nist::misra1a, sc.parallelize(List.of(new double[] {1}), 1), 1, 2));
        assertTrue(s.getMessage().contains("a record must be {x, y}"), s.getMessage());
    }
}
