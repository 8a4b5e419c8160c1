package io.shoal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import io.shoal.api.Task;
import io.shoal.api.TaskState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
    final FakeDispatcher dispatcher = new FakeDispatcher();
    final StatusReporter reporter = new StatusReporter("node1");

    static Task.TaskStatus s(TaskState state, int second) {
        return Task.TaskStatus.of(Instant.EPOCH.plusSeconds(second), state, state.wire());
    }

    SessionLoop.Current session() {
        dispatcher.openSession("node1", FakeExecutor.DESCRIPTION, "a", new io.shoal.api.dispatch.AssignmentListener() {
            @Override
            public void onAssignments(io.shoal.api.dispatch.Assignments a) {
            }

            @Override
            public void onSessionClosed(String reason) {
            }
        });
        return new SessionLoop.Current(dispatcher, "s" + dispatcher.sessions.size(), 1);
    }

    @Test
    void sendsTheNewestStateOfEveryTaskInOneBatch() {
        var c = session();
        reporter.report("t1", s(TaskState.ACCEPTED, 1));
        reporter.report("t2", s(TaskState.ACCEPTED, 1));
        reporter.report("t1", s(TaskState.PREPARING, 2));
        reporter.report("t1", s(TaskState.RUNNING, 3));
        reporter.flush(c);
        assertThat(dispatcher.statusCalls).isEqualTo(1);
        assertThat(dispatcher.states("t1")).containsExactly(TaskState.RUNNING);
        assertThat(dispatcher.states("t2")).containsExactly(TaskState.ACCEPTED);
        assertThat(reporter.isEmpty()).isTrue();
        reporter.flush(c);
        assertThat(dispatcher.statusCalls).as("nothing to send, no call").isEqualTo(1);
    }

    @Test
    void aReportOfAnEarlierStateThanTheWaitingOneIsDropped() {
        var c = session();
        reporter.report("t1", s(TaskState.RUNNING, 2));
        reporter.report("t1", s(TaskState.STARTING, 3));
        reporter.flush(c);
        assertThat(dispatcher.states("t1")).containsExactly(TaskState.RUNNING);
    }

    @Test
    void theSameStateAgainKeepsOnlyTheNewest() {
        var c = session();
        reporter.report("t1", s(TaskState.RUNNING, 1));
        reporter.report("t1", s(TaskState.RUNNING, 5));
        reporter.flush(c);
        assertThat(dispatcher.reports).singleElement()
                .satisfies(r -> assertThat(r.update().status().timestamp()).isEqualTo(Instant.EPOCH.plusSeconds(5)));
    }

    @Test
    void aFailedCallKeepsItsReportsUnlessANewerStateCameMeanwhile() {
        var c = session();
        reporter.report("t1", s(TaskState.ACCEPTED, 1));
        reporter.report("t2", s(TaskState.RUNNING, 1));
        dispatcher.down = true;
        assertThatThrownBy(() -> reporter.flush(c)).isInstanceOf(ShoalException.Unavailable.class);
        reporter.report("t1", s(TaskState.PREPARING, 2));
        reporter.report("t3", s(TaskState.ACCEPTED, 2));
        dispatcher.down = false;
        reporter.flush(c);
        assertThat(dispatcher.reports).extracting(r -> r.update().taskId() + " " + r.update().status().state())
                .containsExactly("t1 PREPARING", "t2 RUNNING", "t3 ACCEPTED");
    }

    @Test
    void forgottenTasksAreNotSent() {
        var c = session();
        reporter.report("t1", s(TaskState.ACCEPTED, 1));
        reporter.forget("t1");
        reporter.flush(c);
        assertThat(dispatcher.reports).isEmpty();
    }
}
