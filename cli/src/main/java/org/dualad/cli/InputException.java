package org.dualad.cli;

/**
 * Bad user input (an expression, a point, a direction), with the input and the 0-based column of
 * the offending character so that the command can print the input with a caret under it.
 * The command turns it into exit code 2 with nothing on stdout.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final int column;

    /**
     * @param message what is wrong and what to do, without the input (the caret display adds it)
     * @param input the text that was being read, or null when there is no text to point into
     * @param column the 0-based column of the offending character (may equal input.length() for
     *     "unexpected end"), or -1 for none
     */
    public InputException(String message, String input, int column) {
        super(message);
        this.input = input;
        this.column = column;
    }

    /**
     * @param message what is wrong and what to do
     */
    public InputException(String message) {
        this(message, null, -1);
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
     * The message, then (when there is an input) the input indented by two spaces with a caret
     * under the offending column.
     *
     * @return the text to print on stderr
     */
    public String display() {
        StringBuilder sb = new StringBuilder(getMessage());
        if (input != null) {
            sb.append('\n').append("  ").append(input);
            if (column >= 0) {
                sb.append('\n').append("  ").append(" ".repeat(column)).append('^');
            }
        }
        return sb.toString();
    }
}
