package io.herald.net;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where Herald will not deliver (CONTRACT 4.6): loopback, private, link-local, multicast and the other IANA
 * special-purpose ranges, unless {@code delivery.allow-networks} lists them. An IPv6 address that spells an IPv4
 * one ({@link Ipv4InIpv6}: IPv4-mapped, NAT64, IPv4-compatible, 6to4...) cannot slip {@code 127.0.0.1} through:
 * it is judged as that IPv4 address or refused outright, and opened only by allow-networks covering the IPv6
 * address itself or the IPv4 address it carries.
 */
public final class AddressPolicy {
    private static final List<Range> REFUSED = List.of(
            range("0.0.0.0/8", "an unspecified"), range("10.0.0.0/8", "a private"), range("100.64.0.0/10", "a shared (CGNAT)"),
            range("127.0.0.0/8", "a loopback"), range("169.254.0.0/16", "a link-local"), range("172.16.0.0/12", "a private"),
            range("192.0.0.0/24", "a reserved"), range("192.0.2.0/24", "a documentation"), range("192.88.99.0/24", "a reserved"),
            range("192.168.0.0/16", "a private"), range("198.18.0.0/15", "a benchmarking"),
            range("198.51.100.0/24", "a documentation"), range("203.0.113.0/24", "a documentation"),
            range("224.0.0.0/4", "a multicast"), range("240.0.0.0/4", "a reserved"),
            range("::/128", "an unspecified"), range("::1/128", "a loopback"),
            range("100::/64", "a discard"), range("2001::/32", "a Teredo"), range("2001::/23", "an IETF protocol"),
            range("2001:db8::/32", "a documentation"), range("3fff::/20", "a documentation"),
            range("5f00::/16", "a segment routing"), range("fc00::/7", "a private (unique local)"),
            range("fe80::/10", "a link-local"), range("fec0::/10", "a site-local"), range("ff00::/8", "a multicast"));

    private record Range(IPAddress block, String kind) {}

    private final List<IPAddress> allowed = new ArrayList<>();

    /** @param allowNetworks CIDRs (or single addresses) already checked by {@link #cidrProblem} */
    public AddressPolicy(List<String> allowNetworks) {
        for (String cidr : allowNetworks) allowed.add(new IPAddressString(cidr.trim()).getAddress());
    }

    /** Empty when Herald may deliver to this address, else why not. */
    public Optional<String> refusal(InetAddress address) {
        byte[] raw = address.getAddress(); // without any zone: a scope cannot change what the address is
        IPAddress a = raw.length == 4 ? new IPv4Address(raw) : new IPv6Address(raw);
        String why = allowed(a) ? null : why(a);
        return why == null ? Optional.empty()
                : Optional.of(a.toCompressedString() + " is " + why + " and not in delivery.allow-networks");
    }

    /** Null when the address may be delivered to; else what it is ("a loopback address"). */
    private String why(IPAddress a) {
        String kind = kind(a);
        if (kind != null || !a.isIPv6()) return kind;
        Ipv4InIpv6 spelling = Ipv4InIpv6.of(a.toIPv6());
        if (spelling == null) return null;
        IPv4Address carried = spelling.carried();
        if (carried != null && allowed(carried)) return null;
        if (!spelling.isThatIpv4()) return spelling.form() + (carried == null ? "" : " carrying " + carried);
        String carriedKind = kind(carried);
        return carriedKind == null ? null : spelling.form() + " carrying " + carried + ", " + carriedKind;
    }

    private boolean allowed(IPAddress a) {
        for (IPAddress allow : allowed) {
            if (allow.getIPVersion() == a.getIPVersion() && allow.contains(a)) return true;
        }
        return false;
    }

    /** The refused range the address is in ("a loopback address"), or null. */
    private static String kind(IPAddress a) {
        for (Range r : REFUSED) {
            if (r.block().getIPVersion() == a.getIPVersion() && r.block().contains(a)) return r.kind() + " address";
        }
        return null;
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

    private static Range range(String cidr, String kind) {
        return new Range(new IPAddressString(cidr).getAddress().toPrefixBlock(), kind);
    }
}
