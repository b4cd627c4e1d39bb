package org.dualad.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dualad.dual.Op;
import org.junit.jupiter.api.Test;

class DotTest {
    private static final double E = Math.exp(-2.125);
    private static final Pattern NODE = Pattern.compile("^\\s*(\\w+) \\[label=\"([^\"]*)\".*\\];$");
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+) -> (\\w+)( \\[label=\"[^\"]*\"\\])?;$");

    private static Tape recordGauss() {
        Tape tape = new Tape();
        Var x1 = tape.variable(2);
        Var x2 = tape.variable(0.5);
        tape.backward(Fns.gauss(new Var[] {x1, x2}));
        return tape;
    }

    /**
     * Issue 13, item 4: a node made through the public compose hook with a borrowed op tag (here a
     * tanh rule tagged sin) is marked, not labelled as the op; the real sin node beside it is not.
     */
    @Test
    void aNodeWithABorrowedOpTagIsMarkedCustom() {
        Tape tape = new Tape();
        Var x = tape.variable(0.5);
        double t = Math.tanh(0.5);
        Var custom = x.compose(Op.SIN, 0, t, 1 - t * t, -2 * t * (1 - t * t));
        Var y = custom.multiply(x.sin());
        tape.backward(y);
        Map<String, String> fwd = parse(Dot.forward(tape), "forward");
        assertEquals("v1 = custom (recorded as sin)\\n" + t, fwd.get("n1"));
        assertEquals("v2 = sin\\n" + Math.sin(0.5), fwd.get("n2"));
        Map<String, String> adj = parse(Dot.adjoint(tape), "adjoint");
        assertTrue(adj.get("n1").startsWith("v1 (custom (recorded as sin))"), adj.get("n1"));
        assertTrue(adj.get("n2").startsWith("v2 (sin)"), adj.get("n2"));
        for (String dot : new String[] {Dot.forward(tape), Dot.adjoint(tape)}) {
            assertTrue(dot.contains("  n1 [label=") && dot.split("  n1 \\[")[1].split("\n")[0].endsWith("style=dashed];"),
                    dot);
            assertEquals(1, dot.split("style=dashed", -1).length - 1, dot);
        }
        // an ordinary tape has no custom node
        assertTrue(!Dot.forward(recordGauss()).contains("custom") && !Dot.forward(recordGauss()).contains("dashed"));
    }

    /** Parses our DOT subset strictly: declared nodes, edges between declared nodes, balanced braces. */
    private static Map<String, String> parse(String dot, String kind) {
        String[] lines = dot.split("\n");
        assertTrue(lines[0].equals("digraph " + kind + " {"), lines[0]);
        assertEquals("}", lines[lines.length - 1]);
        int depth = 0;
        for (char ch : dot.toCharArray()) {
            depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
            assertTrue(depth >= 0);
        }
        assertEquals(0, depth);
        Map<String, String> labels = new HashMap<>();
        Set<String> edges = new HashSet<>();
        for (int i = 1; i < lines.length - 1; i++) {
            String line = lines[i];
            if (line.trim().startsWith("rankdir") || line.trim().startsWith("node [")) {
                continue;
            }
            Matcher n = NODE.matcher(line);
            Matcher e = EDGE.matcher(line);
            if (e.matches()) {
                edges.add(e.group(1) + ">" + e.group(2));
            } else {
                assertTrue(n.matches(), "not a node or edge: " + line);
                labels.put(n.group(1), n.group(2));
            }
        }
        for (String edge : edges) {
            String[] ends = edge.split(">");
            assertTrue(labels.containsKey(ends[0]) && labels.containsKey(ends[1]), "undeclared node in " + edge);
        }
        labels.put("#edges", String.valueOf(edges.size()));
        return labels;
    }

    @Test
    void forwardGraphOfExampleFive() {
        Tape tape = recordGauss();
        String dot = Dot.forward(tape, "x1", "x2");
        Map<String, String> labels = parse(dot, "forward");
        assertEquals("x1 = 2.0", labels.get("n0"));
        assertEquals("x2 = 0.5", labels.get("n1"));
        int last = tape.size() - 1;
        assertTrue(labels.get("n" + last).startsWith("v" + last + " = *\\n"), labels.get("n" + last));
        double f = Double.parseDouble(labels.get("n" + last).split("\\\\n")[1]);
        assertEquals(2 * E, f, 1e-16);
        assertTrue(dot.contains("exp\\n" + E), dot);
        assertTrue(dot.contains("/c 2.0"), dot);
        assertTrue(dot.contains("n0 -> n" + last + ";"), dot);
        assertEquals(tape.size(), labels.size() - 1);
    }

    @Test
    void adjointGraphOfExampleFive() {
        Tape tape = recordGauss();
        Map<String, String> labels = parse(Dot.adjoint(tape, "x1", "x2"), "adjoint");
        assertEquals(-3 * E, adjointOf(labels.get("n0")), 1e-15);
        assertEquals(-E, adjointOf(labels.get("n1")), 1e-15);
        assertTrue(labels.get("n0").startsWith("x1\\nadj = "));
        assertEquals(1.0, adjointOf(labels.get("n" + (tape.size() - 1))));
        // the exp node's adjoint is x1 = 2
        for (int i = 0; i < tape.size(); i++) {
            if (!tape.isInput(i) && tape.op(i) == org.dualad.dual.Op.EXP) {
                assertEquals(2.0, adjointOf(labels.get("n" + i)));
            }
        }
    }

    @Test
    void adjointGraphNeedsASweep() {
        Tape tape = new Tape();
        tape.variable(1).sin();
        assertThrows(IllegalStateException.class, () -> Dot.adjoint(tape));
        assertTrue(Dot.forward(tape).contains("x0 = 1.0"));
    }

    /** If Graphviz is installed, it must parse both graphs (skipped otherwise). */
    @Test
    void graphvizParsesBothGraphsWhenInstalled() throws Exception {
        java.nio.file.Path dot = java.nio.file.Path.of("/usr/bin/dot");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(dot), "dot not installed");
        Tape tape = recordGauss();
        for (String graph : new String[] {Dot.forward(tape, "x1", "x2"), Dot.adjoint(tape, "x1", "x2")}) {
            Process p = new ProcessBuilder(dot.toString(), "-Tsvg").redirectErrorStream(true).start();
            try (java.io.OutputStream in = p.getOutputStream()) {
                in.write(graph.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertTrue(out.contains("<svg"), out);
        }
    }

    private static double adjointOf(String label) {
        return Double.parseDouble(label.substring(label.indexOf("adj = ") + 6));
    }
}
