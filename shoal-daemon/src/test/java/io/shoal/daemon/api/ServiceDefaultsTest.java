package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.EndpointMode;
import io.shoal.api.FailureAction;
import io.shoal.api.Json;
import io.shoal.api.RestartCondition;
import io.shoal.api.ServiceSpec;
import io.shoal.api.TaskSpec;
import io.shoal.api.UpdateOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceDefaultsTest {
    @Test
    void fillsSwarmKitsDefaultsIntoABareSpec() {
        ServiceSpec s = ServiceDefaults.insert(TestObjects.spec("web", ServiceSpec.Mode.ofReplicated(2), Map.of()));
        JsonNode j = Json.mapper().valueToTree(s);
        assertThat(j.at("/UpdateConfig/Parallelism").asLong()).isEqualTo(1);
        assertThat(j.at("/UpdateConfig/FailureAction").asText()).isEqualTo("pause");
        assertThat(j.at("/UpdateConfig/Monitor").asLong()).isEqualTo(5_000_000_000L);
        assertThat(j.at("/UpdateConfig/MaxFailureRatio").asDouble()).isZero();
        assertThat(j.at("/UpdateConfig/Order").asText()).isEqualTo("stop-first");
        assertThat(j.at("/UpdateConfig/Delay").isMissingNode()).isTrue();
        assertThat(j.at("/RollbackConfig")).isEqualTo(j.at("/UpdateConfig"));
        assertThat(j.at("/TaskTemplate/RestartPolicy/Condition").asText()).isEqualTo("any");
        assertThat(j.at("/TaskTemplate/RestartPolicy/Delay").asLong()).isEqualTo(5_000_000_000L);
        assertThat(j.at("/TaskTemplate/RestartPolicy/MaxAttempts").asLong()).isZero();
        assertThat(j.at("/TaskTemplate/ContainerSpec/StopGracePeriod").asLong()).isEqualTo(10_000_000_000L);
        assertThat(j.at("/TaskTemplate/ContainerSpec/DNSConfig").isObject()).isTrue();
        assertThat(j.at("/TaskTemplate/Resources").isObject()).isTrue();
        assertThat(j.at("/TaskTemplate/Placement").isObject()).isTrue();
        assertThat(j.at("/EndpointSpec/Mode").asText()).isEqualTo("vip");
        assertThat(j.at("/Mode/Replicated/Replicas").asLong()).isEqualTo(2);
    }

    @Test
    void keepsWhatTheUserSet() {
        ServiceSpec base = TestObjects.spec("web", ServiceSpec.Mode.ofReplicated(1), Map.of());
        TaskSpec t = base.taskTemplate()
                .withRestartPolicy(new TaskSpec.RestartPolicy(RestartCondition.ON_FAILURE, null, 3L, null))
                .withContainerSpec(base.taskTemplate().containerSpec().withStopGracePeriod(1_000_000_000L));
        ServiceSpec spec = base.withTaskTemplate(t)
                .withUpdateConfig(new ServiceSpec.UpdateConfig(0L, 2_000_000_000L, FailureAction.ROLLBACK, null, 0.5,
                        UpdateOrder.START_FIRST))
                .withEndpointSpec(new ServiceSpec.EndpointSpec(EndpointMode.DNSRR, null));
        ServiceSpec s = ServiceDefaults.insert(spec);
        assertThat(s.taskTemplate().restartPolicy())
                .isEqualTo(new TaskSpec.RestartPolicy(RestartCondition.ON_FAILURE, 5_000_000_000L, 3L, null));
        assertThat(s.taskTemplate().containerSpec().stopGracePeriod()).isEqualTo(1_000_000_000L);
        assertThat(s.updateConfig()).isEqualTo(new ServiceSpec.UpdateConfig(0L, 2_000_000_000L, FailureAction.ROLLBACK,
                5_000_000_000L, 0.5, UpdateOrder.START_FIRST));
        assertThat(s.endpointSpec().mode()).isEqualTo(EndpointMode.DNSRR);
    }

    @Test
    void anEmptyEndpointSpecBecomesVip() {
        ServiceSpec spec = TestObjects.spec("web", ServiceSpec.Mode.ofReplicated(1), Map.of())
                .withEndpointSpec(new ServiceSpec.EndpointSpec(null, null));
        assertThat(ServiceDefaults.insert(spec).endpointSpec().mode()).isEqualTo(EndpointMode.VIP);
    }
}
