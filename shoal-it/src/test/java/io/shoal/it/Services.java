package io.shoal.it;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Small look-ups the service tests share, all through real CLIs. */
final class Services {
    static final String IMAGE = "shoal-test/busybox:latest";
    static final String SERVICE_LABEL = "com.docker.swarm.service.id";

    private final DockerCli docker;
    private final DockerCli engine;

    Services(ShoalNode node) {
        this.docker = node.docker();
        this.engine = node.engine();
    }

    /** Runs a docker command against Shoal and asserts it succeeded. */
    CommandResult ok(String... args) {
        CommandResult r = docker.run(args);
        assertThat(r.ok()).as(r.describe()).isTrue();
        return r;
    }

    String id(String service) {
        return ok("service", "inspect", "--format", "{{.ID}}", service).stdout().strip();
    }

    /** Full IDs of the engine's running containers of a service. */
    List<String> runningContainers(String serviceId) {
        CommandResult ps = engine.run("ps", "-q", "--no-trunc", "--filter", "label=" + SERVICE_LABEL + "=" + serviceId);
        assertThat(ps.ok()).as(ps.describe()).isTrue();
        return ps.lines().stream().sorted().toList();
    }

    /** Full IDs of all the engine's containers of a service, stopped ones too. */
    List<String> allContainers(String serviceId) {
        CommandResult ps = engine.run("ps", "-aq", "--no-trunc", "--filter", "label=" + SERVICE_LABEL + "=" + serviceId);
        assertThat(ps.ok()).as(ps.describe()).isTrue();
        return ps.lines();
    }

    /** The REPLICAS column of `service ls` for one service. */
    String replicas(String service) {
        return ok("service", "ls", "--filter", "name=" + service, "--format", "{{.Name}} {{.Replicas}}")
                .lines().stream().filter(l -> l.startsWith(service + " "))
                .map(l -> l.substring(service.length() + 1)).findFirst().orElse("(not listed)");
    }

    /** `service ps` rows whose desired state is Running: "NAME IMAGE CURRENT-STATE". */
    List<String> runningTasks(String service) {
        return ok("service", "ps", "--filter", "desired-state=running", "--format",
                "{{.Name}} {{.Image}} {{.CurrentState}}", service).lines();
    }

    DockerCli docker() {
        return docker;
    }

    DockerCli engine() {
        return engine;
    }
}
