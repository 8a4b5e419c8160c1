package io.shoal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void decodesTheDockerCliCreateBody() {
        String body = """
                {"Name":"web","Labels":{},"TaskTemplate":{"ContainerSpec":{"Image":"nginx:alpine","Init":false,
                "DNSConfig":{}},"Resources":{"Limits":{},"Reservations":{}},"Placement":{},"ForceUpdate":0},
                "Mode":{"Replicated":{"Replicas":2}},"EndpointSpec":{"Mode":"vip","Ports":[{"Protocol":"tcp",
                "TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]}}""";
        ServiceSpec spec = Json.read(body, ServiceSpec.class);
        assertThat(spec.name()).isEqualTo("web");
        assertThat(spec.taskTemplate().containerSpec().image()).isEqualTo("nginx:alpine");
        assertThat(spec.mode().replicated().replicas()).isEqualTo(2);
        assertThat(spec.endpointSpec().mode()).isEqualTo(EndpointMode.VIP);
        assertThat(spec.endpointSpec().ports().get(0).publishMode()).isEqualTo(PublishMode.INGRESS);
    }

    @Test
    void keysAreMatchedCaseInsensitivelyLikeGo() {
        ServiceSpec spec = Json.read("{\"name\":\"a\",\"mode\":{\"replicated\":{}}}", ServiceSpec.class);
        assertThat(spec.name()).isEqualTo("a");
        assertThat(spec.mode().replicated().replicasOrOne()).isEqualTo(1);
    }

    @Test
    void writesDockerFieldNamesDurationsAsNanosAndTimesAsRfc3339() {
        Task task = new Task("t1", new Version(7), Instant.parse("2025-01-01T12:00:00.123456789Z"), null, Map.of(),
                new TaskSpec(TaskSpec.ContainerSpec.ofImage("busybox").withStopGracePeriod(10_000_000_000L),
                        null, TaskSpec.RestartPolicy.DEFAULT, null, null, null, null, null),
                "s1", 1, "n1", Task.TaskStatus.of(Instant.EPOCH, TaskState.RUNNING, "started")
                        .withContainerStatus(new Task.ContainerStatus("c1", 42L, 0L)),
                TaskState.RUNNING, null, null, new Version(5));
        String json = Json.write(task);
        assertThat(json).contains("\"ID\":\"t1\"", "\"Version\":{\"Index\":7}", "\"ServiceID\":\"s1\"",
                "\"NodeID\":\"n1\"", "\"CreatedAt\":\"2025-01-01T12:00:00.123456789Z\"",
                "\"StopGracePeriod\":10000000000", "\"State\":\"running\"", "\"DesiredState\":\"running\"",
                "\"ContainerID\":\"c1\"", "\"PID\":42", "\"Condition\":\"any\"", "\"Delay\":5000000000");
        assertThat(Json.read(json, Task.class)).isEqualTo(task);
    }

    @Test
    void emptyModesRoundTripAsEmptyObjects() {
        assertThat(Json.write(ServiceSpec.Mode.ofGlobal())).isEqualTo("{\"Global\":{}}");
        assertThat(Json.read("{\"Global\":{}}", ServiceSpec.Mode.class).isGlobal()).isTrue();
    }

    @Test
    void aBadEnumWordIsRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> Json.read("{\"Condition\":\"sometimes\"}", TaskSpec.RestartPolicy.class))
                .hasMessageContaining("invalid restart condition 'sometimes': must be one of none, on-failure, any");
    }

    @Test
    void clusterApiViewHidesTheCaKey() {
        Cluster c = new Cluster("c", Version.ZERO, null, null, Cluster.SwarmSpec.defaults(), null, false,
                List.of("10.0.0.0/8"), 24, 4789, new Cluster.JoinTokens("w", "m"), new Cluster.RootCa("cert", "key"));
        assertThat(Json.write(c)).contains("CAKey");
        assertThat(Json.write(c.forApi())).doesNotContain("CAKey").contains("\"Worker\":\"w\"");
    }

    @Test
    void aRootRotationIsStoredWithTheClusterAndShownOnlyAsInProgress() {
        Cluster c = new Cluster("c", Version.ZERO, null, null, Cluster.SwarmSpec.defaults(), null, false,
                List.of("10.0.0.0/8"), 24, 4789, new Cluster.JoinTokens("w", "m"), new Cluster.RootCa("cert", "key"))
                .withRootCa(new Cluster.RootCa("cert", "key", new Cluster.RootRotation("new", "newkey", "cross"), 3L),
                        new Node.TlsInfo("cert", "s", "k"));
        assertThat(c.rootRotationInProgress()).isTrue();
        String stored = Json.write(c);
        assertThat(stored).contains("\"RootRotation\":{\"CACert\":\"new\",\"CAKey\":\"newkey\","
                + "\"CrossSignedCACert\":\"cross\"}").contains("\"LastForcedRotation\":3");
        assertThat(Json.read(stored, Cluster.class)).isEqualTo(c);
        assertThat(Json.write(c.forApi())).doesNotContain("newkey").doesNotContain("RootRotation\"")
                .contains("\"RootRotationInProgress\":true");
    }

    @Test
    void idsAre25LowercaseBase36Characters() {
        for (int i = 0; i < 1000; i++) {
            assertThat(Ids.looksLikeId(Ids.newId())).isTrue();
        }
    }
}
