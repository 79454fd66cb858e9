package io.herald.app;

import io.herald.config.Config;
import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * {@code java -jar herald.jar [--config PATH]} runs Herald; {@code java -jar herald.jar receiver ...} runs the
 * demo receiver. A bad config exits 2 with one line naming the key; SIGTERM stops in order and exits 0 (1 if the
 * stop itself failed).
 */
public final class Main {
    static {
        ChronicleSetup.quiet();
    }

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("receiver")) {
            Receiver.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Path configFile = configPath(args);
        Config config;
        try {
            if (!Files.isReadable(configFile)) {
                throw new ConfigException(configFile + ": cannot read the file (use --config PATH or HERALD_CONFIG)");
            }
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        App app = App.create(config, configFile, Clock.systemUTC()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicBoolean clean = new AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) return;
            try {
                app.stop();
                clean.set(true);
            } catch (RuntimeException | Error e) {
                // a stop that fails must still end the process, or a supervisor's TERM waits forever
                org.slf4j.LoggerFactory.getLogger(Main.class).error("herald_stop_failed", e);
            } finally {
                stopped.countDown();
            }
        };
        // Handling TERM ourselves (instead of a shutdown hook) lets us exit 0 after a clean stop, not 143.
        Signal.handle(new Signal("TERM"), s -> new Thread(stop, "shutdown").start());
        Signal.handle(new Signal("INT"), s -> new Thread(stop, "shutdown").start());
        stopped.await();
        System.exit(clean.get() ? 0 : 1);
    }

    static Path configPath(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) return Path.of(args[i + 1]);
        }
        String env = System.getenv("HERALD_CONFIG");
        return Path.of(env != null && !env.isBlank() ? env : "config.yaml");
    }
}
