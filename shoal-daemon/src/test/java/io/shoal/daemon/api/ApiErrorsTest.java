package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.ShoalException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {
    @Test
    void shoalExceptionsKeepTheirStatusAndMessage() {
        assertThat(ApiErrors.of(new ShoalException.NotFound("service x not found")))
                .isEqualTo(new ApiErrors.ApiError(404, "service x not found"));
        assertThat(ApiErrors.of(new ShoalException.InvalidArgument("bad")))
                .isEqualTo(new ApiErrors.ApiError(400, "bad"));
        assertThat(ApiErrors.of(new ShoalException.Conflict("taken")).status()).isEqualTo(409);
        assertThat(ApiErrors.of(new ShoalException.SequenceConflict("update out of sequence")))
                .isEqualTo(new ApiErrors.ApiError(500, "update out of sequence"));
        assertThat(ApiErrors.of(new ShoalException.Unavailable(SwarmErrors.NOT_A_MANAGER)))
                .isEqualTo(new ApiErrors.ApiError(503, SwarmErrors.NOT_A_MANAGER));
        assertThat(ApiErrors.of(new ShoalException.Unimplemented("renaming services is not supported")).status())
                .isEqualTo(501);
    }

    @Test
    void illegalArgumentsAreBadRequests() {
        assertThat(ApiErrors.of(new IllegalArgumentException("invalid task state 'x'")))
                .isEqualTo(new ApiErrors.ApiError(400, "invalid task state 'x'"));
    }

    @Test
    void anythingElseIsAnInternalError() {
        ApiErrors.ApiError e = ApiErrors.of(new IllegalStateException("boom"));
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.message()).contains("boom");
    }

    @Test
    void theBodyIsEscapedJson() {
        assertThat(ApiErrors.body("a \"quoted\"\nline")).isEqualTo("{\"message\":\"a \\\"quoted\\\"\\nline\"}");
    }
}
