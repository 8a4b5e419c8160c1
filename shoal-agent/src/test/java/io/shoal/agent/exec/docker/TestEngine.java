package io.shoal.agent.exec.docker;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.shoal.agent.exec.Executors;
import io.shoal.agent.exec.TaskNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Docker Engine of tools/dockerd-up.sh, for integration tests; cleans up what a test made. */
public final class TestEngine {
    public static final String IMAGE = "shoal-test/busybox:latest";

    private TestEngine() {}

    public static String host() {
        String h = System.getenv("DOCKER_HOST");
        String host = h != null && !h.isEmpty() ? h : "unix:///run/shoal-dockerd/docker.sock";
        if (!Executors.dockerAnswers(host)) {
            fail("no Docker Engine answers at " + host + ": run tools/dockerd-up.sh first");
        }
        return host;
    }

    public static DockerClient client() {
        return DockerExecutor.client(host(), Duration.ofSeconds(5));
    }

    /** Removes every container Shoal made for {@code nodeId} (the tests use a node ID of their own). */
    public static void removeContainersOf(DockerClient docker, String nodeId) {
        List<Container> mine = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TaskNames.MANAGED, "true", TaskNames.NODE_ID, nodeId)).exec();
        for (Container c : mine) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                // already going away
            }
        }
    }

    public static List<Container> containersOf(DockerClient docker, String nodeId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(TaskNames.MANAGED, "true", TaskNames.NODE_ID, nodeId)).exec();
    }
}
