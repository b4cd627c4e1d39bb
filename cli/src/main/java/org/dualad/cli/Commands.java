package org.dualad.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.dualad.ScalarFunction;
import org.dualad.ValueAndGradient;
import org.dualad.dual.Dual;
import org.dualad.verification.Mode;
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
                description = "The expression, as in 'x1*exp(-(x1^2+x2^2)/2)'; quote it for the shell.")
        String expr;

        @Option(names = "--at", required = true, paramLabel = "x=2,y=0.5",
                description = "The point: name=value pairs separated by commas, in the order of the variables;"
                        + " a value may be a constant expression (t=pi/6).")
        String at;

        @Option(names = "--json", description = "Print exactly one JSON object instead of text.")
        boolean json;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

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

    /** The mode names for {@code --mode}'s help, in {@link Modes#ALL} order. */
    static final class ModeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            Modes.ALL.forEach(m -> names.add(m.label()));
            return names.iterator();
        }
    }

    /** A command that computes with one mode, chosen by {@code --mode}. */
    abstract static class ModeBase extends Base {
        @Option(names = "--mode", paramLabel = "MODE", completionCandidates = ModeNames.class,
                description = "How to differentiate: ${COMPLETION-CANDIDATES} (default: " + Modes.DEFAULT + ").")
        String mode;

        /** The chosen mode, refused as bad input if it does not compute what this command needs. */
        Mode mode(String command, Predicate<Mode> computes) {
            return Modes.byName(mode, command, computes);
        }
    }

    /** A command that does not pick one mode; it refuses {@code --mode} rather than ignore it. */
    abstract static class NoModeBase extends Base {
        @Option(names = "--mode", hidden = true)
        String mode;

        void noMode(String command, String why) {
            if (mode != null) {
                throw InputException.atOption(command + " does not take --mode: " + why, "--mode");
            }
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
    @Command(name = "value", description = "The value of one or more expressions separated by ';'.",
            footer = {"", "Example:", "  dualad value 'r*cos(t); r*sin(t)' --at r=2,t=pi/6"})
    static final class Value extends NoModeBase {
        @Override
        Report run() {
            c.setUp("value", true);
            noMode("value", "a value needs no derivatives");
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
    @Command(name = "gradient", description = "The value and the gradient.",
            footer = {"", "Example:", "  dualad gradient 'x1*exp(-(x1^2+x2^2)/2)' --at x1=2,x2=0.5 --mode reverse"})
    static final class Gradient extends ModeBase {
        @Override
        Report run() {
            c.setUp("gradient", false);
            Mode m = mode("gradient", Mode::hasGradient);
            ValueAndGradient vg = m.valueAndGradient(c.program.scalar(), c.x());
            Report r = c.report(m.label());
            valueLine(r, vg.value());
            vectorBlock(r, "gradient", "gradient", vg.gradient(), partialLabels(c, "df/d"));
            return r;
        }
    }

    /** {@code dualad hessian}. */
    @Command(name = "hessian", description = "The value, the gradient and the Hessian matrix.",
            footer = {"", "Example:", "  dualad hessian 'u^3 + v^2 + 4*u*v' --at u=3,v=4 --mode hybrid"})
    static final class Hessian extends ModeBase {
        @Override
        Report run() {
            c.setUp("hessian", false);
            Mode m = mode("hessian", k -> k.hasGradient() && k.hasHessian());
            ScalarFunction f = c.program.scalar();
            ValueAndGradient vg = m.valueAndGradient(f, c.x());
            double[][] h = Modes.rows(m.hessian(f, c.x()));
            Report r = c.report(m.label());
            valueLine(r, vg.value());
            vectorBlock(r, "gradient", "gradient", vg.gradient(), partialLabels(c, "df/d"));
            matrixBlock(r, "hessian", "hessian", h, c.point.names(), c.point.names());
            return r;
        }
    }

    /** {@code dualad laplacian}. */
    @Command(name = "laplacian", description = "The value and the Laplacian (the trace of the Hessian).",
            footer = {"", "Example:", "  dualad laplacian 'u^3 + v^2 + 4*u*v' --at u=3,v=4"})
    static final class Laplacian extends ModeBase {
        @Override
        Report run() {
            c.setUp("laplacian", false);
            Mode m = mode("laplacian", Mode::hasLaplacian);
            double lap = m.laplacian(c.program.scalar(), c.x());
            Report r = c.report(m.label());
            double v = values(c.program, c.x())[0];
            r.json().set("value", r.number("value", v));
            r.json().set("laplacian", r.number("laplacian", lap));
            r.text().append(Report.table(List.of(new String[] {"value", Numbers.format(v)},
                    new String[] {"laplacian", Numbers.format(lap)}), 0));
            return r;
        }
    }

    /** {@code dualad jacobian}. */
    @Command(name = "jacobian", description = {"The values and the Jacobian of expressions separated by ';'.",
        "Row i of the Jacobian is the gradient of the i-th expression."},
            footer = {"", "Example:", "  dualad jacobian 'r*cos(t); r*sin(t)' --at r=2,t=pi/6 --mode reverse"})
    static final class Jacobian extends ModeBase {
        @Override
        Report run() {
            c.setUp("jacobian", true);
            Mode m = mode("jacobian", Mode::hasJacobian);
            double[][] j = Modes.rows(m.jacobian(c.program.vector(), c.x()));
            double[] v = values(c.program, c.x());
            Report r = c.report(m.label());
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
    @Command(name = "hvp", description = "The Hessian-vector product H v along --dir.",
            footer = {"", "Example:", "  dualad hvp 'u^3 + v^2 + 4*u*v' --at u=3,v=4 --dir 1,0"})
    static final class Hvp extends ModeBase {
        @Option(names = "--dir", required = true, paramLabel = "1,0",
                description = "The direction v: one number per variable of --at, in that order, separated by"
                        + " commas (each may be a constant expression).")
        String dir;

        @Override
        Report run() {
            c.setUp("hvp", false);
            double[] v = Points.parseDir(dir, c.point.names());
            Mode m = mode("hvp", Mode::hasHvp);
            double[] hv = m.hvp(c.program.scalar(), c.x(), v);
            Report r = c.report(m.label());
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
    @Command(name = "check", description = {"All modes and references side by side; exit 1 if they disagree.",
        "Value, gradient, Hessian and Laplacian by every mode, by the complex step and finite differences"
            + " (gradient only), against Commons Math's DerivativeStructure, with the worst relative error of each."
            + " For smooth points: at a kink (abs(x) at 0) the conventions differ on purpose."},
            footer = {"", "Example:", "  dualad check 'x1*exp(-(x1^2+x2^2)/2)' --at x1=2,x2=0.5 --tolerance 1e-10"})
    static final class Check extends NoModeBase {
        @Option(names = "--tolerance", paramLabel = "TOL", defaultValue = "1e-12",
                description = "Tolerance t for the modes and the complex step: an entry agrees when"
                        + " |a - r| <= t + t max(|a|, |r|) (default: ${DEFAULT-VALUE}).")
        String tolerance;

        @Option(names = "--fd-tolerance", paramLabel = "TOL", defaultValue = "1e-6",
                description = "Tolerance t for finite differences, the same rule (default: ${DEFAULT-VALUE}).")
        String fdTolerance;

        private boolean agree = true;

        @Override
        Report run() {
            c.setUp("check", false);
            noMode("check", "it runs every mode");
            Checker k = new Checker(c, relativeError(tolerance, "--tolerance"),
                    relativeError(fdTolerance, "--fd-tolerance"));
            Report r = c.report(null);
            agree = k.fill(r);
            return r;
        }

        @Override
        int exitCode() {
            return agree ? 0 : EXIT_DISAGREE;
        }

        /** A tolerance: a constant number (the same rule as --at values), not negative, not NaN. */
        private static double relativeError(String text, String option) {
            double t = Points.constant(text, option);
            if (!(t >= 0)) {
                throw new InputException(option + " must be a relative error >= 0, not " + Numbers.format(t),
                        text, 0);
            }
            return t;
        }
    }

    /** {@code dualad explain}. */
    @Command(name = "explain", description = {"The forward and reverse trace tables of a textbook.",
        "Forward: every intermediate with its value and its tangent along each input (one sweep per input)."
            + " Reverse: the adjoints, accumulated in one backward sweep."},
            footer = {"", "Example:", "  dualad explain 'x*sin(x)' --at x=2"})
    static final class Explain extends NoModeBase {
        @Override
        Report run() {
            c.setUp("explain", false);
            noMode("explain", "it shows both the forward and the reverse sweep");
            Trace t = Trace.of(c.program, c.x());
            Report r = c.report(null);
            t.fill(r);
            return r;
        }
    }

    /** {@code dualad graph}. */
    @Command(name = "graph", description = {"Graphviz DOT of the forward graph and the adjoint graph.",
        "Values on the forward graph's nodes, local partials on its edges; adjoints on the adjoint graph."},
            footer = {"", "Examples:", "  dualad graph 'x*sin(x)' --at x=2 | dot -Tsvg > g.svg",
                "  dualad graph 'x*sin(x)' --at x=2 --png g.png --tape"})
    static final class Graph extends NoModeBase {
        @Option(names = "--png", paramLabel = "FILE", description = "Render to a PNG file with Graphviz's 'dot'"
                + " instead of printing DOT (exit 3 if dot is missing or fails).")
        String png;

        @Option(names = "--tape", description = "Draw the reverse-mode tape the expression records"
                + " (org.dualad.reverse.Dot) instead of the expression's own trace.")
        boolean tape;

        private int exit;

        @Override
        Report run() {
            c.setUp("graph", false);
            noMode("graph", "it draws both the forward and the adjoint graph");
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
