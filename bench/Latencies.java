// Latency samples (microseconds) of the bench tools: percentiles, and the raw samples written to the file named by
// the system property bench.latencies (one number a line) for scripts/bench's picture (bench/chart/Chart.java).
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

final class Latencies {
    private Latencies() {
    }

    /** The samples a[0, n), sorted; also written to -Dbench.latencies=FILE when it is set. */
    static long[] sorted(long[] a, int n) {
        long[] l = Arrays.copyOf(a, Math.min(n, a.length));
        Arrays.sort(l);
        String file = System.getProperty("bench.latencies");
        if (file != null) {
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(file)))) {
                for (long v : l) w.println(v);
            } catch (IOException e) {
                System.err.println("latencies not written: " + e);
            }
        }
        return l;
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }

    static double maxMs(long[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0;
    }
}
