// The P1 ceiling: Javalin (from the shaded herald jar) answering 202 to POST /api/v1/events and doing nothing
// else. It reads the body and answers a reply of the same size as Herald's, so the only difference from Herald
// is Herald's own work (auth, validation, journal append).
//
//   java -cp target/herald.jar bench/NoopServer.java PORT
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;

public class NoopServer {
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int port = Integer.parseInt(args[0]);
        byte[] reply = "{\"id\":\"evt_00000000001wnS95VXFpk\",\"seq\":1,\"createdAt\":\"2026-11-23T07:40:49.847Z\"}"
                .getBytes(StandardCharsets.UTF_8);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = port;
            cfg.routes.post("/api/v1/events", ctx -> {
                ctx.bodyAsBytes();
                ctx.status(202).contentType("application/json").result(reply);
            });
        });
        app.start();
        System.out.println("noop listening on 127.0.0.1:" + port);
    }
}
