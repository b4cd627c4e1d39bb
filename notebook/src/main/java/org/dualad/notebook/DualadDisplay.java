package org.dualad.notebook;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.dualad.ValueAndGradient;
import org.dualad.verification.CheckReport;
import org.ejml.data.DMatrix;
import org.ejml.data.DMatrixRMaj;
import org.knowm.xchart.internal.chartpart.Chart;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/**
 * Registers DualAD's renderers with the rapaio kernel's display system (a {@link DisplayProvider}
 * service, found by {@link java.util.ServiceLoader} when this jar is on the kernel's class path).
 * A cell's last expression, or {@code display(x)}, then shows:
 * <ul>
 *   <li>an EJML matrix ({@link DMatrix}: Hessians, Jacobians) as a table with row and column indices;</li>
 *   <li>a {@code double[]} as a one-row table with its indices (not {@code [D@8c34fda}), a
 *       {@code double[][]} as a matrix;</li>
 *   <li>a {@link ValueAndGradient} as f(x) and the table of its partial derivatives;</li>
 *   <li>a verification {@link CheckReport} as a table of its comparisons;</li>
 *   <li>an XChart chart as a PNG drawn at twice its size (sharp on high-density screens);</li>
 *   <li>a {@link Graph} as the PNG Graphviz draws.</li>
 * </ul>
 * Every bundle carries text/plain as well, for consoles and for diffs of executed notebooks.
 */
public final class DualadDisplay implements DisplayProvider {
    private static final String HTML = "text/html";
    private static final String TEXT = "text/plain";
    private static final String PNG = "image/png";

    /** The service constructor. */
    public DualadDisplay() {
    }

    /** @return the renderers, most specific type first */
    @Override
    public List<DisplayRenderer> getDisplayRenderers() {
        return List.of(
                table(DMatrix.class, Html::matrix, Html::matrixText),
                table(double[].class, v -> Html.vector(v, "double[" + v.length + "]", "%d"), Arrays::toString),
                table(double[][].class, m -> Html.matrix(new DMatrixRMaj(m)), Arrays::deepToString),
                table(ValueAndGradient.class, Html::valueAndGradient, ValueAndGradient::toString),
                table(CheckReport.class, Html::checkReport, CheckReport::toString),
                image(Chart.class, DualadDisplay::chartPng, c -> c.getTitle()),
                image(Graph.class, g -> new Picture(g.png(), 2), Graph::dot));
    }

    /** @return none: every type above has its own renderer */
    @Override
    public List<DisplayTransformer> getDisplayTransformers() {
        return List.of();
    }

    /** PNG bytes and the factor by which they exceed the size to show them at. */
    record Picture(byte[] png, int scale) {
    }

    static Picture chartPng(Chart<?, ?> chart) {
        int scale = 2;
        BufferedImage image = new BufferedImage(chart.getWidth() * scale, chart.getHeight() * scale,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.scale(scale, scale);
            chart.paint(g, chart.getWidth(), chart.getHeight());
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("chart: cannot encode the PNG", e);
        }
        return new Picture(out.toByteArray(), scale);
    }

    static <T> DisplayRenderer table(Class<T> type, Function<T, String> html, Function<T, String> text) {
        return new Renderer<>(type, Set.of(HTML, TEXT), o -> {
            DisplayData dd = DisplayData.fromHtml(html.apply(o));
            dd.putText(text.apply(o));
            return dd;
        });
    }

    static <T> DisplayRenderer image(Class<T> type, Function<T, Picture> png, Function<T, String> text) {
        return new Renderer<>(type, Set.of(PNG, TEXT), o -> {
            Picture p = png.apply(o);
            DisplayData dd = DisplayData.withType(PNG, Base64.getEncoder().encodeToString(p.png()));
            dd.putText(String.valueOf(text.apply(o)));
            int[] size = pngSize(p.png());
            dd.putMetaData(PNG, Map.of("width", size[0] / p.scale(), "height", size[1] / p.scale()));
            return dd;
        });
    }

    /** Width and height from a PNG's IHDR chunk (bytes 16-23). */
    static int[] pngSize(byte[] png) {
        if (png.length < 24 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
            throw new IllegalArgumentException("pngSize: not a PNG (" + png.length + " bytes)");
        }
        return new int[] {readInt(png, 16), readInt(png, 20)};
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    /** One renderer: a type, the MIME types it answers, and the bundle it makes. */
    static final class Renderer<T> implements DisplayRenderer {
        private final Class<T> type;
        private final Set<String> mimes;
        private final Function<T, DisplayData> render;

        Renderer(Class<T> type, Set<String> mimes, Function<T, DisplayData> render) {
            this.type = type;
            this.mimes = mimes;
            this.render = render;
        }

        @Override
        public Class<?> rendererClass() {
            return type;
        }

        /** Any request without a MIME type, or one for a type in the bundle (long or short name). */
        @Override
        public boolean canRender(String mime) {
            if (mime == null || mime.isBlank()) {
                return true;
            }
            for (String m : mimes) {
                if (m.equals(mime) || m.endsWith("/" + mime)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public DisplayData render(String mime, Object o) {
            if (!canRender(mime)) {
                throw new IllegalArgumentException("render: " + type.getSimpleName() + " renders as " + mimes
                        + ", not " + mime);
            }
            return render.apply(type.cast(o));
        }
    }
}
