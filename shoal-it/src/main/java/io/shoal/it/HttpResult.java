package io.shoal.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.api.Json;

import java.util.Map;

/** One HTTP response: status, headers (names lower-cased) and the body as text. */
public record HttpResult(int status, Map<String, String> headers, String body) {

    public HttpResult {
        headers = Map.copyOf(headers);
    }

    /** The body as a JSON tree (Docker API field names). */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
        }
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
