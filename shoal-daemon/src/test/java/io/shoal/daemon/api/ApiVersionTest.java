package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void comparesNumericallyPartByPart() {
        assertThat(new ApiVersion("1.9")).isLessThan(new ApiVersion("1.10"));
        assertThat(new ApiVersion("1.50")).isEqualByComparingTo(new ApiVersion("1.50.0"));
        assertThat(new ApiVersion("2")).isGreaterThan(new ApiVersion("1.50"));
        assertThat(new ApiVersion("1.42").isAtLeast(ApiVersion.MULTIPLEXED_CONTENT_TYPE)).isTrue();
        assertThat(new ApiVersion("1.41").isAtLeast(ApiVersion.MULTIPLEXED_CONTENT_TYPE)).isFalse();
    }

    @Test
    void acceptsTheSupportedRange() {
        assertThat(ApiVersion.checked("1.24").text()).isEqualTo("1.24");
        assertThat(ApiVersion.checked("1.41").text()).isEqualTo("1.41");
        assertThat(ApiVersion.checked("1.50").text()).isEqualTo("1.50");
    }

    @Test
    void refusesTooNewWithDockerdsWords() {
        assertThatThrownBy(() -> ApiVersion.checked("1.51"))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("client version 1.51 is too new. Maximum supported API version is 1.50");
    }

    @Test
    void refusesTooOldWithDockerdsWords() {
        assertThatThrownBy(() -> ApiVersion.checked("1.23"))
                .isInstanceOf(ShoalException.InvalidArgument.class)
                .hasMessage("client version 1.23 is too old. Minimum supported API version is 1.24, "
                        + "please upgrade your client to a newer version");
    }

    @Test
    void wellFormedIsDigitsAndDots() {
        assertThat(ApiVersion.isWellFormed("1.50")).isTrue();
        assertThat(ApiVersion.isWellFormed("1")).isTrue();
        assertThat(ApiVersion.isWellFormed("1.5a")).isFalse();
        assertThat(ApiVersion.isWellFormed("1..2")).isFalse();
        assertThat(ApiVersion.isWellFormed("")).isFalse();
    }
}
