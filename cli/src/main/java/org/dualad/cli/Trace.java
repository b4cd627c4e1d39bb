package org.dualad.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.dualad.dual.Chain;
import org.dualad.dual.Dual;

/**
 * The textbook walkthrough of one expression at one point, from its {@link Program} (the
 * evaluation trace): the forward sweep, one {@link Dual} pass per input, giving every
 * intermediate's value and its tangent along each input; and the reverse sweep, one pass backwards
 * over the same trace accumulating adjoints adj(v_i) = df/dv_i = sum over consumers j of
 * adj(v_j) dv_j/dv_i, where the local partials dv_j/dv_i come from Dual evaluations of each
 * instruction (so they follow DualAD's rule table, kinks included).
 *
 * <p>Inputs are named v-(n-1) .. v0 and operations v1, v2, ... as in Griewank and Walther's
 * tables; constants appear inline in the definitions.
 */
final class Trace {
    private final Program p;
    private final double[] values;
    private final double[][] tangents; // [input][slot]
    private final double[] adjoints;
    private final List<List<double[]>> terms; // per slot: {consumer, partial}
    private final double[][] partials;

    private Trace(Program p, double[] x) {
        this.p = p;
        int size = p.size();
        int n = x.length;
        values = new double[size];
        tangents = new double[n][size];
        for (int j = 0; j < n; j++) {
            Dual[] in = new Dual[n];
            for (int i = 0; i < n; i++) {
                in[i] = i == j ? Dual.variable(x[i]) : Dual.constant(x[i]);
            }
            Dual[] s = p.run(in);
            for (int k = 0; k < size; k++) {
                values[k] = s[k].value();
                tangents[j][k] = s[k].tangent();
            }
        }
        partials = new double[size][];
        terms = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            partials[k] = p.partials(k, values);
            terms.add(new ArrayList<>());
        }
        adjoints = new double[size];
        adjoints[p.outputs()[0]] = 1;
        for (int k = size - 1; k >= 0; k--) {
            int[] args = p.args(k);
            for (int a = 0; a < args.length; a++) {
                // the zero policy of every mode: a zero factor contributes 0 even against inf or NaN
                adjoints[args[a]] += Chain.term(partials[k][a], adjoints[k]);
                terms.get(args[a]).add(new double[] {k, partials[k][a]});
            }
        }
    }

    /**
     * @param p a program of one expression
     * @param x the point
     * @return its trace
     */
    static Trace of(Program p, double[] x) {
        return new Trace(p, x);
    }

    /** @return f(x) */
    double value() {
        return values[p.outputs()[0]];
    }

    /** Slots that are shown: inputs and operations, not constants. */
    private boolean shown(int k) {
        return p.instr(k).kind() != Program.Kind.CONST;
    }

    private static String adj(String name) {
        return "adj(" + name + ")";
    }

    /** Whether the forward columns' last rows give the adjoints' gradient, to rounding (NaN as NaN). */
    private boolean forwardAgrees(double[] g) {
        int out = p.outputs()[0];
        for (int j = 0; j < g.length; j++) {
            double t = tangents[j][out];
            boolean same = Double.isNaN(t) ? Double.isNaN(g[j])
                    : t == g[j] || Math.abs(t - g[j]) <= 1e-12 * Math.max(1, Math.max(Math.abs(t), Math.abs(g[j])));
            if (!same) {
                return false;
            }
        }
        return true;
    }

    /** Fills the explain report: both tables and the gradient they give. */
    void fill(Report r) {
        int n = tangents.length;
        List<String> vars = p.variables();
        r.json().set("value", r.number("value", value()));
        double[] g = new double[n];
        for (int j = 0; j < n; j++) {
            g[j] = adjoints[j];
        }
        r.json().set("gradient", r.vector("gradient", g));

        r.text().append("Forward sweep: ").append(n).append(n == 1 ? " pass" : " passes")
                .append(" (one per input), each carrying the tangent dv/dx of every intermediate v\n");
        List<String[]> rows = new ArrayList<>();
        String[] head = new String[4 + n];
        head[0] = "node";
        head[1] = "definition";
        head[2] = "source";
        head[3] = "value";
        for (int j = 0; j < n; j++) {
            head[4 + j] = "dv/d" + vars.get(j);
        }
        rows.add(head);
        ArrayNode fwd = r.json().putArray("forward");
        for (int k = 0; k < p.size(); k++) {
            if (!shown(k)) {
                continue;
            }
            String[] row = new String[4 + n];
            row[0] = p.name(k);
            row[1] = p.definition(k);
            row[2] = p.text(k);
            row[3] = Numbers.format(values[k]);
            ObjectNode o = fwd.addObject();
            o.put("node", p.name(k));
            o.put("definition", p.definition(k));
            o.put("source", p.text(k));
            o.set("value", r.number("forward." + p.name(k) + ".value", values[k]));
            double[] t = new double[n];
            for (int j = 0; j < n; j++) {
                row[4 + j] = Numbers.format(tangents[j][k]);
                t[j] = tangents[j][k];
            }
            o.set("tangents", r.vector("forward." + p.name(k) + ".tangents", t));
            rows.add(row);
        }
        r.text().append(Report.table(rows, 2)).append('\n');

        r.text().append("Reverse sweep: 1 pass backwards, adj(v) = df/dv = sum over each use u of v: adj(u) du/dv\n");
        rows = new ArrayList<>();
        rows.add(new String[] {"node", "definition", "adjoint", "accumulated as"});
        ArrayNode rev = r.json().putArray("reverse");
        for (int k = p.size() - 1; k >= 0; k--) {
            if (!shown(k)) {
                continue;
            }
            StringBuilder acc = new StringBuilder();
            ArrayNode from = r.json().arrayNode();
            if (k == p.outputs()[0]) {
                acc.append("seed: df/df = 1");
            }
            for (double[] term : terms.get(k)) {
                int u = (int) term[0];
                acc.append(acc.length() == 0 ? "" : " + ").append(adj(p.name(u))).append(" * ")
                        .append(Numbers.format(term[1]));
                ObjectNode t = from.addObject();
                t.put("use", p.name(u));
                t.set("partial", r.number("reverse." + p.name(k) + ".partial", term[1]));
            }
            if (acc.length() == 0) {
                acc.append("unused: 0");
            }
            rows.add(new String[] {p.name(k), p.definition(k), Numbers.format(adjoints[k]), acc.toString()});
            ObjectNode o = rev.addObject();
            o.put("node", p.name(k));
            o.put("definition", p.definition(k));
            o.set("adjoint", r.number("reverse." + p.name(k) + ".adjoint", adjoints[k]));
            o.set("terms", from);
        }
        r.text().append(Report.table(rows, 2)).append('\n');
        r.text().append(forwardAgrees(g)
                ? "gradient (the inputs' adjoints; the last row of each forward column agrees)\n"
                : "gradient (the inputs' adjoints; the last row of a forward column differs: the two sweeps add"
                        + " the same terms in other orders, which differ where terms cancel, and where a sum"
                        + " cancels before meeting an infinite or NaN partial, see docs/conventions.md)\n");
        List<String[]> grows = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            grows.add(new String[] {"df/d" + vars.get(j), Numbers.format(g[j]), "= " + adj(p.name(j))});
        }
        r.text().append(Report.table(grows, 2));
    }

    /**
     * @return Graphviz DOT with two clusters: the forward graph (each node with its definition and
     *     value, each edge with its local partial) and the adjoint graph (edges reversed, each node
     *     with its adjoint)
     */
    String dot() {
        StringBuilder sb = new StringBuilder();
        sb.append("digraph dualad {\n");
        sb.append("  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\"];\n");
        sb.append("  label=").append(quote("f = " + p.source().trim())).append(";\n  labelloc=t;\n");
        sb.append("  subgraph cluster_forward {\n    label=\"forward: values (edge: local partial)\";\n");
        for (int k = 0; k < p.size(); k++) {
            if (!shown(k)) {
                continue;
            }
            String def = p.instr(k).kind() == Program.Kind.INPUT ? p.definition(k) : p.name(k) + " = " + p.definition(k);
            sb.append("    f").append(k).append(" [label=").append(quote(def + "\\n" + Numbers.format(values[k])))
                    .append(k == p.outputs()[0] ? ", peripheries=2" : "").append("];\n");
        }
        for (int k = 0; k < p.size(); k++) {
            int[] args = p.args(k);
            for (int a = 0; a < args.length; a++) {
                sb.append("    f").append(args[a]).append(" -> f").append(k).append(" [label=")
                        .append(quote(Numbers.format(partials[k][a]))).append("];\n");
            }
        }
        sb.append("  }\n");
        sb.append("  subgraph cluster_adjoint {\n    label=\"reverse: adjoints df/dv (edge: adj(use) * partial)\";\n");
        for (int k = 0; k < p.size(); k++) {
            if (!shown(k)) {
                continue;
            }
            sb.append("    a").append(k).append(" [label=").append(quote("adj(" + p.name(k) + ")\\n"
                    + Numbers.format(adjoints[k]))).append(k < tangents.length ? ", peripheries=2" : "").append("];\n");
        }
        for (int k = 0; k < p.size(); k++) {
            int[] args = p.args(k);
            for (int a = 0; a < args.length; a++) {
                sb.append("    a").append(k).append(" -> a").append(args[a]).append(" [label=")
                        .append(quote(Numbers.format(partials[k][a] * adjoints[k]))).append("];\n");
            }
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\\\\n", "\\n").replace("\"", "\\\"") + "\"";
    }
}
