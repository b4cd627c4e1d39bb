package org.dualad.cli;

/**
 * Bad user input (an expression, a point, a direction), with the input and the 0-based column of
 * the offending character so that the command can print the input with a caret under it.
 * The command turns it into exit code 2 with nothing on stdout.
 */
final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Inputs longer than this are shown as a window around the column. */
    private static final int LONG = 100;
    /** Characters shown before the column in a window. */
    private static final int BEFORE = 60;
    /** Characters shown from the column on in a window. */
    private static final int AFTER = 30;

    private final String input;
    private final int column;
    private final String option;

    /**
     * @param message what is wrong and what to do, without the input (the caret display adds it)
     * @param input the text that was being read, or null when there is no text to point into
     * @param column the 0-based column of the offending character (may equal input.length() for
     *     "unexpected end"), or -1 for none
     */
    public InputException(String message, String input, int column) {
        this(message, input, column, null);
    }

    private InputException(String message, String input, int column, String option) {
        super(message);
        this.input = input;
        this.column = column;
        this.option = option;
    }

    /**
     * Bad input that is a whole command-line argument rather than a column of a text: the command
     * shows its command line with the caret under that option.
     *
     * @param message what is wrong and what to do
     * @param option the option at fault, as typed (e.g. "--mode")
     * @return the exception
     */
    public static InputException atOption(String message, String option) {
        return new InputException(message, null, -1, option);
    }

    /** @return the option at fault when there is no text to point into, or null */
    public String option() {
        return option;
    }

    /** @return the text that was being read, or null */
    public String input() {
        return input;
    }

    /** @return the 0-based offending column, or -1 */
    public int column() {
        return column;
    }

    /**
     * The message, then (when there is an input) the input indented by two spaces on one line
     * (tabs, line breaks and other invisible characters shown as spaces) with a caret under the
     * offending column (counted in terminal columns, so wide characters before it take two). An
     * input longer than 100 characters is shown as a window around the column, cut
     * ends marked "...".
     *
     * @return the text to print on stderr
     */
    public String display() {
        StringBuilder sb = new StringBuilder(getMessage());
        if (input == null) {
            return sb.toString();
        }
        String line = Chars.printable(input);
        int at = column < 0 ? 0 : Math.min(column, line.length());
        int from = 0;
        int to = line.length();
        if (line.length() > LONG) {
            from = Math.max(0, at - BEFORE);
            to = Math.min(line.length(), at + AFTER);
            if (from > 0 && Character.isLowSurrogate(line.charAt(from))) {
                from--;
            }
            if (to < line.length() && Character.isLowSurrogate(line.charAt(to))) {
                to++;
            }
        }
        String head = from > 0 ? "..." : "";
        String shown = line.substring(from, to);
        sb.append('\n').append("  ").append(head).append(shown).append(to < line.length() ? "..." : "");
        if (column >= 0) {
            int end = Math.min(column, input.length()) - from;
            int pad = head.length() + Chars.width(shown, end) + Math.max(0, column - input.length());
            sb.append('\n').append("  ").append(" ".repeat(pad)).append('^');
        }
        return sb.toString();
    }
}
