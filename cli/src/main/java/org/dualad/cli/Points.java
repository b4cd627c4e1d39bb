package org.dualad.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code --at x=2,y=0.5} and {@code --dir 1,0}. Each number is a constant expression of the
 * expression language (-1.5, 1e-3, pi/4, sqrt(2)); commas inside parentheses do not split. The
 * characters follow the parser's one rule ({@link Chars}), so a name {@code --at} accepts is a name
 * the expression can use, and the reverse.
 */
final class Points {
    /**
     * A point: the variable names in order and their values.
     *
     * @param names the variable names
     * @param values the values, one per name
     */
    record Point(List<String> names, double[] values) {
    }

    private Points() {
    }

    /**
     * @param at the {@code --at} text
     * @return the point
     * @throws InputException on an empty list, a missing '=', a bad or duplicate name, or a value
     *     that is not a number
     */
    static Point parseAt(String at) {
        Chars.requireAscii(at, "--at: ");
        List<String> names = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        List<int[]> parts = split(at);
        if (at.isBlank()) {
            throw new InputException("--at needs at least one variable, as in --at x=2,y=0.5", "--at " + at, 5);
        }
        double[] values = new double[parts.size()];
        for (int k = 0; k < parts.size(); k++) {
            int s = parts.get(k)[0];
            int e = parts.get(k)[1];
            String part = at.substring(s, e);
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new InputException("--at expects name=value pairs separated by commas, as in x=2,y=0.5; '"
                        + part.trim() + "' has no '='", at, s + lead(part));
            }
            String name = part.substring(0, eq).trim();
            int nameCol = s + lead(part);
            if (name.isEmpty()) {
                throw new InputException("--at: a variable name is missing before '='", at, s + eq);
            }
            for (int i = 0; i < name.length(); i++) {
                if (i == 0 ? !Chars.isNameStart(name.charAt(0)) : !Chars.isNamePart(name.charAt(i))) {
                    throw new InputException("--at: '" + name + "' is not a variable name (an ASCII letter or _,"
                            + " then ASCII letters, digits or _)", at, nameCol + i);
                }
            }
            if (name.equals("pi") || name.equals("e") || Fn.byName(name) != null) {
                throw new InputException("--at: '" + name + "' is the name of a " + (Fn.byName(name) != null
                        ? "function" : "constant") + "; call the variable something else", at, nameCol);
            }
            if (names.contains(name)) {
                throw new InputException("--at: duplicate variable '" + name + "' (already given at column "
                        + (columns.get(names.indexOf(name)) + 1) + ")", at, nameCol);
            }
            names.add(name);
            columns.add(nameCol);
            values[k] = number(at, s + eq + 1, e, "--at " + name);
        }
        return new Point(names, values);
    }

    /**
     * @param dir the {@code --dir} text
     * @param variables the variables of {@code --at}
     * @return the direction
     * @throws InputException if a component is not a number or the length differs
     */
    static double[] parseDir(String dir, List<String> variables) {
        Chars.requireAscii(dir, "--dir: ");
        List<int[]> parts = split(dir);
        if (parts.size() != variables.size()) {
            int col = parts.size() > variables.size() ? parts.get(variables.size())[0] : dir.length();
            throw new InputException("--dir has " + parts.size() + " component" + (parts.size() == 1 ? "" : "s")
                    + " but --at has " + variables.size() + " variable" + (variables.size() == 1 ? "" : "s")
                    + " (" + String.join(", ", variables) + "): give one per variable, in that order", dir, col);
        }
        double[] v = new double[parts.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = number(dir, parts.get(k)[0], parts.get(k)[1], "--dir component " + (k + 1));
        }
        return v;
    }

    /**
     * Reads an option's value that is one number, as a constant expression like the values of
     * {@code --at} (so the same characters are accepted: 1e-10, 2^-40).
     *
     * @param text the value as typed
     * @param option the option, for messages (e.g. "--tolerance")
     * @return the number
     * @throws InputException with a caret into text if it is not one constant number
     */
    static double constant(String text, String option) {
        Chars.requireAscii(text, option + ": ");
        return number(text, 0, text.length(), option);
    }

    /** Evaluates text[s, e) as a constant expression; errors point into the whole text. */
    private static double number(String text, int s, int e, String what) {
        String value = text.substring(s, e);
        int col = s + lead(value);
        if (value.isBlank()) {
            throw new InputException(what + " has no value: expected a number", text, col);
        }
        Program p;
        try {
            p = Program.compile(value, List.of());
        } catch (InputException ex) {
            if (ex.getMessage().startsWith("unknown variable")) {
                throw new InputException(what + ": '" + value.trim() + "' is not a number", text, col);
            }
            throw new InputException(what + ": " + ex.getMessage(), text, s + Math.max(ex.column(), 0));
        }
        if (p.outputCount() != 1) {
            throw new InputException(what + ": '" + value.trim() + "' is not a number", text, col);
        }
        return p.instr(p.outputs()[0]).c();
    }

    /** The [start, end) spans of the comma-separated parts, commas inside parentheses excluded. */
    private static List<int[]> split(String text) {
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(new int[] {start, i});
                start = i + 1;
            }
        }
        parts.add(new int[] {start, text.length()});
        return parts;
    }

    private static int lead(String s) {
        int i = 0;
        while (i < s.length() && Chars.isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
