package org.dualad.cli;

import java.util.List;

/**
 * The syntax tree of an expression: immutable, each node remembering the span [start, end) of the
 * source it was read from (to point at it in errors and to label trace rows).
 * {@link #toString()} prints source that parses back to the same tree (fully parenthesized).
 */
sealed interface Node {
    /** @return the 0-based column where this node's source starts */
    int start();

    /** @return the column just past this node's source */
    int end();

    /**
     * A number literal or a named constant (pi, e).
     *
     * @param value the value
     * @param text the source text ("2.5", "pi")
     * @param start the first column
     * @param end the column past the end
     */
    record Num(double value, String text, int start, int end) implements Node {
        @Override
        public String toString() {
            if (text.equals("pi") || text.equals("e")) {
                return text;
            }
            String s = Double.toString(value);
            return value < 0 || (value == 0 && 1 / value < 0) ? "(" + s + ")" : s;
        }
    }

    /**
     * A variable.
     *
     * @param name its name
     * @param start the first column
     * @param end the column past the end
     */
    record Var(String name, int start, int end) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * -x.
     *
     * @param arg the operand
     * @param start the first column (the minus sign)
     * @param end the column past the end
     */
    record Neg(Node arg, int start, int end) implements Node {
        @Override
        public String toString() {
            return "(-" + arg + ")";
        }
    }

    /**
     * x op y for op one of + - * / ^.
     *
     * @param op the operator character
     * @param left the left operand
     * @param right the right operand
     * @param start the first column
     * @param end the column past the end
     */
    record Binary(char op, Node left, Node right, int start, int end) implements Node {
        @Override
        public String toString() {
            return "(" + left + op + right + ")";
        }
    }

    /**
     * A function call.
     *
     * @param fn the function
     * @param args its arguments, as many as {@link Fn#arity()}
     * @param start the first column (the name)
     * @param end the column past the closing parenthesis
     */
    record Call(Fn fn, List<Node> args, int start, int end) implements Node {
        /** Copies the argument list. */
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(fn.fnName()).append('(');
            for (int i = 0; i < args.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(args.get(i));
            }
            return sb.append(')').toString();
        }
    }
}
