package io.shoal.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.time.FakeClock;
import io.shoal.cli.CliRunner;
import io.shoal.cli.FakeDaemon;
import io.shoal.cli.FakeDaemon.Answer;
import io.shoal.cli.command.CliContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The convergence display fed with recorded sequences of service and task states: each poll
 * (200 ms of fake time) reads the next service and its task list, as a real daemon would move on.
 */
class ServiceProgressTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeDaemon daemon;
    private final List<String[]> script = new ArrayList<>();
    private final AtomicInteger poll = new AtomicInteger(-1);

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon(clock);
        daemon.route("POST", "/services/create", new Answer(201, "application/json", "{\"ID\":\"svc1\"}".getBytes()));
        daemon.route("POST", "/services/svc1/update", Answer.json("{\"Warnings\":null}"));
        daemon.route("GET", "/services/(svc1|web)", "", r -> Answer.json(step(poll.incrementAndGet())[0]));
        daemon.route("GET", "/tasks", "", r -> Answer.json(step(poll.get())[1]));
        daemon.route("GET", "/nodes", Answer.json("[{\"ID\":\"node1\",\"Status\":{\"State\":\"ready\"}},"
                + "{\"ID\":\"node2\",\"Status\":{\"State\":\"ready\"}},{\"ID\":\"gone\",\"Status\":{\"State\":\"down\"}}]"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private String[] step(int i) {
        return script.get(Math.max(0, Math.min(i, script.size() - 1)));
    }

    /** One poll's answers: the service and the up-to-date tasks. */
    private void then(String service, String... tasks) {
        script.add(new String[] {service, "[" + String.join(",", tasks) + "]"});
    }

    private static String replicated(int replicas, String extra) {
        return "{\"ID\":\"svc1\",\"Spec\":{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":" + replicas + "}}"
                + extra + "}}";
    }

    private static String task(int slot, String node, String desired, String state) {
        return task(slot, node, desired, state, "");
    }

    private static String task(int slot, String node, String desired, String state, String err) {
        return "{\"ID\":\"t" + slot + node + state + "\",\"Slot\":" + slot + ",\"NodeID\":\"" + node + "\",\"DesiredState\":\""
                + desired + "\",\"Status\":{\"State\":\"" + state + "\"" + (err.isEmpty() ? "" : ",\"Err\":\"" + err + "\"")
                + "}}";
    }

    private CliRunner.Result create(String... extra) {
        List<String> args = new ArrayList<>(List.of("service", "create"));
        args.addAll(List.of(extra));
        args.add("busybox");
        return new CliRunner(daemon, clock).run(args.toArray(String[]::new));
    }

    @Test
    void replicatedServiceConvergesThenIsVerifiedForFiveSeconds() {
        String svc = replicated(2, "");
        then(svc, task(1, "node1", "running", "new"), task(2, "node2", "running", "pending"));
        then(svc, task(1, "node1", "running", "preparing"), task(2, "node2", "running", "running"));
        then(svc, task(1, "node1", "running", "running"), task(2, "node2", "running", "running"));
        Instant started = clock.instant();

        CliRunner.Result r = create();

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(""
                + "svc1\n"
                + "overall progress: 0 out of 2 tasks\n"
                + "1/2:  \n"
                + "2/2:  \n"
                + "overall progress: 1 out of 2 tasks\n"
                + "overall progress: 2 out of 2 tasks\n"
                + "verify: Waiting 5 seconds to verify that tasks are stable...\n"
                + "verify: Waiting 4 seconds to verify that tasks are stable...\n"
                + "verify: Waiting 3 seconds to verify that tasks are stable...\n"
                + "verify: Waiting 2 seconds to verify that tasks are stable...\n"
                + "verify: Waiting 1 seconds to verify that tasks are stable...\n"
                + "verify: Service svc1 converged\n");
        // converged on the third poll, then one monitor period (5 s) of polls every 200 ms
        assertThat(Duration.between(started, clock.instant())).isEqualTo(Duration.ofMillis(400 + 5000));
        assertThat(daemon.calls().subList(0, 4)).containsExactly("POST /v1.50/services/create",
                "GET /v1.50/services/svc1?insertDefaults=false",
                "GET /v1.50/tasks?filters=%7B%22_up-to-date%22%3A%7B%22true%22%3Atrue%7D%2C%22service%22%3A%7B%22svc1%22%3Atrue%7D%7D",
                "GET /v1.50/nodes");
    }

    @Test
    void theMonitorPeriodComesFromTheUpdateConfigAndLostTasksAreReported() {
        String svc = replicated(1, ",\"UpdateConfig\":{\"Monitor\":1000000000}");
        then(svc, task(1, "node1", "running", "running"));
        then(svc, task(1, "node1", "running", "failed", "task: non-zero exit (1)"));
        then(svc, task(1, "node1", "running", "running"));

        CliRunner.Result r = create();

        assertThat(r.out()).isEqualTo(""
                + "svc1\n"
                + "overall progress: 0 out of 1 tasks\n"
                + "1/1:  \n"
                + "overall progress: 1 out of 1 tasks\n"
                + "verify: Waiting 1 seconds to verify that tasks are stable...\n"
                + "1/1: task: non-zero exit (1)\n"
                + "overall progress: 0 out of 1 tasks\n"
                + "verify: Detected task failure\n"
                + "overall progress: 1 out of 1 tasks\n"
                + "verify: Waiting 1 seconds to verify that tasks are stable...\n"
                + "verify: Service svc1 converged\n");
    }

    @Test
    void tasksOnDownNodesAndOlderAttemptsDoNotCount() {
        String svc = replicated(1, ",\"UpdateConfig\":{\"Monitor\":200000000}");
        then(svc, task(1, "gone", "running", "running"), task(1, "node1", "shutdown", "running"));
        then(svc, task(1, "node1", "running", "running"), task(1, "node2", "shutdown", "failed"));

        CliRunner.Result r = create("--quiet");

        assertThat(r.out()).isEqualTo("svc1\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void aPausedUpdateEndsWithItsMessage() {
        then(replicated(1, ""), task(1, "node1", "running", "starting"));
        then("{\"ID\":\"svc1\",\"Spec\":{\"Mode\":{\"Replicated\":{\"Replicas\":1}}},\"UpdateStatus\":{\"State\":\"paused\","
                + "\"Message\":\"update paused due to failure or early termination of task t1\"}}");

        CliRunner.Result r = create();

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("service update paused: update paused due to failure or early termination of task t1\n");
    }

    @Test
    void anUpdateCompletedBeforeConvergenceWasSeenEndsSilently() {
        then("{\"ID\":\"svc1\",\"Spec\":{\"Mode\":{\"Replicated\":{\"Replicas\":1}}},\"UpdateStatus\":{\"State\":\"completed\"}}");

        CliRunner.Result r = new CliRunner(daemon, clock).run("service", "update", "--force", "web");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("web\n");
    }

    @Test
    void aRollbackIsAnnouncedCountedAndConcluded() {
        String started = "{\"ID\":\"svc1\",\"Spec\":{\"Mode\":{\"Replicated\":{\"Replicas\":1}},\"UpdateConfig\":"
                + "{\"Monitor\":200000000}},\"UpdateStatus\":{\"State\":\"rollback_started\",\"Message\":\"manually requested rollback\"}}";
        String done = started.replace("rollback_started", "rollback_completed").replace("manually requested rollback",
                "rollback completed");
        then(started); // read by the rollback command itself
        then(started, task(1, "node1", "running", "starting"));
        then(done, task(1, "node1", "running", "running"));

        CliRunner.Result r = new CliRunner(daemon, clock).run("service", "rollback", "web");

        assertThat(r.out()).isEqualTo(""
                + "web\n"
                + "rollback: manually requested rollback\n"
                + "overall progress: rolling back update: 0 out of 1 tasks\n"
                + "1/1:  \n"
                + "overall progress: rolling back update: 1 out of 1 tasks\n"
                + "verify: Waiting 1 seconds to verify that tasks are stable...\n"
                + "verify: Service web converged\n"
                + "rollback: rollback completed\n");
    }

    @Test
    void globalServicesWaitForTasksThenCountNodes() {
        String svc = "{\"ID\":\"svc1\",\"Spec\":{\"Mode\":{\"Global\":{}},\"UpdateConfig\":{\"Monitor\":200000000}}}";
        then(svc);
        then(svc, task(0, "node1", "running", "running"), task(0, "node2", "running", "preparing"));
        then(svc, task(0, "node1", "running", "running"), task(0, "node2", "running", "running"));

        CliRunner.Result r = create("--mode", "global");

        assertThat(r.out()).isEqualTo(""
                + "svc1\n"
                + "overall progress: waiting for new tasks\n"
                + "overall progress: 0 out of 2 tasks\n"
                + "overall progress: 1 out of 2 tasks\n"
                + "overall progress: 2 out of 2 tasks\n"
                + "verify: Waiting 1 seconds to verify that tasks are stable...\n"
                + "verify: Service svc1 converged\n");
    }

    @Test
    void jobsEndWhenComplete() {
        String svc = "{\"ID\":\"svc1\",\"Spec\":{\"Mode\":{\"ReplicatedJob\":{\"MaxConcurrent\":2,\"TotalCompletions\":2}}},"
                + "\"JobStatus\":{\"JobIteration\":{\"Index\":3}}}";
        String running = task(0, "node1", "complete", "running").replace("}}", "},\"JobIteration\":{\"Index\":3}}");
        String done0 = task(0, "node1", "complete", "complete").replace("}}", "},\"JobIteration\":{\"Index\":3}}");
        String done1 = task(1, "node2", "complete", "complete").replace("}}", "},\"JobIteration\":{\"Index\":3}}");
        String old = task(1, "node2", "complete", "running").replace("}}", "},\"JobIteration\":{\"Index\":2}}");
        then(svc, running, old);
        then(svc, done0, done1);

        CliRunner.Result r = create("--mode", "replicated-job", "--replicas", "2");

        assertThat(r.out()).isEqualTo(""
                + "svc1\n"
                + "active tasks: 0 out of 2 tasks\n"
                + "1/2:  \n"
                + "2/2:  \n"
                + "active tasks: 1 out of 2 tasks\n"
                + "active tasks: 0 out of 0 tasks\n"
                + "job complete\n");
    }

    @Test
    void onATerminalTheSlotsAreDrawnAsBars() {
        String svc = replicated(1, ",\"UpdateConfig\":{\"Monitor\":200000000}");
        then(svc, task(1, "node1", "running", "running"));

        CliRunner.Result r = new CliRunner(daemon, clock).terminal(new CliContext.Terminal(true, 150)).run(
                "service", "create", "busybox");

        String e = "\u001b[";
        assertThat(r.out()).isEqualTo("svc1\n"
                + "\n" + e + "1A" + e + "2K\roverall progress: 0 out of 1 tasks \r" + e + "1B"
                + "\n" + e + "1A" + e + "2K\r1/1:   \r" + e + "1B"
                + e + "1A" + e + "2K\r1/1: running   [==================================================>] \r" + e + "1B"
                + e + "2A" + e + "2K\roverall progress: 1 out of 1 tasks \r" + e + "2B"
                + "\n" + e + "1A" + e + "2K\rverify: Waiting 1 seconds to verify that tasks are stable... \r" + e + "1B"
                + e + "1A" + e + "2K\rverify: Service svc1 converged \r" + e + "1B");
    }
}
