package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.proto.LeaderInfoRequest;
import io.shoal.rpc.proto.LeaderInfoResponse;
import io.shoal.rpc.proto.ManagerControlGrpc;
import io.shoal.api.ShoalException;
import io.shoal.rpc.proto.JoinRaftRequest;
import io.shoal.rpc.proto.ApiRequest;
import io.shoal.rpc.proto.ApiResponse;
import io.shoal.rpc.proto.RaftMember;
import io.shoal.rpc.proto.RaftMembersRequest;
import io.shoal.rpc.proto.RaftMembersResponse;
import io.shoal.store.raft.RaftPeer;
import java.util.List;
import java.util.function.Supplier;

/** Manager-to-manager calls: who leads, and the Raft group's membership (a new manager joins through the leader). */
final class ManagerControlService extends ManagerControlGrpc.ManagerControlImplBase {
    private final Supplier<String> ownNodeId;
    private final Supplier<Dispatcher> dispatchers;
    private final ManagerDirectory managers;
    private final RaftControl raft;
    private final LocalApi api;

    ManagerControlService(Supplier<String> ownNodeId, Supplier<Dispatcher> dispatchers, ManagerDirectory managers,
                          RaftControl raft, LocalApi api) {
        this.api = requireNonNull(api, "api is null");
        this.ownNodeId = requireNonNull(ownNodeId, "ownNodeId is null");
        this.dispatchers = requireNonNull(dispatchers, "dispatchers is null");
        this.managers = requireNonNull(managers, "managers is null");
        this.raft = requireNonNull(raft, "raft is null");
    }

    @Override
    public void raftMembers(RaftMembersRequest request, StreamObserver<RaftMembersResponse> out) {
        try {
            out.onNext(members(raft.members()));
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void joinRaft(JoinRaftRequest request, StreamObserver<RaftMembersResponse> out) {
        try {
            if (request.getRaftAddr().isBlank() || request.getAdvertiseAddr().isBlank()) {
                throw new ShoalException.InvalidArgument("a manager joining the raft group must give its raft and "
                        + "advertise addresses");
            }
            out.onNext(members(raft.join(Caller.current().nodeId(), request.getRaftAddr(), request.getAdvertiseAddr())));
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void dataKey(io.shoal.rpc.proto.DataKeyRequest request,
                        StreamObserver<io.shoal.rpc.proto.DataKeyResponse> out) {
        try {
            byte[] key = raft.dataKey(Caller.current().nodeId());
            out.onNext(io.shoal.rpc.proto.DataKeyResponse.newBuilder()
                    .setKey(com.google.protobuf.ByteString.copyFrom(key)).build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void forwardApi(ApiRequest request, StreamObserver<ApiResponse> out) {
        try {
            LocalApi.Reply r = api.handle(request.getMethod(), request.getPath(), request.getHeadersMap(),
                    request.getBody().toByteArray());
            out.onNext(ApiResponse.newBuilder().setStatus(r.status()).putAllHeaders(r.headers())
                    .setBody(com.google.protobuf.ByteString.copyFrom(r.body())).build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    private static RaftMembersResponse members(List<RaftPeer> peers) {
        RaftMembersResponse.Builder b = RaftMembersResponse.newBuilder();
        for (RaftPeer p : peers) {
            b.addMembers(RaftMember.newBuilder().setNodeId(p.memberId())
                    .setRaftAddr(p.address().getHostString() + ":" + p.address().getPort()));
        }
        return b.build();
    }

    @Override
    public void leaderInfo(LeaderInfoRequest request, StreamObserver<LeaderInfoResponse> out) {
        try {
            out.onNext(LeaderInfoResponse.newBuilder()
                    .setNodeId(ownNodeId.get())
                    .setLeader(dispatchers.get() != null)
                    .setLeaderAddr(managers.leaderAddr().orElse(""))
                    .build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }
}
