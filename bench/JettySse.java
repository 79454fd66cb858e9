// P5 spread's Java floor: nchan's job (POST /pub?id=C publishes the body to channel C's streams, GET /sub?id=C opens
// one) on plain Jetty 12 from the herald jar, with nothing of Herald's: no auth, no validation, no journal, no
// index, no JSON. Each request runs on the selector thread that read it (a non-blocking handler on a non-dynamic
// server, as Herald's event posts do), and a post writes its frame to every stream of the channel right there. So
// what Herald spends beyond this server's figures is Herald's own work; what this server spends beyond nchan's
// is Jetty and the JVM.
//
//   java -cp target/herald.jar bench/JettySse.java PORT
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

public class JettySse {
    static final Map<String, Set<Sink>> CHANNELS = new ConcurrentHashMap<>();
    static final byte[] PUBLISHED = "queued messages: 1\n".getBytes(StandardCharsets.ISO_8859_1);

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Server server = new Server();
        int cores = Runtime.getRuntime().availableProcessors();
        ServerConnector connector = new ServerConnector(server, 1, cores, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        connector.setIdleTimeout(3_600_000);
        server.addConnector(connector);
        server.setDynamic(false);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                String query = request.getHttpURI().getQuery();
                String id = query != null && query.startsWith("id=") ? query.substring(3) : null;
                if (id == null) return false;
                if (path.equals("/sub")) subscribe(id, response, callback);
                else if (path.equals("/pub")) readBody(id, request, response, callback, new ByteArrayOutputStream(256));
                else return false;
                return true;
            }
        });
        server.start();
        System.out.println("jetty-sse listening on 127.0.0.1:" + connector.getLocalPort());
        server.join();
    }

    static void subscribe(String id, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        Sink sink = new Sink(id, response, callback);
        CHANNELS.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(sink);
        sink.offer(ByteBuffer.wrap(": hi\n\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    static void readBody(String id, Request request, Response response, Callback callback, ByteArrayOutputStream body) {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(() -> readBody(id, request, response, callback, body));
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                callback.failed(chunk.getFailure());
                return;
            }
            ByteBuffer b = chunk.getByteBuffer();
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            body.write(copy, 0, copy.length);
            chunk.release();
            if (chunk.isLast()) break;
        }
        byte[] data = body.toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(data.length + 8);
        frame.put("data: ".getBytes(StandardCharsets.ISO_8859_1)).put(data).put((byte) '\n').put((byte) '\n').flip();
        Set<Sink> sinks = CHANNELS.get(id);
        if (sinks != null) for (Sink s : sinks) s.offer(frame.asReadOnlyBuffer());
        response.setStatus(sinks == null || sinks.isEmpty() ? 202 : 201);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, ByteBuffer.wrap(PUBLISHED), callback);
    }

    /** One stream: frames are written one at a time, in order; the rest wait in a queue. */
    static final class Sink implements Callback {
        final String id;
        final Response response;
        final Callback done;
        final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
        boolean writing;

        Sink(String id, Response response, Callback done) {
            this.id = id;
            this.response = response;
            this.done = done;
        }

        void offer(ByteBuffer frame) {
            synchronized (this) {
                if (writing) {
                    queue.add(frame);
                    return;
                }
                writing = true;
            }
            response.write(false, frame, this);
        }

        @Override
        public void succeeded() {
            ByteBuffer next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    writing = false;
                    return;
                }
            }
            response.write(false, next, this);
        }

        @Override
        public void failed(Throwable x) {
            Set<Sink> sinks = CHANNELS.get(id);
            if (sinks != null) sinks.remove(this);
            done.failed(x);
        }
    }
}
