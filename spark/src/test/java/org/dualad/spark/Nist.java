package org.dualad.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.commons.math3.RealFieldElement;

/** Two NIST StRD problems (test resources, copied from NIST with their certified values) and their models. */
final class Nist {
    final double[] x;
    final double[] y;
    final double[] start1;
    final double[] certified;
    final double certifiedRss;

    private Nist(JsonNode n) {
        x = array(n.get("x"));
        y = array(n.get("y"));
        start1 = array(n.get("start1"));
        certified = array(n.get("certified"));
        certifiedRss = n.get("certifiedResidualSumOfSquares").asDouble();
    }

    static Nist named(String name) {
        try (InputStream in = Nist.class.getResourceAsStream(name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: org/dualad/spark/" + name + ".json");
            }
            return new Nist(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] array(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }

    /** Gauss1: b1 exp(-b2 x) + b3 exp(-(x - b4)^2 / b5^2) + b6 exp(-(x - b7)^2 / b8^2). */
    static <T extends RealFieldElement<T>> T gauss1(T[] b, double x) {
        T g1 = b[3].negate().add(x).divide(b[4]);
        T g2 = b[6].negate().add(x).divide(b[7]);
        return b[0].multiply(b[1].multiply(-x).exp())
                .add(b[2].multiply(g1.multiply(g1).negate().exp()))
                .add(b[5].multiply(g2.multiply(g2).negate().exp()));
    }

    /** Misra1a: b1 (1 - exp(-b2 x)). */
    static <T extends RealFieldElement<T>> T misra1a(T[] b, double x) {
        return b[0].multiply(b[1].multiply(-x).exp().negate().add(1));
    }
}
