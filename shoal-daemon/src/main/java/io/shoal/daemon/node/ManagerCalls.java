package io.shoal.daemon.node;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.shoal.api.NodeRole;
import io.shoal.api.ShoalException;
import io.shoal.daemon.config.HostPort;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.client.ManagerConnection;
import io.shoal.rpc.proto.CAGrpc;
import io.shoal.rpc.proto.JoinRaftRequest;
import io.shoal.rpc.proto.ManagerControlGrpc;
import io.shoal.rpc.proto.NodeRoleRequest;
import io.shoal.rpc.proto.RaftMember;
import io.shoal.rpc.proto.RaftMembersRequest;
import io.shoal.rpc.proto.RaftMembersResponse;
import io.shoal.store.raft.RaftPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The node's own calls to the managers beyond the dispatcher's: its desired role, the Raft group. */
final class ManagerCalls {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** Adding a member waits for it to catch up (perhaps from a snapshot). */
    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(70);

    private ManagerCalls() {}

    /** The role this node's spec asks for now. */
    static NodeRole desiredRole(ManagerConnection c) {
        ManagedChannel ch = c.channel();
        try {
            return NodeRole.of(CAGrpc.newBlockingStub(ch).withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .nodeRole(NodeRoleRequest.getDefaultInstance()).getDesiredRole());
        } catch (StatusRuntimeException e) {
            throw failure(c, ch, e);
        }
    }

    /** What the node should trust and which issuer its certificate should have (root CA rotation). */
    static io.shoal.rpc.ca.TrustStatus trustStatus(ManagerConnection c) {
        ManagedChannel ch = c.channel();
        try {
            io.shoal.rpc.proto.TrustStatusResponse r = CAGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .trustStatus(io.shoal.rpc.proto.TrustStatusRequest.getDefaultInstance());
            return new io.shoal.rpc.ca.TrustStatus(r.getTrustRootPem(),
                    new io.shoal.api.Node.TlsInfo(r.getTrustRootPem(), r.getIssuerSubject(), r.getIssuerPublicKey()),
                    r.getRotationInProgress());
        } catch (StatusRuntimeException e) {
            throw failure(c, ch, e);
        }
    }

    /** The Raft group's members, as the current manager knows them (needs a manager certificate). */
    static List<RaftPeer> raftMembers(ManagerConnection c) {
        ManagedChannel ch = c.channel();
        try {
            return peers(ManagerControlGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .raftMembers(RaftMembersRequest.getDefaultInstance()));
        } catch (StatusRuntimeException e) {
            throw failure(c, ch, e);
        }
    }

    /**
     * Asks the leader to add this manager to the Raft group: tries the managers in turn (a follower
     * answers Unavailable), each manager once.
     */
    static List<RaftPeer> joinRaft(ManagerConnection c, String raftAddr, String advertiseAddr) {
        ShoalException last = null;
        int tries = Math.max(1, c.managers().size());
        for (int i = 0; i < tries; i++) {
            ManagedChannel ch = c.channel();
            try {
                return peers(ManagerControlGrpc.newBlockingStub(ch)
                        .withDeadlineAfter(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .joinRaft(JoinRaftRequest.newBuilder().setRaftAddr(raftAddr).setAdvertiseAddr(advertiseAddr)
                                .build()));
            } catch (StatusRuntimeException e) {
                last = failure(c, ch, e);
                if (!(last instanceof ShoalException.Unavailable)) {
                    throw last;
                }
            }
        }
        throw last;
    }

    private static ShoalException failure(ManagerConnection c, ManagedChannel ch, StatusRuntimeException e) {
        ShoalException err = GrpcErrors.toShoal(e);
        if (err instanceof ShoalException.Unavailable) {
            c.failover(ch);
        }
        return err;
    }

    private static List<RaftPeer> peers(RaftMembersResponse r) {
        List<RaftPeer> out = new ArrayList<>();
        for (RaftMember m : r.getMembersList()) {
            out.add(new RaftPeer(m.getNodeId(),
                    HostPort.parse(m.getRaftAddr(), "", HostPort.DEFAULT_RAFT_PORT).toSocketAddress()));
        }
        return out;
    }

    /** {@code id@host:port}, as NodeState keeps Raft peers. */
    static List<String> format(List<RaftPeer> peers) {
        return peers.stream().map(p -> p.memberId() + "@" + p.address().getHostString() + ":" + p.address().getPort())
                .toList();
    }

    static List<RaftPeer> parse(List<String> peers) {
        List<RaftPeer> out = new ArrayList<>();
        for (String p : peers) {
            int at = p.indexOf('@');
            out.add(new RaftPeer(p.substring(0, at),
                    HostPort.parse(p.substring(at + 1), "", HostPort.DEFAULT_RAFT_PORT).toSocketAddress()));
        }
        return out;
    }
}
