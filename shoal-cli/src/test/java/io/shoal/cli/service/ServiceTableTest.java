package io.shoal.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Json;
import org.junit.jupiter.api.Test;

class ServiceTableTest {
    private static String ports(String json) {
        return ServiceTable.ports(Json.read(json, com.fasterxml.jackson.databind.JsonNode.class));
    }

    @Test
    void consecutiveIngressPortsFoldIntoRanges() {
        assertThat(ports("[{\"Protocol\":\"tcp\",\"TargetPort\":81,\"PublishedPort\":8081,\"PublishMode\":\"ingress\"},"
                + "{\"Protocol\":\"tcp\",\"TargetPort\":80,\"PublishedPort\":8080,\"PublishMode\":\"ingress\"},"
                + "{\"Protocol\":\"udp\",\"TargetPort\":53,\"PublishedPort\":53,\"PublishMode\":\"ingress\"},"
                + "{\"Protocol\":\"tcp\",\"TargetPort\":22,\"PublishedPort\":2222,\"PublishMode\":\"host\"},"
                + "{\"Protocol\":\"tcp\",\"TargetPort\":90,\"PublishedPort\":9000,\"PublishMode\":\"ingress\"}]"))
                .isEqualTo("*:8080-8081->80-81/tcp, *:9000->90/tcp, *:53->53/udp");
        assertThat(ports("null")).isEmpty();
    }

    @Test
    void replicasColumnByMode() {
        assertThat(ServiceTable.replicas(Json.read("{\"Spec\":{\"Mode\":{\"Global\":{}}},\"ServiceStatus\":"
                + "{\"RunningTasks\":2,\"DesiredTasks\":3}}", com.fasterxml.jackson.databind.JsonNode.class))).isEqualTo("2/3");
        assertThat(ServiceTable.replicas(Json.read("{\"Spec\":{\"Mode\":{\"GlobalJob\":{}}},\"ServiceStatus\":"
                + "{\"RunningTasks\":1,\"DesiredTasks\":2,\"CompletedTasks\":4}}", com.fasterxml.jackson.databind.JsonNode.class)))
                .isEqualTo("1/2 (4/6 completed)");
    }
}
