package io.herald.portal;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Http;
import io.herald.testing.TestReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** A customer's way in: the portal link of CONTRACT 8 shows that tenant's own subscriptions and nothing else. */
class PortalTenantIT extends BrowserTest {
    @BeforeAll
    static void start() throws Exception {
        startAll("", r -> TestReceiver.Answer.status(204));
    }

    static void create(String id, String tenant) {
        String t = tenant == null ? "" : ", \"tenant\": \"" + tenant + "\"";
        Http.Response r = api().post("/api/v1/subscriptions",
                "{\"id\": \"" + id + "\", \"url\": \"" + receiver.url("/" + id) + "\"" + t + "}");
        assertEquals(201, r.status(), r.body());
    }

    @Test
    void a_tenants_portal_link_shows_only_that_tenants_subscriptions() {
        create("acme-renders", "acme");
        create("acme-files", "acme");
        create("globex-renders", "globex");
        create("operator-all", null);
        Http.Response link = api().post("/api/v1/tenants/acme/portal-link", "{\"ttl\": \"1h\"}");
        assertEquals(200, link.status(), link.body());
        String url = link.json().get("url").asText();
        assertTrue(url.contains("/portal/#token="), url);

        // the link as the customer opens it; the page takes the token out of the address bar at once
        browser.open(url.substring(url.indexOf('#')));
        browser.awaitText("acme-renders");
        assertFalse(browser.driver.getCurrentUrl().contains("token="), browser.driver.getCurrentUrl());
        assertEquals("tenant", browser.script(
                "return JSON.parse(sessionStorage.getItem('herald.portal.credential')).kind"));
        String text = browser.mainText();
        assertTrue(text.contains("acme-files"), text);
        assertFalse(text.contains("globex-renders"), text);
        assertFalse(text.contains("operator-all"), text);
        assertTrue(browser.driver.findElement(By.id("who")).getText().contains("Tenant acme"));
        assertTrue(browser.driver.findElements(By.linkText("Overview")).isEmpty(), "no operator pages for a tenant");
        assertTrue(browser.driver.findElements(By.linkText("Tenants")).isEmpty(), "no operator pages for a tenant");
        browser.screenshot("tenant-portal");

        // another tenant's subscription is not there at all
        browser.open("#/subscriptions/globex-renders");
        browser.awaitText("Could not load subscription globex-renders");
        assertTrue(browser.mainText().contains("HTTP 404"), browser.mainText());
    }

    @Test
    void the_operator_lists_tenants_and_copies_a_portal_link() {
        create("initech-a", "initech");
        browser.signedOut();
        browser.await(By.cssSelector("input[name=key]")).sendKeys(io.herald.testing.Herald.API_KEY, org.openqa.selenium.Keys.ENTER);
        browser.await(By.cssSelector("nav a[aria-current=page]"));
        browser.open("#/tenants");
        browser.awaitText("initech");
        browser.driver.findElement(By.xpath("//tr[td[text()='initech']]//button[text()='Copy portal link']")).click();
        String link = browser.await(By.cssSelector("input[aria-label='Portal link for initech']")).getAttribute("value");
        assertTrue(link.contains("/portal/#token="), link);
        browser.screenshot("tenants");
    }
}
