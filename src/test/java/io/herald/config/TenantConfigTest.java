package io.herald.config;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** config.yaml's tenant keys: defaults, and every bad value refused with the key's name. */
class TenantConfigTest {
    static final String KEYS = ConfigLoaderTest.KEYS;
    static final String SUB = ConfigLoaderTest.SUB;

    @Test
    void defaults_are_a_cap_of_20_no_public_url_and_no_tenant() {
        Config c = ConfigLoaderTest.parse(KEYS + SUB);
        assertEquals(20, c.tenants().maxSubscriptions());
        assertNull(c.server().publicUrl());
        assertEquals("http://127.0.0.1:9999", c.server().publicUrl(9999));
        assertNull(c.subscriptions().get(0).tenant());
    }

    @Test
    void a_subscription_names_its_tenant_and_public_url_loses_its_trailing_slash() {
        Config c = ConfigLoaderTest.parse(KEYS + "server:\n  public-url: https://hooks.example.com/herald/\n"
                + "tenants:\n  max-subscriptions: 3\n" + SUB + "    tenant: acme.eu:1\n");
        assertEquals("acme.eu:1", c.subscriptions().get(0).tenant());
        assertEquals(3, c.tenants().maxSubscriptions());
        assertEquals("https://hooks.example.com/herald", c.server().publicUrl(8080));
    }

    @Test
    void bad_tenant_values_are_refused_naming_the_key() {
        ConfigLoaderTest.refused(KEYS + SUB + "    tenant: \"a b\"\n",
                "config.yaml: subscriptions[0].tenant: \"a b\" must be 1..128 chars of [A-Za-z0-9_.:-]");
        ConfigLoaderTest.refused(KEYS + "tenants:\n  max-subscriptions: -1\n",
                "config.yaml: tenants.max-subscriptions: -1 is out of range 0..1000000");
        ConfigLoaderTest.refused(KEYS + "tenants:\n  max-subscription: 5\n", "config.yaml: tenants.max-subscription: unknown key");
        ConfigLoaderTest.refused(KEYS + "server:\n  public-url: ftp://x\n",
                "config.yaml: server.public-url: \"ftp://x\" must be an http or https url");
    }
}
