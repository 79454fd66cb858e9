package io.herald.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's open files: its limit, and episodes of running out. Out of descriptors, every accept failed
 * with a stack trace each second and posts were told the disk was full. Here the parts that meet the shortage
 * (the connector, the journal, /health) report it; it is logged once when an episode starts and once when it
 * ends, and named in answers ({@link #describe()}).
 *
 * <p>One per process ({@link #PROCESS}), on purpose: the limit and the descriptor table belong to the process,
 * and two Apps in one JVM (tests) share both.
 */
public final class Descriptors {
    public static final Descriptors PROCESS = new Descriptors(System::nanoTime);
    /** An episode ends at the first success this long after its last failure, so that a limit touched again and
     *  again logs one episode, not one per flap. */
    static final long QUIET_NANOS = 5_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(Descriptors.class);

    private final LongSupplier nanos;
    private final AtomicLong episodeStart = new AtomicLong();
    private final LongAdder refused = new LongAdder();
    private volatile long lastFailure;
    private volatile long limit = -1;

    Descriptors(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Whether a failure (or any of its causes) is the process running out of descriptors (EMFILE/ENFILE). */
    public static boolean isExhaustion(Throwable t) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            String m = t.getMessage();
            if (m != null && (m.contains("Too many open files") || m.contains("Too many files open"))) return true;
        }
        return false;
    }

    /** @param softLimit the open-file limit as read at start, named in messages; -1 when unknown */
    public void limit(long softLimit) {
        this.limit = softLimit;
    }

    public long limit() {
        return limit;
    }

    /** The shortage in words, for answers and logs. */
    public String describe() {
        return "out of file descriptors (limit " + (limit < 0 ? "unknown" : Long.toString(limit))
                + "): too many open connections or files; close some, or raise the limit (ulimit -n)";
    }

    /** Something failed for want of a descriptor; the first failure of an episode logs it. */
    public void exhausted(String where) {
        long now = nanos.getAsLong();
        lastFailure = now;
        if (episodeStart.compareAndSet(0, now == 0 ? 1 : now)) {
            log.warn("out_of_file_descriptors limit={} where={} effect=\"new connections are answered 503 until some"
                    + " close\"", limit, where);
        }
    }

    /** A client was answered 503 for want of a descriptor. */
    public void refused() {
        refused.increment();
    }

    /** Something that needed a descriptor got one; ends an episode once the failures have stopped for a while. */
    public void relieved() {
        long start = episodeStart.get();
        if (start == 0) return;
        long now = nanos.getAsLong();
        if (now - lastFailure < QUIET_NANOS) return;
        if (episodeStart.compareAndSet(start, 0)) {
            log.info("file_descriptors_recovered limit={} refusedConnections={} seconds={}", limit,
                    refused.sumThenReset(), (now - start) / 1_000_000_000L);
        }
    }

    /** Whether descriptors ran out within the last few seconds. */
    public boolean underPressure() {
        return episodeStart.get() != 0 && nanos.getAsLong() - lastFailure < QUIET_NANOS;
    }

    /** Opens and closes one descriptor to learn whether the shortage still holds. */
    public boolean probe() {
        try (FileChannel ignored = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ)) {
            relieved();
            return true;
        } catch (IOException e) {
            if (isExhaustion(e)) exhausted("probe");
            return !isExhaustion(e);
        }
    }
}
