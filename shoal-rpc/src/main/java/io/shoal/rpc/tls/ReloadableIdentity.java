package io.shoal.rpc.tls;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.X509KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's current TLS identity, replaced in place when its certificate is renewed. Servers and
 * channels built from it present the new certificate on their next handshake without a restart
 * (through {@link #keyManager()}); subscribers hear of each change, e.g. to reconnect.
 */
public final class ReloadableIdentity {
    private static final Logger log = LoggerFactory.getLogger(ReloadableIdentity.class);

    private final ReloadableKeyManager keyManager;
    private final List<Consumer<TlsIdentity>> listeners = new CopyOnWriteArrayList<>();

    public ReloadableIdentity(TlsIdentity initial) {
        this.keyManager = new ReloadableKeyManager(requireNonNull(initial, "initial is null"));
    }

    public TlsIdentity current() {
        return keyManager.current();
    }

    /**
     * Swaps in a renewed identity. It must be the same node (a role change is fine: a promotion
     * takes effect through a renewal).
     */
    public void update(TlsIdentity next) {
        requireNonNull(next, "next is null");
        TlsIdentity cur = current();
        if (!cur.nodeId().equals(next.nodeId())) {
            throw new IllegalArgumentException("a renewed certificate must keep the node ID " + cur.nodeId()
                    + ", got " + next.nodeId());
        }
        keyManager.update(next);
        log.info("TLS identity is now {}", next);
        for (Consumer<TlsIdentity> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                log.warn("identity listener failed", e);
            }
        }
    }

    /** Calls {@code listener} after each {@link #update}; the returned runnable unsubscribes. */
    public Runnable subscribe(Consumer<TlsIdentity> listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
        return () -> listeners.remove(listener);
    }

    /** The key manager to build TLS contexts with: it always serves the current identity. */
    public X509KeyManager keyManager() {
        return keyManager;
    }
}
