package io.shoal.store.raft;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Translates a {@link RaftConfig} into Ratis' properties, spelling out every setting Shoal relies on. */
final class RatisSettings {
    /** A proposal larger than this is refused before it reaches the log (SwarmKit caps at 1.5 MiB). */
    static final int MAX_PROPOSAL_BYTES = 4 << 20;
    /** Ratis asks the state machine for a snapshot once this many entries passed since the last one. */
    static final long SNAPSHOT_CHECK_ENTRIES = 64;
    /** A restarting member asks for votes sooner than the steady-state timeout; pre-vote keeps that harmless. */
    private static final Duration FIRST_ELECTION_TIMEOUT_MIN = Duration.ofMillis(150);
    private static final Duration FIRST_ELECTION_TIMEOUT_MAX = Duration.ofMillis(300);

    /** How long a member being added may go without answering, and how long one snapshot chunk may take. */
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private RatisSettings() {}

    static RaftProperties properties(RaftConfig config) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(RaftNode.raftDir(config.dataDir()).toFile()));

        GrpcConfigKeys.Server.setHost(p, config.address().getHostString());
        GrpcConfigKeys.Server.setPort(p, config.address().getPort());

        RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(config.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(config.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, duration(min(FIRST_ELECTION_TIMEOUT_MIN,
                config.electionTimeoutMin())));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, duration(min(FIRST_ELECTION_TIMEOUT_MAX,
                config.electionTimeoutMax())));
        RaftServerConfigKeys.LeaderElection.setPreVote(p, true);

        // A joining member may first load a large snapshot; Ratis' defaults (3 x election timeout
        // for an answer, 3 s per snapshot chunk) fail joins on a busy machine.
        RaftServerConfigKeys.setStagingTimeout(p, duration(CATCH_UP_TIMEOUT));
        GrpcConfigKeys.Server.setInstallSnapshotRequestTimeout(p, duration(CATCH_UP_TIMEOUT));

        // Durability: the leader counts its own copy of an entry only once the segment file is
        // fsync'd, so a proposal that returned survives kill -9. These are Ratis' defaults, pinned.
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, false);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.logSegmentSize()));
        // By default the leader appends a metadata entry (the commit index) after every commit: a
        // second log entry, and mostly a second fsync, per proposal. It only lets a restarted
        // member apply before it hears from a leader; a one-member group replays its whole log
        // before it leads anyway, and a follower waits for the leader's commit index.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        // An entry must fit one append batch, and a batch the write buffer (Ratis checks both);
        // leave room above the proposal cap.
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf(2L * MAX_PROPOSAL_BYTES));
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(3L * MAX_PROPOSAL_BYTES));
        // Purge whenever a snapshot allows it (only whole closed segments go).
        RaftServerConfigKeys.Log.setPurgeGap(p, 1);

        if (config.snapshotInterval() > 0) {
            // Ratis only asks; the state machine decides, by entries or by changes since the last
            // snapshot, so it must be asked before the entry interval is reached.
            RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
            RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p,
                    Math.min(config.snapshotInterval(), SNAPSHOT_CHECK_ENTRIES));
        } else {
            RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, false);
        }
        // No snapshot on close: closing stays quick; the next start replays at most one interval.
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
        // Old snapshots are removed by the state machine once a new one is complete; Ratis' own
        // clean-up would race the snapshot thread (it deletes what it sees as half-written).
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, -1);
        return p;
    }

    static Parameters parameters(RaftConfig config) {
        Parameters parameters = new Parameters();
        if (config.tls() != null) {
            // Server, admin and client channels all share the one port, so one TLS configuration.
            GrpcConfigKeys.TLS.setConf(parameters, config.tls());
        }
        return parameters;
    }

    private static TimeDuration duration(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
