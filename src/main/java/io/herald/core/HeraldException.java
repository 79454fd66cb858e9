package io.herald.core;

import java.util.List;

/**
 * The one exception root. Every failure a client should see is one of these; the API layer maps it to
 * {@code {"error": {"code", "message", "details"?}}} in a single place.
 */
public class HeraldException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<Detail> details;

    public HeraldException(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    public HeraldException(int status, String code, String message, List<Detail> details, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
    }

    public int status() { return status; }
    public String code() { return code; }
    public List<Detail> details() { return details; }

    /** One bad item of a batch. */
    public record Detail(int index, String message) {}

    public static HeraldException invalid(String message) {
        return new HeraldException(400, "invalid_request", message);
    }

    public static HeraldException invalidJson(String message) {
        return new HeraldException(400, "invalid_json", message);
    }

    public static HeraldException notFound(String what) {
        return new HeraldException(404, "not_found", what + " not found");
    }

    public static HeraldException conflict(String message) {
        return new HeraldException(409, "conflict", message);
    }

    public static HeraldException readOnly(String message) {
        return new HeraldException(409, "read_only", message);
    }

    public static HeraldException unauthorized(String message) {
        return new HeraldException(401, "unauthorized", message);
    }

    public static HeraldException unavailable(String message, Throwable cause) {
        return new HeraldException(503, "unavailable", message, List.of(), cause);
    }
}
