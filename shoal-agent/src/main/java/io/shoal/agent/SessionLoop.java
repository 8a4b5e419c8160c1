package io.shoal.agent;

import io.shoal.api.Node;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's session with a manager's dispatcher: open it, heartbeat at the period the dispatcher
 * asks for, and on any failure open a new one after a randomised backoff. Driven by clock timers;
 * the blocking calls run on the {@code work} executor. Assignments of an older session are ignored.
 */
final class SessionLoop {
    private static final Logger log = LoggerFactory.getLogger(SessionLoop.class);
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(5);

    /** What the loop tells the worker. Called on work threads (assignments: the dispatcher's thread). */
    interface Callbacks {
        void sessionOpened();

        void assignments(Assignments assignments);
    }

    /** An open session: the dispatcher it is with and the generation it belongs to. */
    record Current(Dispatcher dispatcher, String sessionId, long generation) {}

    private final String nodeId;
    private final Supplier<Dispatcher> dispatchers;
    private final Supplier<Node.Description> description;
    private final String addr;
    private final Clock clock;
    private final Executor work;
    private final Backoff backoff;
    private final Callbacks callbacks;

    // guarded by this
    private boolean started;
    private long generation;
    private Current current;
    private Clock.Cancellable timer;
    private int sessionsOpened;

    SessionLoop(String nodeId, Supplier<Dispatcher> dispatchers, Supplier<Node.Description> description, String addr,
                Clock clock, Executor work, Backoff backoff, Callbacks callbacks) {
        this.nodeId = nodeId;
        this.dispatchers = dispatchers;
        this.description = description;
        this.addr = addr;
        this.clock = clock;
        this.work = work;
        this.backoff = backoff;
        this.callbacks = callbacks;
    }

    void start() {
        synchronized (this) {
            if (started) {
                return;
            }
            started = true;
        }
        work.execute(this::connect);
    }

    void stop() {
        Current c;
        synchronized (this) {
            if (!started) {
                return;
            }
            started = false;
            generation++;
            c = current;
            current = null;
            cancelTimer();
        }
        if (c != null) {
            try {
                c.dispatcher().closeSession(nodeId, c.sessionId());
            } catch (RuntimeException e) {
                log.debug("closing session {}: {}", c.sessionId(), e.toString());
            }
        }
    }

    /** The open session, or null while (re)connecting. */
    synchronized Current current() {
        return current;
    }

    synchronized int sessionsOpened() {
        return sessionsOpened;
    }

    /** A call on the session failed or the dispatcher ended it: open a new one (once per session). */
    void broken(long gen, String why) {
        synchronized (this) {
            if (!started || current == null || current.generation() != gen) {
                return;
            }
            log.info("session {} with the dispatcher ended: {}", current.sessionId(), why);
            current = null;
            generation++;
            cancelTimer();
            scheduleReconnect();
        }
    }

    /**
     * Closes the open session and opens a new one at once, which sends the node's description
     * anew (SwarmKit's agent does so when its description changes, e.g. a new certificate issuer
     * in TLSInfo). The tasks keep running; the new session gets the complete assignment set.
     */
    void reopen(String why) {
        Current c;
        synchronized (this) {
            if (!started || current == null) {
                return; // not connected: the next session describes the node as it is then
            }
            c = current;
            current = null;
            generation++;
            cancelTimer();
        }
        log.info("reopening session {}: {}", c.sessionId(), why);
        closeQuietly(c.dispatcher(), c.sessionId());
        work.execute(this::connect);
    }

    private void connect() {
        long gen;
        synchronized (this) {
            if (!started || current != null) {
                return;
            }
            gen = ++generation;
        }
        Dispatcher d;
        Dispatcher.Session session;
        try {
            d = dispatchers.get();
            if (d == null) {
                throw new IllegalStateException("no manager known yet");
            }
            session = d.openSession(nodeId, description.get(), addr, new Listener(gen));
        } catch (RuntimeException e) {
            log.debug("opening a session failed: {}", e.toString());
            synchronized (this) {
                // also when the dispatcher ended the half-open session first (the generation moved on):
                // nothing else will reconnect then
                if (started && current == null && timer == null) {
                    scheduleReconnect();
                }
            }
            return;
        }
        synchronized (this) {
            if (!started || generation != gen) {
                // stopped, or the dispatcher already ended it while we were opening it
                if (!started) {
                    closeQuietly(d, session.sessionId());
                } else if (current == null && timer == null) {
                    scheduleReconnect();
                }
                return;
            }
            current = new Current(d, session.sessionId(), gen);
            sessionsOpened++;
            backoff.reset();
            scheduleHeartbeat(period(session.heartbeatPeriodNanos()), gen);
        }
        log.info("session {} opened", session.sessionId());
        callbacks.sessionOpened();
    }

    private void heartbeat(long gen) {
        Current c;
        synchronized (this) {
            c = current;
            if (!started || c == null || c.generation() != gen) {
                return;
            }
        }
        try {
            long next = c.dispatcher().heartbeat(nodeId, c.sessionId());
            synchronized (this) {
                if (started && current == c) {
                    scheduleHeartbeat(period(next), gen);
                }
            }
        } catch (RuntimeException e) {
            broken(gen, "heartbeat failed: " + e.getMessage());
        }
    }

    private static Duration period(long nanos) {
        return nanos > 0 ? Duration.ofNanos(nanos) : DEFAULT_HEARTBEAT;
    }

    // guarded by this
    private void scheduleHeartbeat(Duration period, long gen) {
        cancelTimer();
        timer = clock.schedule(period, () -> work.execute(() -> heartbeat(gen)));
    }

    // guarded by this
    private void scheduleReconnect() {
        cancelTimer();
        Duration wait = backoff.next();
        timer = clock.schedule(wait, () -> {
            synchronized (this) {
                timer = null;
            }
            work.execute(this::connect);
        });
    }

    // guarded by this
    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void closeQuietly(Dispatcher d, String sessionId) {
        try {
            d.closeSession(nodeId, sessionId);
        } catch (RuntimeException e) {
            log.debug("closing session {}: {}", sessionId, e.toString());
        }
    }

    private boolean isCurrent(long gen) {
        synchronized (this) {
            return started && generation == gen;
        }
    }

    /** One per session attempt, so a late call from an old session is recognised and dropped. */
    private final class Listener implements AssignmentListener {
        private final long gen;

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onAssignments(Assignments assignments) {
            if (isCurrent(gen)) {
                callbacks.assignments(assignments);
            }
        }

        @Override
        public void onSessionClosed(String reason) {
            synchronized (SessionLoop.this) {
                if (started && generation == gen && current == null) {
                    // closed while still opening: connect() sees the new generation and reconnects
                    generation++;
                    return;
                }
            }
            broken(gen, reason);
        }
    }
}
