package org.dualad.notebook;

import java.util.Arrays;
import java.util.List;
import org.dualad.ValueAndGradient;
import org.dualad.verification.CheckReport;
import org.ejml.data.DMatrix;

/**
 * HTML and plain-text views of DualAD's results, as the notebook renderers publish them. Numbers
 * print as Java's shortest round-trip decimal ({@link Double#toString}), so a value shown is the
 * value computed, to the last bit; large tables show their corners and say how much is elided.
 */
public final class Html {
    /** Rows or columns shown in full up to this count; beyond, the first and last few. */
    public static final int MAX_SHOWN = 16;
    private static final int HEAD = 10;
    private static final int TAIL = 4;
    private static final String TABLE = "<table style=\"border-collapse:collapse;font-family:monospace\">";
    private static final String CELL = "<td style=\"text-align:right;padding:2px 8px\">";
    private static final String TEXT_CELL = "<td style=\"text-align:left;padding:2px 8px\">";
    private static final String HEADER = "<th style=\"text-align:right;padding:2px 8px;color:#666\">";
    private static final String CAPTION = "<div style=\"font-family:sans-serif;margin:4px 0\">";

    private Html() {
    }

    /**
     * Escapes text for HTML.
     *
     * @param s any text
     * @return s with &amp;, &lt;, &gt; and &quot; escaped
     */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A dense matrix as a table with row and column indices.
     *
     * @param m an EJML dense real matrix (Hessian, Jacobian, ...)
     * @return an HTML fragment
     */
    public static String matrix(DMatrix m) {
        int rows = m.getNumRows();
        int cols = m.getNumCols();
        StringBuilder b = new StringBuilder(CAPTION).append(rows).append(" &times; ").append(cols)
                .append(" matrix</div>").append(TABLE).append("<tr>").append(HEADER).append("</th>");
        int[] shownCols = shown(cols);
        for (int j : shownCols) {
            b.append(HEADER).append(j < 0 ? "&hellip;" : String.valueOf(j)).append("</th>");
        }
        b.append("</tr>");
        for (int i : shown(rows)) {
            b.append("<tr>").append(HEADER).append(i < 0 ? "&vellip;" : String.valueOf(i)).append("</th>");
            for (int j : shownCols) {
                b.append(CELL).append(i < 0 || j < 0 ? "&hellip;" : number(m.get(i, j))).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</table>").toString();
    }

    /**
     * A matrix as aligned plain text.
     *
     * @param m an EJML dense real matrix
     * @return one line per row, columns right-aligned
     */
    public static String matrixText(DMatrix m) {
        int rows = m.getNumRows();
        int cols = m.getNumCols();
        int[] shownRows = shown(rows);
        int[] shownCols = shown(cols);
        String[][] cells = new String[shownRows.length][shownCols.length];
        int width = 1;
        for (int a = 0; a < shownRows.length; a++) {
            for (int c = 0; c < shownCols.length; c++) {
                cells[a][c] = shownRows[a] < 0 || shownCols[c] < 0 ? "..." : number(m.get(shownRows[a], shownCols[c]));
                width = Math.max(width, cells[a][c].length());
            }
        }
        StringBuilder b = new StringBuilder().append(rows).append(" x ").append(cols).append(" matrix");
        for (String[] row : cells) {
            b.append('\n');
            for (String cell : row) {
                b.append(String.format("  %" + width + "s", cell));
            }
        }
        return b.toString();
    }

    /**
     * A vector as a one-row table with its indices above.
     *
     * @param v the entries
     * @param label what the entries are, for the caption, e.g. "double[2]"
     * @param indexName the header of entry i is indexName with i substituted for %d, e.g. "x%d"
     * @return an HTML fragment
     */
    public static String vector(double[] v, String label, String indexName) {
        StringBuilder b = new StringBuilder(CAPTION).append(escape(label)).append("</div>")
                .append(TABLE).append("<tr>");
        int[] shown = shown(v.length);
        for (int i : shown) {
            b.append(HEADER).append(i < 0 ? "&hellip;" : escape(String.format(indexName, i))).append("</th>");
        }
        b.append("</tr><tr>");
        for (int i : shown) {
            b.append(CELL).append(i < 0 ? "&hellip;" : number(v[i])).append("</td>");
        }
        return b.append("</tr></table>").toString();
    }

    /**
     * A value and its gradient: the value, then the partial derivatives under their names.
     *
     * @param vg the result of a valueAndGradient call
     * @return an HTML fragment
     */
    public static String valueAndGradient(ValueAndGradient vg) {
        return CAPTION + "f(x) = <b>" + number(vg.value()) + "</b></div>"
                + vector(vg.gradient(), "gradient (" + vg.gradient().length + " partial derivatives)", "df/dx%d");
    }

    /**
     * A verification check's report: the point, then one row per (subject, oracle) comparison.
     *
     * @param report a check's report, passing or (from {@code report(x)}) failing
     * @return an HTML fragment
     */
    public static String checkReport(CheckReport report) {
        StringBuilder b = new StringBuilder(CAPTION).append("<b>").append(escape(report.check()))
                .append("</b> at x = ").append(escape(Arrays.toString(report.point())))
                .append(report.passed() ? ": <span style=\"color:#080\">passed</span></div>"
                        : ": <span style=\"color:#b00\">FAILED</span></div>").append(TABLE).append("<tr>");
        for (String h : List.of("subject", "oracle", "entries", "worst relative error", "worst absolute error")) {
            b.append(HEADER).append(h).append("</th>");
        }
        b.append("</tr>");
        for (CheckReport.Comparison c : report.comparisons()) {
            b.append("<tr>").append(TEXT_CELL).append(escape(c.subject())).append("</td>")
                    .append(TEXT_CELL).append(escape(c.oracle())).append("</td>")
                    .append(CELL).append(c.entries())
                    .append(c.unjudged() > 0 ? " (" + c.unjudged() + " not judged)" : "").append("</td>")
                    .append(CELL).append(String.format("%.2e", c.worstRelativeError())).append("</td>")
                    .append(CELL).append(String.format("%.2e", c.worstAbsoluteError())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    /**
     * A number as the shortest decimal that reads back to the same double.
     *
     * @param x any double, NaN and infinities included
     * @return its text
     */
    public static String number(double x) {
        return Double.toString(x);
    }

    /** Indices to show out of n: all, or the first HEAD, a gap (-1), the last TAIL. */
    static int[] shown(int n) {
        if (n <= MAX_SHOWN) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] some = new int[HEAD + 1 + TAIL];
        for (int i = 0; i < HEAD; i++) {
            some[i] = i;
        }
        some[HEAD] = -1;
        for (int i = 0; i < TAIL; i++) {
            some[HEAD + 1 + i] = n - TAIL + i;
        }
        return some;
    }
}
