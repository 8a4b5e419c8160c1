package io.shoal.manager.controlapi;

import static io.shoal.manager.controlapi.Specs.host;
import static io.shoal.manager.controlapi.Specs.ingress;
import static io.shoal.manager.controlapi.Specs.service;
import static io.shoal.manager.controlapi.Specs.withContainer;
import static io.shoal.manager.controlapi.Specs.withPorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.EndpointMode;
import io.shoal.api.FailureAction;
import io.shoal.api.PortProtocol;
import io.shoal.api.PublishMode;
import io.shoal.api.Service;
import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import io.shoal.api.TaskSpec;
import io.shoal.api.UpdateOrder;
import io.shoal.api.UpdateState;
import io.shoal.api.Version;
import io.shoal.api.time.FakeClock;
import io.shoal.store.MemoryStore;
import io.shoal.store.StoreSnapshot;
import io.shoal.store.Table;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceApiTest {
    private final FakeClock clock = new FakeClock();
    private final MemoryStore store = MemoryStore.local(clock);
    private final ServiceApi api = new ServiceApi(store, clock);

    @Test
    void createStoresANormalisedServiceAtSpecVersionOne() {
        Service s = api.create(service("web"));

        assertThat(s.id()).hasSize(25);
        assertThat(s.version().index()).isEqualTo(store.index());
        assertThat(s.createdAt()).isEqualTo(clock.instant());
        assertThat(s.specVersion()).isEqualTo(new Version(1));
        assertThat(s.previousSpec()).isNull();
        assertThat(s.jobStatus()).isNull();
        assertThat(s.spec().mode().replicated().replicas()).isEqualTo(1L); // Replicated:{} means one
        assertThat(s.spec().endpointSpec()).isEqualTo(new ServiceSpec.EndpointSpec(EndpointMode.VIP, null));
        assertThat(s.spec().labels()).isEmpty();
        assertThat(s.spec().taskTemplate().runtime()).isEqualTo("container");
        assertThat(store.<Service>view(tx -> Lookup.service(tx, "web"))).isEqualTo(s);
    }

    @Test
    void createWithoutAModeIsOneReplicaAndPortsGetProtocolAndPublishMode() {
        ServiceSpec spec = service("web").withMode(null).withEndpointSpec(new ServiceSpec.EndpointSpec(null,
                List.of(new ServiceSpec.PortConfig(null, null, 80, 8080, null))));
        Service s = api.create(spec);
        assertThat(s.spec().mode()).isEqualTo(ServiceSpec.Mode.ofReplicated(1));
        assertThat(s.spec().endpointSpec()).isEqualTo(new ServiceSpec.EndpointSpec(EndpointMode.VIP,
                List.of(new ServiceSpec.PortConfig(null, PortProtocol.TCP, 80, 8080, PublishMode.INGRESS))));
        assertThat(s.endpoint()).as("its port is the allocator's to give").isNull();
    }

    @Test
    void aServiceThatPublishesNoPortsHasItsEndpointAtOnce() {
        Service s = api.create(service("web"));
        assertThat(s.endpoint()).isEqualTo(new Service.Endpoint(new ServiceSpec.EndpointSpec(EndpointMode.VIP, null),
                null, null));
    }

    @Test
    void aPresentUpdateConfigGetsDockersZeroValuesMadeExplicit() {
        Service s = api.create(service("web").withUpdateConfig(
                new ServiceSpec.UpdateConfig(null, null, null, 1_000_000_000L, null, null)));
        assertThat(s.spec().updateConfig()).isEqualTo(new ServiceSpec.UpdateConfig(0L, 0L, FailureAction.PAUSE,
                1_000_000_000L, 0.0, UpdateOrder.STOP_FIRST));
        assertThat(s.spec().rollbackConfig()).isNull();
    }

    @Test
    void aServiceWithoutANameGetsADockerStyleName() {
        Service a = api.create(service(""));
        Service b = api.create(service(null));
        assertThat(a.name()).matches("[a-z]+_[a-z]+");
        assertThat(b.name()).matches("[a-z]+_[a-z]+(_[0-9a-z]{6})?").isNotEqualTo(a.name());
    }

    @Test
    void aTakenNameIsAConflictCaseInsensitively() {
        api.create(service("web"));
        long before = store.index();
        assertThatThrownBy(() -> api.create(service("WEB")))
                .isInstanceOf(ShoalException.Conflict.class)
                .hasMessage("name conflicts with an existing object: service WEB already exists");
        assertThat(store.index()).isEqualTo(before);
    }

    @Test
    void aReplicatedJobDefaultsItsCountsAndStartsAtIterationZero() {
        Service s = api.create(service("once").withMode(new ServiceSpec.Mode(null, null,
                new ServiceSpec.ReplicatedJob(3L, null), null)));
        assertThat(s.spec().mode().replicatedJob()).isEqualTo(new ServiceSpec.ReplicatedJob(3L, 3L));
        assertThat(s.jobStatus()).isEqualTo(new Service.JobStatus(Version.ZERO, clock.instant()));
        Service g = api.create(service("each").withMode(ServiceSpec.Mode.ofGlobalJob()));
        assertThat(g.jobStatus().jobIteration()).isEqualTo(Version.ZERO);
        Service r = api.create(service("r1").withMode(new ServiceSpec.Mode(null, null,
                new ServiceSpec.ReplicatedJob(null, null), null)));
        assertThat(r.spec().mode().replicatedJob()).isEqualTo(new ServiceSpec.ReplicatedJob(1L, 1L));
    }

    static Stream<Arguments> invalidSpecs() {
        ServiceSpec ok = service("web");
        return Stream.of(
                Arguments.of("bad name", service("-web"), "name must be valid as a DNS name component"),
                Arguments.of("dotted name", service("a.b"), "name must be valid as a DNS name component"),
                Arguments.of("long name", service("a".repeat(64)), "name must be 63 characters or fewer"),
                Arguments.of("no task template", ok.withTaskTemplate(null), "mismatched Runtime and *Spec fields"),
                Arguments.of("no container spec", ok.withTaskTemplate(new TaskSpec(null, null, null, null, null, null,
                        null, null)), "mismatched Runtime and *Spec fields"),
                Arguments.of("plugin runtime", ok.withTaskTemplate(new TaskSpec(TaskSpec.ContainerSpec.ofImage("x"),
                        null, null, null, null, null, null, "plugin")), "unsupported runtime"),
                Arguments.of("no image", withContainer(ok, c -> c.withImage("")),
                        "ContainerSpec: image reference must be provided"),
                Arguments.of("bad image", withContainer(ok, c -> c.withImage("Busybox:latest")),
                        "ContainerSpec: \"Busybox:latest\" is not a valid repository/tag"),
                Arguments.of("image with space", withContainer(ok, c -> c.withImage("busy box")),
                        "ContainerSpec: \"busy box\" is not a valid repository/tag"),
                Arguments.of("negative replicas", ok.withMode(ServiceSpec.Mode.ofReplicated(-1)),
                        "Number of replicas must be non-negative"),
                Arguments.of("negative max concurrent", ok.withMode(ServiceSpec.Mode.ofReplicatedJob(-1, 1)),
                        "Maximum concurrent jobs must not be negative"),
                Arguments.of("negative completions", ok.withMode(ServiceSpec.Mode.ofReplicatedJob(1, -2)),
                        "Total completed jobs must not be negative"),
                Arguments.of("two modes", ok.withMode(new ServiceSpec.Mode(new ServiceSpec.Replicated(1L),
                        new ServiceSpec.Global(), null, null)), "must specify only one service mode"),
                Arguments.of("tiny cpu", withResources(ok, new TaskSpec.Resources(999_999L, null, null, null)),
                        "invalid cpu value 0.000999999: Must be at least 0.001"),
                Arguments.of("one nano cpu", withResources(ok, new TaskSpec.Resources(1L, null, null, null)),
                        "invalid cpu value 1e-09: Must be at least 0.001"),
                Arguments.of("tiny memory", withResources(ok, new TaskSpec.Resources(null, 1024L, null, null)),
                        "invalid memory value 1024: Must be at least 4MiB"),
                Arguments.of("negative restart delay", withRestart(ok, new TaskSpec.RestartPolicy(null, -1L, null, null)),
                        "TaskSpec: restart-delay cannot be negative"),
                Arguments.of("negative restart window", withRestart(ok, new TaskSpec.RestartPolicy(null, null, null, -1L)),
                        "TaskSpec: restart-window cannot be negative"),
                Arguments.of("negative update delay", ok.withUpdateConfig(
                        new ServiceSpec.UpdateConfig(1L, -1L, null, null, null, null)),
                        "TaskSpec: update-delay cannot be negative"),
                Arguments.of("negative monitor", ok.withUpdateConfig(
                        new ServiceSpec.UpdateConfig(1L, 0L, null, -5L, null, null)),
                        "TaskSpec: update-monitor cannot be negative"),
                Arguments.of("failure ratio above 1", ok.withUpdateConfig(
                        new ServiceSpec.UpdateConfig(1L, 0L, null, null, 1.5, null)),
                        "TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1"),
                Arguments.of("negative failure ratio", ok.withUpdateConfig(
                        new ServiceSpec.UpdateConfig(1L, 0L, null, null, -0.1, null)),
                        "TaskSpec: update-maxfailureratio cannot be less than 0 or bigger than 1"),
                Arguments.of("negative rollback delay", ok.withRollbackConfig(
                        new ServiceSpec.UpdateConfig(1L, -1L, null, null, null, null)),
                        "TaskSpec: rollback-delay cannot be negative"),
                Arguments.of("negative stop grace", withContainer(ok, c -> c.withStopGracePeriod(-1L)),
                        "ContainerSpec: stop-grace-period cannot be negative"),
                Arguments.of("job with update config", ok.withMode(ServiceSpec.Mode.ofGlobalJob())
                        .withUpdateConfig(ServiceSpec.UpdateConfig.DEFAULT), "Jobs may not have an update config"),
                Arguments.of("duplicate mount", withContainer(ok, c -> withMounts(c, "/data", "/data")),
                        "ContainerSpec: duplicate mount point: /data"),
                Arguments.of("sub-millisecond health interval", withContainer(ok, c -> c.withHealthCheck(
                        new TaskSpec.HealthConfig(List.of("CMD", "true"), 1000L, null, null, null, null))),
                        "ContainerSpec: Interval in HealthConfig cannot be less than 1ms"),
                Arguments.of("negative health retries", withContainer(ok, c -> c.withHealthCheck(
                        new TaskSpec.HealthConfig(List.of("CMD", "true"), null, null, -1, null, null))),
                        "ContainerSpec: Retries in HealthConfig cannot be negative"),
                Arguments.of("constraint without operator", withConstraint(ok, "node.role=manager"),
                        "constraint expected one operator from ==, !="),
                Arguments.of("constraint bad key", withConstraint(ok, "no de==x"), "key 'no de' is invalid"),
                Arguments.of("duplicate published port", withPorts(ok, EndpointMode.VIP, ingress(80, 80), host(80, 81)),
                        "EndpointSpec: duplicate published ports provided"),
                Arguments.of("ingress with dnsrr", withPorts(ok, EndpointMode.DNSRR, ingress(80, 80)),
                        "EndpointSpec: port published with ingress mode can't be used with dnsrr mode"),
                Arguments.of("port out of range", withPorts(ok, EndpointMode.VIP, ingress(70000, 80)),
                        "EndpointSpec: port 70000 is out of range (0-65535)"),
                Arguments.of("secret without target", withContainer(ok, c -> withSecrets(c,
                        new TaskSpec.SecretReference(null, "id1", "s1"))),
                        "malformed secret reference, no target provided"),
                Arguments.of("secrets with one target", withContainer(ok, c -> withSecrets(c,
                        new TaskSpec.SecretReference(new TaskSpec.FileTarget("t", "0", "0", 292), "id1", "s1"),
                        new TaskSpec.SecretReference(new TaskSpec.FileTarget("t", "0", "0", 292), "id2", "s2"))),
                        "secret references 's1' and 's2' have a conflicting target: 't'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void anInvalidSpecIsRefusedWithDockersMessageAndChangesNothing(String what, ServiceSpec spec, String message) {
        api.create(service("existing"));
        var before = state();

        assertThatThrownBy(() -> api.create(spec))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage(message);

        assertThat(state()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void anInvalidUpdateIsRefusedTooAndChangesNothing(String what, ServiceSpec spec, String message) {
        if (spec.name() != null && !spec.name().equals("web")) {
            return; // a name error on update is a rename: tested separately
        }
        Service s = api.create(service("web"));
        var before = state();

        assertThatThrownBy(() -> api.update(s.id(), s.version().index(), spec))
                .isInstanceOf(ShoalException.class).hasMessage(message);

        assertThat(state()).isEqualTo(before);
    }

    @Test
    void validImagesAreAccepted() {
        for (String image : List.of("busybox", "busybox:latest", "library/busybox:1.36", "shoal-test/busybox:latest",
                "localhost:5000/a/b:tag", "Registry.Example.com/x", "nginx@sha256:" + "a".repeat(64),
                "my_image__x", "a-b.c", "[::1]:5000/img")) {
            assertThat(ImageReference.isValid(image)).as(image).isTrue();
        }
        for (String image : List.of("", "UPPER", "a:", ":tag", "a//b", "a b", "-a", "a".repeat(256),
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "img@sha256:xyz")) {
            assertThat(ImageReference.isValid(image)).as(image).isFalse();
        }
    }

    @Test
    void aPublishedPortTakenByAnotherServiceIsRefused() {
        Service web = api.create(withPorts(service("web"), EndpointMode.VIP, ingress(8080, 80)));
        long before = store.index();

        assertThatThrownBy(() -> api.create(withPorts(service("api"), EndpointMode.VIP, ingress(8080, 90))))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("port '8080' is already in use by service 'web' (" + web.id() + ") as an ingress port");
        assertThatThrownBy(() -> api.create(withPorts(service("api"), EndpointMode.VIP, host(8080, 90))))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("port '8080' is already in use by service 'web' (" + web.id() + ") as an ingress port");
        assertThat(store.index()).isEqualTo(before);

        // host-mode ports may be shared; the scheduler keeps them apart per node
        api.create(withPorts(service("h1"), EndpointMode.VIP, host(9000, 90)));
        Service h2 = api.create(withPorts(service("h2"), EndpointMode.VIP, host(9000, 90)));
        assertThatThrownBy(() -> api.create(withPorts(service("i"), EndpointMode.VIP, ingress(9000, 90))))
                .hasMessageContaining("as a host-published port");
        // another protocol is another port
        api.create(withPorts(service("udp"), EndpointMode.VIP,
                new ServiceSpec.PortConfig(null, PortProtocol.UDP, 80, 8080, PublishMode.INGRESS)));
        // a service keeps its own ports on update
        api.update(h2.id(), h2.version().index(), withPorts(service("h2"), EndpointMode.VIP, host(9000, 91)));
    }

    @Test
    void anUpdateKeepsThePreviousSpecAndAdvancesTheSpecVersion() {
        Service v1 = api.create(service("web"));
        store.write(tx -> tx.update(Table.SERVICES, tx.get(Table.SERVICES, v1.id()).orElseThrow()
                .withUpdateStatus(new Service.UpdateStatus(UpdateState.COMPLETED, null, null, "done"))));
        Service stored = read(v1.id());
        clock.advance(Duration.ofSeconds(1));

        ServiceSpec newSpec = withContainer(service("web"), c -> c.withImage("busybox:1.36"));
        Service v2 = api.update("web", stored.version().index(), newSpec);

        assertThat(v2.spec().taskTemplate().containerSpec().image()).isEqualTo("busybox:1.36");
        assertThat(v2.previousSpec()).isEqualTo(v1.spec());
        assertThat(v2.previousSpecVersion()).isEqualTo(new Version(1));
        assertThat(v2.specVersion()).isEqualTo(new Version(2));
        assertThat(v2.updateStatus()).isNull();
        assertThat(v2.version().index()).isGreaterThan(stored.version().index());
        assertThat(v2.updatedAt()).isEqualTo(clock.instant());
    }

    @Test
    void anUpdateWithoutANameKeepsTheName() {
        Service v1 = api.create(service("web"));
        Service v2 = api.update(v1.id(), v1.version().index(), service(null).withMode(ServiceSpec.Mode.ofReplicated(3)));
        assertThat(v2.name()).isEqualTo("web");
        assertThat(v2.spec().mode().replicated().replicas()).isEqualTo(3L);
    }

    @Test
    void aStaleVersionIsOutOfSequenceAndChangesNothing() {
        Service v1 = api.create(service("web"));
        api.update(v1.id(), v1.version().index(), service("web").withMode(ServiceSpec.Mode.ofReplicated(2)));
        var before = state();

        assertThatThrownBy(() -> api.update(v1.id(), v1.version().index(), service("web")))
                .isInstanceOf(ShoalException.SequenceConflict.class).hasMessage("update out of sequence");
        assertThatThrownBy(() -> api.rollback(v1.id(), v1.version().index()))
                .isInstanceOf(ShoalException.SequenceConflict.class).hasMessage("update out of sequence");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void renamingAndChangingTheModeAreNotSupported() {
        Service v1 = api.create(service("web"));
        var before = state();

        assertThatThrownBy(() -> api.update(v1.id(), v1.version().index(), service("www")))
                .isInstanceOf(ShoalException.Unimplemented.class).hasMessage("renaming services is not supported");
        assertThatThrownBy(() -> api.update(v1.id(), v1.version().index(),
                service("web").withMode(ServiceSpec.Mode.ofGlobal())))
                .isInstanceOf(ShoalException.Unimplemented.class).hasMessage("service mode change is not allowed");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void rollbackSwapsBackThePreviousSpecAndStartsARollback() {
        Service v1 = api.create(service("web"));
        Service v2 = api.update(v1.id(), v1.version().index(),
                withContainer(service("web"), c -> c.withImage("busybox:bad")));
        clock.advance(Duration.ofSeconds(3));

        Service r = api.rollback("web", v2.version().index());

        assertThat(r.spec()).isEqualTo(v1.spec());
        assertThat(r.specVersion()).isEqualTo(v1.specVersion());
        assertThat(r.previousSpec()).isEqualTo(v2.spec());
        assertThat(r.previousSpecVersion()).isEqualTo(v2.specVersion());
        assertThat(r.updateStatus()).isEqualTo(new Service.UpdateStatus(UpdateState.ROLLBACK_STARTED, clock.instant(),
                null, "manually requested rollback"));

        // the next update must not reuse the generation number of the spec rolled away from
        Service v3 = api.update(r.id(), r.version().index(), withContainer(service("web"), c -> c.withImage("busybox:3")));
        assertThat(v3.specVersion().index()).isGreaterThan(v2.specVersion().index());
    }

    @Test
    void rollbackWithoutAPreviousSpecIsRefused() {
        Service v1 = api.create(service("web"));
        var before = state();
        assertThatThrownBy(() -> api.rollback("web", v1.version().index()))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("service " + v1.id() + " does not have a previous spec");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void everyUpdateOfAJobRunsItAgain() {
        Service v1 = api.create(service("job").withMode(ServiceSpec.Mode.ofReplicatedJob(1, 1)));
        clock.advance(Duration.ofSeconds(5));
        Service v2 = api.update(v1.id(), v1.version().index(), service("job").withMode(ServiceSpec.Mode.ofReplicatedJob(2, 4)));
        assertThat(v2.jobStatus()).isEqualTo(new Service.JobStatus(new Version(1), clock.instant()));
        Service v3 = api.rollback(v2.id(), v2.version().index());
        assertThat(v3.jobStatus().jobIteration()).isEqualTo(new Version(2));
    }

    @Test
    void removeDeletesTheServiceAndAnUnknownOneIsNotFound() {
        Service s = api.create(service("web"));
        api.remove(s.id().substring(0, 6));
        assertThat(store.<Optional<Service>>view(tx -> tx.get(Table.SERVICES, s.id()))).isEmpty();
        assertThatThrownBy(() -> api.remove("web"))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("service web not found");
        assertThatThrownBy(() -> api.update("nope", 1, service("nope")))
                .isInstanceOf(ShoalException.NotFound.class).hasMessage("service nope not found");
    }

    private Service read(String id) {
        return store.view(tx -> tx.get(Table.SERVICES, id)).orElseThrow();
    }

    private static ServiceSpec withResources(ServiceSpec s, TaskSpec.Resources limits) {
        return s.withTaskTemplate(s.taskTemplate().withResources(new TaskSpec.ResourceRequirements(limits, null)));
    }

    private static ServiceSpec withRestart(ServiceSpec s, TaskSpec.RestartPolicy p) {
        return s.withTaskTemplate(s.taskTemplate().withRestartPolicy(p));
    }

    private static ServiceSpec withConstraint(ServiceSpec s, String c) {
        return s.withTaskTemplate(s.taskTemplate().withPlacement(new TaskSpec.Placement(List.of(c), null, null, null)));
    }

    private static TaskSpec.ContainerSpec withMounts(TaskSpec.ContainerSpec c, String... targets) {
        List<TaskSpec.Mount> mounts = Stream.of(targets)
                .map(t -> new TaskSpec.Mount("volume", "v", t, null, null, null, null, null)).toList();
        return new TaskSpec.ContainerSpec(c.image(), c.labels(), c.command(), c.args(), c.hostname(), c.env(), c.dir(),
                c.user(), c.groups(), c.privileges(), c.tty(), c.openStdin(), c.readOnly(), mounts, c.stopSignal(),
                c.stopGracePeriod(), c.healthCheck(), c.hosts(), c.dnsConfig(), c.secrets(), c.configs(), c.isolation(),
                c.init(), c.sysctls(), c.capabilityAdd(), c.capabilityDrop(), c.ulimits(), c.oomScoreAdj());
    }

    private static TaskSpec.ContainerSpec withSecrets(TaskSpec.ContainerSpec c, TaskSpec.SecretReference... refs) {
        return new TaskSpec.ContainerSpec(c.image(), c.labels(), c.command(), c.args(), c.hostname(), c.env(), c.dir(),
                c.user(), c.groups(), c.privileges(), c.tty(), c.openStdin(), c.readOnly(), c.mounts(), c.stopSignal(),
                c.stopGracePeriod(), c.healthCheck(), c.hosts(), c.dnsConfig(), List.of(refs), c.configs(),
                c.isolation(), c.init(), c.sysctls(), c.capabilityAdd(), c.capabilityDrop(), c.ulimits(),
                c.oomScoreAdj());
    }

    /** Everything in the store, order-independent, with its index: equal means nothing was written. */
    private Map<String, Object> state() {
        StoreSnapshot snap = store.snapshot();
        Map<String, Object> out = new HashMap<>();
        out.put("index", snap.index());
        snap.tables().forEach((table, objects) -> out.put(table, Set.copyOf(objects)));
        return out;
    }
}
