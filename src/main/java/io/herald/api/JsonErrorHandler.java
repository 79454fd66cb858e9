package io.herald.api;

import io.herald.core.HeraldException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's error page for what it refuses before any route runs (a bad request line, URI or header, headers or a
 * URI too large, a missing Host) and for {@link BodyGate}'s refusals: the same JSON as every other error
 * (CONTRACT 7) instead of Jetty's HTML page, whatever the request's Accept header or method.
 */
public final class JsonErrorHandler extends ErrorHandler {
    /** Request attribute: the {@link HeraldException} to answer, when Herald itself made the refusal. */
    static final String ERROR = "herald.error";
    private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        HeraldException e = request.getAttribute(ERROR) instanceof HeraldException own ? own : describe(code, message);
        log.debug("http_refused status={} reason=\"{}\"", code, message);
        response.setStatus(e.status()); // a version Jetty answers 426 or 505 for is a malformed request line (400)
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(Errors.answer(e)), callback);
    }

    /**
     * Jetty's refusal in words about the request (CONTRACT 7): its reason phrase names its parser's tokens
     * ({@code Illegal character CNTL=0x1}), and only decides which of these messages fits.
     */
    static HeraldException describe(int status, String reason) {
        String r = reason == null ? "" : reason;
        if (status == 426 || status == 505) {
            return HeraldException.invalid("the request line names an HTTP version Herald does not speak: use HTTP/1.1");
        }
        String message = switch (status) {
            case 400 -> r.equals("No Host") ? "the request has no Host header (HTTP/1.1 requires one)"
                    : r.startsWith("Illegal character")
                    ? "malformed request: the request line or a header holds a character it may not (a control"
                            + " character, or a space or line break inside a header)"
                    : r.contains("header") || r.contains("Header")
                    ? "malformed request header: each header is one line of Name: value"
                    : "malformed request: check the request line, the URI's percent-encoding (no %00) and the headers";
            case 413 -> "the request body is larger than server.max-body";
            case 414 -> "the request URI is too long (at most 8 KB with the headers)";
            case 431 -> "the request headers are too large (at most 8 KB in all)";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 408 -> "the request did not arrive in time";
            default -> status >= 500 ? "internal error" : "request refused";
        };
        return new HeraldException(status, Errors.codeFor(status), message);
    }
}
