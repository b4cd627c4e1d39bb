package org.dualad.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.RealFieldElement;
import org.dualad.ValueAndGradient;
import org.dualad.verification.CheckReport;
import org.dualad.verification.GradientCheck;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class HtmlTest {

    static <T extends RealFieldElement<T>> T square(T[] x) {
        return x[0].multiply(x[0]).add(x[1]);
    }

    @Test
    void aSmallMatrixShowsEveryEntryAtFullPrecision() {
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{18, 4}, {4, 0.1 + 0.2}});
        String html = Html.matrix(m);
        assertTrue(html.contains("2 &times; 2 matrix"), html);
        assertTrue(html.contains(">18.0<") && html.contains(">0.30000000000000004<"), html);
        assertEquals("2 x 2 matrix\n                 18.0                  4.0\n                  4.0  0.30000000000000004",
                Html.matrixText(m));
    }

    @Test
    void aLargeMatrixShowsItsCornersAndSaysSo() {
        DMatrixRMaj m = new DMatrixRMaj(250, 8);
        for (int i = 0; i < 250; i++) {
            m.set(i, 0, i);
        }
        String html = Html.matrix(m);
        assertTrue(html.contains("250 &times; 8 matrix"));
        assertTrue(html.contains("&vellip;"));
        assertTrue(html.contains(">9.0<") && html.contains(">249.0<"));
        assertFalse(html.contains(">100.0<"));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 246, 247, 248, 249}, Html.shown(250));
        assertEquals(16, Html.shown(16).length);
    }

    @Test
    void vectorsAndGradientsAreLabelled() {
        String v = Html.vector(new double[] {-3, Double.NaN}, "double[2]", "%d");
        assertTrue(v.contains(">-3.0<") && v.contains(">NaN<") && v.contains("double[2]"), v);
        String vg = Html.valueAndGradient(new ValueAndGradient(91, new double[] {43, 20}));
        assertTrue(vg.contains("<b>91.0</b>") && vg.contains("df/dx0") && vg.contains("df/dx1") && vg.contains(">43.0<"), vg);
    }

    @Test
    void aCheckReportListsEveryComparison() {
        CheckReport report = GradientCheck.check(HtmlTest::square, 1.5, 2);
        String html = Html.checkReport(report);
        assertTrue(html.contains("GradientCheck") && html.contains("[1.5, 2.0]") && html.contains("passed"), html);
        for (CheckReport.Comparison c : report.comparisons()) {
            assertTrue(html.contains(">" + Html.escape(c.subject()) + "<"), c.subject());
        }
        assertEquals(report.comparisons().size() + 1, html.split("<tr>").length - 1);
        CheckReport failing = GradientCheck.of(HtmlTest::square).modes().gradient("wrong", x -> new double[] {1, 1})
                .report(1.5, 2);
        String bad = Html.checkReport(failing);
        assertTrue(bad.contains("FAILED") && !bad.contains("passed"), bad);
    }

    static <T extends RealFieldElement<T>> T jumps(T[] x) {
        return x[0].pow(9).remainder(1.4385);
    }

    @Test
    void entriesTheFiniteDifferencesCannotJudgeAreCounted() {
        // remainder(x^9, 1.4385) jumps every 1.5e-3 near 1.79: inside the stencil
        CheckReport report = GradientCheck.of(HtmlTest::jumps)
                .oracles(org.dualad.verification.Oracle.FINITE_DIFFERENCES).at(1.790222373227226);
        String html = Html.checkReport(report);
        assertTrue(html.contains("1 (1 not judged)"), html);
        assertFalse(Html.checkReport(GradientCheck.check(HtmlTest::square, 1.5, 2)).contains("not judged"));
    }

    @Test
    void textIsEscaped() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot;", Html.escape("a <b> & \"c\""));
    }
}
