package io.herald.app;

import io.herald.api.Errors;
import io.herald.core.Descriptors;
import io.herald.core.HeraldException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty's connector, for a process out of file descriptors. Jetty logged each failed accept with a stack trace
 * and slept a second, while new clients (and /health) hung in the kernel's backlog until they timed out. Here the
 * episode is logged once ({@link Descriptors}), and each waiting client is answered at once: a descriptor kept
 * in reserve is let go, the connection is accepted with it, told {@code 503 unavailable} naming the cause, and
 * closed, and the reserve is taken back. Accepting normally again ends the episode.
 *
 * <p>Two descriptors are kept, not one: between letting one go and the accept, another thread (a journal file, a
 * probe) can take it, and when that thread keeps it, a single reserve was gone for the whole episode and nobody
 * was answered. The second is let go only when the first was taken that way. A reserve taken that way is got
 * back before the next accept: accepting first handed each descriptor that came free to the next client in the
 * backlog, so reserves once lost stayed lost for as long as clients kept coming, and nobody was answered (a CI
 * run found the process with three descriptors free, no reserve, and a 30 s wait for a 503).
 */
final class HttpConnector extends ServerConnector {
    private static final Path RESERVE = Path.of("/dev/null");
    private static final long SHED_PAUSE_MILLIS = 50;
    private final Descriptors descriptors;
    private static final int RESERVES = 2;
    private final FileChannel[] reserves = new FileChannel[RESERVES]; // only the acceptor thread touches them

    HttpConnector(Server server, Descriptors descriptors, ConnectionFactory... factories) {
        // one acceptor thread: it alone runs accept and the shedding below. A selector per core, not Jetty's one per
        // two: event posts run on the selectors (api/InlinePosts), and one selector on 2 cores held batch ingest to
        // one core (369k vs 491k events/s, p2 harness)
        super(server, 1, Runtime.getRuntime().availableProcessors(), factories);
        this.descriptors = descriptors;
    }

    @Override
    protected void doStart() throws Exception {
        refill();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        for (FileChannel r : reserves) if (r != null) r.close();
    }

    @Override
    public void accept(int acceptorId) throws IOException {
        refill(); // two null checks while none is missing
        super.accept(acceptorId);
        descriptors.relieved();
    }

    /**
     * Linux fails accept with EMFILE before it looks at the queue, whether or not a client waits: this runs again
     * and again for as long as the shortage lasts, and must neither log nor block each time.
     */
    @Override
    protected boolean handleAcceptFailure(Throwable failure) {
        if (!isRunning() || !Descriptors.isExhaustion(failure)) return super.handleAcceptFailure(failure);
        descriptors.exhausted("accept");
        if (!shedOne()) {
            try {
                Thread.sleep(SHED_PAUSE_MILLIS); // nobody waiting, or no reserve to answer with: do not spin
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    /** Answers one waiting client 503 with a reserve descriptor; false when none waited or no reserve was left. */
    private boolean shedOne() {
        try { // the reserves were refilled just before the accept that failed (accept, above)
            for (int i = 0; i < RESERVES; i++) {
                if (reserves[i] == null) continue;
                reserves[i].close();
                reserves[i] = null;
                try {
                    return answerOne();
                } catch (IOException e) {
                    if (!Descriptors.isExhaustion(e)) return false;
                    // another thread took the descriptor just let go: let go the next one and try again
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        } finally {
            refill();
        }
    }

    /** Accepts one waiting client, if any, and answers it 503; false when nobody waited. */
    private boolean answerOne() throws IOException {
        ServerSocketChannel server = (ServerSocketChannel) getTransport();
        // only this thread accepts: switching the channel to non-blocking for one look at the queue is safe
        server.configureBlocking(false);
        try (SocketChannel client = server.accept()) {
            if (client == null) return false;
            refuse(client);
            descriptors.refused();
            return true;
        } finally {
            server.configureBlocking(true);
        }
    }

    private void refill() {
        for (int i = 0; i < RESERVES; i++) if (reserves[i] == null) reserves[i] = openReserve();
    }

    private void refuse(SocketChannel client) throws IOException {
        byte[] body = Errors.answer(HeraldException.unavailable(descriptors.describe(), null));
        String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n";
        client.configureBlocking(false); // a client that reads nothing must not stall the acceptor
        client.write(new ByteBuffer[] {ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)),
                ByteBuffer.wrap(body)});
        client.shutdownOutput();
        // read what the client sent, so that closing sends FIN, not a reset that could discard the answer
        ByteBuffer sink = ByteBuffer.allocate(8192);
        for (int i = 0; i < 8 && client.read(sink) > 0; i++) sink.clear();
    }

    private static FileChannel openReserve() {
        try {
            return FileChannel.open(RESERVE, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
