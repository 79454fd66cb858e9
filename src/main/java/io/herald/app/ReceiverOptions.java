package io.herald.app;

import io.herald.format.Formats;
import io.herald.format.Secret;
import java.util.List;

/**
 * The demo receiver's arguments: {@code receiver --secret whsec_... [--port 9000] [--format NAME]}. Every problem is
 * a {@link BadArgument} with one line naming the argument; the formats it names come from the built-in ones, so
 * the help never lists a format the receiver cannot verify or misses one it can.
 *
 * @param help true when {@code --help} was asked for (the other fields are then defaults)
 */
record ReceiverOptions(boolean help, int port, Secret secret, String format) {
    static final int DEFAULT_PORT = 9000;
    static final String DEFAULT_FORMAT = "standard-webhooks";

    static String usage() {
        return """
                usage: java -jar herald.jar receiver --secret whsec_... [--port 9000] [--format standard-webhooks]

                The demo receiver: listens on 127.0.0.1, verifies the signature of each webhook it gets and prints
                one line per delivery (verified or NOT-VERIFIED). It answers 200 to a verified webhook, else 401.

                options:
                  --secret SECRET   the subscription's secret, whsec_... (required)
                  --port PORT       the port to listen on (default %d)
                  --format NAME     the format to verify (default %s), one of:
                                    %s
                  --help            print this help and exit
                """.formatted(DEFAULT_PORT, DEFAULT_FORMAT, String.join(", ", Formats.builtIn()));
    }

    static ReceiverOptions parse(List<String> args) {
        int port = DEFAULT_PORT;
        String secret = null;
        String format = DEFAULT_FORMAT;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--help") || option.equals("-h")) return new ReceiverOptions(true, port, null, format);
            if (!List.of("--port", "--secret", "--format").contains(option)) {
                throw new BadArgument("receiver: unknown argument \"" + option + "\" (see receiver --help)");
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new BadArgument("receiver: " + option + " needs a value (see receiver --help)");
            }
            String value = args.get(++i);
            switch (option) {
                case "--port" -> port = port(value);
                case "--secret" -> secret = value;
                default -> format = value;
            }
        }
        if (secret == null) throw new BadArgument("receiver: --secret is required (see receiver --help)");
        if (!Formats.builtIn().contains(format)) {
            throw new BadArgument("receiver: --format: unknown format \"" + format + "\" (one of "
                    + String.join(", ", Formats.builtIn()) + ")");
        }
        try {
            return new ReceiverOptions(false, port, Secret.parse(secret), format);
        } catch (IllegalArgumentException e) {
            throw new BadArgument("receiver: --secret " + e.getMessage());
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadArgument("receiver: --port: \"" + value + "\" is not a port (1 to 65535)");
    }
}
