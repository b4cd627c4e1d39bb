package org.dualad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.dualad.ScalarFunction;
import org.dualad.dual.Forward;
import org.dualad.hybrid.Hybrid;
import org.dualad.reverse.Reverse;
import org.junit.jupiter.api.Test;

/**
 * The command follows the zero policy of {@link org.dualad.dual.Chain} as the library does:
 * {@code dualad gradient} in each mode, run in-process through {@link Main#execute}, gives bit for
 * bit the gradient of every other mode and of the library's modes on the same compiled program, for
 * kink compositions (an edge function at the edge where its derivative is infinite, in templates
 * that put an exact zero next to it, one and two deep); and {@code dualad check} shows the four
 * expressions of issue 13 with one gradient in every mode.
 */
class ZeroPolicyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] MODES = {"forward", "reverse", "hybrid"};

    /** An edge function's text (%s its argument) and the edge point. */
    private record Edge(String fmt, double e) {
    }

    private static final List<Edge> EDGES = List.of(
            new Edge("sqrt(%s)", 0), new Edge("cbrt(%s)", 0), new Edge("root(%s, 3)", 0), new Edge("(%s)^0.5", 0),
            new Edge("(%s)^(1/3)", 0), new Edge("(%s)^1.5", 0), new Edge("log(%s)", 0), new Edge("asin(%s)", 1),
            new Edge("asin(%s)", -1), new Edge("acos(%s)", 1), new Edge("acos(%s)", -1), new Edge("atanh(%s)", 1),
            new Edge("atanh(%s)", -1), new Edge("acosh(%s)", 1));

    private static String num(double v) {
        return "(" + (long) v + ")";
    }

    /** Templates: given h (text of h applied to an argument text) and the edge e, the wrapped h. */
    private static final List<BiFunction<UnaryOperator<String>, Double, UnaryOperator<String>>> TEMPLATES = List.of(
        (h, e) -> u -> "(0*" + h.apply(u) + "+" + u + ")",
        (h, e) -> u -> "(" + u + ")*" + h.apply(u),
        (h, e) -> u -> "((" + u + ")-" + num(e) + ")*" + h.apply(u),
        (h, e) -> u -> "3*" + h.apply(u),
        (h, e) -> u -> "(" + h.apply(u) + "-" + h.apply(u) + ")",
        (h, e) -> u -> e == 0 ? h.apply("(" + u + ")*(" + u + ")")
                : h.apply("((" + u + ")-" + num(e) + ")*((" + u + ")-" + num(e) + ")+" + num(e)),
        (h, e) -> u -> h.apply((e == 0 ? "(" + u + ")" : "((" + u + ")-" + num(e) + ")") + "^2+y^2"
                + (e == 0 ? "" : "+" + num(e))));

    /**
     * Each edge bare and in each template; for three of them (an edge at 0, at -1 and at 1) also in
     * each pair of templates (the library's suite in the test module takes every pair of every
     * edge; here each costs three runs of the command).
     */
    static List<String[]> expressions() {
        List<String[]> l = new ArrayList<>();
        for (int k = 0; k < EDGES.size(); k++) {
            Edge edge = EDGES.get(k);
            UnaryOperator<String> f = u -> String.format(edge.fmt(), u);
            String at = "x=" + (long) edge.e() + ",y=0";
            boolean pairs = k == 0 || k == 8 || k == 9;
            l.add(new String[] {f.apply("x"), at});
            for (var a : TEMPLATES) {
                l.add(new String[] {a.apply(f, edge.e()).apply("x"), at});
                for (var b : pairs ? TEMPLATES : List.<BiFunction<UnaryOperator<String>, Double,
                        UnaryOperator<String>>>of()) {
                    l.add(new String[] {a.apply(b.apply(f, edge.e()), edge.e()).apply("x"), at});
                }
            }
        }
        return l;
    }

    private static JsonNode run(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        assertTrue(code == 0 || code == 1, String.join(" ", args) + ": exit " + code + ", " + err);
        return JSON.readTree(out.toString());
    }

    /** A number of the JSON report: null stands for a non-finite value named in the notes. */
    private static double number(JsonNode root, JsonNode n, String path) {
        if (!n.isNull()) {
            return n.asDouble();
        }
        for (JsonNode note : root.get("notes")) {
            String s = note.asText();
            if (s.startsWith(path + " is ")) {
                String v = s.substring(path.length() + 4);
                return v.equals("NaN") ? Double.NaN : v.equals("+Infinity") ? Double.POSITIVE_INFINITY
                        : Double.NEGATIVE_INFINITY;
            }
        }
        throw new AssertionError(path + " is null with no note in " + root);
    }

    private static double[] vector(JsonNode root, JsonNode n, String path) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(root, n.get(i), path + "[" + i + "]");
        }
        return v;
    }

    private static boolean same(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] == b[i] || Double.isNaN(a[i]) && Double.isNaN(b[i]))) {
                return false;
            }
        }
        return a.length == b.length;
    }

    @Test
    void theGradientCommandAgreesInEveryModeAndWithTheLibraryAtKinks() throws IOException {
        List<String> failures = new ArrayList<>();
        List<String[]> all = expressions();
        for (String[] c : all) {
            String expr = c[0];
            double[] x = {Double.parseDouble(c[1].substring(2, c[1].indexOf(','))), 0};
            ScalarFunction f = Program.compile(expr, List.of("x", "y")).scalar();
            double[] ref = Forward.gradient(f, x);
            List<double[]> got = new ArrayList<>();
            for (String m : MODES) {
                JsonNode r = run("gradient", expr, "--at", c[1], "--mode", m, "--json");
                got.add(vector(r, r.get("gradient"), "gradient"));
            }
            got.add(Reverse.gradient(f, x));
            got.add(Hybrid.gradient(f, x));
            for (int k = 0; k < got.size(); k++) {
                if (!same(ref, got.get(k))) {
                    failures.add(expr + " at " + c[1] + ": " + (k < 3 ? "dualad --mode " + MODES[k] : "library " + k)
                            + " " + Arrays.toString(got.get(k)) + " but Forward.gradient " + Arrays.toString(ref));
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " disagreements over " + all.size() + " expressions:\n"
                + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
    }

    @Test
    void checkShowsTheFourExpressionsOfTheIssueWithOneGradientInEveryMode() throws IOException {
        String[][] cases = {
            {"sqrt(x^2+y^2)", "0", "0"}, {"x*sqrt(x)", "0", "0"}, {"sqrt(x*x)", "0", "0"}, {"0*sqrt(x)+x", "1", "0"}};
        for (String[] c : cases) {
            JsonNode r = run("check", c[0], "--at", "x=0,y=0", "--json");
            double[] expected = {Double.parseDouble(c[1]), Double.parseDouble(c[2])};
            double[][] hessians = new double[2][];
            int h = 0;
            for (JsonNode m : r.get("check").get("methods")) {
                String name = m.get("name").asText();
                if (!Arrays.asList(MODES).contains(name)) {
                    continue; // the references (complex step, finite differences) are not modes
                }
                double[] g = vector(r, m.get("gradient"), name + ".gradient");
                assertTrue(same(expected, g), c[0] + ": " + name + " " + Arrays.toString(g));
                if (m.has("hessian")) {
                    JsonNode rows = m.get("hessian");
                    double[] flat = new double[4];
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 2; j++) {
                            flat[2 * i + j] = number(r, rows.get(i).get(j), name + ".hessian[" + i + "][" + j + "]");
                        }
                    }
                    hessians[h++] = flat;
                }
            }
            assertEquals(2, h, c[0] + ": forward and hybrid Hessians");
            assertTrue(same(hessians[0], hessians[1]), c[0] + ": " + Arrays.toString(hessians[0]) + " vs "
                    + Arrays.toString(hessians[1]));
        }
    }
}
