package org.dualad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java example of docs/spark.md stands verbatim in {@link SparkExample}, and runs to the values the page states. */
class SparkDocExampleTest {
    @BeforeAll
    static void start() {
        System.setProperty("dualad.spark.master", "local[2]");
        LocalSpark.context().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        LocalSpark.session().stop();
    }

    private static String normalized(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n")) {
            if (!line.isBlank()) {
                b.append(line.strip()).append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void thePageShowsTheCodeThatRuns() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "spark.md"));
        int start = page.indexOf("```java spark\n");
        assertTrue(start >= 0, "docs/spark.md has no ```java spark block");
        String block = page.substring(start + "```java spark\n".length(), page.indexOf("\n```", start + 3));
        String source = Files.readString(Path.of("src", "test", "java", "org", "dualad", "spark", "SparkExample.java"));
        String marked = source.substring(source.indexOf("// docs/spark.md example: begin") + "// docs/spark.md example: begin".length(),
                source.indexOf("// docs/spark.md example: end"));
        assertEquals(normalized(block), normalized(marked), "docs/spark.md and SparkExample differ");
    }

    @Test
    void itReachesNistsCertifiedValues() {
        Nist m = Nist.named("Misra1a");
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < m.x.length; i++) {
            points.add(new double[] {m.x[i], m.y[i]});
        }
        FitResult fit = SparkExample.fitMisra1a(points);
        assertEquals(2.3894212918E+02, fit.parameters()[0], 1e-8 * 238.9);
        assertEquals(5.5015643181E-04, fit.parameters()[1], 1e-8 * 5.5e-4);
        assertEquals(1.2455138894E-01, fit.objective(), 1e-9);
        assertTrue(fit.converged(), fit.toString());
    }
}
