package org.dualad.reverse;

import java.util.Objects;
import org.dualad.dual.Op;
import org.dualad.dual.VectorRule;
import org.dualad.dual.Rule;

/**
 * Graphviz DOT export of a {@link Tape}, as the textbook figures of a forward and a reverse
 * traversal show it.
 *
 * <ul>
 *   <li>{@link #forward}: the computational graph, edges from arguments to results; each node is
 *       labelled with its number, operation and value ({@code v3 = * \n 0.25}); constants are
 *       small plain-text nodes.</li>
 *   <li>{@link #adjoint}: the same nodes after a backward sweep, labelled with their adjoints
 *       ({@code v̄3 = -0.358}), edges reversed (from a result to its arguments) and labelled with
 *       the local partial that the sweep multiplies by.</li>
 * </ul>
 * A node whose op does not reproduce its recorded value and partials from its recorded arguments
 * (a rule added through {@link org.dualad.dual.Differentiable#compose} that borrows an op tag, the
 * check {@link Recording} makes before trusting a replay) is not labelled as that op: it reads
 * {@code custom (recorded as sin)} and is drawn dashed. A user's {@link Rule} (recorded as itself)
 * is labelled with its own name ({@code v3 = logGamma}).
 * Node names are {@code n<index>} for tape nodes and {@code c<index>_<k>} for the constant
 * argument k of a node. Render with {@code dot -Tsvg graph.dot -o graph.svg}.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Var x1 = tape.variable(2), x2 = tape.variable(0.5);
 * Var f = x1.multiply(x1.multiply(x1).add(x2.multiply(x2)).multiply(-0.5).exp());
 * tape.backward(f);
 * String fwd = Dot.forward(tape, "x1", "x2");
 * String rev = Dot.adjoint(tape, "x1", "x2");
 * }</pre>
 */
public final class Dot {
    private Dot() {
    }

    /**
     * The forward graph.
     *
     * @param tape the tape (not modified)
     * @param inputNames names for the input nodes in recording order; missing ones are x0, x1, ...
     * @return a DOT digraph
     */
    public static String forward(Tape tape, String... inputNames) {
        Objects.requireNonNull(tape, "forward: tape is null");
        StringBuilder sb = new StringBuilder("digraph forward {\n  rankdir=LR;\n  node [shape=box];\n");
        boolean[] custom = custom(tape);
        int input = 0;
        for (int i = 0; i < tape.size(); i++) {
            String label;
            if (tape.isInput(i)) {
                label = name(inputNames, input++) + " = " + tape.value(i);
            } else {
                label = "v" + i + " = " + describe(tape, i, custom) + "\\n" + tape.value(i);
            }
            node(sb, "n" + i, label, tape.isInput(i) ? "ellipse" : "box", custom[i]);
            edges(sb, tape, i, false);
        }
        return sb.append("}\n").toString();
    }

    /**
     * The adjoint graph of the last {@link Tape#backward} sweep.
     *
     * @param tape the tape (not modified), after a backward sweep
     * @param inputNames names for the input nodes in recording order
     * @return a DOT digraph
     * @throws IllegalStateException if no sweep covered every node
     */
    public static String adjoint(Tape tape, String... inputNames) {
        Objects.requireNonNull(tape, "adjoint: tape is null");
        if (tape.swept < tape.size()) {
            throw new IllegalStateException("adjoint: " + tape + " has no adjoints for all its nodes;"
                    + " call tape.backward(output) first");
        }
        StringBuilder sb = new StringBuilder("digraph adjoint {\n  rankdir=RL;\n  node [shape=box];\n");
        boolean[] custom = custom(tape);
        int input = 0;
        for (int i = 0; i < tape.size(); i++) {
            String who = tape.isInput(i) ? name(inputNames, input++)
                    : "v" + i + " (" + describe(tape, i, custom) + ")";
            node(sb, "n" + i, who + "\\nadj = " + tape.adjoint(i), tape.isInput(i) ? "ellipse" : "box", custom[i]);
            edges(sb, tape, i, true);
        }
        return sb.append("}\n").toString();
    }

    /** The nodes whose op does not reproduce them (Recording's check): a borrowed tag. */
    private static boolean[] custom(Tape tape) {
        boolean[] custom = new boolean[tape.size()];
        for (int i = Recording.firstForeignNode(tape, 0); i >= 0; i = Recording.firstForeignNode(tape, i + 1)) {
            custom[i] = true;
        }
        return custom;
    }

    private static String describe(Tape tape, int i, boolean[] custom) {
        VectorRule block = tape.vectorRule(i);
        if (block != null) {
            // one node per output of the block, named by the rule
            return block.outputs() == 1 ? block.name() : block.name() + " [" + tape.vectorRuleOutput(i) + "]";
        }
        Op op = tape.op(i);
        if (op == Op.CUSTOM) {
            // a user's Rule, by its own name; a rule of k > 2 arguments is a chain of k - 1 nodes
            Rule rule = tape.rule(i);
            int first = tape.customNode[tape.customEntry(i)];
            String s = i == first ? rule.name() : rule.name() + " (argument " + (i - first + 2) + ")";
            return custom[i] ? s + " (does not reproduce itself)" : s;
        }
        String s = op.arity() == 1 && hasConstant(op) ? op.symbol() + " " + tape.constantParameter(i) : op.symbol();
        // the tag names the op the rule borrowed, not what the node computes
        return custom[i] ? "custom (recorded as " + s + ")" : s;
    }

    private static boolean hasConstant(Op op) {
        switch (op) {
            case ADD_CONSTANT:
            case SUBTRACT_CONSTANT:
            case MULTIPLY_CONSTANT:
            case DIVIDE_CONSTANT:
            case SCALB:
            case ROOT_N:
            case POW_CONSTANT:
            case POW_INT:
            case COPY_SIGN_CONSTANT:
            case REMAINDER_CONSTANT:
                return true;
            default:
                return false;
        }
    }

    private static void edges(StringBuilder sb, Tape tape, int i, boolean reverse) {
        if (tape.vectorRule(i) != null) {
            // a block's adjoint is its vjp, not one partial per edge: the edges carry no number
            for (int a : tape.vectorRuleArguments(i)) {
                if (a >= 0) {
                    sb.append(reverse ? "  n" + i + " -> n" + a + " [label=\"vjp\", style=dashed];\n"
                            : "  n" + a + " -> n" + i + ";\n");
                }
            }
            return;
        }
        for (int k = 0; k < tape.arity(i); k++) {
            int a = tape.argument(i, k);
            if (reverse && a < 0) {
                continue; // a constant receives no adjoint
            }
            String from;
            if (a >= 0) {
                from = "n" + a;
            } else {
                from = "c" + i + "_" + k;
                sb.append("  ").append(from).append(" [label=\"").append(tape.argumentValue(i, k))
                        .append("\", shape=plaintext];\n");
            }
            if (reverse) {
                sb.append("  n").append(i).append(" -> ").append(from).append(" [label=\"")
                        .append(tape.partial(i, k)).append("\"];\n");
            } else {
                sb.append("  ").append(from).append(" -> n").append(i).append(";\n");
            }
        }
    }

    private static void node(StringBuilder sb, String id, String label, String shape, boolean custom) {
        sb.append("  ").append(id).append(" [label=\"").append(label.replace("\"", "\\\""))
                .append("\", shape=").append(shape).append(custom ? ", style=dashed" : "").append("];\n");
    }

    private static String name(String[] names, int k) {
        return names != null && k < names.length && names[k] != null ? names[k] : "x" + k;
    }
}
