package org.dualad.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * An embedded Spark for a laptop: {@code local[*]} (every core of this machine) unless the system
 * property {@code dualad.spark.master} names another master, started by the code itself, so an
 * example runs with no cluster. On a cluster, build the session as usual (or run under
 * {@code spark-submit}, which sets the master) and pass its data sets to {@link SparkFit}: the
 * same code runs there.
 *
 * <p>On Java 17 the JVM that runs Spark in-process needs Spark's {@code --add-opens} flags (the
 * parent pom's {@code spark.java17.opens} property lists them; {@code spark-submit} adds them
 * itself).
 */
public final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * The session of this JVM, created on first use: {@code local[*]} (or
     * {@code -Ddualad.spark.master=...}), no web UI, a few shuffle partitions.
     *
     * @return the active or a new session
     */
    public static SparkSession session() {
        return SparkSession.builder()
                .master(System.getProperty("dualad.spark.master", "local[*]"))
                .appName("DualAD")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "8")
                .getOrCreate();
    }

    /**
     * The Java context of {@link #session()}.
     *
     * @return the context
     */
    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
