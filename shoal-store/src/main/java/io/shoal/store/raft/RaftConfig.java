package io.shoal.store.raft;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * How one manager takes part in the Raft group.
 *
 * @param dataDir where the log and snapshots live (under {@code dataDir/raft})
 * @param memberId this manager's Raft member ID
 * @param address where Ratis' gRPC transport listens, and what the other members dial
 * @param initialPeers only read when {@code dataDir} holds no Raft state yet (afterwards the
 *     membership stored in the log wins): empty, or only this member, starts a new one-member
 *     group; a list that includes this member starts a group of exactly those members; a list
 *     without this member joins an existing group, which must then add this member on its
 *     leader ({@link RaftNode#addMember})
 * @param snapshotInterval take a snapshot (and compact the log) every this many entries; 0: never
 * @param electionTimeoutMin a follower that hears nothing from a leader for a random time
 *     between min and max starts an election
 * @param electionTimeoutMax see {@code electionTimeoutMin}
 * @param requestTimeout how long a proposal waits for a leader and its commit before failing
 *     with Unavailable
 * @param logSegmentSize bytes per log segment file; only whole closed segments are compacted
 * @param tls transport security for the Raft traffic; null: plaintext (mutual TLS comes with the CA)
 */
public record RaftConfig(
        Path dataDir,
        String memberId,
        InetSocketAddress address,
        List<RaftPeer> initialPeers,
        long snapshotInterval,
        Duration electionTimeoutMin,
        Duration electionTimeoutMax,
        Duration requestTimeout,
        long logSegmentSize,
        GrpcTlsConfig tls) {

    /** SwarmKit's SnapshotInterval. */
    public static final long DEFAULT_SNAPSHOT_INTERVAL = 10_000;
    /**
     * Ratis' own default is 150-300 ms; on a loaded 2-core manager that churns elections, so we
     * wait longer (SwarmKit waits about 10 s).
     */
    public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofSeconds(2);
    /** Long enough to ride out one election plus a snapshot of a large store. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_LOG_SEGMENT_SIZE = 8L << 20;
    private static final long MIN_LOG_SEGMENT_SIZE = 64L << 10;

    public RaftConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(memberId, "memberId is null");
        requireNonNull(address, "address is null");
        initialPeers = List.copyOf(requireNonNull(initialPeers, "initialPeers is null"));
        requireNonNull(electionTimeoutMin, "electionTimeoutMin is null");
        requireNonNull(electionTimeoutMax, "electionTimeoutMax is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        if (memberId.isBlank()) {
            throw new IllegalArgumentException("memberId is blank");
        }
        if (snapshotInterval < 0) {
            throw new IllegalArgumentException("snapshotInterval is negative: " + snapshotInterval);
        }
        if (electionTimeoutMin.isNegative() || electionTimeoutMin.isZero()
                || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("election timeouts must satisfy 0 < min < max, got "
                    + electionTimeoutMin + " and " + electionTimeoutMax);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
        if (logSegmentSize < MIN_LOG_SEGMENT_SIZE) {
            throw new IllegalArgumentException("logSegmentSize must be at least " + MIN_LOG_SEGMENT_SIZE
                    + " bytes: " + logSegmentSize);
        }
        for (RaftPeer p : initialPeers) {
            if (p.memberId().equals(memberId) && !p.address().equals(address)) {
                throw new IllegalArgumentException("initialPeers lists " + memberId + " at " + p.address()
                        + " but this member listens on " + address);
            }
        }
    }

    /** The configuration as listed in the contract, with the default segment size and no TLS. */
    public RaftConfig(Path dataDir, String memberId, InetSocketAddress address, List<RaftPeer> initialPeers,
            long snapshotInterval, Duration electionTimeoutMin, Duration electionTimeoutMax,
            Duration requestTimeout) {
        this(dataDir, memberId, address, initialPeers, snapshotInterval, electionTimeoutMin, electionTimeoutMax,
                requestTimeout, DEFAULT_LOG_SEGMENT_SIZE, null);
    }

    /** A new one-member group (a fresh {@code swarm init}) with every default. */
    public static RaftConfig singleNode(Path dataDir, String memberId, InetSocketAddress address) {
        return new RaftConfig(dataDir, memberId, address, List.of(new RaftPeer(memberId, address)),
                DEFAULT_SNAPSHOT_INTERVAL, DEFAULT_ELECTION_TIMEOUT_MIN, DEFAULT_ELECTION_TIMEOUT_MAX,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /** This member as a peer. */
    public RaftPeer self() {
        return new RaftPeer(memberId, address);
    }

    public RaftConfig withInitialPeers(List<RaftPeer> peers) {
        return new RaftConfig(dataDir, memberId, address, peers, snapshotInterval, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, logSegmentSize, tls);
    }

    public RaftConfig withSnapshotInterval(long entries) {
        return new RaftConfig(dataDir, memberId, address, initialPeers, entries, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, logSegmentSize, tls);
    }

    public RaftConfig withElectionTimeout(Duration min, Duration max) {
        return new RaftConfig(dataDir, memberId, address, initialPeers, snapshotInterval, min, max,
                requestTimeout, logSegmentSize, tls);
    }

    public RaftConfig withRequestTimeout(Duration timeout) {
        return new RaftConfig(dataDir, memberId, address, initialPeers, snapshotInterval, electionTimeoutMin,
                electionTimeoutMax, timeout, logSegmentSize, tls);
    }

    public RaftConfig withLogSegmentSize(long bytes) {
        return new RaftConfig(dataDir, memberId, address, initialPeers, snapshotInterval, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, bytes, tls);
    }

    public RaftConfig withTls(GrpcTlsConfig tlsConfig) {
        return new RaftConfig(dataDir, memberId, address, initialPeers, snapshotInterval, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, logSegmentSize, tlsConfig);
    }

    /** Whether a node with no Raft state yet starts a group ({@code true}) or waits to be added to one. */
    boolean bootstraps() {
        return initialPeers.isEmpty() || initialPeers.stream().anyMatch(p -> p.memberId().equals(memberId));
    }

    /** The members of the group a node with no Raft state yet starts; empty when it joins. */
    List<RaftPeer> bootstrapPeers() {
        if (initialPeers.isEmpty()) {
            return List.of(self());
        }
        return bootstraps() ? initialPeers : List.of();
    }
}
