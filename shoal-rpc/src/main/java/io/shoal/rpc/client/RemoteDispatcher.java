package io.shoal.rpc.client;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.shoal.api.Json;
import io.shoal.rpc.DispatchCodec;
import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.rpc.GrpcErrors;
import io.shoal.rpc.proto.AssignmentsMessage;
import io.shoal.rpc.proto.AssignmentsRequest;
import io.shoal.rpc.proto.CloseSessionRequest;
import io.shoal.rpc.proto.DispatcherGrpc;
import io.shoal.rpc.proto.HeartbeatRequest;
import io.shoal.rpc.proto.SessionMessage;
import io.shoal.rpc.proto.SessionRequest;
import io.shoal.rpc.proto.UpdateTaskStatusRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's dispatcher seen from a node across the network: the {@link Dispatcher} contract
 * over gRPC with mutual TLS, for the agent's {@code Supplier<Dispatcher>}.
 * <p>
 * {@link #openSession} opens the Session stream, waits for the session ID, then opens the
 * Assignments stream, whose messages go to the listener. When the manager ends the session or the
 * connection breaks, the listener hears {@code onSessionClosed} once and the agent opens a new
 * session; failed calls throw ShoalException (Unavailable for a lost session or manager, which
 * also moves the connection on to the next manager). The {@code nodeId} arguments must be this
 * node's: the manager takes the ID from the certificate. One node, one session: opening a new one
 * abandons the previous one.
 */
public final class RemoteDispatcher implements Dispatcher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteDispatcher.class);
    /** SwarmKit's agent RPC timeout. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final ManagerConnection connection;
    private final Duration callTimeout;

    // guarded by this
    private RemoteSession session;

    public RemoteDispatcher(ManagerConnection connection) {
        this(connection, DEFAULT_CALL_TIMEOUT);
    }

    public RemoteDispatcher(ManagerConnection connection, Duration callTimeout) {
        this.connection = requireNonNull(connection, "connection is null");
        this.callTimeout = requireNonNull(callTimeout, "callTimeout is null");
        if (!callTimeout.isPositive()) {
            throw new IllegalArgumentException("callTimeout must be positive");
        }
    }

    @Override
    public Session openSession(String nodeId, Node.Description description, String addr, AssignmentListener listener) {
        checkNode(nodeId);
        requireNonNull(listener, "listener is null");
        ManagedChannel channel = connection.channel();
        RemoteSession s = new RemoteSession(channel, listener);
        synchronized (this) {
            if (session != null) {
                session.abandon();
            }
            session = s;
        }
        SessionRequest.Builder req = SessionRequest.newBuilder().setAddr(addr == null ? "" : addr);
        if (description != null) {
            req.setDescriptionJson(ByteString.copyFrom(Json.writeBytes(description)));
        }
        SessionMessage first;
        try {
            DispatcherGrpc.newStub(channel).session(req.build(), s.sessionObserver);
            first = s.first.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            s.opened(first.getSessionId());
            DispatcherGrpc.newStub(channel).assignments(
                    AssignmentsRequest.newBuilder().setSessionId(first.getSessionId()).build(), s.assignmentsObserver);
        } catch (TimeoutException e) {
            s.abandon();
            String manager = connection.currentManager();
            connection.failover(channel);
            throw new ShoalException.Unavailable("manager " + manager + " did not open a session within " + callTimeout);
        } catch (ExecutionException e) {
            s.abandon();
            throw failure(e.getCause(), channel);
        } catch (InterruptedException e) {
            s.abandon();
            Thread.currentThread().interrupt();
            throw new ShoalException.Unavailable("interrupted while opening a session");
        } catch (RuntimeException e) {
            s.abandon();
            throw GrpcErrors.toShoal(e);
        }
        // From here on the listener hears of the end of the session; before, openSession throws.
        String endedWhileOpening = s.established();
        if (endedWhileOpening != null) {
            throw new ShoalException.Unavailable(endedWhileOpening);
        }
        log.debug("session {} open with manager {}", first.getSessionId(), connection.currentManager());
        return new Session(first.getSessionId(), first.getHeartbeatPeriodNanos());
    }

    @Override
    public long heartbeat(String nodeId, String sessionId) {
        checkNode(nodeId);
        ManagedChannel channel = connection.channel();
        try {
            return DispatcherGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .heartbeat(HeartbeatRequest.newBuilder().setSessionId(sessionId).build())
                    .getPeriodNanos();
        } catch (StatusRuntimeException e) {
            throw failure(e, channel);
        }
    }

    @Override
    public void updateTaskStatus(String nodeId, String sessionId, List<TaskStatusUpdate> updates) {
        checkNode(nodeId);
        UpdateTaskStatusRequest.Builder req = UpdateTaskStatusRequest.newBuilder().setSessionId(sessionId)
                .setUpdates(ByteString.copyFrom(DispatchCodec.encodeStatuses(updates)));
        ManagedChannel channel = connection.channel();
        try {
            DispatcherGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .updateTaskStatus(req.build());
        } catch (StatusRuntimeException e) {
            throw failure(e, channel);
        }
    }

    @Override
    public void closeSession(String nodeId, String sessionId) {
        checkNode(nodeId);
        RemoteSession s;
        synchronized (this) {
            s = session != null && sessionId.equals(session.sessionId()) ? session : null;
            if (s != null) {
                session = null;
            }
        }
        if (s != null) {
            s.closing();
        }
        try {
            DispatcherGrpc.newBlockingStub(connection.channel())
                    .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .closeSession(CloseSessionRequest.newBuilder().setSessionId(sessionId).build());
        } catch (RuntimeException e) {
            log.debug("closing session {}: {}", sessionId, e.toString());
        } finally {
            if (s != null) {
                s.abandon();
            }
        }
    }

    /** Abandons the open session, if any (the manager's dispatcher lets it time out). */
    @Override
    public void close() {
        RemoteSession s;
        synchronized (this) {
            s = session;
            session = null;
        }
        if (s != null) {
            s.abandon();
        }
    }

    private void checkNode(String nodeId) {
        String own = connection.identity().current().nodeId();
        if (!own.equals(nodeId)) {
            throw new IllegalArgumentException("this connection is node " + own + "'s, not " + nodeId + "'s");
        }
    }

    /** A failed call as ShoalException; a manager that is gone or not leading is left for the next one. */
    private ShoalException failure(Throwable t, ManagedChannel channel) {
        Status.Code code = Status.fromThrowable(t).getCode();
        ShoalException e = GrpcErrors.toShoal(t);
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            boolean sessionProblem = e.getMessage() != null && e.getMessage().startsWith("session invalid");
            if (!sessionProblem) {
                connection.failover(channel);
            }
        }
        return e;
    }

    /** The client half of one session: its two streams and the listener that hears of both. */
    private final class RemoteSession {
        final CompletableFuture<SessionMessage> first = new CompletableFuture<>();
        final ManagedChannel channel;
        final AssignmentListener listener;
        final ClientResponseObserver<SessionRequest, SessionMessage> sessionObserver;
        final ClientResponseObserver<AssignmentsRequest, AssignmentsMessage> assignmentsObserver;

        // guarded by this
        private String sessionId;
        private boolean established; // openSession returned it: its end goes to the listener
        private boolean done; // closed, abandoned or failed: the listener hears nothing more
        private String endReason;
        private final List<ClientCallStreamObserver<?>> calls = new ArrayList<>();

        RemoteSession(ManagedChannel channel, AssignmentListener listener) {
            this.channel = channel;
            this.listener = listener;
            this.sessionObserver = new ClientResponseObserver<>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<SessionRequest> call) {
                    track(call);
                }

                @Override
                public void onNext(SessionMessage m) {
                    first.complete(m); // later messages announce a changed manager set
                    if (m.getManagersCount() > 0) {
                        connection.updateManagers(m.getManagersList());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    if (!first.completeExceptionally(t)) {
                        ended(GrpcErrors.toShoal(t).getMessage());
                    }
                }

                @Override
                public void onCompleted() {
                    if (!first.completeExceptionally(Status.UNAVAILABLE
                            .withDescription("the manager closed the session").asRuntimeException())) {
                        ended("the manager closed the session");
                    }
                }
            };
            this.assignmentsObserver = new ClientResponseObserver<>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<AssignmentsRequest> call) {
                    track(call);
                }

                @Override
                public void onNext(AssignmentsMessage m) {
                    Assignments a;
                    try {
                        a = decode(m);
                    } catch (RuntimeException e) {
                        ended("undecodable assignments: " + e.getMessage());
                        return;
                    }
                    if (isLive()) { // gRPC calls one stream's observer from one thread at a time
                        listener.onAssignments(a);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    ended(GrpcErrors.toShoal(t).getMessage());
                }

                @Override
                public void onCompleted() {
                    ended("the manager closed the assignments stream");
                }
            };
        }

        synchronized String sessionId() {
            return sessionId;
        }

        synchronized void opened(String id) {
            sessionId = id;
        }

        private synchronized boolean isLive() {
            return !done;
        }

        // Called before the call starts: cancelling it here would make the start fail, so a call
        // that begins after the session ended is cancelled by whoever sees that (established()).
        private synchronized void track(ClientCallStreamObserver<?> call) {
            calls.add(call);
        }

        /**
         * openSession is about to return the session: null if it is still alive (its end now
         * goes to the listener), else why it ended, for openSession to throw instead, so the
         * agent hears of the failure exactly once.
         */
        String established() {
            List<ClientCallStreamObserver<?>> toCancel;
            String reason;
            synchronized (this) {
                if (!done) {
                    established = true;
                    return null;
                }
                toCancel = List.copyOf(calls);
                reason = endReason == null ? "session abandoned" : endReason;
            }
            toCancel.forEach(c -> c.cancel("session ended", null));
            return reason;
        }

        /** The session ended on the manager's side or on the wire: tell the agent, once. */
        void ended(String reason) {
            List<ClientCallStreamObserver<?>> toCancel;
            boolean tell;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                endReason = reason;
                tell = established;
                toCancel = List.copyOf(calls);
            }
            toCancel.forEach(c -> c.cancel("session ended", null));
            log.debug("session {} ended: {}", sessionId(), reason);
            if (tell) {
                listener.onSessionClosed(reason);
            }
        }

        /** The agent closes the session: no more calls to the listener. */
        synchronized void closing() {
            done = true;
        }

        /** Cancels both streams without telling the listener. */
        void abandon() {
            List<ClientCallStreamObserver<?>> toCancel;
            synchronized (this) {
                done = true;
                toCancel = List.copyOf(calls);
            }
            toCancel.forEach(c -> c.cancel("session abandoned", null));
        }
    }

    private static Assignments decode(AssignmentsMessage m) {
        List<Task> changed = DispatchCodec.decodeTasks(m.getChanged().toByteArray());
        return new Assignments(m.getType() == AssignmentsMessage.Type.COMPLETE, changed, m.getRemovedList());
    }
}
