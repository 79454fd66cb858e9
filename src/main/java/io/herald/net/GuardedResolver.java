package io.herald.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The webhook client's only resolver: it keeps the addresses the current policy allows and fails when none is
 * left. Because Jetty connects only to what this returns, DNS cannot smuggle a private address in.
 */
public final class GuardedResolver implements SocketAddressResolver {
    private final Executor executor;
    private final Supplier<AddressPolicy> policy;

    public GuardedResolver(Executor executor, Supplier<AddressPolicy> policy) {
        this.executor = executor;
        this.policy = policy;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        executor.execute(() -> {
            try {
                promise.succeeded(allowed(host, port));
            } catch (Exception e) {
                promise.failed(e);
            }
        });
    }

    List<InetSocketAddress> allowed(String host, int port) throws UnknownHostException, BlockedAddressException {
        AddressPolicy p = policy.get();
        List<InetSocketAddress> ok = new ArrayList<>();
        String refusal = null;
        for (InetAddress a : InetAddress.getAllByName(host)) {
            Optional<String> why = p.refusal(a);
            if (why.isEmpty()) ok.add(new InetSocketAddress(a, port));
            else refusal = why.get();
        }
        if (ok.isEmpty()) throw new BlockedAddressException(refusal);
        return ok;
    }
}
