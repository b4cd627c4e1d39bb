package org.dualad.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.dualad.optim.CurveFit;

/**
 * Distributed fitting speed on local Spark, one master at a time (local[1], then local[2]), beside
 * one thread without Spark and MLlib's own logistic regression. A pass over 10^7 records takes
 * seconds, so this is a plain timed program (best of a few passes, after a warm-up pass), not JMH:
 *
 * <pre>
 * mvn -q -pl spark -am test-compile
 * mvn -q -pl spark exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *     -Dexec.args="-Xmx12g ${spark.java17.opens} -cp %classpath org.dualad.spark.SparkBench 10000000"
 * </pre>
 * (see docs/spark.md for the exact command and the table it printed).
 */
public final class SparkBench {
    private SparkBench() {
    }

    static final double[] GAUSS1 = {98.778210871, 0.010497276517, 100.48990633, 67.481111276, 23.12977336,
        71.994503004, 178.99805021, 18.389389025};
    static final double[] W = {-0.5, 1.5, -2, 0.75};

    /** Gauss1-shaped records {x, y}: the certified curve plus noise of NIST's size. */
    static Iterator<double[]> gauss1Records(long seed, int n) {
        Random rnd = new Random(seed);
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x = 1 + 249 * rnd.nextDouble();
            double y = Nist.gauss1(toDecimal(GAUSS1), x).getReal() + 2.5 * rnd.nextGaussian();
            out.add(new double[] {x, y});
        }
        return out.iterator();
    }

    static org.apache.commons.math3.util.Decimal64[] toDecimal(double[] p) {
        org.apache.commons.math3.util.Decimal64[] d = new org.apache.commons.math3.util.Decimal64[p.length];
        for (int i = 0; i < p.length; i++) {
            d[i] = new org.apache.commons.math3.util.Decimal64(p[i]);
        }
        return d;
    }

    /** Logistic records {label, x1, x2, x3}. */
    static Iterator<double[]> logisticRecords(long seed, int n) {
        Random rnd = new Random(seed);
        List<double[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] r = new double[4];
            double z = W[0];
            for (int j = 1; j < 4; j++) {
                r[j] = rnd.nextGaussian();
                z += W[j] * r[j];
            }
            r[0] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            out.add(r);
        }
        return out.iterator();
    }

    static JavaRDD<double[]> generate(JavaSparkContext sc, long n, int parts, boolean logistic) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            ids.add(i);
        }
        int per = (int) (n / parts);
        return sc.parallelize(ids, parts)
                .flatMap(i -> logistic ? logisticRecords(i, per) : gauss1Records(i, per)).cache();
    }

    interface Pass {
        void run() throws Exception;
    }

    /** Best wall time of `reps` runs after one warm-up, in seconds. */
    static double best(int reps, Pass pass) throws Exception {
        pass.run();
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            pass.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        boolean peers = args.length < 2 || Boolean.parseBoolean(args[1]);   // MLlib and a whole minimize
        int reps = 3;
        System.out.printf("records: %,d%n%n", n);
        System.out.println("| setting | Gauss1 LM pass (normal equations) | records/s | logistic pass (value+gradient) | records/s |");
        System.out.println("|---|---|---|---|---|");
        // one thread, no Spark: the same per-partition code on one partition
        int single = (int) Math.min(n, 2_000_000);
        List<double[]> g = new ArrayList<>();
        gauss1Records(1, single).forEachRemaining(g::add);
        List<double[]> l = new ArrayList<>();
        logisticRecords(1, single).forEachRemaining(l::add);
        double t1 = best(reps, () -> SparkFit.partNormal(Nist::gauss1, GAUSS1, g.iterator()));
        double t2 = best(reps, () -> SparkFit.partLoss(SparkFitTest::logistic, W, l.iterator()));
        System.out.printf("| one thread, no Spark (%,d records) | %.3f s | %,.0f | %.3f s | %,.0f |%n", single, t1,
                single / t1, t2, single / t2);
        // the single-machine adapter: Commons Math's Jacobian of every record (what its LM evaluates per iteration)
        double[] xs = g.stream().mapToDouble(r -> r[0]).toArray();
        CurveFit fit = CurveFit.of(Nist::gauss1, xs);
        double t3 = best(reps, () -> fit.value(new ArrayRealVector(GAUSS1)));
        System.out.printf("| CurveFit.value, one machine (%,d records) | %.3f s | %,.0f | | |%n", single, t3, single / t3);
        g.clear();
        l.clear();

        for (String master : new String[] {"local[1]", "local[2]"}) {
            System.setProperty("dualad.spark.master", master);
            SparkSession session = LocalSpark.session();
            JavaSparkContext sc = LocalSpark.context();
            sc.setLogLevel("ERROR");
            int parts = 8;
            JavaRDD<double[]> gd = generate(sc, n, parts, false);
            JavaRDD<double[]> ld = generate(sc, n, parts, true);
            gd.count();
            ld.count();
            double a = best(reps, () -> SparkFit.normalEquations(Nist::gauss1, gd, GAUSS1));
            double b = best(reps, () -> SparkFit.valueAndGradient(SparkFitTest::logistic, ld, W));
            System.out.printf("| Spark %s | %.3f s | %,.0f | %.3f s | %,.0f |%n", master, a, n / a, b, n / b);
            if (peers && master.equals("local[2]")) {
                // MLlib's logistic regression (L-BFGS, no regularization) on the same records: time per iteration
                StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", new VectorUDT());
                Dataset<Row> df = session.createDataFrame(ld.map(r -> RowFactory.create(r[0],
                        Vectors.dense(r[1], r[2], r[3]))), schema).cache();
                df.count();
                int[] iters = {0};
                LogisticRegressionModel[] model = {null};
                double ml = best(1, () -> {
                    model[0] = new LogisticRegression().setMaxIter(100).setRegParam(0).setTol(1e-12)
                            .setStandardization(false).fit(df);
                    iters[0] = model[0].summary().totalIterations();
                });
                long t0 = System.nanoTime();
                FitResult ours = SparkFit.minimize(SparkFitTest::logistic, ld, 0, 0, 0, 0);
                double oursTime = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%nMLlib LogisticRegression (L-BFGS), local[2]: %.3f s for %d iterations (%.3f s per iteration): intercept %s, coefficients %s%n",
                        ml, iters[0], ml / Math.max(1, iters[0]), model[0].intercept(), model[0].coefficients());
                System.out.printf("SparkFit.minimize (logistic), local[2]: %.3f s for %d iterations, %d passes (%.3f s per pass): %s%n",
                        oursTime, ours.iterations(), ours.passes(), oursTime / ours.passes(), ours);
            }
            session.stop();
        }
    }
}
