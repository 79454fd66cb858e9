package io.herald.stream;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.Caller;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * A client closed while its connecting thread still writes its first frames (a queue filled during a long replay,
 * Herald stopping) ends its response only once that thread is done: Jetty refuses to end a response under a
 * pending write ("write pending") and to write to an ended one ("channel already completed").
 */
class StreamClientTest {

    /** A sink that keeps Jetty's rule: ending while a write is in flight is an error. Its blocking write waits. */
    static final class StrictSink implements StreamSink {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        final AtomicInteger ends = new AtomicInteger();
        final AtomicReference<String> broken = new AtomicReference<>();
        volatile boolean inWrite;
        volatile IOException failWith;

        @Override
        public void writeBlocking(byte[] bytes) throws IOException {
            if (ends.get() > 0) broken.compareAndSet(null, "written after the end");
            inWrite = true;
            writing.countDown();
            try {
                if (!proceed.await(10, TimeUnit.SECONDS)) throw new IOException("the test never let the write go");
            } catch (InterruptedException e) {
                throw new IOException(e);
            } finally {
                inWrite = false;
            }
            if (failWith != null) throw failWith;
        }

        @Override
        public void write(byte[] bytes, Callback done) {
            done.succeeded();
        }

        @Override
        public void end() {
            if (inWrite) broken.compareAndSet(null, "ended under a pending write");
            ends.incrementAndGet();
        }

        @Override
        public void abort() {}
    }

    private static StreamClient client(StrictSink sink) {
        return new StreamClient(sink, Caller.OPERATOR, e -> true, () -> {}, 0);
    }

    /** The connecting thread writes a replay larger than one pack: a blocking write, in flight until proceed. */
    private static Thread startWriting(StreamClient c, AtomicReference<Throwable> failed, boolean release) {
        Thread t = new Thread(() -> {
            try {
                c.writeDirect(new byte[32 * 1024], 1);
                if (release) c.release();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void closed_while_its_start_writes_it_ends_once_released_not_under_the_write() throws Exception {
        StrictSink sink = new StrictSink();
        StreamClient c = client(sink);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread start = startWriting(c, failed, true);
        assertTrue(sink.writing.await(10, TimeUnit.SECONDS));

        c.close(); // e.g. its queue filled while the replay was written
        assertEquals(0, sink.ends.get(), "not ended while the connecting thread writes");
        sink.proceed.countDown();
        start.join(10_000);

        assertNull(failed.get(), "the start's write went through");
        assertEquals(1, sink.ends.get(), "ended once the start let go");
        assertNull(sink.broken.get());
    }

    @Test
    void a_start_that_fails_after_a_close_still_ends_the_response_once() throws Exception {
        StrictSink sink = new StrictSink();
        sink.failWith = new IOException("peer gone");
        StreamClient c = client(sink);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread start = startWriting(c, failed, false);
        assertTrue(sink.writing.await(10, TimeUnit.SECONDS));

        c.close();
        sink.proceed.countDown();
        start.join(10_000);

        assertInstanceOf(IOException.class, failed.get());
        assertEquals(1, sink.ends.get(), "ended, not left open by the failed start");
        assertNull(sink.broken.get());
        assertFalse(c.offer(new StreamClient.Frame(2, new byte[1], null)), "closed");
    }
}
