// scripts/bench's picture: the latency distributions of P4 (Herald beside the tool's own floor) and P5 (Herald
// beside nginx + nchan, hot and spread), one panel each, as percentile curves: x is the percentile on a log axis of
// 1 / (1 - p), so 90%, 99%, 99.9% ... are evenly spaced, and y is the latency in ms, also on a log axis.
//
//   java -cp "$(cat target/bench/chart.cp)" bench/chart/Chart.java OUT.png DIR TAG
//
// DIR holds the samples the tools wrote (-Dbench.latencies: one latency in µs a line): p4-herald.txt,
// p4-floor.txt, p5-hot-herald.txt, p5-hot-nchan.txt, p5-spread-herald.txt, p5-spread-nchan.txt. A panel whose files
// are all missing is left out; a missing file leaves its curve out. TAG goes into each title (e.g. "quick run").
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

public class Chart {
    static final Color HERALD = new Color(0x1f, 0x77, 0xb4);
    static final Color OTHER = new Color(0x99, 0x99, 0x99);
    static final Color FLOOR = new Color(0xff, 0x7f, 0x0e);

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        String tag = args.length > 2 && !args[2].isEmpty() ? " (" + args[2] + ")" : "";
        List<XYChart> panels = new ArrayList<>();
        panel(panels, "P4 post-to-webhook latency" + tag, dir.resolve("p4-herald.txt"), "Herald",
                dir.resolve("p4-floor.txt"), "the tool posting to its own receiver (floor)");
        panel(panels, "P5 SSE fan-out, one hot resource" + tag, dir.resolve("p5-hot-herald.txt"), "Herald",
                dir.resolve("p5-hot-nchan.txt"), "nginx + nchan, 1 worker");
        panel(panels, "P5 SSE spread over many resources" + tag, dir.resolve("p5-spread-herald.txt"), "Herald",
                dir.resolve("p5-spread-nchan.txt"), "nginx + nchan, 1 worker");
        // spread's Java floor, drawn in the same panel: nchan's job on plain Jetty (bench/JettySse.java)
        boolean spreadDrawn = Files.exists(dir.resolve("p5-spread-herald.txt")) || Files.exists(dir.resolve("p5-spread-nchan.txt"));
        if (spreadDrawn && Files.exists(dir.resolve("p5-spread-jetty.txt"))) {
            XYChart spread = panels.get(panels.size() - 1);
            int decades = curve(spread, dir.resolve("p5-spread-jetty.txt"), "plain Jetty doing nchan's job (floor)", FLOOR);
            spread.getStyler().setXAxisMax(Math.max(spread.getStyler().getXAxisMax(), decades));
        }
        if (panels.isEmpty()) {
            System.err.println("no latency samples in " + dir);
            System.exit(1);
        }
        BitmapEncoder.saveBitmap(panels, panels.size(), 1, out.toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("wrote " + out + " (" + panels.size() + " panels)");
    }

    static void panel(List<XYChart> panels, String title, Path herald, String heraldName, Path other, String otherName) throws IOException {
        if (!Files.exists(herald) && !Files.exists(other)) return;
        XYChart c = new XYChartBuilder().width(1000).height(430).title(title)
                .xAxisTitle("percentile").yAxisTitle("latency (ms)").build();
        // XChart's log axes ignore a tick label function, so the curves are drawn in log10 space on linear axes
        // and the labels turn the ticks back into percentiles and milliseconds
        c.getStyler().setxAxisTickLabelsFormattingFunction(Chart::percentileLabel).setyAxisTickLabelsFormattingFunction(Chart::msLabel)
                .setXAxisMin(0.0).setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13))
                .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12)).setPlotGridLinesColor(new Color(0xe0, 0xe0, 0xe0))
                .setPlotBorderVisible(false);
        c.getStyler().setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendBorderColor(Color.LIGHT_GRAY).setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16))
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int decades = Math.max(curve(c, other, otherName, OTHER), curve(c, herald, heraldName, HERALD));
        c.getStyler().setXAxisMax((double) decades); // whole decades, so that each of 90%, 99% ... gets a tick
        panels.add(c);
    }

    /** Adds the file's curve; returns the decades of 1 / (1 - p) it spans, rounded up (0 when there is none). */
    static int curve(XYChart c, Path file, String name, Color color) throws IOException {
        if (!Files.exists(file)) return 0;
        long[] v = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).mapToLong(Long::parseLong).sorted().toArray();
        if (v.length == 0) return 0;
        // about 60 points a decade of 1 / (1 - p), from p = 0 to the last sample
        int points = (int) Math.max(2, Math.ceil(60 * Math.log10(v.length)));
        double[] x = new double[points + 1];
        double[] y = new double[points + 1];
        for (int k = 0; k <= points; k++) {
            double inv = Math.pow(v.length, (double) k / points); // 1 ... n
            double p = 1 - 1 / inv;
            // the last point is the largest sample, which no finite percentile reaches
            int i = k == points ? v.length - 1 : Math.max(0, Math.min(v.length - 1, (int) Math.ceil(p * v.length) - 1));
            x[k] = Math.log10(inv);
            y[k] = Math.log10(Math.max(v[i], 10) / 1000.0); // 10 µs is the floor of the picture
        }
        String label = String.format("%s: p50 %s, p99 %s, max %s ms (%,d messages)", name, ms(pct(v, 0.5)), ms(pct(v, 0.99)),
                ms(v[v.length - 1] / 1000.0), v.length);
        XYSeries s = c.addSeries(label, x, y);
        s.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(new BasicStroke(2.5f));
        return (int) Math.ceil(Math.log10(v.length) - 1e-9);
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))] / 1000.0;
    }

    static String ms(double v) {
        return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }

    /** log10(1 / (1 - p)) back to p: 0 is 0%, 1 is 90%, 2 is 99%, 3 is 99.9% ... (labels must differ: XChart widens the
     *  tick spacing until they do) */
    static String percentileLabel(double decades) {
        double p = 100 * (1 - Math.pow(10, -decades));
        int digits = Math.max(0, (int) Math.ceil(decades - 1e-9) - 1);
        return new java.math.BigDecimal(p).setScale(digits, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    /** log10(ms) back to ms, two significant digits. */
    static String msLabel(double log) {
        double ms = Math.pow(10, log);
        java.math.BigDecimal b = new java.math.BigDecimal(ms).round(new java.math.MathContext(2));
        return b.stripTrailingZeros().toPlainString();
    }
}
