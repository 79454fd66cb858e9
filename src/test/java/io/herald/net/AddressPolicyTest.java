package io.herald.net;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    static boolean refused(AddressPolicy p, String ip) throws Exception {
        return p.refusal(InetAddress.getByName(ip)).isPresent();
    }

    @Test
    void private_loopback_link_local_multicast_and_reserved_addresses_are_refused() throws Exception {
        AddressPolicy p = new AddressPolicy(List.of());
        for (String ip : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fe80::1",
                "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1", "0.0.0.0", "100.64.0.1", "240.0.0.1", "::")) {
            assertTrue(refused(p, ip), ip + " must be refused");
        }
        for (String ip : List.of("93.184.216.34", "2606:4700::1111", "8.8.8.8")) assertFalse(refused(p, ip), ip);
        assertEquals("127.0.0.1 is a loopback address and not in delivery.allow-networks",
                p.refusal(InetAddress.getByName("127.0.0.1")).get());
    }

    @Test
    void allow_networks_opens_exactly_what_it_lists() throws Exception {
        AddressPolicy p = new AddressPolicy(List.of("127.0.0.0/8", "fd00::/8"));
        assertFalse(refused(p, "127.0.0.1"));
        assertFalse(refused(p, "::ffff:127.0.0.1"));
        assertFalse(refused(p, "fd12::1"));
        assertTrue(refused(p, "10.0.0.1"));
        assertTrue(refused(p, "::1"));
    }

    @Test
    void literal_ip_urls_are_judged_at_once_and_host_names_later() {
        AddressPolicy p = new AddressPolicy(List.of());
        assertTrue(p.refusalOfLiteral("10.0.0.8").isPresent());
        assertTrue(p.refusalOfLiteral("[::1]").isPresent());
        assertTrue(p.refusalOfLiteral("hooks.example.com").isEmpty());
        assertNull(AddressPolicy.cidrProblem("192.168.0.0/16"));
        assertNotNull(AddressPolicy.cidrProblem("not-a-cidr"));
    }

    @Test
    void the_resolver_fails_for_localhost_unless_allowed() throws Exception {
        GuardedResolver refusing = new GuardedResolver(Runnable::run, () -> new AddressPolicy(List.of()));
        CompletableFuture<List<java.net.InetSocketAddress>> f = new CompletableFuture<>();
        refusing.resolve("localhost", 80, Map.of(), Promise.from(f));
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(BlockedAddressException.class, e.getCause());
        GuardedResolver allowing = new GuardedResolver(Runnable::run, () -> new AddressPolicy(List.of("127.0.0.0/8", "::1/128")));
        CompletableFuture<List<java.net.InetSocketAddress>> g = new CompletableFuture<>();
        allowing.resolve("localhost", 80, Map.of(), Promise.from(g));
        assertFalse(g.get().isEmpty());
    }

    @Test
    void literal_ipv6_forms_that_embed_a_private_or_loopback_ipv4_are_refused() throws Exception {
        AddressPolicy p = new AddressPolicy(List.of());
        for (String ip : List.of("::127.0.0.1", "::10.0.0.1", "::ffff:0:127.0.0.1", "::ffff:0:a00:1", "2002:7f00:1::",
                "2002:a00:1::1", "64:ff9b::127.0.0.1", "64:ff9b::10.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1",
                "64:ff9b:1::5db8:d822", "::5efe:7f00:1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "fec0::1")) {
            assertTrue(refused(p, ip), ip + " must be refused");
        }
        assertEquals("::7f00:1 is an IPv4-compatible address carrying 127.0.0.1 and not in delivery.allow-networks",
                p.refusal(InetAddress.getByName("::127.0.0.1")).get());
        assertTrue(p.refusal(InetAddress.getByName("64:ff9b::10.0.0.1")).get().contains("carrying 10.0.0.1, a private"));
    }

    @Test
    void nat64_of_a_public_ipv4_is_delivered_like_that_ipv4_and_6to4_never_is() throws Exception {
        AddressPolicy p = new AddressPolicy(List.of());
        // DNS64 gives every IPv4-only host an address in 64:ff9b::/96: refusing the prefix would stop all delivery
        assertFalse(refused(p, "64:ff9b::93.184.216.34"));
        // 6to4 and IPv4-compatible are deprecated spellings of an IPv4 address: never a webhook target
        assertTrue(refused(p, "2002:5db8:d822::1"));
        assertTrue(refused(p, "::93.184.216.34"));
    }

    @Test
    void allow_networks_covering_the_embedded_ipv4_opens_the_ipv6_forms_that_carry_it() throws Exception {
        AddressPolicy p = new AddressPolicy(List.of("127.0.0.0/8"));
        for (String ip : List.of("::127.0.0.1", "::ffff:0:127.0.0.1", "2002:7f00:1::", "64:ff9b::127.0.0.1")) {
            assertFalse(refused(p, ip), ip + " carries an allowed IPv4");
        }
        for (String ip : List.of("::10.0.0.1", "2002:a00:1::", "64:ff9b::10.0.0.1")) assertTrue(refused(p, ip), ip);
    }

    @Test
    void literal_ipv6_urls_embedding_loopback_are_refused_at_once_and_the_resolver_refuses_them_at_connect() throws Exception {
        AddressPolicy p = new AddressPolicy(List.of());
        for (String host : List.of("[::127.0.0.1]", "[::ffff:0:127.0.0.1]", "[2002:7f00:1::]", "[64:ff9b::7f00:1]",
                "[64:ff9b:1::7f00:1]")) {
            assertTrue(p.refusalOfLiteral(host).isPresent(), host);
            GuardedResolver resolver = new GuardedResolver(Runnable::run, () -> p);
            CompletableFuture<List<java.net.InetSocketAddress>> f = new CompletableFuture<>();
            resolver.resolve(host.substring(1, host.length() - 1), 80, Map.of(), Promise.from(f));
            ExecutionException e = assertThrows(ExecutionException.class, f::get, host);
            assertInstanceOf(BlockedAddressException.class, e.getCause(), host);
        }
    }
}
