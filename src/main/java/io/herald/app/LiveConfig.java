package io.herald.app;

import io.herald.config.Config;
import io.herald.format.Formats;
import io.herald.net.AddressPolicy;

/**
 * The config in force and what is built from it (payload formats, the delivery address policy), swapped whole on a
 * reload: a reader never sees a new config with the old formats. Every part reads it through a supplier, so a
 * reload reaches them without a restart.
 */
final class LiveConfig {
    private record Current(Config config, Formats formats, AddressPolicy addressPolicy) {
        static Current of(Config config) {
            return new Current(config, Formats.of(config.formats()), new AddressPolicy(config.delivery().allowNetworks()));
        }
    }

    private volatile Current current;

    LiveConfig(Config config) {
        this.current = Current.of(config);
    }

    /** Builds what derives from {@code next} first, so a failure leaves the config in force as it was. */
    void set(Config next) {
        current = Current.of(next);
    }

    Config config() {
        return current.config();
    }

    Formats formats() {
        return current.formats();
    }

    AddressPolicy addressPolicy() {
        return current.addressPolicy();
    }
}
