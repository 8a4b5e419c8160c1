package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.shoal.api.Json;
import io.shoal.rpc.DispatchCodec;
import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.proto.AssignmentsMessage;
import io.shoal.rpc.proto.AssignmentsRequest;
import io.shoal.rpc.proto.CloseSessionRequest;
import io.shoal.rpc.proto.CloseSessionResponse;
import io.shoal.rpc.proto.DispatcherGrpc;
import io.shoal.rpc.proto.HeartbeatRequest;
import io.shoal.rpc.proto.HeartbeatResponse;
import io.shoal.rpc.proto.SessionMessage;
import io.shoal.rpc.proto.SessionRequest;
import io.shoal.rpc.proto.UpdateTaskStatusRequest;
import io.shoal.rpc.proto.UpdateTaskStatusResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dispatcher service: each call is handed to the leader's in-process dispatcher with the node
 * ID taken from the caller's certificate. A session belongs to the dispatcher that opened it, so
 * after a leadership change the old sessions end and the nodes open new ones.
 */
final class DispatcherService extends DispatcherGrpc.DispatcherImplBase {
    private static final Logger log = LoggerFactory.getLogger(DispatcherService.class);
    static final String NOT_LEADER = "this manager is not the swarm leader: its dispatcher is not running";
    static final String SESSION_INVALID = "session invalid";

    private final Supplier<Dispatcher> dispatchers;
    private final ManagerDirectory managers;
    private final Supplier<String> rootCaPem;
    private final Map<String, ServerSession> sessions = new ConcurrentHashMap<>();
    /** The managers sessions were last told of; only the announcing timer touches it. */
    private volatile Set<String> announced = Set.of();

    DispatcherService(Supplier<Dispatcher> dispatchers, ManagerDirectory managers, Supplier<String> rootCaPem) {
        this.dispatchers = requireNonNull(dispatchers, "dispatchers is null");
        this.managers = requireNonNull(managers, "managers is null");
        this.rootCaPem = requireNonNull(rootCaPem, "rootCaPem is null");
    }

    @Override
    public void session(SessionRequest request, StreamObserver<SessionMessage> responseObserver) {
        ServerCallStreamObserver<SessionMessage> out = (ServerCallStreamObserver<SessionMessage>) responseObserver;
        Caller caller = Caller.current();
        try {
            Dispatcher d = dispatchers.get();
            if (d == null) {
                throw new ShoalException.Unavailable(NOT_LEADER);
            }
            Node.Description description = request.getDescriptionJson().isEmpty()
                    ? null : Json.read(request.getDescriptionJson().toByteArray(), Node.Description.class);
            String addr = request.getAddr().isBlank() ? caller.remoteHost() : request.getAddr();
            ServerSession[] holder = new ServerSession[1];
            ServerSession s = new ServerSession(caller.nodeId(), d, out, () -> {
                String id = holder[0].sessionId();
                if (id != null) {
                    sessions.remove(id, holder[0]);
                }
            });
            holder[0] = s;
            // The connection died without the node closing its session (a killed process): the
            // dispatcher gives it a short grace to come back before it is DOWN.
            out.setOnCancelHandler(() -> loseQuietly(s));
            Dispatcher.Session opened = d.openSession(caller.nodeId(), description, addr, s);
            sessions.put(opened.sessionId(), s);
            SessionMessage first = SessionMessage.newBuilder()
                    .setSessionId(opened.sessionId())
                    .setHeartbeatPeriodNanos(opened.heartbeatPeriodNanos())
                    .addAllManagers(managers.managerAddrs())
                    .setRootCaPem(rootCaPem.get())
                    .build();
            if (!s.opened(first)) {
                sessions.remove(opened.sessionId(), s);
                if (out.isCancelled()) {
                    closeDispatcherSession(s);
                }
            }
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void assignments(AssignmentsRequest request, StreamObserver<AssignmentsMessage> responseObserver) {
        ServerCallStreamObserver<AssignmentsMessage> out = (ServerCallStreamObserver<AssignmentsMessage>) responseObserver;
        try {
            ServerSession s = session(request.getSessionId());
            // Without its assignments stream a session would silently miss changes: end it, and
            // the node's next session starts from a complete set again.
            out.setOnCancelHandler(() -> {
                s.detach(out);
                loseQuietly(s); // a node closing on purpose calls CloseSession first
            });
            s.attach(out);
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
        try {
            ServerSession s = session(request.getSessionId());
            long period = s.dispatcher.heartbeat(s.nodeId, request.getSessionId());
            out.onNext(HeartbeatResponse.newBuilder().setPeriodNanos(period).build());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void updateTaskStatus(UpdateTaskStatusRequest request, StreamObserver<UpdateTaskStatusResponse> out) {
        try {
            ServerSession s = session(request.getSessionId());
            List<TaskStatusUpdate> updates = DispatchCodec.decodeStatuses(request.getUpdates().toByteArray());
            s.dispatcher.updateTaskStatus(s.nodeId, request.getSessionId(), updates);
            out.onNext(UpdateTaskStatusResponse.getDefaultInstance());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void closeSession(CloseSessionRequest request, StreamObserver<CloseSessionResponse> out) {
        try {
            ServerSession s = sessions.get(request.getSessionId());
            if (s != null && s.nodeId.equals(Caller.current().nodeId())) {
                closeQuietly(s, Status.OK);
            }
            out.onNext(CloseSessionResponse.getDefaultInstance());
            out.onCompleted();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
        }
    }

    /**
     * Tells every open session the managers there are now, when they differ from what sessions were
     * last told (or were told when they opened): nodes then know where to go when their manager dies,
     * also of managers that joined after their session opened.
     */
    void announceManagersIfChanged() {
        List<String> now = managers.managerAddrs();
        Set<String> set = Set.copyOf(now);
        if (set.equals(announced) || now.isEmpty()) {
            return;
        }
        announced = set;
        SessionMessage m = SessionMessage.newBuilder().addAllManagers(now).build();
        for (ServerSession s : sessions.values()) {
            s.announce(m);
        }
    }

    /** Ends every session this server holds (shutdown), telling their dispatchers. */
    void closeAll(String reason) {
        for (ServerSession s : List.copyOf(sessions.values())) {
            closeQuietly(s, Status.UNAVAILABLE.withDescription(reason));
        }
    }

    /** The caller's session; another node's session ID is as good as none. */
    private ServerSession session(String sessionId) {
        ServerSession s = sessions.get(sessionId);
        if (s == null || !s.nodeId.equals(Caller.current().nodeId()) || s.ended()) {
            throw new ShoalException.Unavailable(SESSION_INVALID);
        }
        return s;
    }

    private void closeQuietly(ServerSession s, Status status) {
        if (s.ended()) {
            return;
        }
        s.end(status);
        closeDispatcherSession(s);
    }

    private void loseQuietly(ServerSession s) {
        if (s.ended()) {
            return;
        }
        s.end(Status.CANCELLED.withDescription("the node hung up"));
        String id = s.sessionId();
        if (id == null) {
            return;
        }
        try {
            s.dispatcher.sessionLost(s.nodeId, id);
        } catch (RuntimeException e) {
            log.debug("losing session {} of node {}: {}", id, s.nodeId, e.toString());
        }
    }

    private static void closeDispatcherSession(ServerSession s) {
        String id = s.sessionId();
        if (id == null) {
            return;
        }
        try {
            s.dispatcher.closeSession(s.nodeId, id);
        } catch (RuntimeException e) {
            log.debug("closing session {} of node {}: {}", id, s.nodeId, e.toString());
        }
    }
}
