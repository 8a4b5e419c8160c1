package io.shoal.daemon.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ServiceSpec;
import io.shoal.api.ShoalException;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {
    private static final ServiceSpec EMPTY = new ServiceSpec(null, null, null, null, null, null, null);

    @Test
    void decodesASpec() {
        ServiceSpec s = JsonBodies.read("{\"Name\":\"web\",\"Mode\":{\"Replicated\":{\"Replicas\":3}}}".getBytes(UTF_8),
                "application/json", ServiceSpec.class, EMPTY);
        assertThat(s.name()).isEqualTo("web");
        assertThat(s.mode().replicated().replicas()).isEqualTo(3);
    }

    @Test
    void anEmptyBodyIsTheEmptyValue() {
        assertThat(JsonBodies.read(new byte[0], null, ServiceSpec.class, EMPTY)).isSameAs(EMPTY);
        assertThat(JsonBodies.read(null, "application/json", ServiceSpec.class, EMPTY)).isSameAs(EMPTY);
        assertThat(JsonBodies.read("null".getBytes(UTF_8), "application/json", ServiceSpec.class, EMPTY)).isSameAs(EMPTY);
    }

    @Test
    void malformedJsonSaysWhereAndWhat() {
        assertThatThrownBy(() -> JsonBodies.read("{\"Name\": web}".getBytes(UTF_8), "application/json",
                ServiceSpec.class, EMPTY))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageStartingWith("invalid JSON: ")
                .hasMessageContaining("line 1");
    }

    @Test
    void aWrongTypeNamesTheField() {
        assertThatThrownBy(() -> JsonBodies.read("{\"Mode\":{\"Replicated\":{\"Replicas\":\"many\"}}}".getBytes(UTF_8),
                "application/json", ServiceSpec.class, EMPTY))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageStartingWith("invalid JSON: ")
                .hasMessageContaining("Mode.Replicated.Replicas");
    }

    @Test
    void aBadEnumWordSaysWhichWordsAreValid() {
        assertThatThrownBy(() -> JsonBodies.read(
                "{\"UpdateConfig\":{\"FailureAction\":\"explode\"}}".getBytes(UTF_8),
                "application/json", ServiceSpec.class, EMPTY))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessageContaining("explode");
    }

    @Test
    void contentAfterTheJsonIsRefused() {
        assertThatThrownBy(() -> JsonBodies.read("{} {}".getBytes(UTF_8), "application/json", ServiceSpec.class, EMPTY))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("unexpected content after JSON");
    }

    @Test
    void onlyJsonIsAccepted() {
        assertThat(JsonBodies.read("{}".getBytes(UTF_8), "application/json; charset=utf-8", ServiceSpec.class, EMPTY))
                .isNotNull();
        assertThatThrownBy(() -> JsonBodies.read("{}".getBytes(UTF_8), "text/plain", ServiceSpec.class, EMPTY))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("unsupported Content-Type header (text/plain): must be 'application/json'");
        assertThatThrownBy(() -> JsonBodies.read("{}".getBytes(UTF_8), null, ServiceSpec.class, EMPTY))
                .isInstanceOf(ShoalException.InvalidArgument.class);
    }
}
