package org.dualad.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dualad.reverse.Dot;
import org.dualad.reverse.Tape;
import org.dualad.reverse.Var;

/**
 * {@code graph --tape}: the expression recorded on a real reverse-mode {@link Tape}, swept
 * backwards, and drawn by the reverse module's own {@link Dot} export: its forward graph and its
 * adjoint graph, put side by side as two clusters of one DOT digraph.
 */
final class TapeGraph {
    private static final Pattern NODE = Pattern.compile("\\b(n\\d+|c\\d+_\\d+)\\b");

    private TapeGraph() {
    }

    /**
     * @param p a program of one expression
     * @param x the point
     * @return one DOT digraph with clusters {@code cluster_forward} and {@code cluster_adjoint}
     */
    static String dot(Program p, double[] x) {
        Tape tape = new Tape();
        Var[] in = new Var[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = tape.variable(x[i]);
        }
        Var y = p.scalar().value(in);
        String[] names = p.variables().toArray(new String[0]);
        StringBuilder sb = new StringBuilder("digraph dualad_tape {\n  labelloc=t;\n  label=\"f = ")
                .append(p.source().trim().replace("\\", "\\\\").replace("\"", "\\\"")).append(" (reverse tape)\";\n");
        sb.append("  subgraph cluster_forward {\n    label=\"forward: the tape\";\n")
                .append(body(Dot.forward(tape, names), "f")).append("  }\n");
        tape.backward(y);
        String adjoint;
        try {
            adjoint = body(Dot.adjoint(tape, names), "a");
        } catch (IllegalStateException e) {
            adjoint = "    a_none [label=\"f is a constant: no backward sweep\"];\n"; // y recorded no node
        }
        sb.append("  subgraph cluster_adjoint {\n    label=\"reverse: adjoints after one backward sweep\";\n")
                .append(adjoint).append("  }\n}\n");
        return sb.toString();
    }

    /** The statements of a digraph, node names prefixed so that the two graphs do not collide. */
    private static String body(String digraph, String prefix) {
        int open = digraph.indexOf('{');
        int close = digraph.lastIndexOf('}');
        StringBuilder out = new StringBuilder();
        for (String line : digraph.substring(open + 1, close).split("\n")) {
            if (line.isBlank() || line.trim().startsWith("rankdir")) {
                continue;
            }
            out.append("  ").append(renameOutsideQuotes(line, prefix)).append('\n');
        }
        return out.toString();
    }

    /** Prefixes node identifiers, leaving quoted labels (which may mention user names) alone. */
    private static String renameOutsideQuotes(String line, String prefix) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        int segment = 0;
        for (int i = 0; i <= line.length(); i++) {
            boolean end = i == line.length();
            char c = end ? '"' : line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                String part = line.substring(segment, i);
                if (quoted) {
                    out.append(part);
                } else {
                    Matcher m = NODE.matcher(part);
                    out.append(m.replaceAll(prefix + "_$1"));
                }
                if (!end) {
                    out.append('"');
                }
                quoted = !quoted;
                segment = i + 1;
            }
        }
        return out.toString();
    }
}
