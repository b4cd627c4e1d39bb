package org.dualad.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart line and scatter charts styled for notebooks: larger fonts, the legend inside the plot,
 * lines thick enough to see, and round axis ticks. A chart as a cell's last expression (or passed
 * to {@code display}) is drawn as a sharp PNG.
 *
 * <pre>{@code
 * XYChart c = Charts.xy("Gauss1 fit", "x", "y");
 * Charts.points(c, "data", x, y);
 * Charts.line(c, "fit", grid, fitted);
 * c
 * }</pre>
 */
public final class Charts {
    /** Name of the invisible series that keeps the ticks round; never shown in a legend. */
    static final String TICKS = "\u200b";
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)
    };

    private Charts() {
    }

    /**
     * An empty chart, 720 x 420 pixels.
     *
     * @param title the title
     * @param xTitle the x axis title
     * @param yTitle the y axis title
     * @return the chart
     */
    public static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        XYStyler s = c.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setSeriesColors(COLORS);
        s.setXAxisTickMarkSpacingHint(90);
        s.setAntiAlias(true);
        return c;
    }

    /**
     * Adds a line (no markers).
     *
     * @param chart the chart
     * @param name the legend entry
     * @param x abscissae
     * @param y ordinates, as many as x
     * @return the series, for further styling
     */
    public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = add(chart, name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(2.5f));
        return s;
    }

    /**
     * Adds a thinner dashed line (no markers), for a reference curve drawn over another: where the
     * two agree, the line below shows through the gaps.
     *
     * @param chart the chart
     * @param name the legend entry
     * @param x abscissae
     * @param y ordinates, as many as x
     * @return the series
     */
    public static XYSeries dashed(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = add(chart, name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {8f, 6f}, 0f));
        // XChart draws a plain line segment by segment, restarting the dash pattern at every data
        // point (a dense curve looks solid); a smooth series is one path, dashed throughout.
        s.setSmooth(true);
        return s;
    }

    /**
     * Adds points (a scatter series).
     *
     * @param chart the chart
     * @param name the legend entry
     * @param x abscissae
     * @param y ordinates, as many as x
     * @return the series
     */
    public static XYSeries points(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = add(chart, name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineStyle(SeriesLines.NONE);
        return s;
    }

    private static XYSeries add(XYChart chart, String name, double[] x, double[] y) {
        Objects.requireNonNull(chart, "Charts: chart is null");
        if (x.length != y.length) {
            throw new IllegalArgumentException("Charts: series '" + name + "' has " + x.length + " x values but "
                    + y.length + " y values; pass one y per x");
        }
        chart.removeSeries(TICKS);
        XYSeries s = chart.addSeries(name, x, y);
        keepTicksRound(chart);
        return s;
    }

    /**
     * XChart 3.8 puts the x ticks at data points (odd values such as -0.71, 138, 275) whenever the
     * x values of all series together are evenly spaced. One invisible point halfway between the
     * first two x values, added last, breaks the even spacing, and XChart chooses round ticks.
     */
    private static void keepTicksRound(XYChart chart) {
        double lo = Double.NaN;
        double next = Double.NaN;
        double yAny = Double.NaN;
        for (XYSeries s : chart.getSeriesMap().values()) {
            double[] xs = s.getXData();
            if (xs.length >= 2 && Double.isNaN(lo)) {
                lo = xs[0];
                next = xs[1];
                yAny = s.getYData()[0];
            }
        }
        if (Double.isNaN(lo) || !(lo != next)) {
            return;
        }
        XYSeries hidden = chart.addSeries(TICKS, new double[] {(lo + next) / 2}, new double[] {yAny});
        hidden.setMarker(SeriesMarkers.NONE);
        hidden.setLineStyle(SeriesLines.NONE);
        hidden.setShowInLegend(false);
    }
}
