package io.shoal.cli.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.time.FakeClock;
import io.shoal.cli.CliRunner;
import io.shoal.cli.FakeDaemon;
import io.shoal.cli.FakeDaemon.Answer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flags to the {@code POST /services/create} body, byte for byte. The expected bodies are what
 * the docker 28.2.2 CLI sent for the same command lines.
 */
class ServiceCreateRequestTest {
    private final FakeClock clock = new FakeClock();
    private FakeDaemon daemon;

    @BeforeEach
    void start() throws IOException {
        daemon = new FakeDaemon(clock);
        daemon.route("POST", "/services/create", new Answer(201, "application/json",
                "{\"ID\":\"svcid\",\"Warnings\":null}".getBytes()));
        daemon.route("GET", "/networks/backend", Answer.json("{\"Name\":\"backend\",\"Id\":\"netid1\"}"));
        daemon.route("GET", "/networks/frontend", Answer.json("{\"Name\":\"frontend\",\"Id\":\"netid0\"}"));
        daemon.route("GET", "/secrets", Answer.json("[{\"ID\":\"secid1\",\"Spec\":{\"Name\":\"dbpw\"}},"
                + "{\"ID\":\"secid2\",\"Spec\":{\"Name\":\"dbpw2\"}}]"));
        daemon.route("GET", "/configs", Answer.json("[{\"ID\":\"cfgid1\",\"Spec\":{\"Name\":\"conf\"}}]"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private String body(String... args) {
        daemon.clearRequests();
        CliRunner.Result r = new CliRunner(daemon, clock).env("FROM_ENV", "env-value").run(args);
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("svcid\n");
        return daemon.requests().stream().filter(q -> q.path().endsWith("/services/create")).findFirst().orElseThrow().body();
    }

    @Test
    void aBareImageGetsLatestAndOneReplicaIsLeftToTheServer() {
        assertThat(body("service", "create", "-d", "--name", "web", "busybox")).isEqualTo("{\"Name\":\"web\",\"Labels\":{},"
                + "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:latest\",\"Init\":false,\"DNSConfig\":{}},"
                + "\"Resources\":{\"Limits\":{},\"Reservations\":{}},\"Placement\":{},\"ForceUpdate\":0},"
                + "\"Mode\":{\"Replicated\":{}},\"EndpointSpec\":{\"Mode\":\"vip\"}}\n");
    }

    @Test
    void durationsMemoryCpusAndPoliciesAsDockerEncodesThem() {
        String body = body("service", "create", "-d", "--name", "web", "--replicas", "3", "-e", "A=1", "-e", "B=2",
                "-e", "A=3", "--label", "x=y", "--label", "z", "--container-label", "c=d", "--limit-cpu", "0.5",
                "--limit-memory", "64M", "--reserve-cpu", "0.25", "--reserve-memory", "1G", "--restart-condition",
                "on-failure", "--restart-delay", "10s", "--restart-max-attempts", "3", "--restart-window", "1m30s",
                "--update-parallelism", "2", "--update-delay", "10s", "--update-failure-action", "rollback",
                "--update-monitor", "20s", "--update-max-failure-ratio", "0.3", "--update-order", "start-first",
                "--rollback-parallelism", "0", "--rollback-delay", "1s", "--constraint", "node.role==worker",
                "--placement-pref", "spread=node.labels.zone", "--replicas-max-per-node", "2", "-p", "8080:80", "-p",
                "published=53,target=53,protocol=udp,mode=host", "--endpoint-mode", "dnsrr", "--workdir", "/srv",
                "--user", "nobody", "--hostname", "h1", "--entrypoint", "sh -c", "--health-cmd", "curl -f localhost",
                "--health-interval", "30s", "--health-timeout", "5s", "--health-retries", "3", "--health-start-period",
                "10s", "--stop-grace-period", "20s", "--stop-signal", "SIGINT", "nginx:alpine", "echo", "hello", "world");
        assertThat(body).isEqualTo("{\"Name\":\"web\",\"Labels\":{\"x\":\"y\",\"z\":\"\"},\"TaskTemplate\":{\"ContainerSpec\":"
                + "{\"Image\":\"nginx:alpine\",\"Labels\":{\"c\":\"d\"},\"Command\":[\"sh\",\"-c\"],\"Args\":[\"echo\",\"hello\","
                + "\"world\"],\"Hostname\":\"h1\",\"Env\":[\"B=2\",\"A=3\"],\"Dir\":\"/srv\",\"User\":\"nobody\",\"Init\":false,"
                + "\"StopSignal\":\"SIGINT\",\"StopGracePeriod\":20000000000,\"Healthcheck\":{\"Test\":[\"CMD-SHELL\","
                + "\"curl -f localhost\"],\"Interval\":30000000000,\"Timeout\":5000000000,\"StartPeriod\":10000000000,"
                + "\"Retries\":3},\"DNSConfig\":{}},\"Resources\":{\"Limits\":{\"NanoCPUs\":500000000,\"MemoryBytes\":67108864},"
                + "\"Reservations\":{\"NanoCPUs\":250000000,\"MemoryBytes\":1073741824}},\"RestartPolicy\":{\"Condition\":"
                + "\"on-failure\",\"Delay\":10000000000,\"MaxAttempts\":3,\"Window\":90000000000},\"Placement\":{\"Constraints\":"
                + "[\"node.role==worker\"],\"Preferences\":[{\"Spread\":{\"SpreadDescriptor\":\"node.labels.zone\"}}],"
                + "\"MaxReplicas\":2},\"ForceUpdate\":0},\"Mode\":{\"Replicated\":{\"Replicas\":3}},\"UpdateConfig\":"
                + "{\"Parallelism\":2,\"Delay\":10000000000,\"FailureAction\":\"rollback\",\"Monitor\":20000000000,"
                + "\"MaxFailureRatio\":0.3,\"Order\":\"start-first\"},\"RollbackConfig\":{\"Parallelism\":0,\"Delay\":1000000000,"
                + "\"FailureAction\":\"pause\",\"Monitor\":5000000000,\"MaxFailureRatio\":0,\"Order\":\"stop-first\"},"
                + "\"EndpointSpec\":{\"Mode\":\"dnsrr\",\"Ports\":[{\"Protocol\":\"tcp\",\"TargetPort\":80,\"PublishedPort\":8080,"
                + "\"PublishMode\":\"ingress\"},{\"Protocol\":\"udp\",\"TargetPort\":53,\"PublishedPort\":53,\"PublishMode\":"
                + "\"host\"}]}}\n");
    }

    @Test
    void lookupsComeFirstThenNetworksSecretsAndConfigsAreReferencedById() {
        String body = body("service", "create", "-d", "--mode", "global", "--network", "backend", "--network",
                "name=frontend,alias=fe", "--secret", "dbpw", "--secret", "source=dbpw2,target=/x,mode=0400", "--config",
                "conf", "--mount", "type=bind,src=/a,dst=/b,ro", "--mount",
                "type=volume,source=v,target=/v,volume-label=a=b,volume-driver=local", "--mount",
                "type=tmpfs,target=/t,tmpfs-size=64M", "--dns", "8.8.8.8", "--dns-search", "example.com", "--dns-option",
                "ndots:2", "--host", "db:10.0.0.1", "--group", "g1", "--init", "--sysctl", "net.core.somaxconn=1024",
                "--ulimit", "nofile=1024:2048", "--ulimit", "core=0", "--cap-add", "net_admin", "--cap-drop", "CAP_CHOWN",
                "--log-driver", "json-file", "--log-opt", "max-size=10m", "--read-only", "--tty", "--no-healthcheck",
                "busybox:1.36");
        assertThat(daemon.calls()).containsExactly("GET /v1.50/networks/backend?scope=swarm",
                "GET /v1.50/networks/frontend?scope=swarm",
                "GET /v1.50/secrets?filters=%7B%22name%22%3A%7B%22dbpw%22%3Atrue%2C%22dbpw2%22%3Atrue%7D%7D",
                "GET /v1.50/configs?filters=%7B%22name%22%3A%7B%22conf%22%3Atrue%7D%7D", "POST /v1.50/services/create");
        assertThat(body).isEqualTo("{\"Labels\":{},\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox:1.36\","
                + "\"Groups\":[\"g1\"],\"Init\":true,\"TTY\":true,\"ReadOnly\":true,\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/a\","
                + "\"Target\":\"/b\",\"ReadOnly\":true},{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/v\",\"VolumeOptions\":"
                + "{\"Labels\":{\"a\":\"b\"},\"DriverConfig\":{\"Name\":\"local\"}}},{\"Type\":\"tmpfs\",\"Target\":\"/t\","
                + "\"TmpfsOptions\":{\"SizeBytes\":67108864}}],\"Healthcheck\":{\"Test\":[\"NONE\"]},\"Hosts\":[\"10.0.0.1 db\"],"
                + "\"DNSConfig\":{\"Nameservers\":[\"8.8.8.8\"],\"Search\":[\"example.com\"],\"Options\":[\"ndots:2\"]},"
                + "\"Secrets\":[{\"File\":{\"Name\":\"dbpw\",\"UID\":\"0\",\"GID\":\"0\",\"Mode\":292},\"SecretID\":\"secid1\","
                + "\"SecretName\":\"dbpw\"},{\"File\":{\"Name\":\"/x\",\"UID\":\"0\",\"GID\":\"0\",\"Mode\":256},\"SecretID\":"
                + "\"secid2\",\"SecretName\":\"dbpw2\"}],\"Configs\":[{\"File\":{\"Name\":\"conf\",\"UID\":\"0\",\"GID\":\"0\","
                + "\"Mode\":292},\"ConfigID\":\"cfgid1\",\"ConfigName\":\"conf\"}],\"Sysctls\":{\"net.core.somaxconn\":\"1024\"},"
                + "\"CapabilityAdd\":[\"CAP_NET_ADMIN\"],\"CapabilityDrop\":[\"CAP_CHOWN\"],\"Ulimits\":[{\"Name\":\"core\","
                + "\"Hard\":0,\"Soft\":0},{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024}]},\"Resources\":{\"Limits\":{},"
                + "\"Reservations\":{}},\"Placement\":{},\"Networks\":[{\"Target\":\"netid0\",\"Aliases\":[\"fe\"]},"
                + "{\"Target\":\"netid1\"}],\"LogDriver\":{\"Name\":\"json-file\",\"Options\":{\"max-size\":\"10m\"}},"
                + "\"ForceUpdate\":0},\"Mode\":{\"Global\":{}},\"EndpointSpec\":{\"Mode\":\"vip\"}}\n");
    }

    @Test
    void jobModesCarryTheirCounts() {
        assertThat(body("service", "create", "-d", "--mode", "replicated-job", "--replicas", "5", "--max-concurrent", "2",
                "busybox")).contains("\"Mode\":{\"ReplicatedJob\":{\"MaxConcurrent\":2,\"TotalCompletions\":5}}");
        assertThat(body("service", "create", "-d", "--mode", "global-job", "busybox")).contains("\"Mode\":{\"GlobalJob\":{}}");
    }

    @Test
    void eachVariableKeepsItsLastValueAndNamesTakeTheirValueFromTheEnvironment() {
        String body = body("service", "create", "-d", "-e", "A=1", "-e", "FROM_ENV", "-e", "UNSET_HERE", "-e", "A=2",
                "busybox");
        assertThat(body).contains("\"Env\":[\"FROM_ENV=env-value\",\"UNSET_HERE\",\"A=2\"]");
    }

    @Test
    void everythingAfterTheImageIsTheCommand() {
        assertThat(body("service", "create", "-d", "busybox", "sh", "-c", "--not-a-flag"))
                .contains("\"Args\":[\"sh\",\"-c\",\"--not-a-flag\"]");
    }

    @Test
    void portRangesAndTargetOnlyPorts() {
        assertThat(body("service", "create", "-d", "-p", "80", "-p", "8000-8001:80-81/udp", "busybox"))
                .contains("\"Ports\":[{\"Protocol\":\"tcp\",\"TargetPort\":80,\"PublishMode\":\"ingress\"},"
                        + "{\"Protocol\":\"udp\",\"TargetPort\":80,\"PublishedPort\":8000,\"PublishMode\":\"ingress\"},"
                        + "{\"Protocol\":\"udp\",\"TargetPort\":81,\"PublishedPort\":8001,\"PublishMode\":\"ingress\"}]");
    }

    @Test
    void contradictoryFlagsFailBeforeAnyRequest() {
        for (List<String> args : List.of(List.of("--mode", "global", "--replicas", "2"),
                List.of("--mode", "replicated-job", "--update-delay", "1s"), List.of("--no-healthcheck", "--health-cmd", "x"),
                List.of("--mode", "bogus"))) {
            daemon.clearRequests();
            List<String> all = new java.util.ArrayList<>(List.of("service", "create", "-d"));
            all.addAll(args);
            all.add("busybox");
            CliRunner.Result r = new CliRunner(daemon, clock).run(all.toArray(String[]::new));
            assertThat(r.code()).isEqualTo(1);
            assertThat(daemon.calls()).isEmpty();
        }
    }
}
