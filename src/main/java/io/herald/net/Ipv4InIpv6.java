package io.herald.net;

import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;

/**
 * The IPv6 spellings of an IPv4 address, judged as Hook0 judges them: an IPv6 address that carries an IPv4 one
 * must not smuggle {@code 127.0.0.1} past a check that only knows IPv6 ranges.
 *
 * <ul>
 *   <li>{@code ::ffff:0:0/96} (IPv4-mapped) and {@code 64:ff9b::/96} (NAT64's well-known prefix) <em>are</em> the
 *   IPv4 address inside: judged as it. DNS64 gives every IPv4-only host a {@code 64:ff9b::} address, so refusing
 *   that prefix whole would stop every delivery on a NAT64 network.</li>
 *   <li>IPv4-compatible {@code ::/96}, IPv4-translated {@code ::ffff:0:0:0/96} and 6to4 {@code 2002::/16} are
 *   deprecated spellings that are never a webhook target, whatever they carry; so is the rest of the reserved
 *   {@code ::/8} and of {@code 64:ff9b::/32} (the local-use NAT64 {@code 64:ff9b:1::/48}, whose prefix length,
 *   and so where the IPv4 sits, cannot be read from the address).</li>
 * </ul>
 *
 * @param form how to name the spelling in an error ("an IPv4-compatible address")
 * @param carried the IPv4 address inside, or null when it cannot be read from the address
 * @param isThatIpv4 true when the address is judged as {@code carried}; false when it is refused whatever it carries
 */
record Ipv4InIpv6(String form, IPv4Address carried, boolean isThatIpv4) {

    /** The spelling {@code a} is, or null for an IPv6 address that carries no IPv4 one. */
    static Ipv4InIpv6 of(IPv6Address a) {
        int s0 = a.getSegment(0).getSegmentValue();
        int s1 = a.getSegment(1).getSegmentValue();
        boolean zeros1to4 = zero(a, 1, 4);
        if (s0 == 0 && zeros1to4 && a.getSegment(5).getSegmentValue() == 0xffff) {
            return new Ipv4InIpv6("an IPv4-mapped address", low32(a), true);
        }
        if (s0 == 0x64 && s1 == 0xff9b && zero(a, 2, 5)) return new Ipv4InIpv6("a NAT64 address", low32(a), true);
        if (s0 == 0x64 && s1 == 0xff9b) return new Ipv4InIpv6("a local-use NAT64 address", null, false);
        if (s0 == 0x2002) return new Ipv4InIpv6("a 6to4 address", a.get6To4IPv4Address(), false);
        if (s0 == 0 && zeros1to4 && a.getSegment(5).getSegmentValue() == 0) {
            return new Ipv4InIpv6("an IPv4-compatible address", low32(a), false);
        }
        if (s0 == 0 && zero(a, 1, 3) && a.getSegment(4).getSegmentValue() == 0xffff && a.getSegment(5).getSegmentValue() == 0) {
            return new Ipv4InIpv6("an IPv4-translated address", low32(a), false);
        }
        if (s0 <= 0xff) return new Ipv4InIpv6("a reserved (::/8) address", null, false);
        return null;
    }

    private static boolean zero(IPv6Address a, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (a.getSegment(i).getSegmentValue() != 0) return false;
        }
        return true;
    }

    private static IPv4Address low32(IPv6Address a) {
        return a.getEmbeddedIPv4Address();
    }
}
