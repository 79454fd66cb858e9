package io.herald.portal;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal as a user meets it, in Debian's Chromium against the in-process Herald and a real receiver: one
 * Herald and one browser for the class. Each test saves a screenshot under target/portal-screenshots.
 */
class PortalIT extends BrowserTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final String DELIVERY = """
            delivery:
              workers: 8
              timeout: 2s
              retry-schedule: [200ms]
              jitter: 0
              allow-networks: ["127.0.0.0/8"]
            """;

    /** The demo config.yaml's catalog (the seed vendors' types), so the tests and screenshots see what users see. */
    static String demoCatalog() throws java.io.IOException {
        String yaml = java.nio.file.Files.readString(Path.of("config.yaml"));
        int from = yaml.indexOf("\nevent-types:");
        int to = yaml.indexOf("\nsubscriptions:", from);
        return yaml.substring(from + 1, to + 1);
    }

    static final AtomicBoolean flakyFails = new AtomicBoolean(true);

    @BeforeAll
    static void start() throws Exception {
        startAll(demoCatalog() + DELIVERY, r -> switch (r.path()) {
            case "/ok" -> TestReceiver.Answer.status(200).withBody("{\"received\":true}");
            case "/flaky" -> flakyFails.get() ? TestReceiver.Answer.status(500).withBody("database down")
                    : TestReceiver.Answer.status(200).withBody("recovered");
            default -> TestReceiver.Answer.status(204);
        });
    }

    @AfterEach
    void screenshotAndConsole(TestInfo test) {
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
        assertEquals(List.of(), browser.consoleProblems(), "the browser console has errors");
    }

    /** Signs in with the api key, by keyboard alone, unless this tab already is. */
    static void signIn() {
        browser.signedOut();
        WebElement key = browser.await(By.cssSelector("input[name=key]"));
        key.sendKeys(Herald.API_KEY, Keys.ENTER);
        browser.await(By.cssSelector("nav a[aria-current=page]"));
    }

    static String createSubscription(String id, String url, String events) {
        Http.Response r = api().post("/api/v1/subscriptions", """
                {"id": "%s", "url": "%s", "events": %s, "retrySchedule": ["200ms"]}""".formatted(id, url, events));
        assertEquals(201, r.status(), r.body());
        return r.json().get("secret").asText();
    }

    static JsonNode waitForDelivery(String subscription, String status, int n) {
        return Poll.value(DEADLINE, n + " " + status + " deliveries of " + subscription, () -> {
            JsonNode list = api().get("/api/v1/subscriptions/" + subscription + "/deliveries?status=" + status).json()
                    .get("deliveries");
            return list.size() >= n ? list : null;
        });
    }

    @Test
    void a_wrong_key_shows_a_sign_in_error_and_signs_nobody_in() {
        browser.signedOut();
        browser.open("");
        WebElement key = browser.await(By.cssSelector("input[name=key]"));
        assertTrue(browser.driver.getCurrentUrl().endsWith("#/signin"), "an unsigned visitor lands on sign-in");
        key.sendKeys("not-the-key", Keys.ENTER);
        WebElement error = browser.await(By.cssSelector(".form-error"));
        browser.waiting(DEADLINE).until(d -> error.getText().contains("Herald refused this key"));
        assertTrue(error.getText().contains("missing or invalid api key"), error.getText());
        assertNull(browser.script("return sessionStorage.getItem('herald.portal.credential')"));
        assertTrue(browser.driver.findElements(By.cssSelector("nav a")).isEmpty(), "no navigation without a credential");
    }

    @Test
    void the_operator_creates_a_subscription_with_the_picker_sends_a_test_and_sees_the_200_and_the_body() throws Exception {
        signIn();
        browser.open("#/subscriptions/new");
        browser.field("URL").sendKeys(receiver.url("/ok"));
        browser.field("ID").sendKeys("picked");
        browser.driver.findElement(By.cssSelector("label[for='type-render.completed']")).click();
        browser.screenshot("create-with-picker");
        browser.driver.findElement(By.cssSelector("form button[type=submit]")).click();
        browser.waiting(DEADLINE).until(d -> d.getCurrentUrl().endsWith("#/subscriptions/picked"));
        browser.awaitText("render.completed");
        assertEquals(List.of("render.completed"), List.of(api().get("/api/v1/subscriptions/picked").json()
                .get("events").get(0).asText()));

        new Select(browser.field("Event type")).selectByValue("render.completed");
        browser.driver.findElement(By.xpath("//button[text()='Send test']")).click();
        browser.waiting(DEADLINE).until(d -> browser.mainText().contains(": HTTP 200 in"));
        WebElement delivery = browser.await(By.cssSelector("details.delivery.succeeded"));
        delivery.findElement(By.tagName("summary")).click();
        WebElement attempts = browser.await(By.cssSelector("details.delivery[open] table.attempts"));
        assertTrue(attempts.getText().contains("HTTP 200"), attempts.getText());
        assertTrue(attempts.getText().contains("{\"received\":true}"), attempts.getText());

        // other tests' subscriptions share /ok: take this test's webhook, not the first one the receiver got
        TestReceiver.Request got = receiver.requestsTo("/ok").stream()
                .filter(r -> r.bodyText().contains("\"render.completed\"")).findFirst().orElseThrow();
        JsonNode body = Json.MAPPER.readTree(got.body());
        assertEquals("render.completed", body.get("type").asText());
        assertEquals("550e8400-e29b-41d4-a716-446655440000", body.get("data").get("id").asText(),
                "the catalog's example is the test's data");
        assertEquals(15728640, body.get("data").get("byte_size").asInt());
    }

    @Test
    void a_failing_endpoints_attempts_show_the_error_and_a_retry_and_a_replay_go_out() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        createSubscription("flaky", receiver.url("/flaky"), "[\"render.*\"]");
        createSubscription("dead", "http://127.0.0.1:" + closed + "/gone", "[\"render.failed\"]");
        flakyFails.set(true);
        herald.postEvent("{\"type\": \"render.failed\", \"data\": {\"attempt\": \"first\"}}");
        waitForDelivery("flaky", "failed", 1);
        String deadError = waitForDelivery("dead", "failed", 1).get(0).get("attempts").get(0).get("error").asText();
        assertFalse(deadError.isBlank());

        signIn();
        browser.open("#/subscriptions/dead");
        browser.await(By.cssSelector("details.delivery.failed summary")).click();
        WebElement deadAttempts = browser.await(By.cssSelector("details.delivery[open] table.attempts"));
        assertTrue(deadAttempts.getText().contains(deadError), deadAttempts.getText() + " lacks " + deadError);
        assertTrue(deadAttempts.getText().contains("no answer"), deadAttempts.getText());

        browser.open("#/subscriptions/flaky");
        browser.await(By.cssSelector("details.delivery.failed summary")).click();
        WebElement attempts = browser.await(By.cssSelector("details.delivery[open] table.attempts"));
        assertTrue(attempts.getText().contains("HTTP 500"), attempts.getText());
        assertTrue(attempts.getText().contains("database down"), attempts.getText());
        assertEquals(2, attempts.findElements(By.cssSelector("tbody tr")).size(), "the first attempt and one retry");
        browser.script("arguments[0].scrollIntoView({block: 'center'})", attempts);
        browser.screenshot("delivery-attempts");

        // the endpoint is fixed: one delivery by hand
        flakyFails.set(false);
        int before = receiver.requestsTo("/flaky").size();
        browser.driver.findElement(By.xpath("//details[@open]//button[text()='Retry now']")).click();
        browser.waiting(DEADLINE).until(d -> browser.mainText().contains("Queued again"));
        Poll.until(DEADLINE, "the retry at the receiver", () -> receiver.requestsTo("/flaky").size() == before + 1);
        waitForDelivery("flaky", "succeeded", 1);

        // another failure, then the whole window again
        flakyFails.set(true);
        herald.postEvent("{\"type\": \"render.completed\", \"data\": {\"attempt\": \"second\"}}");
        waitForDelivery("flaky", "failed", 1);
        flakyFails.set(false);
        int beforeReplay = receiver.requestsTo("/flaky").size();
        browser.open("#/subscriptions/flaky");
        browser.await(By.xpath("//button[text()='Replay']")).click();
        browser.waiting(DEADLINE).until(d -> browser.mainText().contains("Queued 1 delivery again."));
        Poll.until(DEADLINE, "the replay at the receiver", () -> receiver.requestsTo("/flaky").size() == beforeReplay + 1);
        assertTrue(receiver.requestsTo("/flaky").get(beforeReplay).bodyText().contains("second"));
        waitForDelivery("flaky", "succeeded", 2);
    }

    @Test
    void the_secret_is_revealed_and_rotated() {
        String old = createSubscription("rotating", receiver.url("/rotating"), "[\"*\"]");
        signIn();
        browser.open("#/subscriptions/rotating");
        browser.await(By.xpath("//button[text()='Reveal secret']")).click();
        WebElement shown = browser.await(By.cssSelector("#secret-title ~ div input[readonly]"));
        assertEquals(old, shown.getAttribute("value"));
        browser.driver.findElement(By.xpath("//button[text()='Rotate secret']")).click();
        browser.driver.switchTo().alert().accept();
        browser.waiting(DEADLINE).until(d -> browser.mainText().contains("New secret in use"));
        String fresh = browser.driver.findElement(By.cssSelector("#secret-title ~ div input[readonly]")).getAttribute("value");
        assertNotEquals(old, fresh);
        assertTrue(fresh.startsWith("whsec_"));
        assertEquals(fresh, api().get("/api/v1/subscriptions/rotating/secret").json().get("secret").asText());
    }

    @Test
    void the_live_tail_shows_a_posted_event_within_5_seconds() {
        signIn();
        browser.open("#/tail");
        browser.waiting(DEADLINE).until(d -> browser.mainText().contains("Live: waiting for events"));
        long start = System.nanoTime();
        herald.postEvent("{\"type\": \"file.ready\", \"data\": {\"marker\": \"tail-4711\"},"
                + " \"resource\": {\"type\": \"files\", \"id\": \"f1\"}}");
        browser.waiting(Duration.ofSeconds(5)).until(d -> browser.mainText().contains("tail-4711"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 5000, ms + " ms");
        assertTrue(browser.mainText().contains("files/f1"));
        assertFalse(browser.driver.getCurrentUrl().contains(Herald.API_KEY), "the key never enters a URL");
    }

    @Test
    void hostile_event_data_stays_text_in_every_view() {
        String hostile = "<img src=x onerror=\\\"window.__pwned=1\\\"><script>window.__pwned=2</script>";
        signIn();
        browser.open("#/tail");
        browser.waiting(DEADLINE).until(d -> browser.mainText().contains("Live:"));
        String id = herald.postEvent("{\"type\": \"hostile.test\", \"data\": {\"name\": \"" + hostile + "\"},"
                + " \"resource\": {\"type\": \"x\", \"id\": \"y\"}}").get("id").asText();
        browser.awaitText("<img src=x onerror=");
        assertInert();
        browser.open("#/events?type=hostile.*");
        browser.awaitText("<img src=x onerror=");
        assertInert();
        browser.open("#/events/" + id);
        browser.awaitText("<script>window.__pwned=2</script>");
        assertInert();
    }

    static void assertInert() {
        assertEquals(Boolean.TRUE, browser.script("return window.__pwned === undefined"), "a script from event data ran");
        assertTrue(browser.driver.findElements(By.cssSelector("main img, main script")).isEmpty(), "data became markup");
    }

    @Test
    void a_401_sends_the_user_back_to_sign_in_with_a_message() {
        signIn();
        // the key is revoked while the tab is open: the next request is refused
        browser.script("sessionStorage.setItem('herald.portal.credential', JSON.stringify({kind: 'operator', secret: 'revoked'}))");
        browser.open("#/subscriptions");
        browser.waiting(DEADLINE).until(d -> d.getCurrentUrl().endsWith("#/signin"));
        // the access check answers every route (tenant/TenantAccess), so its message is the one shown
        browser.awaitText("Herald refused your credential (401: missing or invalid api key or tenant token). Sign in again.");
    }

    @Test
    void the_overview_shows_health_rates_and_the_subscriptions_that_need_attention() {
        createSubscription("broken", receiver.url("/flaky"), "[\"file.*\"]");
        createSubscription("paused", receiver.url("/ok"), "[\"file.*\"]");
        api().post("/api/v1/subscriptions/paused/disable", "");
        flakyFails.set(true);
        herald.postEvent("{\"type\": \"file.ready\", \"data\": {\"id\": \"660e8400\"}}");
        waitForDelivery("broken", "failed", 1);
        signIn();
        browser.open("#/overview");
        browser.awaitText("Healthy");
        browser.awaitText("broken");
        String text = browser.mainText();
        assertTrue(text.contains("Failing subscriptions"), text);
        assertTrue(text.contains("disabled: manual"), text);
        assertTrue(browser.driver.findElements(By.cssSelector("svg.chart rect")).size() >= 180, "a bar a minute, three kinds");
        browser.screenshot("overview");
        browser.driver.findElement(By.linkText("broken")).click();
        browser.waiting(DEADLINE).until(d -> d.getCurrentUrl().endsWith("#/subscriptions/broken"));
    }

    @Test
    void every_field_has_a_label_and_pages_fit_a_phone() {
        createSubscription("labelled", receiver.url("/ok"), "[\"*\"]");
        signIn();
        for (String page : List.of("#/subscriptions/new", "#/subscriptions/labelled", "#/events", "#/tail")) {
            browser.open(page);
            browser.await(By.cssSelector("main input, main select"));
            Object unlabelled = browser.script("""
                    return [...document.querySelectorAll('input, select, textarea')]
                      .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
                      .map(e => e.outerHTML.slice(0, 80));""");
            assertEquals(List.of(), unlabelled, page);
        }
        browser.resize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String page : List.of("#/subscriptions", "#/subscriptions/labelled")) {
                browser.open(page);
                browser.awaitText("labelled");
                Object fits = browser.script("return document.documentElement.scrollWidth <= window.innerWidth + 1");
                assertEquals(Boolean.TRUE, fits, page + " scrolls sideways at phone width");
            }
            browser.screenshot("phone-subscription");
        } finally {
            browser.resize(Browser.DESKTOP);
        }
    }

    @Test
    void a_subscription_is_edited_disabled_enabled_and_deleted() {
        createSubscription("editable", receiver.url("/ok"), "[\"render.completed\"]");
        assertEquals(200, api().patch("/api/v1/subscriptions/editable", "{\"headers\": {\"X-Keep\": \"1\", \"X-Drop\": \"2\"}}")
                .status());
        signIn();
        browser.open("#/subscriptions/editable/edit");
        WebElement headers = browser.field("Extra headers");
        headers.clear();
        headers.sendKeys("X-Keep: 1\nX-New: 3");
        browser.await(By.cssSelector("label[for='type-file.ready']")).click();
        browser.await(By.cssSelector("label[for='type-render.completed']")).click();
        WebElement retry = browser.field("Retry schedule");
        retry.clear();
        retry.sendKeys("1s, 5s");
        browser.driver.findElement(By.xpath("//button[text()='Save changes']")).click();
        browser.waiting(DEADLINE).until(d -> d.getCurrentUrl().endsWith("#/subscriptions/editable"));
        browser.awaitText("1s, 5s");
        JsonNode s = api().get("/api/v1/subscriptions/editable").json();
        assertEquals("[\"file.ready\"]", s.get("events").toString());
        assertEquals("[\"1s\",\"5s\"]", s.get("retrySchedule").toString());
        assertEquals(java.util.Map.of("X-Keep", "1", "X-New", "3"), io.herald.core.Json.MAPPER.convertValue(s.get("headers"),
                java.util.Map.class), "a header taken out is gone");

        browser.driver.findElement(By.xpath("//button[text()='Disable']")).click();
        browser.waiting(DEADLINE).until(d -> browser.mainText().contains("disabled (manual)"));
        assertFalse(api().get("/api/v1/subscriptions/editable").json().get("enabled").asBoolean());
        browser.driver.findElement(By.xpath("//button[text()='Enable']")).click();
        browser.waiting(DEADLINE).until(d -> d.findElements(By.xpath("//button[text()='Disable']")).size() == 1);
        assertTrue(api().get("/api/v1/subscriptions/editable").json().get("enabled").asBoolean());

        browser.driver.findElement(By.xpath("//button[text()='Delete']")).click();
        browser.driver.switchTo().alert().accept();
        browser.waiting(DEADLINE).until(d -> d.getCurrentUrl().endsWith("#/subscriptions"));
        assertEquals(404, api().get("/api/v1/subscriptions/editable").status());
    }

    @Test
    void the_catalog_page_shows_each_type_with_its_example() {
        signIn();
        browser.open("#/event-types");
        browser.awaitText("video_ready");
        WebElement type = browser.driver.findElement(By.xpath("//details[summary/span[text()='encoding.finished']]"));
        type.findElement(By.tagName("summary")).click();
        assertTrue(type.findElement(By.cssSelector("pre.json")).getText().contains("\"status\": \"done\""));
    }

    @Test
    void the_delivery_log_pages_through_the_apis_cursor_instead_of_loading_everything() {
        createSubscription("busy", receiver.url("/busy"), "[\"busy.*\"]");
        for (int i = 0; i < 30; i++) herald.postEvent("{\"type\": \"busy.tick\", \"data\": {\"i\": " + i + "}}");
        Poll.until(DEADLINE, "30 deliveries", () -> receiver.requestsTo("/busy").stream()
                .filter(r -> r.bodyText().contains("busy.tick")).count() == 30);
        signIn();
        browser.open("#/subscriptions/busy");
        browser.await(By.cssSelector("details.delivery"));
        assertEquals(25, browser.driver.findElements(By.cssSelector("details.delivery")).size(), "one page");
        browser.driver.findElement(By.xpath("//button[text()='Show older deliveries']")).click();
        browser.waiting(DEADLINE).until(d -> d.findElements(By.cssSelector("details.delivery")).size() == 30);
        browser.awaitText("No older deliveries.");
    }
}
