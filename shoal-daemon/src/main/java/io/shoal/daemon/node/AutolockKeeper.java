package io.shoal.daemon.node;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.shoal.api.Cluster;
import io.shoal.api.ShoalException;
import io.shoal.api.time.Clock;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.rpc.proto.DataKeyRequest;
import io.shoal.rpc.proto.ManagerControlGrpc;
import io.shoal.store.MemoryStore;
import io.shoal.store.crypto.DataKey;
import io.shoal.store.crypto.UnlockKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a manager's key files sealed as its replica of the cluster says: when autolock is turned
 * on or off, or the unlock key rotates, it re-seals the data key and the TLS key with the new
 * unlock key (or writes them in clear); a TLS key the renewer wrote in clear is sealed again.
 * Each manager does this for itself on seeing the change in its replica (as SwarmKit's managers do).
 */
final class AutolockKeeper {
    private static final Logger log = LoggerFactory.getLogger(AutolockKeeper.class);
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final Path swarmDir;
    private final MemoryStore store;
    private final BooleanSupplier caughtUp;
    private final Clock clock;
    private final DataKey dataKey;
    /** The unlock key the files are sealed with now; null: in clear. Guarded by this. */
    private UnlockKey sealedWith;
    private Clock.Cancellable timer; // guarded by this
    private boolean stopped; // guarded by this

    /**
     * @param caughtUp whether the replica holds the cluster as it is now: while a manager replays or
     *     catches up it shows past states, and sealing with an unlock key rotated away since would
     *     lock the manager out if it restarted before the next check
     */
    AutolockKeeper(Path swarmDir, MemoryStore store, BooleanSupplier caughtUp, Clock clock, DataKey dataKey,
                   UnlockKey sealedWith) {
        this.swarmDir = requireNonNull(swarmDir, "swarmDir is null");
        this.store = requireNonNull(store, "store is null");
        this.caughtUp = requireNonNull(caughtUp, "caughtUp is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.dataKey = requireNonNull(dataKey, "dataKey is null");
        this.sealedWith = sealedWith;
    }

    DataKey dataKey() {
        return dataKey;
    }

    /** The unlock key the files are sealed with now; null when they are in clear. */
    synchronized UnlockKey sealedWith() {
        return sealedWith;
    }

    synchronized void start() {
        if (!stopped && timer == null) {
            schedule();
        }
    }

    synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private synchronized void schedule() {
        if (!stopped) {
            timer = clock.schedule(CHECK_EVERY, () -> {
                check();
                schedule();
            });
        }
    }

    /** Re-seals if the replica asks for another unlock key than the files have. */
    synchronized void check() {
        try {
            if (stopped || !caughtUp.getAsBoolean()) {
                return; // a replica still filling says nothing yet
            }
            Cluster c = store.view(tx -> tx.cluster()).orElse(null);
            if (c == null) {
                return;
            }
            UnlockKey wanted = wanted(c);
            if (!Objects.equals(wanted, sealedWith)) {
                ManagerKeys.seal(swarmDir, dataKey, sealedWith, wanted);
                log.info(wanted == null ? "autolock is off: this manager's keys are stored in clear"
                        : sealedWith == null ? "autolock is on: this manager's keys are sealed with the unlock key"
                        : "the unlock key rotated: this manager's keys are sealed with the new one");
                sealedWith = wanted;
            } else if (wanted != null && ManagerKeys.tlsKeyInClear(swarmDir)) {
                ManagerKeys.seal(swarmDir, dataKey, wanted, wanted);
                log.info("a renewed TLS key was sealed with the unlock key");
            }
        } catch (RuntimeException e) {
            log.warn("cannot re-seal this manager's keys: {}", e.toString());
        }
    }

    static UnlockKey wanted(Cluster c) {
        boolean on = c.spec() != null && c.spec().encryptionConfig() != null
                && Boolean.TRUE.equals(c.spec().encryptionConfig().autoLockManagers());
        if (!on || c.unlockKey() == null || c.unlockKey().isEmpty()) {
            return null;
        }
        return UnlockKey.parse(c.unlockKey());
    }

    /** Asks the managers for the group's data key (a manager about to start its Raft member). */
    static DataKey fetch(ManagerConnection c) {
        ShoalException last = null;
        int tries = Math.max(1, c.managers().size());
        for (int i = 0; i < tries; i++) {
            ManagedChannel ch = c.channel();
            try {
                return DataKey.of(ManagerControlGrpc.newBlockingStub(ch)
                        .withDeadlineAfter(ManagerCalls.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .dataKey(DataKeyRequest.getDefaultInstance()).getKey().toByteArray());
            } catch (StatusRuntimeException e) {
                last = GrpcErrors.toShoal(e);
                if (!(last instanceof ShoalException.Unavailable)) {
                    throw last;
                }
                c.failover(ch);
            }
        }
        throw last;
    }
}
