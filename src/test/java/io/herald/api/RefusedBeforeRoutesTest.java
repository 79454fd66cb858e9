package io.herald.api;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.CapturedLog;
import io.herald.testing.Herald;
import io.herald.testing.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Jetty refuses before any route runs answers in the contract's JSON (CONTRACT 7), not Jetty's HTML page,
 * and a broken or oversized body is answered at once, without an ERROR in the log. Raw sockets: java.net.http
 * refuses to send most of these requests.
 */
class RefusedBeforeRoutesTest {
    static final String KEY = "Authorization: Bearer " + Herald.API_KEY + "\r\n";
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    @TempDir static Path dir;
    static Herald herald;

    @BeforeAll
    static void start() {
        herald = Herald.start(dir, "");
    }

    @AfterAll
    static void stop() {
        herald.close();
    }

    static RawHttp.Response send(String request) {
        return RawHttp.exchange(herald.app().port(), request, ANSWER_WITHIN);
    }

    /** The contract's error shape: JSON, status, code, a message in words, a final newline, no HTML. */
    static JsonNode refused(RawHttp.Response r, int status, String code, String messagePart) {
        assertEquals(status, r.status(), r.head() + "\n" + r.body());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.head());
        assertFalse(r.body().contains("<html"), r.body());
        JsonNode err = r.json().get("error");
        assertEquals(code, err.get("code").asText(), r.body());
        assertTrue(err.get("message").asText().contains(messagePart), r.body());
        assertTrue(r.body().endsWith("}\n"), "ends with a newline: " + r.body());
        return err;
    }

    @Test
    void a_9000_char_header_is_431_in_json_not_an_html_page() {
        refused(send("GET /health HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n"),
                431, "too_large", "headers are too large");
    }

    @Test
    void a_20k_char_uri_is_414_in_json_not_an_html_page() {
        refused(send("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: h\r\n\r\n"), 414, "too_large", "URI is too long");
    }

    @Test
    void bad_percent_encoding_or_an_encoded_nul_in_the_path_is_400_in_json() {
        refused(send("GET /api/v1/events/%zz HTTP/1.1\r\nHost: h\r\n" + KEY + "\r\n"), 400, "invalid_request", "percent-encoding");
        refused(send("GET /api/v1/events/%00 HTTP/1.1\r\nHost: h\r\n" + KEY + "\r\n"), 400, "invalid_request", "percent-encoding");
        refused(send("DELETE /api/v1/subscriptions/%zz HTTP/1.1\r\nHost: h\r\n" + KEY + "\r\n"), 400, "invalid_request",
                "percent-encoding");
    }

    @Test
    void a_request_without_host_is_400_in_json() {
        refused(send("GET /health HTTP/1.1\r\n\r\n"), 400, "invalid_request", "no Host header");
    }

    @Test
    void a_malformed_header_or_request_line_is_400_in_json_in_words_of_the_request_not_of_the_parser() {
        List<String> messages = List.of(
                refused(send("GET /health HTTP/1.1\r\nHost: h\r\nBad Header: 1\r\n\r\n"), 400, "invalid_request",
                        "malformed request"),
                refused(send("GET /health HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n"), 400, "invalid_request",
                        "malformed request"),
                refused(send("GET /health HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n"), 400, "invalid_request",
                        "malformed request"),
                refused(send("GET /he\u0001alth HTTP/1.1\r\nHost: h\r\n\r\n"), 400, "invalid_request", "malformed request"),
                refused(send("GET /health HTTP/2.0\r\nHost: h\r\n\r\n"), 400, "invalid_request", "use HTTP/1.1"))
                .stream().map(e -> e.get("message").asText()).toList();
        for (String m : messages) {
            for (String parserWord : List.of("CNTL", "SPACE", "EOL", "Illegal", "0x")) assertFalse(m.contains(parserWord), m);
        }
    }

    @Test
    void a_bad_chunk_size_is_400_not_500_internal_and_logs_no_error() {
        long before = herald.lastSeq();
        try (CapturedLog log = CapturedLog.start()) {
            refused(send("POST /api/v1/events HTTP/1.1\r\nHost: h\r\n" + KEY + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"), 400, "invalid_request", "chunked encoding is malformed");
            assertFalse(log.text().contains("ERROR"), log.text());
        }
        assertEquals(before, herald.lastSeq());
    }

    @Test
    void a_content_length_over_max_body_is_413_at_once_from_the_header_alone() {
        // the body never comes: the answer must not wait for it (it used to wait until the client hung up)
        refused(send("POST /api/v1/events HTTP/1.1\r\nHost: h\r\n" + KEY + "Content-Type: application/json\r\n"
                + "Content-Length: 999999999\r\n\r\n"), 413, "too_large", "server.max-body");
    }

    @Test
    void a_client_hanging_up_mid_body_is_not_an_error_in_the_log() throws IOException {
        String head = "POST /api/v1/events HTTP/1.1\r\nHost: h\r\n" + KEY + "Content-Type: application/json\r\n";
        try (CapturedLog log = CapturedLog.start()) {
            hangUpAfter(head + "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"type\":");
            hangUpAfter(head + "Content-Length: 100\r\n\r\n{\"type\":");
            assertFalse(log.text().contains("ERROR"), log.text());
            assertFalse(log.text().contains("EofException"), log.text());
        }
    }

    /** Sends part of a request and stops sending; reading the answer proves Herald has seen the end. */
    static void hangUpAfter(String partial) throws IOException {
        try (Socket s = new Socket("127.0.0.1", herald.app().port())) {
            s.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            refused(RawHttp.read(s.getInputStream()), 400, "invalid_request", "ended early");
        }
    }
}
