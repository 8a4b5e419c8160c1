package io.shoal.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static io.shoal.it.Services.IMAGE;
import static io.shoal.it.StartFirstIT.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs through the real docker CLI: a replicated job of 10 completions never runs more than its
 * max-concurrent 3 tasks at once (sampled every 100 ms), its finished tasks show Complete, and
 * `service update --force` runs it again; a global job runs one task to completion on the node.
 */
class JobIT {
    @RegisterExtension
    static final ShoalNode node = ShoalNode.docker("it-job").initialised();

    static Services services;

    @BeforeAll
    static void setUp() {
        services = new Services(node);
    }

    /** The service's tasks as (JobIteration index, state, desired state) rows. */
    static List<String> jobTasks(String service) {
        HttpResult r = node.daemon().http().get("/v1.50/tasks?filters=" + query("{\"service\":{\"" + service + "\":true}}"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode t : r.json()) {
            out.add(t.path("JobIteration").path("Index").asLong(0) + " " + t.path("Status").path("State").asText()
                    + " " + t.path("DesiredState").asText());
        }
        return out;
    }

    @Test
    void aReplicatedJobRunsItsCompletionsAtMostMaxConcurrentAtATimeAndAgainOnForce() {
        CommandResult create;
        StartFirstIT.Sampler sampler = new StartFirstIT.Sampler(() -> StartFirstIT.runningTasks(node, "job"),
                () -> runningContainersOf("job"));
        try (sampler) {
            create = services.ok("service", "create", "--name", "job", "--mode", "replicated-job", "--replicas", "10",
                    "--max-concurrent", "3", IMAGE, "sh", "-c", "sleep 1");
        }
        assertThat(create.lines()).last().isEqualTo("job complete");
        assertThat(sampler.stats(0).getMax()).as("most running tasks").isBetween(2, 3);
        assertThat(sampler.stats(1).getMax()).as("most running containers").isBetween(2, 3);

        List<String> states = services.ok("service", "ps", "--format", "{{.DesiredState}} {{.CurrentState}}", "job").lines();
        assertThat(states).hasSize(10).allSatisfy(l -> assertThat(l).startsWith("Complete Complete "));
        assertThat(services.replicas("job")).endsWith("(10/10 completed)");
        assertThat(jobTasks("job")).hasSize(10).allSatisfy(t -> assertThat(t).isEqualTo("0 complete complete"));

        // --force starts the next iteration: ten more completions, still at most three at once
        CommandResult force;
        StartFirstIT.Sampler again = new StartFirstIT.Sampler(() -> StartFirstIT.runningTasks(node, "job"));
        try (again) {
            force = services.ok("service", "update", "--force", "job");
        }
        assertThat(force.lines()).last().isEqualTo("job complete");
        assertThat(again.stats(0).getMax()).as("most running tasks, second run").isBetween(1, 3);
        assertThat(services.ok("service", "inspect", "--format", "{{.JobStatus.JobIteration.Index}}", "job")
                .stdout().strip()).isEqualTo("1");
        assertThat(jobTasks("job")).filteredOn(t -> t.startsWith("1 ")).hasSize(10)
                .allSatisfy(t -> assertThat(t).isEqualTo("1 complete complete"));
        assertThat(services.replicas("job")).endsWith("(10/10 completed)");
        services.ok("service", "rm", "job");
    }

    @Test
    void aGlobalJobRunsOnceOnTheNodeAndAgainOnForce() {
        CommandResult create = services.ok("service", "create", "--name", "gjob", "--mode", "global-job",
                IMAGE, "sh", "-c", "echo done");
        assertThat(create.lines()).last().isEqualTo("job complete");
        assertThat(services.ok("service", "ps", "--format", "{{.Name}} {{.DesiredState}} {{.CurrentState}}", "gjob").lines())
                .singleElement().satisfies(l -> assertThat(l).matches("gjob\\.[0-9a-z]{25} Complete Complete .*"));
        assertThat(services.replicas("gjob")).endsWith("(1/1 completed)");

        assertThat(services.ok("service", "update", "--force", "gjob").lines()).last().isEqualTo("job complete");
        assertThat(jobTasks("gjob")).containsExactlyInAnyOrder("0 complete complete", "1 complete complete");
        services.ok("service", "rm", "gjob");
    }

    private int runningContainersOf(String service) {
        HttpResult r = node.daemon().http().get("/v1.50/services/" + service);
        if (r.status() != 200) {
            return 0; // not created yet
        }
        return StartFirstIT.runningContainers(node, r.json().path("ID").asText());
    }
}
