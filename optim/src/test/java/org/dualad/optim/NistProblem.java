package org.dualad.optim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One NIST StRD nonlinear-regression problem as stored in shared/data/nist/*.json.
 *
 * @param name the problem's name, e.g. "Misra1a"
 * @param difficulty NIST's rating
 * @param model the formula as text (documentation only: the Java models are in {@link NistModels})
 * @param parameters the parameter names
 * @param start1 the first start point
 * @param start2 the second start point
 * @param certified the certified parameter values
 * @param certifiedResidualSumOfSquares the certified residual sum of squares
 * @param x the independent variable
 * @param y the observations
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NistProblem(String name, String difficulty, String model, String[] parameters, double[] start1,
                   double[] start2, double[] certified, double certifiedResidualSumOfSquares, double[] x,
                   double[] y) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The directory of the NIST files: the surefire property, else the first shared/data/nist above. */
    static Path directory() {
        String prop = System.getProperty("dualad.nist.dir");
        if (prop != null && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data").resolve("nist");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("NIST data not found: set -Ddualad.nist.dir or put shared/data/nist "
                + "beside the repository (looked at " + prop + " and above " + Paths.get("").toAbsolutePath() + ")");
    }

    /** Every problem file, sorted by name; at least one. */
    static List<NistProblem> all() {
        List<NistProblem> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.add(JSON.readValue(f.toFile(), NistProblem.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no NIST problem files in " + directory());
        }
        return out;
    }

    /** @return the named problem */
    static NistProblem named(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no NIST problem " + name));
    }

    @Override
    public String toString() {
        return name;
    }
}
