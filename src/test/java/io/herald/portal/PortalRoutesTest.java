package io.herald.portal;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Http;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /portal/: the jar's files, and the security headers on every answer under /portal (CONTRACT 10). */
class PortalRoutesTest {
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    @TempDir Path dir;
    Herald herald;

    @AfterEach
    void stop() {
        if (herald != null) herald.close();
    }

    Http anonymous() {
        return new Http("http://127.0.0.1:" + herald.app().port(), null);
    }

    @Test
    void every_answer_under_portal_carries_the_security_headers_errors_included() {
        herald = Herald.start(dir, "");
        for (String path : List.of("/portal/", "/portal/js/app.js", "/portal/portal.css", "/portal/nope.js",
                "/portal/js/missing/deep.js", "/portal")) {
            Http.Response r = anonymous().get(path);
            assertEquals(POLICY, r.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), path);
        }
        assertEquals(404, anonymous().get("/portal/nope.js").status());
        assertEquals("not_found", anonymous().get("/portal/nope.js").json().get("error").get("code").asText());
    }

    @Test
    void the_app_and_its_files_are_served_with_their_types_and_revalidated_by_etag() {
        herald = Herald.start(dir, "");
        Http.Response page = anonymous().get("/portal/");
        assertEquals(200, page.status());
        assertEquals("text/html;charset=utf-8", type(page));
        assertTrue(page.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"), page.body());
        assertEquals("text/javascript;charset=utf-8", type(anonymous().get("/portal/js/app.js")));
        assertEquals("text/css;charset=utf-8", type(anonymous().get("/portal/portal.css")));
        assertEquals("image/svg+xml", type(anonymous().get("/portal/icon.svg")));
        Http.Response bare = anonymous().send(anonymous().anonymous("/portal").GET());
        assertEquals(302, bare.status());
        assertEquals("/portal/", bare.headers().firstValue("Location").orElseThrow());
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElseThrow());
        Http.Response again = anonymous().send(anonymous().anonymous("/portal/").header("If-None-Match", etag).GET());
        assertEquals(304, again.status());
        assertEquals("", again.body());
    }

    @Test
    void head_answers_as_get_without_the_body_and_needs_no_credential_either() {
        herald = Herald.start(dir, "");
        for (String path : List.of("/portal/", "/portal/portal.css", "/portal/js/app.js")) {
            Http.Response get = anonymous().get(path);
            Http.Response head = anonymous().send(anonymous().anonymous(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, head.status(), path + " " + head.body());
            assertEquals("", head.body(), path);
            assertEquals(type(get), type(head), path);
            assertEquals(POLICY, head.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals(get.headers().firstValue("ETag"), head.headers().firstValue("ETag"), path);
        }
        assertEquals(404, anonymous().send(anonymous().anonymous("/portal/nope.js")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())).status());
    }

    /** Jetty writes some types with a space before charset and some without. */
    static String type(Http.Response r) {
        return r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "");
    }

    @Test
    void no_path_reaches_a_file_outside_the_portal() {
        herald = Herald.start(dir, "");
        for (String path : List.of("/portal/simplelogger.properties", "/portal/../simplelogger.properties",
                "/portal/%2e%2e/simplelogger.properties", "/portal/js/..%2f..%2fsimplelogger.properties",
                "/portal/io/herald/app/App.class", "/portal/INDEX.HTML", "/portal/.hidden.js")) {
            Http.Response r = anonymous().send(anonymous().anonymous(path).GET());
            assertTrue(r.status() == 404 || r.status() == 400, path + " -> " + r.status());
            assertFalse(r.body().contains("org.slf4j"), path);
        }
    }

    @Test
    void frame_ancestors_come_from_server_portal_frame_ancestors() {
        herald = Herald.start(dir, "server:\n  host: 127.0.0.1\n  port: 0\n"
                + "  portal-frame-ancestors: [\"https://app.example.com\", \"'self'\"]\n");
        Http.Response r = anonymous().get("/portal/");
        assertEquals(POLICY.replace("frame-ancestors 'none'", "frame-ancestors https://app.example.com 'self'"),
                r.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertTrue(r.headers().firstValue("X-Frame-Options").isEmpty());
    }

    @Test
    void api_answers_are_untouched_by_the_portals_headers() {
        herald = Herald.start(dir, "");
        assertTrue(herald.http().get("/api/v1/event-types").headers().firstValue("Content-Security-Policy").isEmpty());
    }

    /**
     * The rules the CSP cannot check by itself: no file renders data as HTML, and nothing names another host.
     * A regression here is an XSS waiting for hostile event data, or a request that leaves the machine.
     */
    @Test
    void the_portals_sources_render_text_only_and_name_no_other_host() throws IOException {
        Pattern html = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|eval\\(|new Function"
                + "|setAttribute\\(\\s*['\"]on|srcdoc");
        Pattern inline = Pattern.compile("<script(?![^>]*\\bsrc=)|\\sstyle=|\\son[a-z]+=");
        Pattern host = Pattern.compile("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}|@import|url\\(\\s*['\"]?(https?:|//)");
        Path root = Path.of("src/main/resources/portal");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 5, "the portal's files are where this test looks: " + files);
        for (Path f : files) {
            String text = Files.readString(f);
            if (f.toString().endsWith(".js")) assertFalse(html.matcher(text).find(), f + " renders HTML from strings");
            if (f.toString().endsWith(".html")) assertFalse(inline.matcher(text).find(), f + " has inline code or style");
            // example.com is reserved for documentation (RFC 2606): a placeholder, never a request
            String checked = text.replace("http://www.w3.org/2000/svg", "").replaceAll("https?://[a-z0-9.-]*example\\.com", "");
            assertFalse(host.matcher(checked).find(), f + " names another host");
        }
    }
}
