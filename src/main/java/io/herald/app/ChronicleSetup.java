package io.herald.app;

/**
 * Chronicle reads these once, when its first class loads: no banner, no usage analytics phoning home.
 * Called from the static initialisers of Main and App, before any journal is opened.
 */
final class ChronicleSetup {
    private ChronicleSetup() {}

    static void quiet() {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        System.setProperty("disable.resource.warning", "true");
        System.setProperty("jvmWarningsDisabled", "true");
    }
}
