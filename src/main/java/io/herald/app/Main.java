package io.herald.app;

import io.herald.cluster.ClusterException;
import io.herald.config.Config;
import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.core.HeraldException;
import io.herald.core.StateException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar herald.jar [--config PATH]} runs Herald; {@code java -jar herald.jar receiver ...} runs the
 * demo receiver ({@link CommandLine}). Whatever stops Herald from starting (a bad argument or config, a port in
 * use, storage.dir unusable or held, state it cannot read, a failure part-way) exits 2 with one line on stderr and
 * no stack trace, after stopping whatever had started. SIGTERM stops in order and exits 0 (1 if the stop itself
 * failed).
 */
public final class Main {
    static {
        ChronicleSetup.quiet();
    }

    private Main() {}

    public static void main(String[] args) throws Exception {
        CommandLine command;
        try {
            command = CommandLine.parse(args, System.getenv("HERALD_CONFIG"));
            switch (command.action()) {
                case HELP -> System.out.print(CommandLine.USAGE);
                case VERSION -> System.out.println("herald " + Version.get());
                case RECEIVER -> Receiver.run(command.receiverArgs());
                case RUN -> System.exit(run(command.config()));
            }
        } catch (BadArgument e) {
            System.exit(refuse(e.getMessage()));
        }
    }

    /** Runs Herald until SIGTERM/SIGINT or a failure; answers the exit code. */
    private static int run(Path configFile) throws InterruptedException {
        Config config;
        try {
            if (!Files.isReadable(configFile)) {
                throw new ConfigException(configFile + ": cannot read the file (use --config PATH or HERALD_CONFIG)");
            }
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            return refuse(e.getMessage());
        }
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        // Handling TERM ourselves (instead of a shutdown hook) lets us exit 0 after a clean stop, not 143. Installed
        // before the start, so that a TERM during it still ends in an orderly stop.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        App app;
        try {
            app = App.create(config, configFile, Clock.systemUTC()).onFailure(e -> {
                failure.compareAndSet(null, e.getMessage());
                stop.countDown();
            }).start();
        } catch (ConfigException | StateException | StartException | ClusterException e) {
            return refuse(e.getMessage());
        } catch (HeraldException | UncheckedIOException e) { // e.g. a journal directory that cannot be created
            return refuse("herald: cannot start: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            LoggerFactory.getLogger(Main.class).debug("start_failed", e);
            return refuse("herald: cannot start: " + e + " (-Dorg.slf4j.simpleLogger.log.io.herald.app.Main=debug"
                    + " prints where)");
        }
        stop.await();
        boolean clean = stopApp(app);
        return failure.get() != null ? refuse(failure.get()) : clean ? 0 : 1;
    }

    /** A stop that fails must still end the process, or a supervisor's TERM waits forever. */
    private static boolean stopApp(App app) {
        try {
            app.stop();
            return true;
        } catch (RuntimeException | Error e) {
            LoggerFactory.getLogger(Main.class).error("herald_stop_failed", e);
            return false;
        }
    }

    /** One line on stderr; exit code 2. */
    private static int refuse(String line) {
        System.err.println(line);
        System.err.flush();
        return 2;
    }
}
