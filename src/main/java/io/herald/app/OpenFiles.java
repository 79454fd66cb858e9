package io.herald.app;

import io.herald.core.Descriptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open-file limit at start: every connection and every stream holds a descriptor, so Herald raises its soft
 * limit to the hard one (HotSpot on Linux does that itself unless started with -XX:-MaxFDLimit; Java has no
 * setrlimit, so util-linux {@code prlimit} does it for us) and logs both numbers once.
 */
final class OpenFiles {
    private static final Logger log = LoggerFactory.getLogger(OpenFiles.class);
    private static final Path LIMITS = Path.of("/proc/self/limits");
    private static final AtomicBoolean done = new AtomicBoolean();

    /** soft and hard limit; {@link Long#MAX_VALUE} for unlimited */
    record Limits(long soft, long hard) {}

    private OpenFiles() {}

    /** Once per process: the limits are the process's, whichever App starts first. */
    static void raiseToHardLimit() {
        if (!done.compareAndSet(false, true)) return;
        Limits before = read();
        if (before == null) {
            log.info("open_files_limit unknown (no {})", LIMITS);
            return;
        }
        Limits now = before;
        String failure = null;
        if (before.soft() < before.hard() && before.hard() != Long.MAX_VALUE) {
            failure = prlimit(before.hard());
            Limits after = read();
            if (after != null) now = after;
        }
        Descriptors.PROCESS.limit(now.soft());
        if (now.soft() < before.hard() && before.hard() != Long.MAX_VALUE) {
            log.warn("open_files_limit soft={} hard={} raised=false reason=\"{}\"", now.soft(), now.hard(), failure);
        } else if (now.soft() != before.soft()) {
            log.info("open_files_limit soft={} hard={} raisedFrom={}", now.soft(), now.hard(), before.soft());
        } else {
            log.info("open_files_limit soft={} hard={}", now.soft(), now.hard());
        }
    }

    /** Sets our own soft limit; answers why it failed, or null. */
    private static String prlimit(long hard) {
        try {
            Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                    "--nofile=" + hard + ":" + hard).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "prlimit did not finish";
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.exitValue() == 0 ? null : "prlimit: " + out;
        } catch (IOException e) {
            return "prlimit is not installed (util-linux); raise the limit with ulimit -n before starting";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static Limits read() {
        try {
            return parse(Files.readString(LIMITS));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The "Max open files" line of /proc/self/limits. */
    static Limits parse(String limits) {
        for (String line : limits.split("\n")) {
            if (!line.startsWith("Max open files")) continue;
            String[] f = line.substring("Max open files".length()).trim().split("\\s+");
            if (f.length < 2) return null;
            return new Limits(number(f[0]), number(f[1]));
        }
        return null;
    }

    private static long number(String s) {
        return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
    }
}
