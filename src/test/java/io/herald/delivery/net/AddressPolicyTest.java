package io.herald.delivery.net;

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
}
