package io.shoal.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Node;
import io.shoal.api.ShoalException;
import io.shoal.api.dispatch.AssignmentListener;
import io.shoal.api.dispatch.Assignments;
import io.shoal.api.dispatch.Dispatcher;
import io.shoal.api.dispatch.TaskStatusUpdate;
import io.shoal.store.raft.RaftPeer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservedDispatcherTest {
    /** Refuses sessions until told otherwise; records what reaches it. */
    private static final class Gate implements Dispatcher {
        ShoalException refusal;
        final List<String> calls = new ArrayList<>();

        @Override
        public Session openSession(String nodeId, Node.Description d, String addr, AssignmentListener l) {
            calls.add("open");
            if (refusal != null) {
                throw refusal;
            }
            return new Session("s1", 5);
        }

        @Override
        public long heartbeat(String nodeId, String sessionId) {
            calls.add("heartbeat");
            return 5;
        }

        @Override
        public void updateTaskStatus(String nodeId, String sessionId, List<TaskStatusUpdate> updates) {
            calls.add("status");
        }

        @Override
        public void closeSession(String nodeId, String sessionId) {
            calls.add("close");
        }

        @Override
        public void sessionLost(String nodeId, String sessionId) {
            calls.add("lost");
        }
    }

    private static final AssignmentListener NOBODY = new AssignmentListener() {
        @Override
        public void onAssignments(Assignments assignments) {}

        @Override
        public void onSessionClosed(String reason) {}
    };

    @Test
    void remembersWhyTheLastSessionWasRefusedUntilOneOpens() {
        Gate gate = new Gate();
        ObservedDispatcher d = new ObservedDispatcher(gate);
        assertThat(d.lastOpenFailure()).isNull();
        gate.refusal = new ShoalException.PermissionDenied("node n1 was removed from the swarm");
        assertThatThrownBy(() -> d.openSession("n1", null, null, NOBODY)).isSameAs(gate.refusal);
        assertThat(d.lastOpenFailure()).isSameAs(gate.refusal);
        gate.refusal = null;
        assertThat(d.openSession("n1", null, null, NOBODY).sessionId()).isEqualTo("s1");
        assertThat(d.lastOpenFailure()).isNull();

        d.heartbeat("n1", "s1");
        d.updateTaskStatus("n1", "s1", List.of());
        d.sessionLost("n1", "s1");
        d.closeSession("n1", "s1");
        assertThat(gate.calls).containsExactly("open", "open", "heartbeat", "status", "lost", "close");
    }

    @Test
    void raftPeersRoundTripThroughTheirSavedForm() {
        List<RaftPeer> peers = List.of(new RaftPeer("m1", new InetSocketAddress("127.0.0.1", 2378)),
                new RaftPeer("m2", new InetSocketAddress("10.0.0.2", 4000)));
        List<String> saved = ManagerCalls.format(peers);
        assertThat(saved).containsExactly("m1@127.0.0.1:2378", "m2@10.0.0.2:4000");
        assertThat(ManagerCalls.parse(saved)).isEqualTo(peers);
    }
}
