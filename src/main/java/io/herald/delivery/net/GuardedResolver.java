package io.herald.delivery.net;
import java.net.*; import java.util.*; import java.util.concurrent.Executor; import java.util.function.Supplier;
import org.eclipse.jetty.util.Promise; import org.eclipse.jetty.util.SocketAddressResolver;
/** STUB */
public final class GuardedResolver implements SocketAddressResolver {
  private final Executor ex; private final Supplier<AddressPolicy> p;
  public GuardedResolver(Executor ex, Supplier<AddressPolicy> p) { this.ex = ex; this.p = p; }
  public void resolve(String host, int port, Map<String,Object> ctx, Promise<List<InetSocketAddress>> promise) {
    ex.execute(() -> { try { List<InetSocketAddress> ok = new ArrayList<>(); String why = null;
      for (InetAddress a : InetAddress.getAllByName(host)) { var r = p.get().refusal(a); if (r.isEmpty()) ok.add(new InetSocketAddress(a, port)); else why = r.get(); }
      if (ok.isEmpty()) promise.failed(new BlockedAddressException(why)); else promise.succeeded(ok);
    } catch (Exception e) { promise.failed(e); } });
  }
}
