package io.shoal.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shoal.api.ShoalException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {
    @Test
    void everyShoalExceptionSurvivesTheTripWithItsMessage() {
        List<ShoalException> all = List.of(
                new ShoalException.NotFound("node x not found"),
                new ShoalException.InvalidArgument("A valid join token is necessary to join this cluster"),
                new ShoalException.Conflict("name conflicts"),
                new ShoalException.SequenceConflict("update out of sequence"),
                new ShoalException.PermissionDenied("node x was removed from the swarm"),
                new ShoalException.Unavailable("session invalid"),
                new ShoalException.Unimplemented("not supported"),
                new ShoalException.Internal("broken", null));
        for (ShoalException e : all) {
            StatusRuntimeException wire = GrpcErrors.toStatus(e);
            // what the client sees: the status without the server-side cause
            StatusRuntimeException received = Status.fromCode(wire.getStatus().getCode())
                    .withDescription(wire.getStatus().getDescription()).asRuntimeException();
            ShoalException back = GrpcErrors.toShoal(received);
            assertThat(back).as(e.getClass().getSimpleName()).isInstanceOf(e.getClass());
            assertThat(back.getMessage()).isEqualTo(e.getMessage());
        }
    }

    @Test
    void codesMatchTheirMeaning() {
        assertThat(GrpcErrors.toStatus(new ShoalException.NotFound("x")).getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcErrors.toStatus(new ShoalException.Conflict("x")).getStatus().getCode())
                .isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(GrpcErrors.toStatus(new ShoalException.PermissionDenied("x")).getStatus().getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(GrpcErrors.toStatus(new IllegalArgumentException("bad")).getStatus().getCode())
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(GrpcErrors.toStatus(new NullPointerException()).getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    }

    @Test
    void connectionFailuresAreUnavailableAndSayWhy() {
        StatusRuntimeException refused = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused")).asRuntimeException();
        ShoalException e = GrpcErrors.toShoal(refused);
        assertThat(e).isInstanceOf(ShoalException.Unavailable.class);
        assertThat(e.getMessage()).isEqualTo("io exception: Connection refused");

        assertThat(GrpcErrors.toShoal(Status.DEADLINE_EXCEEDED.asRuntimeException()))
                .isInstanceOf(ShoalException.Unavailable.class);
        assertThat(GrpcErrors.toShoal(Status.UNAUTHENTICATED.withDescription("certificate has expired").asRuntimeException()))
                .isInstanceOf(ShoalException.PermissionDenied.class)
                .hasMessage("certificate has expired");
    }
}
