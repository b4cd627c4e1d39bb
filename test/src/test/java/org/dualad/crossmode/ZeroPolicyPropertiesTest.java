package org.dualad.crossmode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dualad.ScalarFunction;

/**
 * Random kink compositions (an edge function in up to three nested templates, see {@link Kinks})
 * at random edge points, every input one of 0, -0, the smallest subnormal, 1, -1, +inf, -inf and
 * NaN: every mode gives the same derivatives. The point is not the composition's kink in general,
 * so derivatives there are often ordinary numbers, and modes that multiply and add in other orders
 * agree to rounding: to {@link Kinks#ROUNDING} of the problem's scale (the largest finite entry,
 * at least 1), and exactly in kind (NaN, the same infinity).
 *
 * <p>Two things no zero policy can make agree are left out, each tested exactly in
 * {@link ZeroPolicyTest}: where the composition shares a transformed argument between two uses
 * ({@link #sharedBelowATransform}) each mode is compared only with the modes that add and multiply
 * in its order; and so it is at a subnormal input, where a product of non-zero factors can
 * underflow to 0 in one order and not in another (sqrt(w w) with w = x + y^2 at (MIN_VALUE,
 * MIN_VALUE): the trace gives d/dy = 2w 2y inf = inf, a Dual's tangent 2y 2w underflows to 0
 * first and meets the infinite partial as 0), and the Hessians are not compared there.
 */
class ZeroPolicyPropertiesTest {
    private static final List<Kinks.Edge> EDGES = Kinks.edges();

    @Provide
    Arbitrary<Kinks.Composition> compositions() {
        Arbitrary<Kinks.Edge> edge = Arbitraries.of(EDGES);
        Arbitrary<List<Kinks.Template>> templates = Arbitraries.of(Kinks.TEMPLATES).list().ofMaxSize(3);
        return edge.flatMap(e -> templates.map(t -> new Kinks.Composition(e, t)));
    }

    @Provide
    Arbitrary<Double> edgePoints() {
        return Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, 1.0, -1.0, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN);
    }

    @Property(tries = 6000, seed = "20261203")
    boolean everyModeAgreesAtEdgePoints(@ForAll("compositions") Kinks.Composition c,
                                        @ForAll("edgePoints") double x0, @ForAll("edgePoints") double y0) {
        ScalarFunction f = c.function();
        double[] x = {x0, y0};
        List<String> failures = new ArrayList<>();
        List<Kinks.Result> g = Kinks.gradients(f, x);
        boolean subnormal = x0 == Double.MIN_VALUE || y0 == Double.MIN_VALUE;
        if (!sharedBelowATransform(c) && !subnormal) {
            note(failures, "gradient", agree(g));
            note(failures, "hessian", agree(Kinks.hessians(f, x)));
            List<Kinks.Result> op = new ArrayList<>(g.subList(0, 1));
            op.addAll(Kinks.opTapeGradients(f, x));
            note(failures, "op tape", agree(op));
        } else {
            // each mode against those that multiply and add in its order
            // the number types (Dual, MultiDual, the forward Laplacian) multiply along the
            // program; Forward.gradient sweeps forward over the trace, which folds as Hybrid's
            note(failures, "forward numbers", agree(group(g, "Forward.derivative", "Dual", "ForwardLaplacian")));
            note(failures, "forward trace", agree(group(g, "Forward.gradient")));
            note(failures, "reverse", agree(group(g, "Reverse")));
            note(failures, "hybrid", agree(group(g, "Hybrid")));
            // a recording compiles at its first replay: its replays agree with one another bit
            // for bit; the compiled program folds like the edge tape, so it is not held to Tape.backward
            note(failures, "replay", agree(Kinks.opTapeGradients(f, x).subList(1, 4)));
        }
        assertTrue(failures.isEmpty(), c + " = " + c.text() + " at (" + x0 + ", " + y0 + "): " + failures);
        return true;
    }

    /**
     * Whether a template that uses its argument twice (0 h(w) + w, w h(w), (w - e) h(w),
     * h(w) - h(w)) sits inside one that makes that argument w a function of the inputs
     * (h(f(u) + c), h(u u), h(u^2 + y^2)): then w's two uses meet at w, whose partial may be
     * infinite (f at its edge, or an infinite input), and a mode that adds the two uses' adjoints
     * before multiplying by it (the op tape at every node, the edge and hybrid tapes at a recorded
     * node such as u^2 + y^2) can give 0 or inf where one that multiplies first gives NaN (see
     * {@link ZeroPolicyTest#aSumThatCancelsBeforeOrAfterAnInfinitePartialCannotAgree}). Such
     * compositions are compared only within each mode's family.
     */
    static boolean sharedBelowATransform(Kinks.Composition c) {
        boolean transformed = false;
        for (Kinks.Template t : c.templates()) {
            if (t == Kinks.NESTED || t == Kinks.SQUARE || t == Kinks.SQUARES) {
                transformed = true;
            } else if (transformed && t != Kinks.CONSTANT) {
                return true;
            }
        }
        return false;
    }

    /** The results whose mode starts with one of the prefixes. */
    private static List<Kinks.Result> group(List<Kinks.Result> results, String... prefixes) {
        List<Kinks.Result> l = new ArrayList<>();
        for (Kinks.Result r : results) {
            for (String p : prefixes) {
                if (r.mode().startsWith(p)) {
                    l.add(r);
                    break;
                }
            }
        }
        return l;
    }

    private static void note(List<String> failures, String what, String d) {
        if (d != null) {
            failures.add(what + ": " + d);
        }
    }

    /** The first result that differs from the first one beyond rounding of the problem's scale. */
    private static String agree(List<Kinks.Result> results) {
        double[] ref = results.get(0).value();
        double scale = 1;
        for (double v : ref) {
            if (Double.isFinite(v)) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (Kinks.Result r : results) {
            double[] v = r.value();
            for (int i = 0; i < v.length; i++) {
                boolean ok = Kinks.same(ref[i], v[i]) || Double.isFinite(ref[i]) && Double.isFinite(v[i])
                        && Math.abs(ref[i] - v[i]) <= Kinks.ROUNDING * scale;
                if (!ok) {
                    return r.mode() + " " + java.util.Arrays.toString(v) + " but " + results.get(0).mode() + " "
                            + java.util.Arrays.toString(ref);
                }
            }
        }
        return null;
    }
}
