package io.shoal.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.api.Json;
import io.shoal.cli.CliException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

class ServiceSpecEditorTest {
    @Command(name = "update")
    static final class Flags {
        @Mixin
        ServiceFlags common;

        @Mixin
        UpdateFlags update;

        @Parameters
        List<String> args;
    }

    private static ObjectNode edit(String spec, String... flags) {
        Flags f = new Flags();
        new CommandLine(f).parseArgs(flags);
        ObjectNode node = (ObjectNode) Json.read(spec, com.fasterxml.jackson.databind.JsonNode.class);
        new ServiceSpecEditor(f.common, f.update, null, Map.of("HOME_DIR", "/root")::get).apply(node);
        return node;
    }

    private static final String SPEC = "{\"Name\":\"web\",\"Labels\":{\"keep\":\"1\",\"drop\":\"2\"},"
            + "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"nginx\",\"Env\":[\"A=1\",\"B=2\",\"C=3\"],\"Init\":false},"
            + "\"ForceUpdate\":4},\"Mode\":{\"Replicated\":{\"Replicas\":1}},\"EndpointSpec\":{\"Mode\":\"vip\","
            + "\"Ports\":[{\"Protocol\":\"tcp\",\"TargetPort\":80,\"PublishedPort\":8080,\"PublishMode\":\"ingress\"}]}}";

    @Test
    void envAddReplacesInPlaceAndAppendsNewOnesAfterRemovals() {
        ObjectNode s = edit(SPEC, "--env-rm", "B", "--env-add", "C=30", "--env-add", "D=4", "--env-add", "HOME_DIR");
        assertThat(s.at("/TaskTemplate/ContainerSpec/Env").toString()).isEqualTo("[\"A=1\",\"C=30\",\"D=4\",\"HOME_DIR=/root\"]");
    }

    @Test
    void removingEveryVariableLeavesNoEnv() {
        ObjectNode s = edit(SPEC, "--env-rm", "A", "--env-rm", "B", "--env-rm", "C");
        assertThat(s.at("/TaskTemplate/ContainerSpec").has("Env")).isFalse();
    }

    @Test
    void labelsAreRemovedThenAdded() {
        ObjectNode s = edit(SPEC, "--label-rm", "drop", "--label-add", "new=x", "--label-add", "keep=2");
        assertThat(s.get("Labels").toString()).isEqualTo("{\"keep\":\"2\",\"new\":\"x\"}");
        ObjectNode c = edit(SPEC, "--container-label-add", "a=b");
        assertThat(c.at("/TaskTemplate/ContainerSpec/Labels").toString()).isEqualTo("{\"a\":\"b\"}");
    }

    @Test
    void imageArgsReplicasAndForce() {
        ObjectNode s = edit(SPEC, "--image", "nginx:1.25", "--args", "nginx -g 'daemon off;'", "--replicas", "5", "--force");
        assertThat(s.at("/TaskTemplate/ContainerSpec/Image").asText()).isEqualTo("nginx:1.25");
        assertThat(s.at("/TaskTemplate/ContainerSpec/Args").toString()).isEqualTo("[\"nginx\",\"-g\",\"daemon off;\"]");
        assertThat(s.at("/Mode/Replicated/Replicas").asLong()).isEqualTo(5);
        assertThat(s.at("/TaskTemplate/ForceUpdate").asLong()).isEqualTo(5);
        ServiceSpecEditor.tagImage(s);
        assertThat(s.at("/TaskTemplate/ContainerSpec/Image").asText()).isEqualTo("nginx:1.25");
        ObjectNode bare = edit(SPEC);
        ServiceSpecEditor.tagImage(bare);
        assertThat(bare.at("/TaskTemplate/ContainerSpec/Image").asText()).isEqualTo("nginx:latest");
    }

    @Test
    void portsAreRemovedByTargetAndAddedSorted() {
        ObjectNode s = edit(SPEC, "--publish-rm", "80", "--publish-add", "9090:90", "--publish-add", "443");
        assertThat(s.at("/EndpointSpec/Ports").toString()).isEqualTo("[{\"Protocol\":\"tcp\",\"TargetPort\":443,"
                + "\"PublishMode\":\"ingress\"},{\"Protocol\":\"tcp\",\"TargetPort\":90,\"PublishedPort\":9090,"
                + "\"PublishMode\":\"ingress\"}]");
    }

    @Test
    void updateConfigStartsFromSwarmDefaultsWhenAbsent() {
        ObjectNode s = edit(SPEC, "--update-parallelism", "3", "--update-monitor", "1m");
        assertThat(s.get("UpdateConfig").toString()).isEqualTo("{\"Parallelism\":3,\"FailureAction\":\"pause\","
                + "\"Monitor\":60000000000,\"MaxFailureRatio\":0,\"Order\":\"stop-first\"}");
        ObjectNode again = edit(s.toString(), "--update-delay", "5s");
        assertThat(again.get("UpdateConfig").toString()).isEqualTo("{\"Parallelism\":3,\"Delay\":5000000000,"
                + "\"FailureAction\":\"pause\",\"Monitor\":60000000000,\"MaxFailureRatio\":0,\"Order\":\"stop-first\"}");
    }

    @Test
    void replicasOnAGlobalServiceIsRefused() {
        String global = SPEC.replace("{\"Replicated\":{\"Replicas\":1}}", "{\"Global\":{}}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> edit(global, "--replicas", "2"))
                .isInstanceOf(CliException.class).hasMessage("replicas can only be used with replicated mode");
    }

    @Test
    void healthcheckAndCapabilities() {
        ObjectNode none = edit(SPEC, "--no-healthcheck");
        assertThat(none.at("/TaskTemplate/ContainerSpec/Healthcheck").toString()).isEqualTo("{\"Test\":[\"NONE\"]}");
        ObjectNode back = edit(none.toString(), "--health-retries", "2");
        assertThat(back.at("/TaskTemplate/ContainerSpec/Healthcheck").toString()).isEqualTo("{\"Retries\":2}");
        ObjectNode caps = edit(SPEC, "--cap-add", "net_admin", "--cap-drop", "chown");
        assertThat(caps.at("/TaskTemplate/ContainerSpec/CapabilityAdd").toString()).isEqualTo("[\"CAP_NET_ADMIN\"]");
        assertThat(caps.at("/TaskTemplate/ContainerSpec/CapabilityDrop").toString()).isEqualTo("[\"CAP_CHOWN\"]");
        ObjectNode undone = edit(caps.toString(), "--cap-drop", "NET_ADMIN");
        assertThat(undone.at("/TaskTemplate/ContainerSpec").has("CapabilityAdd")).isFalse();
    }

    @Test
    void noFlagsChangeNothing() {
        assertThat(edit(SPEC)).isEqualTo(Json.read(SPEC, com.fasterxml.jackson.databind.JsonNode.class));
    }
}
