package io.herald.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The portal's files, read from the jar under {@code portal/} once and kept: a few dozen kilobytes. Only names of
 * lower-case segments with a known extension are looked up, so no request can reach another resource of the jar.
 */
final class PortalFiles {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    /** A file's bytes, its type and a strong ETag of its content. */
    record File(byte[] bytes, String contentType, String etag) {}

    private final Map<String, File> cache = new ConcurrentHashMap<>();

    /** The file, or null when there is none by that name (misses are not cached: names come from clients). */
    File get(String name) {
        if (!NAME.matcher(name).matches()) return null;
        File f = cache.get(name);
        if (f != null) return f;
        f = load(name);
        if (f != null) cache.put(name, f);
        return f;
    }

    private static File load(String name) {
        try (InputStream in = PortalFiles.class.getClassLoader().getResourceAsStream("portal/" + name)) {
            if (in == null) return null;
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new File(bytes, TYPES.get(ext), "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 12) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read portal/" + name + " from the jar", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
