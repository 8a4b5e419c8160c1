package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.shoal.rpc.DispatchCodec;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.rpc.proto.AssignmentsMessage;
import io.shoal.rpc.proto.SessionMessage;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent session as the server holds it: the dispatcher it belongs to, the node's Session
 * stream, and its Assignments stream once the node opens it. Assignments the dispatcher sends
 * before that stream exists (the complete set comes right after the session opens) wait here.
 * Called from gRPC threads and the dispatcher's thread, hence synchronized; every call is short.
 */
final class ServerSession implements AssignmentListener {
    private static final Logger log = LoggerFactory.getLogger(ServerSession.class);

    final String nodeId;
    final Dispatcher dispatcher;
    private final ServerCallStreamObserver<SessionMessage> sessionOut;
    private final Runnable onEnd;

    // guarded by this
    private String sessionId;
    private ServerCallStreamObserver<AssignmentsMessage> assignmentsOut;
    private final List<Assignments> pending = new ArrayList<>();
    private boolean ended;
    private Status endStatus;

    ServerSession(String nodeId, Dispatcher dispatcher, ServerCallStreamObserver<SessionMessage> sessionOut,
                  Runnable onEnd) {
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.sessionOut = requireNonNull(sessionOut, "sessionOut is null");
        this.onEnd = requireNonNull(onEnd, "onEnd is null");
    }

    synchronized String sessionId() {
        return sessionId;
    }

    /** The dispatcher accepted the session: tell the node its ID (first message of the stream). */
    synchronized boolean opened(SessionMessage first) {
        sessionId = first.getSessionId();
        if (ended) {
            return false; // the dispatcher ended it while it was being opened
        }
        try {
            sessionOut.onNext(first);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The node opened its Assignments stream: send what waited, then everything as it comes. */
    synchronized void attach(ServerCallStreamObserver<AssignmentsMessage> out) {
        if (ended) {
            out.onError(endStatus.asRuntimeException());
            return;
        }
        if (assignmentsOut != null) {
            // A second stream for the same session replaces the first.
            assignmentsOut.onCompleted();
        }
        assignmentsOut = out;
        for (Assignments a : pending) {
            send(a);
        }
        pending.clear();
    }

    synchronized void detach(ServerCallStreamObserver<AssignmentsMessage> out) {
        if (assignmentsOut == out) {
            assignmentsOut = null;
        }
    }

    @Override
    public synchronized void onAssignments(Assignments assignments) {
        if (ended) {
            return;
        }
        if (assignmentsOut == null) {
            if (assignments.complete()) {
                pending.clear(); // a complete set supersedes whatever waited
            }
            pending.add(assignments);
        } else {
            send(assignments);
        }
    }

    /** A later message on the Session stream: the managers changed (one joined, left or moved). */
    synchronized void announce(SessionMessage managers) {
        if (ended || sessionId == null) {
            return;
        }
        try {
            sessionOut.onNext(managers);
        } catch (RuntimeException e) {
            log.debug("announcing the managers to node {}: {}", nodeId, e.toString());
        }
    }

    /** The dispatcher ended the session: both streams end with UNAVAILABLE and the reason. */
    @Override
    public void onSessionClosed(String reason) {
        end(Status.UNAVAILABLE.withDescription(reason));
    }

    /** Ends the streams; OK for a node that closed its session itself. */
    void end(Status status) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endStatus = status;
            pending.clear();
            finish(sessionOut, status);
            if (assignmentsOut != null) {
                finish(assignmentsOut, status);
                assignmentsOut = null;
            }
        }
        onEnd.run();
    }

    synchronized boolean ended() {
        return ended;
    }

    private void send(Assignments a) {
        AssignmentsMessage.Builder m = AssignmentsMessage.newBuilder()
                .setType(a.complete() ? AssignmentsMessage.Type.COMPLETE : AssignmentsMessage.Type.INCREMENTAL)
                .addAllRemoved(a.removed())
                .setChanged(com.google.protobuf.ByteString.copyFrom(DispatchCodec.encodeTasks(a.changed())));
        try {
            assignmentsOut.onNext(m.build());
        } catch (RuntimeException e) {
            log.debug("node {}: assignments stream gone: {}", nodeId, e.toString());
            assignmentsOut = null;
        }
    }

    private static void finish(ServerCallStreamObserver<?> out, Status status) {
        try {
            if (out.isCancelled()) {
                return;
            }
            if (status.isOk()) {
                out.onCompleted();
            } else {
                out.onError(status.asRuntimeException());
            }
        } catch (RuntimeException e) {
            // the node is gone already
        }
    }
}
