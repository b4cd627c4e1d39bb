package org.dualad.optim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One NIST StRD nonlinear-regression problem as stored in this module's test resources ({@code org/dualad/optim/nist/*.json}, copied from
 * NIST StRD with their certified values).
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

    /** Where the problems are: test resources of this module, listed in {@code problems.txt}. */
    private static final String RESOURCES = "nist/";

    /** Every problem file, in the order of {@code nist/problems.txt}; at least one. */
    static List<NistProblem> all() {
        List<NistProblem> out = new ArrayList<>();
        for (String name : read("problems.txt").split("\\R")) {
            if (!name.isBlank()) {
                out.add(parse(name.strip()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no NIST problems listed in " + RESOURCES + "problems.txt");
        }
        return out;
    }

    private static NistProblem parse(String name) {
        try {
            return JSON.readValue(read(name + ".json"), NistProblem.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse NIST problem " + name, e);
        }
    }

    private static String read(String file) {
        try (InputStream in = NistProblem.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: org/dualad/optim/" + RESOURCES + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
