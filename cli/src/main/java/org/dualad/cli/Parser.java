package org.dualad.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-written recursive-descent parser for the expression language.
 *
 * <pre>
 * list    := expr (';' expr)*
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/') unary)*
 * unary   := ('-' | '+') unary | power
 * power   := primary (('^' | '**') unary)?        right-associative: x^y^z = x^(y^z)
 * primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 * number  := digits ['.' [digits]] [exponent] | '.' digits [exponent];  exponent := ('e'|'E') ['+'|'-'] digits
 * name    := [A-Za-z_] [A-Za-z0-9_]*                digits := [0-9]+
 * </pre>
 *
 * Because {@code ^} takes a {@code unary} on its right but a {@code primary} on its left, it binds
 * tighter than unary minus on the left and accepts one on the right: {@code -x^2 = -(x^2)},
 * {@code 2^-x = 2^(-x)}. Names {@code pi} and {@code e} are the constants; any other name followed
 * by '(' must be a function of {@link Fn}; any other name is a variable. Characters follow
 * {@link Chars}: ASCII only, names {@code [A-Za-z_][A-Za-z0-9_]*}, digits 0-9.
 *
 * <p>Errors are {@link InputException}s carrying the 0-based column.
 */
final class Parser {
    private final String src;
    private int pos;

    private Parser(String src) {
        this.src = src;
    }

    /**
     * Parses one or more expressions separated by ';'.
     *
     * @param src the source
     * @return the syntax trees, in order
     * @throws InputException on malformed input, an unknown function or a wrong number of arguments
     */
    public static List<Node> parseList(String src) {
        Chars.requireAscii(src, "");
        Parser p = new Parser(src);
        List<Node> out = new ArrayList<>();
        out.add(p.expression());
        p.skipSpace();
        while (p.pos < src.length() && src.charAt(p.pos) == ';') {
            p.pos++;
            out.add(p.expression());
            p.skipSpace();
        }
        p.expectEnd();
        return out;
    }

    /**
     * Parses exactly one expression.
     *
     * @param src the source
     * @return the syntax tree
     * @throws InputException on malformed input (a ';' included)
     */
    public static Node parse(String src) {
        Chars.requireAscii(src, "");
        Parser p = new Parser(src);
        Node n = p.expression();
        p.expectEnd();
        return n;
    }

    private void expectEnd() {
        skipSpace();
        if (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ')') {
                throw error("unmatched ')'", pos);
            }
            throw error("expected an operator (+ - * / ^) or the end of the expression, found '" + c + "'", pos);
        }
    }

    private Node expression() {
        skipSpace();
        if (pos >= src.length() || src.charAt(pos) == ';') {
            throw error("empty expression: expected a number, a variable, a function call or '('", pos);
        }
        Node left = term();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '+' || c == '-') {
                pos++;
                Node right = term();
                left = new Node.Binary(c, left, right, left.start(), right.end());
            } else {
                return left;
            }
        }
    }

    private Node term() {
        Node left = unary();
        while (true) {
            skipSpace();
            char c = peek();
            if ((c == '*' && !src.startsWith("**", pos)) || c == '/') {
                pos++;
                Node right = unary();
                left = new Node.Binary(c, left, right, left.start(), right.end());
            } else {
                return left;
            }
        }
    }

    private Node unary() {
        skipSpace();
        char c = peek();
        if (c == '-' || c == '+') {
            int start = pos++;
            Node arg = unary();
            return c == '-' ? new Node.Neg(arg, start, arg.end()) : arg;
        }
        return power();
    }

    private Node power() {
        Node base = primary();
        skipSpace();
        if (peek() == '^' || src.startsWith("**", pos)) {
            pos += peek() == '^' ? 1 : 2;
            Node exponent = unary();
            return new Node.Binary('^', base, exponent, base.start(), exponent.end());
        }
        return base;
    }

    private Node primary() {
        skipSpace();
        if (pos >= src.length()) {
            throw error("the expression ends too early: expected a number, a variable, a function call or '('", pos);
        }
        char c = src.charAt(pos);
        if (c == '(') {
            int open = pos++;
            Node inner = expression();
            skipSpace();
            if (peek() != ')') {
                throw error(pos >= src.length()
                        ? "missing ')' to close the '(' at column " + (open + 1)
                        : "expected ')' to close the '(' at column " + (open + 1) + ", found '" + peek() + "'", pos);
            }
            pos++;
            return respan(inner, open, pos);
        }
        if (Chars.isDigit(c) || c == '.') {
            return number();
        }
        if (Chars.isNameStart(c)) {
            return name();
        }
        if (c == ')') {
            throw error("expected a number, a variable, a function call or '(' before ')'", pos);
        }
        throw error("unexpected character '" + c + "': expected a number, a variable, a function call or '('", pos);
    }

    private Node number() {
        int start = pos;
        while (pos < src.length() && Chars.isDigit(src.charAt(pos))) {
            pos++;
        }
        boolean digits = pos > start;
        if (peek() == '.') {
            pos++;
            int frac = pos;
            while (pos < src.length() && Chars.isDigit(src.charAt(pos))) {
                pos++;
            }
            digits |= pos > frac;
        }
        if (!digits) {
            throw error("a number needs at least one digit", start);
        }
        if (peek() == 'e' || peek() == 'E') {
            int mark = pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            int exp = pos;
            while (pos < src.length() && Chars.isDigit(src.charAt(pos))) {
                pos++;
            }
            if (pos == exp) {
                throw error("the exponent of a number needs digits (as in 1e-3)", mark);
            }
        }
        if (pos < src.length() && Chars.isNameStart(src.charAt(pos))) {
            throw error("expected an operator after the number " + src.substring(start, pos)
                    + " (write 2*x, not 2x)", pos);
        }
        String text = src.substring(start, pos);
        return new Node.Num(Double.parseDouble(text), text, start, pos);
    }

    private Node name() {
        int start = pos;
        while (pos < src.length() && Chars.isNamePart(src.charAt(pos))) {
            pos++;
        }
        String name = src.substring(start, pos);
        int afterName = pos;
        skipSpace();
        if (peek() != '(') {
            pos = afterName;
            if (name.equals("pi")) {
                return new Node.Num(Math.PI, name, start, pos);
            }
            if (name.equals("e")) {
                return new Node.Num(Math.E, name, start, pos);
            }
            if (Fn.byName(name) != null) {
                throw error("function '" + name + "' needs its arguments in parentheses: " + name + "(...)", afterName);
            }
            return new Node.Var(name, start, pos);
        }
        Fn fn = Fn.byName(name);
        if (fn == null) {
            String hint = Suggest.didYouMean(name, Fn.names());
            throw error("unknown function '" + name + "'" + (hint.isEmpty()
                    ? "; the functions are: " + String.join(", ", Fn.names()) : hint), start);
        }
        pos++; // '('
        List<Node> args = new ArrayList<>();
        skipSpace();
        if (peek() != ')') {
            args.add(expression());
            skipSpace();
            while (peek() == ',') {
                pos++;
                args.add(expression());
                skipSpace();
            }
        }
        if (peek() != ')') {
            throw error(pos >= src.length()
                    ? "missing ')' to close the call of " + name
                    : "expected ',' or ')' in the call of " + name + ", found '" + peek() + "'", pos);
        }
        pos++;
        if (args.size() != fn.arity()) {
            throw error("function '" + name + "' takes " + fn.arity() + " argument" + (fn.arity() == 1 ? "" : "s")
                    + ", got " + args.size(), start);
        }
        return new Node.Call(fn, args, start, pos);
    }

    /** The same node with the span of its enclosing parentheses, so that labels show them. */
    private static Node respan(Node n, int start, int end) {
        if (n instanceof Node.Num) {
            Node.Num m = (Node.Num) n;
            return new Node.Num(m.value(), m.text(), start, end);
        }
        if (n instanceof Node.Var) {
            return n; // keep the caret of "unknown variable" on the name itself
        }
        if (n instanceof Node.Neg) {
            return new Node.Neg(((Node.Neg) n).arg(), start, end);
        }
        if (n instanceof Node.Binary) {
            Node.Binary b = (Node.Binary) n;
            return new Node.Binary(b.op(), b.left(), b.right(), start, end);
        }
        Node.Call c = (Node.Call) n;
        return new Node.Call(c.fn(), c.args(), start, end);
    }

    private char peek() {
        return pos < src.length() ? src.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < src.length() && Chars.isSpace(src.charAt(pos))) {
            pos++;
        }
    }

    private InputException error(String message, int column) {
        return new InputException(message, src, column);
    }
}
