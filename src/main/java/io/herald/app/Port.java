package io.herald.app;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Says whether Herald can listen on {@code host:port} before Jetty tries: Jetty's own failure comes with an ERROR
 * log line and a 34-line stack trace, and comes only after the state is read, where a user needs one line naming
 * the address at once. Jetty binds with SO_REUSEADDR, and so does the probe, so they agree. Should another process
 * take the port in between, Jetty's failure is still turned into the same line.
 */
final class Port {
    private Port() {}

    /** @throws StartException naming host:port when it cannot be listened on */
    static void check(String host, int port) {
        if (port == 0) return; // any free port: nothing to check
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw inUse(host, port);
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw new StartException(host + ":" + port + ": cannot listen there (" + e.getMessage() + ")");
        }
    }

    static StartException inUse(String host, int port) {
        return new StartException(host + ":" + port
                + ": the port is in use (set server.port to a free one, or stop what listens there)");
    }
}
