package org.dualad.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Dual;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The subcommands of {@code dualad}. Each reads its arguments (picocli), compiles the expression
 * ({@link Program}), asks a {@link Mode} for its result, and fills a {@link Report}; {@link Main}
 * prints the report only once the command has succeeded.
 */
final class Commands {
    /** Exit code when check finds a disagreement. */
    static final int EXIT_DISAGREE = 1;
    /** Exit code when Graphviz is needed but missing or failed. */
    static final int EXIT_NO_DOT = 3;

    private Commands() {
    }

    /** The arguments every command shares. */
    static final class Common {
        @Parameters(index = "0", paramLabel = "EXPR",
                description = "The expression, e.g. 'x1*exp(-(x1^2+x2^2)/2)' (quote it for the shell).")
        String expr;

        @Option(names = "--at", required = true, paramLabel = "x=2,y=0.5",
                description = "The point: name=value pairs; this order is the order of the variables.")
        String at;

        @Option(names = "--json", description = "Print exactly one JSON object instead of text.")
        boolean json;

        @Option(names = "--mode", paramLabel = "MODE",
                description = "forward, reverse or hybrid (default: the first available; this build: ${sys:dualad.modes})")
        String mode;

        Points.Point point;
        Program program;

        /** Parses, reads the point and compiles; allowMany admits ';'-separated expressions. */
        Common setUp(String command, boolean allowMany) {
            List<Node> trees = Parser.parseList(expr);
            if (trees.size() > 1 && !allowMany) {
                int col = expr.indexOf(';');
                throw new InputException(command + " takes one expression; for several separated by ';' use jacobian"
                        + " (or value)", expr, col);
            }
            point = Points.parseAt(at);
            program = Program.compile(expr, trees, point.names());
            for (String v : point.names()) {
                if (!usesVariable(v)) {
                    notes.add("variable " + v + " does not appear in the expression: its derivatives are 0");
                }
            }
            return this;
        }

        final List<String> notes = new ArrayList<>();

        private boolean usesVariable(String v) {
            int i = point.names().indexOf(v);
            for (int s = 0; s < program.size(); s++) {
                for (int a : program.args(s)) {
                    if (a == i) {
                        return true;
                    }
                }
            }
            for (int o : program.outputs()) {
                if (o == i) {
                    return true;
                }
            }
            return false;
        }

        Mode mode() {
            return Modes.byName(mode);
        }

        /** For commands that do not pick one mode: --mode would be silently ignored, so refuse it. */
        void noMode(String command, String why) {
            if (mode != null) {
                throw new InputException(command + " does not take --mode: " + why);
            }
        }

        /** A report with "variables", the header text and the notes so far. */
        Report report(String modeName) {
            Report r = new Report();
            ArrayNode vars = r.json().putArray("variables");
            point.names().forEach(vars::add);
            if (modeName != null) {
                r.json().put("mode", modeName);
            }
            StringBuilder at = new StringBuilder();
            for (int i = 0; i < point.names().size(); i++) {
                at.append(i == 0 ? "" : ", ").append(point.names().get(i)).append(" = ")
                        .append(Numbers.format(point.values()[i]));
            }
            String args = String.join(", ", point.names());
            String body = program.outputCount() == 1 ? expr.trim() : "(" + expr.trim() + ")";
            r.text().append("f(").append(args).append(") = ").append(body).append('\n');
            r.text().append("at ").append(at).append(modeName == null ? "" : "   [" + modeName + " mode]")
                    .append("\n\n");
            notes.forEach(r::note);
            return r;
        }

        double[] x() {
            return point.values();
        }

        String var(int i) {
            return point.names().get(i);
        }

        int n() {
            return point.names().size();
        }
    }

    /** The base of every subcommand: runs, then hands its report to {@link Main}. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Common c;

        Report report;

        @Override
        public Integer call() {
            report = run();
            return exitCode();
        }

        abstract Report run();

        int exitCode() {
            return 0;
        }
    }

    static double[] values(Program p, double[] x) {
        Dual[] in = new Dual[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = Dual.constant(x[i]);
        }
        Dual[] s = p.run(in);
        int[] out = p.outputs();
        double[] v = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            v[i] = s[out[i]].value();
        }
        return v;
    }

    static void valueLine(Report r, double value) {
        r.json().set("value", r.number("value", value));
        r.text().append(Report.table(List.<String[]>of(new String[] {"value", Numbers.format(value)}), 0));
    }

    static void vectorBlock(Report r, String title, String key, double[] v, List<String> labels) {
        r.json().set(key, r.vector(key, v));
        r.text().append(title).append('\n');
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            rows.add(new String[] {labels.get(i), Numbers.format(v[i])});
        }
        r.text().append(Report.table(rows, 2));
    }

    static void matrixBlock(Report r, String title, String key, double[][] m, List<String> rowLabels,
            List<String> colLabels) {
        r.json().set(key, r.matrix(key, m));
        r.text().append(title).append('\n');
        List<String[]> rows = new ArrayList<>();
        String[] head = new String[colLabels.size() + 1];
        head[0] = "";
        for (int j = 0; j < colLabels.size(); j++) {
            head[j + 1] = colLabels.get(j);
        }
        rows.add(head);
        for (int i = 0; i < m.length; i++) {
            String[] row = new String[m[i].length + 1];
            row[0] = rowLabels.get(i);
            for (int j = 0; j < m[i].length; j++) {
                row[j + 1] = Numbers.format(m[i][j]);
            }
            rows.add(row);
        }
        r.text().append(Report.table(rows, 2));
    }

    static List<String> partialLabels(Common c, String prefix) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < c.n(); i++) {
            l.add(prefix + c.var(i));
        }
        return l;
    }

    /** {@code dualad value}. */
    @Command(name = "value", description = "The value of one or more expressions (separated by ';').")
    static final class Value extends Base {
        @Override
        Report run() {
            c.setUp("value", true);
            c.noMode("value", "a value needs no derivatives");
            double[] v = values(c.program, c.x());
            Report r = c.report(null);
            if (v.length == 1) {
                valueLine(r, v[0]);
            } else {
                List<String> labels = new ArrayList<>();
                for (int i = 0; i < v.length; i++) {
                    labels.add("f" + (i + 1));
                }
                vectorBlock(r, "value", "value", v, labels);
            }
            return r;
        }
    }

    /** {@code dualad gradient}. */
    @Command(name = "gradient", description = "The value and the gradient.")
    static final class Gradient extends Base {
        @Override
        Report run() {
            c.setUp("gradient", false);
            Mode m = c.mode();
            ValueAndGradient vg = m.gradient(c.program.scalar(), c.x());
            Report r = c.report(m.name());
            valueLine(r, vg.value());
            vectorBlock(r, "gradient", "gradient", vg.gradient(), partialLabels(c, "df/d"));
            return r;
        }
    }

    /** {@code dualad hessian}. */
    @Command(name = "hessian", description = "The value, the gradient and the Hessian matrix.")
    static final class Hessian extends Base {
        @Override
        Report run() {
            c.setUp("hessian", false);
            Mode m = c.mode();
            ScalarFunction f = c.program.scalar();
            ValueAndGradient vg = m.gradient(f, c.x());
            double[][] h = m.hessian(f, c.x());
            Report r = c.report(m.name());
            valueLine(r, vg.value());
            vectorBlock(r, "gradient", "gradient", vg.gradient(), partialLabels(c, "df/d"));
            matrixBlock(r, "hessian", "hessian", h, c.point.names(), c.point.names());
            return r;
        }
    }

    /** {@code dualad laplacian}. */
    @Command(name = "laplacian", description = "The value and the Laplacian (the trace of the Hessian).")
    static final class Laplacian extends Base {
        @Override
        Report run() {
            c.setUp("laplacian", false);
            Mode m = c.mode();
            double lap = m.laplacian(c.program.scalar(), c.x());
            Report r = c.report(m.name());
            double v = values(c.program, c.x())[0];
            r.json().set("value", r.number("value", v));
            r.json().set("laplacian", r.number("laplacian", lap));
            r.text().append(Report.table(List.of(new String[] {"value", Numbers.format(v)},
                    new String[] {"laplacian", Numbers.format(lap)}), 0));
            return r;
        }
    }

    /** {@code dualad jacobian}. */
    @Command(name = "jacobian", description = "The values and the Jacobian of expressions separated by ';'.")
    static final class Jacobian extends Base {
        @Override
        Report run() {
            c.setUp("jacobian", true);
            Mode m = c.mode();
            double[][] j = m.jacobian(c.program.vector(), c.x());
            double[] v = values(c.program, c.x());
            Report r = c.report(m.name());
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                labels.add("f" + (i + 1));
            }
            vectorBlock(r, "value", "value", v, labels);
            matrixBlock(r, "jacobian (row i: the gradient of f_i)", "jacobian", j, labels, c.point.names());
            return r;
        }
    }

    /** {@code dualad hvp}. */
    @Command(name = "hvp", description = "The Hessian-vector product H v along --dir.")
    static final class Hvp extends Base {
        @Option(names = "--dir", required = true, paramLabel = "1,0",
                description = "The direction v, one component per variable of --at, in that order.")
        String dir;

        @Override
        Report run() {
            c.setUp("hvp", false);
            double[] v = Points.parseDir(dir, c.point.names());
            Mode m = c.mode();
            double[] hv = m.hvp(c.program.scalar(), c.x(), v);
            Report r = c.report(m.name());
            r.json().set("direction", r.vector("direction", v));
            valueLine(r, values(c.program, c.x())[0]);
            StringBuilder vs = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                vs.append(i == 0 ? "" : ", ").append(Numbers.format(v[i]));
            }
            vectorBlock(r, "hvp (H v with v = (" + vs + "))", "hvp", hv, partialLabels(c, ""));
            return r;
        }
    }

    /** {@code dualad check}. */
    @Command(name = "check", description = "Every mode and the references side by side, with the worst relative"
            + " error; exit 1 if they disagree beyond tolerance.")
    static final class Check extends Base {
        @Option(names = "--tolerance", paramLabel = "TOL", defaultValue = "1e-12",
                description = "Largest relative error allowed for an exact method (default ${DEFAULT-VALUE}).")
        double tolerance;

        @Option(names = "--fd-tolerance", paramLabel = "TOL", defaultValue = "1e-6",
                description = "Largest relative error allowed for finite differences (default ${DEFAULT-VALUE}).")
        double fdTolerance;

        private boolean agree = true;

        @Override
        Report run() {
            c.setUp("check", false);
            c.noMode("check", "it runs every mode");
            Checker k = new Checker(c, tolerance, fdTolerance);
            Report r = c.report(null);
            agree = k.fill(r);
            return r;
        }

        @Override
        int exitCode() {
            return agree ? 0 : EXIT_DISAGREE;
        }
    }

    /** {@code dualad explain}. */
    @Command(name = "explain", description = "The forward trace table (values and tangents, one sweep per input)"
            + " and the reverse table of adjoints (one sweep).")
    static final class Explain extends Base {
        @Override
        Report run() {
            c.setUp("explain", false);
            c.noMode("explain", "it shows both the forward and the reverse sweep");
            Trace t = Trace.of(c.program, c.x());
            Report r = c.report(null);
            t.fill(r);
            return r;
        }
    }

    /** {@code dualad graph}. */
    @Command(name = "graph", description = "Graphviz DOT of the forward graph (values) and the adjoint graph"
            + " (adjoints); --png FILE renders it with Graphviz's dot.")
    static final class Graph extends Base {
        @Option(names = "--png", paramLabel = "FILE", description = "Render to a PNG file with 'dot' (Graphviz).")
        String png;

        @Option(names = "--tape", description = "Draw the reverse-mode tape (org.dualad.reverse.Dot) instead of"
                + " the expression's own trace.")
        boolean tape;

        private int exit;

        @Override
        Report run() {
            c.setUp("graph", false);
            c.noMode("graph", "it draws both the forward and the adjoint graph");
            Trace t = Trace.of(c.program, c.x());
            String dot = tape ? TapeGraph.dot(c.program, c.x()) : t.dot();
            Report r = new Report();
            ArrayNode vars = r.json().putArray("variables");
            c.point.names().forEach(vars::add);
            r.json().set("value", r.number("value", t.value()));
            r.json().put("dot", dot);
            if (png == null) {
                r.text().append(dot);
                return r;
            }
            exit = render(dot, png);
            if (exit == 0) {
                r.json().put("png", png);
                r.text().append("wrote ").append(png).append('\n');
            }
            return exit == 0 ? r : null;
        }

        @Override
        int exitCode() {
            return exit;
        }

        private static int render(String dot, String file) {
            Process p;
            try {
                p = new ProcessBuilder("dot", "-Tpng", "-o", file).redirectErrorStream(true).start();
            } catch (IOException e) {
                System.err.println("dualad: graph --png needs Graphviz's 'dot' on the PATH, and it was not found"
                        + " (install it, e.g. apt-get install graphviz; without --png the DOT text is printed)");
                return EXIT_NO_DOT;
            }
            try (OutputStream in = p.getOutputStream()) {
                in.write(dot.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // dot exited early; its own message follows
            }
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                int rc = p.waitFor();
                if (rc != 0) {
                    System.err.println("dualad: dot failed with exit code " + rc + (out.isEmpty() ? "" : ": " + out));
                    return EXIT_NO_DOT;
                }
                return 0;
            } catch (IOException | InterruptedException e) {
                System.err.println("dualad: dot failed: " + e.getMessage());
                return EXIT_NO_DOT;
            }
        }
    }

    /** A JSON object for a labelled list of numbers. */
    static ObjectNode labelled(Report r, String path, List<String> labels, double[] v) {
        ObjectNode o = r.json().objectNode();
        for (int i = 0; i < v.length; i++) {
            o.set(labels.get(i), r.number(path + "." + labels.get(i), v[i]));
        }
        return o;
    }
}
