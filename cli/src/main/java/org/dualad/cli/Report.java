package org.dualad.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's result, built once and printed either for people (aligned text) or as exactly one
 * JSON object (Jackson). Nothing is printed until the command has succeeded, so bad input leaves
 * stdout empty.
 *
 * <p>JSON numbers are written by Jackson, which writes a double with its shortest round-tripping
 * text. NaN and the infinities have no JSON number: they are written as null, each with an entry
 * in {@code notes} naming the key ("gradient[1] is NaN").
 */
final class Report {
    /** Created on first JSON output only: Jackson's start-up is a large share of a text run's time. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ObjectNode json = F.objectNode();
    private final List<String> notes = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    /** @return the JSON object being built (keys keep insertion order) */
    ObjectNode json() {
        return json;
    }

    /** @return the human-readable text being built */
    StringBuilder text() {
        return text;
    }

    /**
     * Adds a note (shown in both forms).
     *
     * @param note the note
     */
    void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    /**
     * @param path the key path for a note, e.g. "gradient[1]"
     * @param v the number
     * @return a JSON number, or null (with a note) for NaN and the infinities
     */
    JsonNode number(String path, double v) {
        if (Double.isFinite(v)) {
            return F.numberNode(v);
        }
        note(path + " is " + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity"));
        return F.nullNode();
    }

    /**
     * @param path the key path for notes
     * @param v the numbers
     * @return a JSON array
     */
    ArrayNode vector(String path, double[] v) {
        ArrayNode a = F.arrayNode(v.length);
        for (int i = 0; i < v.length; i++) {
            a.add(number(path + "[" + i + "]", v[i]));
        }
        return a;
    }

    /**
     * @param path the key path for notes
     * @param m the rows
     * @return a JSON array of row arrays
     */
    ArrayNode matrix(String path, double[][] m) {
        ArrayNode a = F.arrayNode(m.length);
        for (int i = 0; i < m.length; i++) {
            a.add(vector(path + "[" + i + "]", m[i]));
        }
        return a;
    }

    /**
     * @param asJson true for JSON
     * @return the full output, ending in a newline
     */
    String render(boolean asJson) {
        if (asJson) {
            if (!notes.isEmpty()) {
                ArrayNode n = json.putArray("notes");
                notes.forEach(n::add);
            }
            try {
                return Json.MAPPER.writeValueAsString(json) + System.lineSeparator();
            } catch (Exception e) {
                throw new IllegalStateException("JSON output failed: " + e.getMessage(), e);
            }
        }
        StringBuilder sb = new StringBuilder(text);
        for (String n : notes) {
            if (!n.contains(" is NaN") && !n.contains("Infinity")) {
                sb.append("note: ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Formats rows as left-aligned columns;
     * in a column holding negative numbers, the other cells shifted one space so that signs line up.
     *
     * @param rows the cells, row by row (rows may be shorter than others)
     * @param indent spaces before each row
     * @return the table, one line per row
     */
    static String table(List<String[]> rows, int indent) {
        int cols = 0;
        for (String[] r : rows) {
            cols = Math.max(cols, r.length);
        }
        // a column holding a negative number shifts its other cells one space, so signs line up
        boolean[] signed = new boolean[cols];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                signed[c] |= r[c].length() > 1 && r[c].charAt(0) == '-'
                        && (Character.isDigit(r[c].charAt(1)) || r[c].charAt(1) == 'I');
            }
        }
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.max(width[c], cell(r[c], signed[c]).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder(" ".repeat(indent));
            for (int c = 0; c < r.length; c++) {
                String s = cell(r[c], signed[c]);
                line.append(s);
                if (c < r.length - 1) {
                    line.append(" ".repeat(width[c] - s.length() + 3));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(String s, boolean signed) {
        return signed && !s.startsWith("-") ? " " + s : s;
    }
}
