package org.dualad.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class GraphChartsNotebookTest {

    @Test
    void verticalTurnsTheLayoutAndKeepsTheRest() {
        Graph g = Graph.of("digraph forward {\n  rankdir=LR;\n  n0 -> n1;\n}\n");
        assertEquals("digraph forward {\n  rankdir=TB;\n  n0 -> n1;\n}\n", g.vertical().dot());
        assertTrue(Graph.of("digraph a { rankdir=RL; }").vertical().dot().contains("rankdir=BT;"));
        assertTrue(g.dot().contains("rankdir=LR"), "vertical() returns a new graph");
        assertThrows(NullPointerException.class, () -> Graph.of(null));
    }

    @Test
    void aMissingGraphvizIsNamedWithItsRemedy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Graph.run("digraph {}", "dualad-no-such-program"));
        assertTrue(e.getMessage().contains("dualad-no-such-program") && e.getMessage().contains("graphviz"), e.getMessage());
    }

    @Test
    void chartsKeepOneHiddenPointAfterTheirSeries() {
        XYChart c = Charts.xy("t", "x", "y");
        Charts.line(c, "a", new double[] {0, 1, 2, 3}, new double[] {0, 1, 2, 3});
        Charts.points(c, "b", new double[] {0, 1, 2, 3}, new double[] {3, 2, 1, 0});
        String[] names = c.getSeriesMap().keySet().toArray(new String[0]);
        assertEquals(3, names.length);
        assertEquals(Charts.TICKS, names[2], "the hidden point comes last");
        XYSeries hidden = c.getSeriesMap().get(Charts.TICKS);
        assertFalse(hidden.isShowInLegend());
        assertEquals(0.5, hidden.getXData()[0]);
        assertThrows(IllegalArgumentException.class, () -> Charts.line(c, "c", new double[2], new double[3]));
    }

    @Test
    void checkThrowsOnAWrongOrMissingValue() {
        Notebook.check("exact", 0.1 + 0.2, 0.3);
        Notebook.check("loose", 1.001, 1, 1e-2);
        AssertionError e = assertThrows(AssertionError.class, () -> Notebook.check("x", 1.1, 1));
        assertTrue(e.getMessage().contains("x: got 1.1, want 1.0"), e.getMessage());
        assertThrows(AssertionError.class, () -> Notebook.check("nan", Double.NaN, 1));
    }

    @Test
    void aMissingResourceIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Notebook.resource("org/dualad/no/such.json"));
        assertTrue(e.getMessage().contains("org/dualad/no/such.json"), e.getMessage());
    }
}
