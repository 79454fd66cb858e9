package io.herald.delivery.net;
import java.net.InetAddress; import java.util.*;
/** STUB */
public final class AddressPolicy {
  private final List<String> allow;
  public AddressPolicy(List<String> allow) { this.allow = allow; }
  public Optional<String> refusal(InetAddress a) {
    for (String c : allow) if (c.startsWith("127.") && a.isLoopbackAddress()) return Optional.empty();
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) return Optional.of(a.getHostAddress() + " is a private address and not in delivery.allow-networks");
    return Optional.empty();
  }
}
