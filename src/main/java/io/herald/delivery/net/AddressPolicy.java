package io.herald.delivery.net;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where Herald will not deliver (CONTRACT 4.6): loopback, private, link-local, multicast and the other IANA
 * special-purpose ranges, unless {@code delivery.allow-networks} lists them. IPv4-mapped IPv6 is judged as the
 * IPv4 address inside it, so {@code ::ffff:127.0.0.1} cannot slip through.
 */
public final class AddressPolicy {
    private static final List<Range> REFUSED = List.of(
            range("0.0.0.0/8", "an unspecified"), range("10.0.0.0/8", "a private"), range("100.64.0.0/10", "a shared (CGNAT)"),
            range("127.0.0.0/8", "a loopback"), range("169.254.0.0/16", "a link-local"), range("172.16.0.0/12", "a private"),
            range("192.0.0.0/24", "a reserved"), range("192.0.2.0/24", "a documentation"), range("192.88.99.0/24", "a reserved"),
            range("192.168.0.0/16", "a private"), range("198.18.0.0/15", "a benchmarking"),
            range("198.51.100.0/24", "a documentation"), range("203.0.113.0/24", "a documentation"),
            range("224.0.0.0/4", "a multicast"), range("240.0.0.0/4", "a reserved"),
            range("::/128", "an unspecified"), range("::1/128", "a loopback"), range("64:ff9b::/96", "a NAT64"),
            range("100::/64", "a discard"), range("2001:db8::/32", "a documentation"), range("fc00::/7", "a private (unique local)"),
            range("fe80::/10", "a link-local"), range("ff00::/8", "a multicast"));

    private record Range(IPAddress block, String kind) {}

    private final List<IPAddress> allowed = new ArrayList<>();

    /** @param allowNetworks CIDRs (or single addresses) already checked by {@link #cidrProblem} */
    public AddressPolicy(List<String> allowNetworks) {
        for (String cidr : allowNetworks) allowed.add(new IPAddressString(cidr.trim()).getAddress());
    }

    /** Empty when Herald may deliver to this address, else why not. */
    public Optional<String> refusal(InetAddress address) {
        IPAddress a = judged(new IPAddressString(address.getHostAddress()).getAddress());
        for (IPAddress allow : allowed) {
            if (allow.getIPVersion() == a.getIPVersion() && allow.contains(a)) return Optional.empty();
        }
        for (Range r : REFUSED) {
            if (r.block().getIPVersion() == a.getIPVersion() && r.block().contains(a)) {
                return Optional.of(address.getHostAddress() + " is " + r.kind() + " address and not in delivery.allow-networks");
            }
        }
        return Optional.empty();
    }

    /** For an API url whose host is a literal IP: why it is refused, or empty (a host name is judged later). */
    public Optional<String> refusalOfLiteral(String host) {
        IPAddressString s = new IPAddressString(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        if (!s.isIPAddress()) return Optional.empty();
        try {
            return refusal(InetAddress.getByName(s.getAddress().toCanonicalString()));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Null when the text is a valid CIDR or address, else what is wrong. */
    public static String cidrProblem(String text) {
        try {
            IPAddress a = new IPAddressString(text == null ? "" : text.trim()).toAddress();
            return a == null ? "\"" + text + "\" is not a CIDR like 10.0.0.0/8" : null;
        } catch (AddressStringException e) {
            return "\"" + text + "\" is not a CIDR like 10.0.0.0/8";
        }
    }

    private static IPAddress judged(IPAddress a) {
        if (a.isIPv6() && a.toIPv6().isIPv4Mapped()) return a.toIPv6().getEmbeddedIPv4Address();
        return a;
    }

    private static Range range(String cidr, String kind) {
        return new Range(new IPAddressString(cidr).getAddress().toPrefixBlock(), kind);
    }
}
