package io.herald.app;

/** Herald's version, from the jar manifest (a dev build run from classes says "dev"). */
public final class Version {
    private Version() {}

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
