package org.dualad.spark;

import java.util.List;
import org.apache.commons.math3.RealFieldElement;
import org.apache.spark.api.java.JavaRDD;

/** The example of docs/spark.md, verbatim between the markers ({@link SparkDocExampleTest} checks both). */
final class SparkExample {
    private SparkExample() {
    }

    // docs/spark.md example: begin
    static <T extends RealFieldElement<T>> T misra1a(T[] b, double x) {   // b1 (1 - exp(-b2 x))
        return b[0].multiply(b[1].multiply(-x).exp().negate().add(1));
    }

    static FitResult fitMisra1a(List<double[]> points) {
        JavaRDD<double[]> data = LocalSpark.context().parallelize(points, 4);
        return SparkFit.levenbergMarquardt(SparkExample::misra1a, data, 500, 1e-4);
    }
    // docs/spark.md example: end
}
