package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.proto.LeaderInfoRequest;
import io.shoal.rpc.proto.LeaderInfoResponse;
import io.shoal.rpc.proto.ManagerControlGrpc;
import java.util.function.Supplier;

/** Manager-to-manager calls; for now who leads, the ground for forwarding requests to the leader. */
final class ManagerControlService extends ManagerControlGrpc.ManagerControlImplBase {
    private final Supplier<String> ownNodeId;
    private final Supplier<Dispatcher> dispatchers;
    private final ManagerDirectory managers;

    ManagerControlService(Supplier<String> ownNodeId, Supplier<Dispatcher> dispatchers, ManagerDirectory managers) {
        this.ownNodeId = requireNonNull(ownNodeId, "ownNodeId is null");
        this.dispatchers = requireNonNull(dispatchers, "dispatchers is null");
        this.managers = requireNonNull(managers, "managers is null");
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
