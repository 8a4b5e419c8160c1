package io.shoal.manager.ca;

import static java.util.Objects.requireNonNull;

import io.shoal.api.Cluster;
import io.shoal.api.Node;
import io.shoal.api.time.Clock;
import io.shoal.manager.orchestrator.LoopComponent;
import io.shoal.manager.orchestrator.StoreLoop;
import io.shoal.store.MemoryStore;
import io.shoal.store.ReadTx;
import io.shoal.store.StoreEvent;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes a root CA rotation on the leader (SwarmKit's {@code ca/reconciler.go}). While the
 * cluster's root CA has a rotation, every node is asked to get a certificate from the new root:
 * the CA issues with the new key from the moment the rotation starts, and each node compares the
 * issuer it has with the one the cluster wants ({@link RootRotations#desiredIssuer}), which it
 * sees in its manager's replica or through the CA's TrustStatus call, and renews when they
 * differ. Nodes report the issuer of their certificate in {@code Description.TLSInfo}; once every
 * node reports the new root as its issuer, the new root becomes the cluster's root (new join
 * tokens with it), and nodes then trust it and renew once more without the intermediate.
 * <p>
 * As in SwarmKit, nodes that are down are not skipped: a rotation completes when they come back
 * and renew (their old certificates are accepted until then), or once they are removed.
 */
public final class RootRotationReconciler implements LoopComponent {
    private static final Logger log = LoggerFactory.getLogger(RootRotationReconciler.class);
    /** Changes of nodes come in bursts as they renew: look once they settle. */
    static final Duration DEBOUNCE = Duration.ofMillis(100);

    private final MemoryStore store;
    private final Clock clock;
    private final StoreLoop loop;

    // Loop-thread state.
    private boolean dirty;

    public RootRotationReconciler(MemoryStore store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.loop = new StoreLoop("root-rotation", store, clock, DEBOUNCE, Duration.ofSeconds(1));
        loop.setHandler(new Handler());
    }

    @Override
    public StoreLoop loop() {
        return loop;
    }

    /** The rotation's progress: nodes whose certificate the new root issued, of all nodes. */
    public record Progress(int converged, int total, List<String> waitingFor) {}

    /** How far the rotation in {@code tx}'s cluster is; null when none is in progress. */
    public static Progress progress(ReadTx tx, Clock clock) {
        Cluster c = tx.cluster().orElse(null);
        if (c == null || c.rootCa() == null || c.rootCa().rootRotation() == null) {
            return null;
        }
        Node.TlsInfo wanted = RootRotations.desiredIssuer(c.rootCa(), clock);
        List<Node> nodes = tx.all(Table.NODES);
        List<String> waiting = nodes.stream().filter(n -> !RootRotations.hasIssuer(n, wanted)).map(Node::id).toList();
        return new Progress(nodes.size() - waiting.size(), nodes.size(), waiting);
    }

    private final class Handler implements StoreLoop.Handler {
        @Override
        public void init(ReadTx snapshot) {
            dirty = true;
        }

        @Override
        public void onChange(StoreEvent change) {
            Object o = switch (change) {
                case StoreEvent.Created c -> c.object();
                case StoreEvent.Updated u -> u.object();
                case StoreEvent.Deleted d -> d.object();
                case StoreEvent.Commit c -> null;
            };
            if (o instanceof Cluster || o instanceof Node) {
                dirty = true;
            }
        }

        @Override
        public void resync() {
            dirty = true;
        }

        @Override
        public void reconcile() {
            if (!dirty) {
                return;
            }
            dirty = false;
            Progress p = store.view(tx -> progress(tx, clock));
            if (p == null || !p.waitingFor().isEmpty()) {
                if (p != null) {
                    log.debug("root rotation: {}/{} nodes have a certificate from the new root", p.converged(), p.total());
                }
                return;
            }
            boolean done = store.update(tx -> {
                Cluster c = tx.cluster().orElse(null);
                Progress now = progress(tx, clock);
                if (c == null || now == null || !now.waitingFor().isEmpty()) {
                    return false; // changed since: the next change brings us back
                }
                tx.update(Table.CLUSTERS, RootRotations.finish(c, clock));
                return true;
            });
            if (done) {
                log.info("root rotation complete: all {} nodes hold certificates from the new root CA, "
                        + "which is now the cluster's root", p.total());
            }
        }
    }
}
