package org.dualad.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.dualad.ValueAndGradient;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

class DualadDisplayTest {

    private static DisplayRenderer rendererFor(Object o) {
        return new DualadDisplay().getDisplayRenderers().stream()
                .filter(r -> r.rendererClass().isAssignableFrom(o.getClass()))
                .findFirst().orElseThrow(() -> new AssertionError("no renderer for " + o.getClass()));
    }

    @Test
    void theKernelFindsTheProviderAsAService() {
        List<String> providers = ServiceLoader.load(DisplayProvider.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.toList());
        assertTrue(providers.contains(DualadDisplay.class.getName()), providers.toString());
    }

    @Test
    void resultsRenderAsHtmlWithAPlainTextFallback() {
        for (Object o : new Object[] {new DMatrixRMaj(2, 3), new double[] {1, 2}, new double[][] {{1, 2}, {3, 4}},
            new ValueAndGradient(1, new double[] {2})}) {
            DisplayData dd = rendererFor(o).render(null, o);
            assertTrue(dd.data().containsKey("text/html"), o.getClass().getName());
            assertTrue(dd.data().containsKey("text/plain"), o.getClass().getName());
        }
        assertEquals("[1.0, 2.0]", rendererFor(new double[] {1, 2}).render("html", new double[] {1, 2}).data().get("text/plain"));
    }

    @Test
    void aChartRendersAsASharpPng() {
        XYChart c = Charts.xy("t", "x", "y");
        Charts.line(c, "line", new double[] {0, 1, 2}, new double[] {0, 1, 4});
        DisplayData dd = rendererFor(c).render("image/png", c);
        byte[] png = Base64.getDecoder().decode((String) dd.data().get("image/png"));
        assertArrayEquals(new int[] {1440, 840}, DualadDisplay.pngSize(png));
        assertEquals(Map.of("width", 720, "height", 420), dd.metadata().get("image/png"));
    }

    @Test
    void mimeTypesAreMatchedByLongAndShortName() {
        DisplayRenderer matrix = rendererFor(new DMatrixRMaj(1, 1));
        assertTrue(matrix.canRender(null));
        assertTrue(matrix.canRender("text/html"));
        assertTrue(matrix.canRender("html"));
        assertFalse(matrix.canRender("image/png"));
        assertThrows(IllegalArgumentException.class, () -> matrix.render("image/png", new DMatrixRMaj(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> DualadDisplay.pngSize(new byte[30]));
    }
}
