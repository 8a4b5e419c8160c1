package io.shoal.rpc.client;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.shoal.api.time.Clock;
import io.shoal.rpc.tls.ReloadableIdentity;
import io.shoal.rpc.tls.TlsContexts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's mutual-TLS connection to "a manager": one gRPC channel to the current manager out of a
 * list, moved to the next one on {@link #failover}, and the list refreshed from what the managers
 * announce. When the node's certificate is renewed the channel is replaced, so that new calls
 * present the new certificate; calls already running on the old one (the session streams) finish
 * there.
 */
public final class ManagerConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagerConnection.class);
    /** Clients accept large messages (a complete assignment set can be big), as SwarmKit's do. */
    static final int MAX_INBOUND_MESSAGE_BYTES = 128 << 20;

    private final ReloadableIdentity identity;
    private final Clock clock;
    private final Runnable unsubscribe;

    // guarded by this
    private SslContext tls;
    private List<ManagerAddress> managers;
    private int index;
    private ManagedChannel channel;
    private final List<ManagedChannel> retired = new ArrayList<>();
    private boolean closed;

    /** @param managerAddrs {@code host:port} of the managers to try, in order */
    public ManagerConnection(List<String> managerAddrs, ReloadableIdentity identity, Clock clock) {
        this.identity = requireNonNull(identity, "identity is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.managers = parse(managerAddrs);
        if (managers.isEmpty()) {
            throw new IllegalArgumentException("at least one manager address is needed");
        }
        this.tls = TlsContexts.client(identity, clock);
        this.unsubscribe = identity.subscribe(id -> reconnect("certificate renewed"));
    }

    public ReloadableIdentity identity() {
        return identity;
    }

    /** The channel to the current manager, connecting lazily. */
    public synchronized ManagedChannel channel() {
        if (closed) {
            throw new IllegalStateException("the manager connection is closed");
        }
        if (channel == null) {
            ManagerAddress a = managers.get(index);
            channel = NettyChannelBuilder.forAddress(a.host(), a.port())
                    .sslContext(tls)
                    .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                    .build();
            log.debug("connecting to manager {}", a);
        }
        return channel;
    }

    public synchronized String currentManager() {
        return managers.get(index).toString();
    }

    public synchronized List<String> managers() {
        return managers.stream().map(ManagerAddress::toString).toList();
    }

    /**
     * The manager behind {@code failed} did not answer (or does not lead): use the next one. A
     * no-op if the connection already moved on since {@code failed} was handed out.
     */
    public synchronized void failover(ManagedChannel failed) {
        if (closed || channel == null || channel != failed) {
            return;
        }
        retire();
        int next = (index + 1) % managers.size();
        if (next != index) {
            log.info("manager {} failed; switching to manager {}", managers.get(index), managers.get(next));
        }
        index = next;
    }

    /** Takes the managers' own list (from a session message); stays with the current one if listed. */
    public synchronized void updateManagers(List<String> addrs) {
        List<ManagerAddress> next;
        try {
            next = parse(addrs);
        } catch (RuntimeException e) {
            log.warn("ignoring a bad manager list {}: {}", addrs, e.getMessage());
            return;
        }
        if (next.isEmpty() || next.equals(managers)) {
            return;
        }
        ManagerAddress cur = managers.get(index);
        int i = next.indexOf(cur);
        if (i < 0) {
            // Keep talking to the manager we reached even if the list does not name it that way
            // (e.g. it advertises another address): put it first.
            List<ManagerAddress> withCurrent = new ArrayList<>();
            withCurrent.add(cur);
            withCurrent.addAll(next);
            next = withCurrent;
            i = 0;
        }
        managers = next;
        index = i;
    }

    private synchronized void reconnect(String why) {
        if (closed) {
            return;
        }
        // A new TLS context too: the old one's session cache would resume TLS sessions that were
        // authenticated with the old certificate, and the manager would still see that one.
        tls = TlsContexts.client(identity, clock);
        if (channel != null) {
            log.info("reconnecting to manager {}: {}", managers.get(index), why);
            retire();
        }
    }

    // guarded by this
    private void retire() {
        channel.shutdown(); // running calls finish on it; new ones go to a new channel
        retired.add(channel);
        retired.removeIf(ManagedChannel::isTerminated);
        channel = null;
    }

    @Override
    public void close() {
        List<ManagedChannel> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(retired);
            if (channel != null) {
                all.add(channel);
            }
            channel = null;
            retired.clear();
        }
        unsubscribe.run();
        all.forEach(ManagedChannel::shutdownNow);
    }

    private static List<ManagerAddress> parse(List<String> addrs) {
        requireNonNull(addrs, "managerAddrs is null");
        return List.copyOf(new LinkedHashSet<>(addrs.stream().map(ManagerAddress::parse).toList()));
    }
}
