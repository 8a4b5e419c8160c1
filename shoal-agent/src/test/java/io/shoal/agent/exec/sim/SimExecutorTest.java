package io.shoal.agent.exec.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.agent.exec.ExecException;
import io.shoal.agent.exec.TaskController;
import io.shoal.api.Node;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimExecutorTest {
    final FakeClock clock = new FakeClock();
    final SimExecutor sim = new SimExecutor("sim-1", new Node.Resources(4_000_000_000L, 8L << 30), clock, null);

    static Task task(String... env) {
        var spec = TaskSpec.ContainerSpec.ofImage("any").withEnv(List.of(env));
        return new Task("t1", new Version(1), null, null, Map.of(),
                new TaskSpec(spec, null, null, null, null, null, null, null), "svc", 1, "n1", null,
                TaskState.RUNNING, null, null, null);
    }

    @Test
    void runsUntilShutDown() throws InterruptedException {
        TaskController c = sim.controller(task());
        c.prepare();
        c.start();
        clock.advance(Duration.ofDays(1));
        assertThat(c.exit()).isNotDone();
        c.shutdown();
        assertThat(c.exit()).isCompletedWithValue(143);
        assertThat(c.containerStatus().containerId()).matches("[0-9a-f]{64}");
        assertThat(c.containerStatus().exitCode()).isEqualTo(143L);
    }

    @Test
    void exitsWhenTheTaskAsks() throws InterruptedException {
        TaskController c = sim.controller(task("SHOAL_SIM_EXIT_AFTER=5s", "SHOAL_SIM_EXIT_CODE=2"));
        c.prepare();
        c.start();
        clock.advance(Duration.ofSeconds(4));
        assertThat(c.exit()).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.exit()).isCompletedWithValue(2);
    }

    @Test
    void aConfiguredRunTimeAppliesToEveryTask() throws InterruptedException {
        SimExecutor quick = new SimExecutor("s", new Node.Resources(1, 1), clock, Duration.ofMillis(500));
        TaskController c = quick.controller(task());
        c.start();
        clock.advance(Duration.ofMillis(500));
        assertThat(c.exit()).isCompletedWithValue(0);
    }

    @Test
    void rejectsWhenTheTaskAsks() {
        TaskController c = sim.controller(task("SHOAL_SIM_REJECT=No such image: x"));
        assertThatThrownBy(c::prepare).isInstanceOf(ExecException.class).hasMessage("No such image: x");
    }

    @Test
    void readsGoDurations() {
        assertThat(SimExecutor.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SimExecutor.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SimExecutor.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> SimExecutor.parseDuration("soon")).isInstanceOf(ExecException.class);
    }

    @Test
    void describesTheSimulatedNode() {
        assertThat(sim.describe().hostname()).isEqualTo("sim-1");
        assertThat(sim.describe().resources().nanoCpus()).isEqualTo(4_000_000_000L);
        assertThat(sim.describe().platform()).isEqualTo(new Node.Platform("x86_64", "linux"));
    }
}
