package io.herald.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code java -jar herald.jar ...} was asked to do (CONTRACT 1). Parsing starts nothing: a typo such as
 * {@code --confg} must never fall through to a full server on ./config.yaml.
 *
 * @param config the config file to run on (RUN only)
 * @param receiverArgs the arguments after {@code receiver} (RECEIVER only)
 */
record CommandLine(Action action, Path config, List<String> receiverArgs) {
    enum Action { RUN, HELP, VERSION, RECEIVER }

    static final String USAGE = """
            usage: java -jar herald.jar [--config PATH]
                   java -jar herald.jar receiver --secret whsec_... [--port 9000] [--format NAME]

            Runs Herald on a config file: takes events over HTTP, journals them under storage.dir and delivers
            them as signed webhooks. `receiver` runs the demo webhook receiver instead (receiver --help).

            options:
              --config PATH   the config file (default: $HERALD_CONFIG, else ./config.yaml)
              --help          print this help and exit
              --version       print the version and exit

            environment:
              HERALD_CONFIG   the config file when --config is not given

            exit codes:
              0  stopped by SIGTERM or SIGINT after a clean stop; --help; --version
              1  the stop itself failed
              2  cannot start: a bad argument or config, the port in use, storage.dir unusable or held by
                 another Herald, state under storage.dir it cannot read (the delivery log is read just
                 after the start), or a failure while starting; one line on stderr says which
            """;

    /** @param env the value of HERALD_CONFIG, or null */
    static CommandLine parse(String[] args, String env) {
        if (args.length > 0 && args[0].equals("receiver")) {
            return new CommandLine(Action.RECEIVER, null, List.of(Arrays.copyOfRange(args, 1, args.length)));
        }
        Path config = Path.of(env != null && !env.isBlank() ? env : "config.yaml");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> {
                    return new CommandLine(Action.HELP, null, List.of());
                }
                case "--version" -> {
                    return new CommandLine(Action.VERSION, null, List.of());
                }
                case "--config" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
                        throw new BadArgument("herald: --config needs a value: the path of a config file (see --help)");
                    }
                    config = Path.of(args[++i]);
                }
                default -> {
                    if (a.startsWith("--config=") && a.length() > "--config=".length()) {
                        config = Path.of(a.substring("--config=".length()));
                    } else {
                        throw new BadArgument("herald: unknown argument \"" + a + "\" (see --help)");
                    }
                }
            }
        }
        return new CommandLine(Action.RUN, config, List.of());
    }
}
