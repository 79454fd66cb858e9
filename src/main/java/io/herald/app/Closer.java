package io.herald.app;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a list of parts, every one of them even when one fails: stopping must always reach the journals and the
 * storage lock. The first failure is thrown (or added to the caller's) once all have run.
 */
final class Closer {
    private static final Logger log = LoggerFactory.getLogger(Closer.class);
    private final List<AutoCloseable> parts = new ArrayList<>();

    <T extends AutoCloseable> T add(T part) {
        parts.add(part);
        return part;
    }

    /** Closes in the order added. */
    void closeInOrder() {
        RuntimeException first = null;
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    /** Closes in reverse order after {@code failure}, which keeps any failure of the closing as suppressed. */
    void closeAfter(Throwable failure) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                failure.addSuppressed(e);
                log.debug("close_after_failure_failed", e);
            }
        }
    }
}
