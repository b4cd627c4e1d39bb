package org.dualad.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End-to-end: the real command in its own JVM process (the test classpath, main class
 * {@link Main}), checking exit code, stdout and stderr.
 */
class CommandProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAIN_JOB = "x1*exp(-(x1^2+x2^2)/2)";
    private static final double E = Math.exp(-2.125);

    /** What a run printed. */
    record Result(int code, String out, String err) {
        /** stdout with runs of spaces squashed to one, so that checks do not depend on column widths. */
        String text() {
            return out.replaceAll(" +", " ");
        }

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", cp,
                "org.dualad.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("dualad", ".out");
        Path err = Files.createTempFile("dualad", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dualad did not finish: " + cmd);
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result ok(String... args) throws Exception {
        Result r = run(args);
        assertEquals(0, r.code(), "exit code; stderr: " + r.err());
        assertEquals("", r.err());
        return r;
    }

    static double[] vector(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-14 * Math.abs(expected), what);
    }

    // ------------------------------------------------------------ the main job and examples 1-5

    @Test
    void mainJobPrintsTheGradient() throws Exception {
        Result r = ok("gradient", MAIN_JOB, "--at", "x1=2,x2=0.5");
        assertTrue(r.text().contains("value 0.23886593653343924"), r.out());
        assertTrue(r.text().contains("df/dx1 -0.35829890480015886"), r.out());
        assertTrue(r.text().contains("df/dx2 -0.11943296826671962"), r.out());
    }

    @Test
    void example5HessianAsJson() throws Exception {
        JsonNode j = ok("hessian", MAIN_JOB, "--at", "x1=2,x2=0.5", "--json").json();
        assertEquals("[\"x1\",\"x2\"]", j.get("variables").toString());
        assertEquals(0.23886593653343924, j.get("value").asDouble());
        double[] g = vector(j.get("gradient"));
        assertEquals(-0.35829890480015886, g[0]);
        assertEquals(-0.11943296826671962, g[1]);
        double[][] h = {vector(j.get("hessian").get(0)), vector(j.get("hessian").get(1))};
        close(2 * E, h[0][0], "H00");
        close(1.5 * E, h[0][1], "H01");
        close(1.5 * E, h[1][0], "H10");
        close(-1.5 * E, h[1][1], "H11");
        JsonNode lap = ok("laplacian", MAIN_JOB, "--at", "x1=2,x2=0.5", "--json").json();
        close(0.05971648413335981, lap.get("laplacian").asDouble(), "laplacian");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5*x^3 + 2*x^2 + 4*x + 8|x=2|64|72|64",
        "3*x^2|x=3|27|18|6",
        "6*x^2 + 2*x + 4|x=3|64|38|12"})
    void examples1To3(String expr, String at, double value, double d1, double d2) throws Exception {
        JsonNode j = ok("hessian", expr, "--at", at, "--json").json();
        assertEquals(value, j.get("value").asDouble());
        assertEquals(d1, j.get("gradient").get(0).asDouble());
        assertEquals(d2, j.get("hessian").get(0).get(0).asDouble());
    }

    @Test
    void example4() throws Exception {
        JsonNode j = ok("hessian", "u^3 + v^2 + 4*u*v", "--at", "u=3,v=4", "--json").json();
        assertEquals(91, j.get("value").asDouble());
        assertEquals("[43.0,20.0]", j.get("gradient").toString());
        assertEquals("[[18.0,4.0],[4.0,2.0]]", j.get("hessian").toString());
        JsonNode lap = ok("laplacian", "u^3 + v^2 + 4*u*v", "--at", "u=3,v=4", "--json").json();
        assertEquals(20, lap.get("laplacian").asDouble());
        JsonNode hvp = ok("hvp", "u^3 + v^2 + 4*u*v", "--at", "u=3,v=4", "--dir", "1,2", "--json").json();
        assertEquals("[26.0,8.0]", hvp.get("hvp").toString());
        assertEquals("[1.0,2.0]", hvp.get("direction").toString());
    }

    /** Example 5 in every mode that computes each quantity. */
    @ParameterizedTest
    @CsvSource({"forward", "reverse", "hybrid"})
    void example5InEveryMode(String mode) throws Exception {
        String[] at = {"--at", "x1=2,x2=0.5", "--json", "--mode", mode};
        JsonNode g = ok(concat(new String[] {"gradient", MAIN_JOB}, at)).json();
        assertEquals(mode, g.get("mode").asText());
        close(2 * E, g.get("value").asDouble(), mode + " value");
        close(-3 * E, g.get("gradient").get(0).asDouble(), mode + " df/dx1");
        close(-E, g.get("gradient").get(1).asDouble(), mode + " df/dx2");
        if (!mode.equals("reverse")) {
            JsonNode h = ok(concat(new String[] {"hessian", MAIN_JOB}, at)).json();
            close(2 * E, h.get("hessian").get(0).get(0).asDouble(), mode + " H00");
            close(1.5 * E, h.get("hessian").get(0).get(1).asDouble(), mode + " H01");
            close(-1.5 * E, h.get("hessian").get(1).get(1).asDouble(), mode + " H11");
            JsonNode l = ok(concat(new String[] {"laplacian", MAIN_JOB}, at)).json();
            close(0.5 * E, l.get("laplacian").asDouble(), mode + " laplacian");
            JsonNode hv = ok(concat(new String[] {"hvp", MAIN_JOB, "--dir", "1,1"}, at)).json();
            close(3.5 * E, hv.get("hvp").get(0).asDouble(), mode + " (Hv)0");
            assertEquals(0, hv.get("hvp").get(1).asDouble(), 1e-16, mode + " (Hv)1");
        } else {
            JsonNode j = ok("jacobian", MAIN_JOB + "; x1*x2", "--at", "x1=2,x2=0.5", "--json", "--mode", mode).json();
            close(-3 * E, j.get("jacobian").get(0).get(0).asDouble(), "reverse J00");
            assertEquals("[0.5,2.0]", j.get("jacobian").get(1).toString());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    // ------------------------------------------------------------ every command

    @Test
    void valueAndJacobianOfSeveralExpressions() throws Exception {
        JsonNode v = ok("value", "x*y; sin(x)", "--at", "x=1,y=2", "--json").json();
        assertEquals(2, v.get("value").get(0).asDouble());
        assertEquals(Math.sin(1), v.get("value").get(1).asDouble());
        JsonNode j = ok("jacobian", "x*y; sin(x); y^3", "--at", "x=1,y=2", "--json").json();
        assertEquals("[[2.0,1.0],[" + Math.cos(1) + ",0.0],[0.0,12.0]]", j.get("jacobian").toString());
        Result text = ok("jacobian", "x*y; sin(x)", "--at", "x=1,y=2");
        assertTrue(text.text().contains("f2 0.5403023058681398 0"), text.out());
    }

    @Test
    void humanHessianLaplacianHvpAndValue() throws Exception {
        Result h = ok("hessian", "u^3 + v^2 + 4*u*v", "--at", "u=3,v=4");
        assertTrue(h.text().contains("u 18 4"), h.out());
        Result l = ok("laplacian", "u^3 + v^2 + 4*u*v", "--at", "u=3,v=4");
        assertTrue(l.text().contains("laplacian 20"), l.out());
        Result hv = ok("hvp", "u^3 + v^2 + 4*u*v", "--at", "u=3,v=4", "--dir", "1,0");
        assertTrue(hv.text().contains("u 18") && hv.text().contains("v 4"), hv.out());
        Result v = ok("value", "-x^2", "--at", "x=3");
        assertTrue(v.text().contains("value -9"), v.out());
    }

    @Test
    void checkAgreesAndFailsBeyondTolerance() throws Exception {
        Result r = ok("check", MAIN_JOB, "--at", "x1=2,x2=0.5");
        assertTrue(r.text().contains("all agree"), r.out());
        assertTrue(r.text().contains("DerivativeStructure") && r.text().contains("finite differences"), r.out());
        JsonNode j = ok("check", MAIN_JOB, "--at", "x1=2,x2=0.5", "--json").json();
        assertTrue(j.get("check").get("agree").asBoolean());
        assertEquals(0.23886593653343924, j.get("value").asDouble());
        assertTrue(j.get("check").get("methods").size() >= 2);
        Result strict = run("check", MAIN_JOB, "--at", "x1=2,x2=0.5", "--fd-tolerance", "1e-30");
        assertEquals(1, strict.code(), strict.err());
        assertTrue(strict.text().contains("DISAGREE"), strict.out());
    }

    @Test
    void checkNearAJumpLetsTheFiniteDifferencesAbstain() throws Exception {
        // remainder(x^9, 1.4385) jumps every 1.5e-3 near 1.79, inside the differences' stencil:
        // they resolve nothing there, say so, and the modes still agree with the reference
        Result r = ok("check", "remainder(x^9, 1.4385)", "--at", "x=1.790222373227226");
        assertTrue(r.text().contains("all agree"), r.out());
        assertTrue(r.text().contains("1 not judged (a jump inside its stencil)"), r.out());
        JsonNode j = ok("check", "remainder(x^9, 1.4385)", "--at", "x=1.790222373227226", "--json").json();
        assertEquals(1, j.get("check").get("methods").get(j.get("check").get("methods").size() - 1)
                .get("notJudged").asInt());
    }

    @Test
    void explainShowsBothSweeps() throws Exception {
        Result r = ok("explain", MAIN_JOB, "--at", "x1=2,x2=0.5");
        assertTrue(r.text().contains("Forward sweep: 2 passes"), r.out());
        assertTrue(r.text().contains("Reverse sweep: 1 pass"), r.out());
        assertTrue(r.text().contains("v6 exp(v5)"), r.out());
        assertTrue(r.text().contains("adj(v7) * 0.11943296826671962 + adj(v1) * 4"), r.out());
        JsonNode j = ok("explain", MAIN_JOB, "--at", "x1=2,x2=0.5", "--json").json();
        assertEquals(9, j.get("forward").size());
        JsonNode last = j.get("forward").get(8);
        assertEquals(-0.35829890480015886, last.get("tangents").get(0).asDouble());
        assertEquals(-0.11943296826671962, last.get("tangents").get(1).asDouble());
        assertEquals(-0.35829890480015886, j.get("gradient").get(0).asDouble());
        JsonNode revLast = j.get("reverse").get(8);
        assertEquals("v-1", revLast.get("node").asText());
        assertEquals(-0.35829890480015886, revLast.get("adjoint").asDouble());
        assertTrue(r.text().contains("the last row of each forward column agrees"), r.out());
    }

    @Test
    void explainSaysWhenTheForwardColumnDiffers() throws Exception {
        // outside asin's domain: u's adjoint is 1 - 1 = 0 before it meets the NaN partial, while the
        // forward column carries NaN through both uses
        Result r = ok("explain", "-asin(x) + (pi - -asin(x))", "--at", "x=1.12");
        assertTrue(r.text().contains("the last row of a forward column differs"), r.out());
        assertTrue(!r.text().contains("column agrees"), r.out());
    }

    @Test
    void graphPrintsDotAndPngNeedsGraphviz(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Result r = ok("graph", "x*sin(x)", "--at", "x=1");
        assertTrue(r.out().startsWith("digraph dualad {"), r.out());
        assertTrue(r.text().contains("cluster_forward") && r.text().contains("cluster_adjoint"), r.out());
        Result tape = ok("graph", MAIN_JOB, "--at", "x1=2,x2=0.5", "--tape");
        assertTrue(tape.out().contains("a_n0 [label=\"x1\\nadj = -0.35829890480015886\""), tape.out());
        assertTrue(tape.out().contains("f_n0 -> f_n2;"), tape.out());
        JsonNode j = ok("graph", "x*sin(x)", "--at", "x=1", "--json").json();
        assertTrue(j.get("dot").asText().startsWith("digraph"));
        Path png = dir.resolve("g.png");
        Result p = run("graph", "x*sin(x)", "--at", "x=1", "--png", png.toString());
        if (p.code() == 0) {
            assertTrue(Files.size(png) > 0);
        } else {
            assertEquals(3, p.code());
            assertEquals("", p.out());
            assertTrue(p.err().contains("Graphviz"), p.err());
        }
    }

    @Test
    void nanPrintsAsNanAndJsonNull() throws Exception {
        Result r = ok("gradient", "sqrt(x) + y", "--at", "x=-1,y=2");
        assertTrue(r.text().contains("value NaN"), r.out());
        JsonNode j = ok("gradient", "sqrt(x) + y", "--at", "x=-1,y=2", "--json").json();
        assertTrue(j.get("value").isNull());
        assertTrue(j.get("gradient").get(0).isNull());
        assertEquals(1.0, j.get("gradient").get(1).asDouble());
        assertTrue(j.get("notes").toString().contains("value is NaN"), j.toString());
        assertTrue(j.get("notes").toString().contains("gradient[0] is NaN"), j.toString());
    }

    @Test
    void helpGoesToStdout() throws Exception {
        Result r = ok("--help");
        assertTrue(r.text().contains("gradient") && r.text().contains("explain"), r.out());
    }

    /** The fast path registers only the command named first; help must still be that command's. */
    @ParameterizedTest
    @CsvSource({"value", "gradient", "hessian", "laplacian", "jacobian", "hvp", "check", "explain", "graph"})
    void everyCommandsHelpInBothForms(String cmd) throws Exception {
        Result flag = ok(cmd, "--help");
        Result command = ok("help", cmd);
        assertTrue(flag.out().startsWith("Usage: dualad " + cmd + " "), flag.out());
        assertTrue(flag.out().contains("--at") && flag.out().contains("Example"), flag.out());
        assertEquals(flag.out(), command.out());
    }

    @Test
    void unknownCommandSuggestsTheClosest() throws Exception {
        Result r = run("gradeint", MAIN_JOB, "--at", "x1=2,x2=0.5");
        assertBadInput(r, "unknown command 'gradeint' (did you mean gradient?)");
        String[] lines = r.err().split("\\R");
        assertEquals("  dualad gradeint '" + MAIN_JOB + "' --at x1=2,x2=0.5", lines[1]);
        assertEquals("         ^", lines[2]);
    }

    // ------------------------------------------------------------ bad input

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gradient|x*(y+|--at|x=1,y=2|ends too early|x*(y+|5",
        "gradient|sinn(x)|--at|x=1|unknown function 'sinn' (did you mean sin, sinh|sinn(x)|0",
        "gradient|atan2(x)|--at|x=1|takes 2 arguments, got 1|atan2(x)|0",
        "gradient|x*z|--at|x=1,y=2|unknown variable 'z'|x*z|2",
        "hessian|x*y|--at|x=1|unknown variable 'y'|x*y|2",
        "gradient|x*y|--at|x=1,x=2|duplicate variable 'x'|x=1,x=2|4",
        "gradient|x|--at|x=abc|'abc' is not a number|x=abc|2",
        "gradient|x|--at|x=1,y=|has no value|x=1,y=|6",
        "gradient|x|--mode|revers|unknown --mode|revers|0",
        "gradient|x;y|--at|x=1,y=2|takes one expression|x;y|1"})
    void badInputExitsTwoWithCaret(String cmd, String expr, String opt, String optValue, String message,
            String quoted, int column) throws Exception {
        List<String> args = new ArrayList<>(List.of(cmd, expr, opt, optValue));
        if (!opt.equals("--at")) {
            args.addAll(List.of("--at", "x=1"));
        }
        Result r = run(args.toArray(new String[0]));
        assertBadInput(r, message);
        String[] lines = r.err().split("\\R");
        assertEquals(3, lines.length, r.err());
        assertEquals("  " + quoted, lines[1]);
        assertEquals(" ".repeat(2 + column) + "^", lines[2]);
    }

    /** Errors about the command line rather than a text: the command line is quoted, with a caret. */
    @Test
    void badInputOfTheCommandLine() throws Exception {
        assertBadInput(run("hvp", "x*y", "--at", "x=1,y=2", "--dir", "1,0,3"), "--dir has 3 components but --at has 2");
        assertBadInput(run("gradient", "x"), "Missing required option: '--at");
        assertBadInput(run("frobnicate", "x", "--at", "x=1"), "frobnicate");
        assertBadInput(run(), "a command is needed");
        assertBadInput(run("hessian", "x", "--at", "x=1", "--mode", "reverse"), "mode reverse does not compute hessian");
        assertBadInput(run("explain", "x", "--at", "x=1", "--mode", "reverse"), "explain does not take --mode");
        assertBadInput(run("check", "x", "--at", "x=1", "--tolerence", "1e-9"), "did you mean --tolerance?");
    }

    private static void assertBadInput(Result r, String message) {
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("dualad: "), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertTrue(java.util.regex.Pattern.compile("(?m)^  +\\^$").matcher(r.err()).find(), "a caret line: " + r.err());
    }
}
