package io.shoal.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.shoal.agent.exec.ExecException;
import io.shoal.api.Json;
import io.shoal.api.Task;
import io.shoal.api.TaskSpec;
import io.shoal.api.TaskState;
import io.shoal.api.Version;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerConfigTest {
    static Task task(TaskSpec.ContainerSpec spec, TaskSpec.ResourceRequirements resources) {
        return new Task("task1", new Version(1), null, null, Map.of(),
                new TaskSpec(spec, resources, null, null, null, null, null, null), "svc1", 1, "node1", null,
                TaskState.RUNNING, null, null, null, "web");
    }

    static CreateContainerCmdImpl build(Task t) {
        return (CreateContainerCmdImpl) ContainerConfig.apply(new CreateContainerCmdImpl(cmd -> { throw new UnsupportedOperationException(); }, null, "img"), t);
    }

    @Test
    void commandIsTheEntrypointAndArgsTheCmd() {
        var c = build(task(TaskSpec.ContainerSpec.ofImage("img").withCommand(List.of("sh", "-c"), List.of("echo")),
                null));
        assertThat(c.getEntrypoint()).containsExactly("sh", "-c");
        assertThat(c.getCmd()).containsExactly("echo");
        assertThat(c.getName()).isEqualTo("web.1.task1");
        assertThat(c.getLabels()).containsEntry("com.docker.swarm.task.id", "task1");
    }

    @Test
    void anUnsetCommandKeepsTheImagesOwn() {
        var c = build(task(TaskSpec.ContainerSpec.ofImage("img"), null));
        assertThat(c.getEntrypoint()).isNull();
        assertThat(c.getCmd()).isNull();
    }

    @Test
    void limitsAndTheRestartPolicy() {
        var c = build(task(TaskSpec.ContainerSpec.ofImage("img"), new TaskSpec.ResourceRequirements(
                new TaskSpec.Resources(1_500_000_000L, 1L << 28, 100L, null),
                new TaskSpec.Resources(4_000_000_000L, 1L << 30, null, null))));
        var hc = c.getHostConfig();
        assertThat(hc.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(hc.getMemory()).isEqualTo(1L << 28);
        assertThat(hc.getPidsLimit()).isEqualTo(100L);
        assertThat(hc.getRestartPolicy().getName()).isEqualTo("no");
    }

    @Test
    void mountsCapabilitiesAndUlimitsConvert() throws Exception {
        JsonNode ulimits = Json.mapper().readTree("[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":2048}]");
        var spec = new TaskSpec.ContainerSpec("img", null, null, null, null, null, null, null, List.of("audio"), null,
                null, null, null, List.of(new TaskSpec.Mount("bind", "/srv", "/data", true, null,
                        Json.mapper().readTree("{\"Propagation\":\"rprivate\"}"), null, null)),
                null, null, null, null, new TaskSpec.DnsConfig(List.of("10.0.0.2"), List.of("corp"), List.of("ndots:2")),
                null, null, null, null, null, List.of("CAP_NET_ADMIN"), List.of("MKNOD"), ulimits, 100L);
        var hc = build(task(spec, null)).getHostConfig();
        assertThat(hc.getMounts()).singleElement().satisfies(m -> {
            assertThat(m.getType()).isEqualTo(MountType.BIND);
            assertThat(m.getSource()).isEqualTo("/srv");
            assertThat(m.getTarget()).isEqualTo("/data");
            assertThat(m.getReadOnly()).isTrue();
            assertThat(m.getBindOptions().getPropagation()).isEqualTo(com.github.dockerjava.api.model.BindPropagation.R_PRIVATE);
        });
        assertThat(hc.getCapAdd()).containsExactly(Capability.NET_ADMIN);
        assertThat(hc.getCapDrop()).containsExactly(Capability.MKNOD);
        assertThat(hc.getUlimits()).singleElement().satisfies(u -> {
            assertThat(u.getName()).isEqualTo("nofile");
            assertThat(u.getSoftLong()).isEqualTo(1024L);
        });
        assertThat(hc.getGroupAdd()).containsExactly("audio");
        assertThat(hc.getDns()).containsExactly("10.0.0.2");
        assertThat(hc.getDnsSearch()).containsExactly("corp");
        assertThat(hc.getDnsOptions()).containsExactly("ndots:2");
        assertThat(hc.getOomScoreAdj()).isEqualTo(100);
    }

    @Test
    void aHealthCheckCarriesOver() {
        var h = new TaskSpec.HealthConfig(List.of("CMD", "true"), 1_000_000_000L, 2_000_000_000L, 3, 4L, null);
        var c = build(task(TaskSpec.ContainerSpec.ofImage("img").withHealthCheck(h), null));
        assertThat(c.getHealthcheck().getTest()).containsExactly("CMD", "true");
        assertThat(c.getHealthcheck().getInterval()).isEqualTo(1_000_000_000L);
        assertThat(c.getHealthcheck().getRetries()).isEqualTo(3);
        assertThat(ContainerConfig.hasHealthCheck(List.of("NONE"))).isFalse();
        assertThat(ContainerConfig.hasHealthCheck(List.of())).isFalse();
        assertThat(ContainerConfig.hasHealthCheck(List.of("CMD-SHELL", "true"))).isTrue();
    }

    @Test
    void hostsAreTurnedAround() {
        assertThat(ContainerConfig.extraHosts(List.of("10.0.0.1 db db.local")))
                .containsExactly("db:10.0.0.1", "db.local:10.0.0.1");
        assertThatThrownBy(() -> ContainerConfig.extraHosts(List.of("10.0.0.1")))
                .isInstanceOf(ExecException.class);
    }

    @Test
    void anUnknownCapabilityIsRefused() {
        var spec = new TaskSpec.ContainerSpec("img", null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                List.of("CAP_TIME_TRAVEL"), null, null, null);
        assertThatThrownBy(() -> build(task(spec, null))).isInstanceOf(ExecException.class)
                .hasMessage("unknown capability: \"CAP_TIME_TRAVEL\"");
    }
}
