package io.shoal.rpc.server;

import static java.util.Objects.requireNonNull;

import io.shoal.api.ShoalException;
import java.util.Map;

/** This manager's Docker API served in process, for write requests followers forward to the leader. */
public interface LocalApi {
    /** One HTTP exchange: the answer as the API would have written it. */
    Reply handle(String method, String path, Map<String, String> headers, byte[] body);

    record Reply(int status, Map<String, String> headers, byte[] body) {
        public Reply {
            headers = Map.copyOf(requireNonNull(headers, "headers is null"));
            requireNonNull(body, "body is null");
        }
    }

    /** For a cluster port without an API behind it (tests): Unimplemented. */
    LocalApi NONE = (method, path, headers, body) -> {
        throw new ShoalException.Unimplemented("this manager does not serve forwarded API requests");
    };
}
