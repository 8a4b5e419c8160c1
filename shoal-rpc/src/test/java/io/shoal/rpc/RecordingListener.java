package io.shoal.rpc;

import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Keeps what the dispatcher sent, for a test to take in order (waiting at most 10 s for each). */
public final class RecordingListener implements AssignmentListener {
    private final BlockingQueue<Assignments> assignments = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> closed = new LinkedBlockingQueue<>();

    @Override
    public void onAssignments(Assignments a) {
        assignments.add(a);
    }

    @Override
    public void onSessionClosed(String reason) {
        closed.add(reason);
    }

    public Assignments nextAssignments() throws InterruptedException {
        Assignments a = assignments.poll(10, TimeUnit.SECONDS);
        if (a == null) {
            throw new AssertionError("no assignments arrived within 10 s");
        }
        return a;
    }

    public String nextClose() throws InterruptedException {
        String r = closed.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the session did not close within 10 s");
        }
        return r;
    }

    public boolean hasClosed() {
        return !closed.isEmpty();
    }
}
