package io.shoal.daemon.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.shoal.api.Json;
import io.shoal.api.ShoalException;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Collectors;

/** Decodes request bodies as dockerd does: JSON only, an empty body is an empty object, errors are 400s. */
public final class JsonBodies {
    private JsonBodies() {}

    /**
     * Decodes {@code body}; an empty body gives {@code empty} (dockerd lets an empty body through and
     * the validation of the zero value speaks). A body with a content type other than JSON is refused.
     */
    public static <T> T read(byte[] body, String contentType, Class<T> type, T empty) {
        if (body == null || body.length == 0) {
            return empty;
        }
        checkJson(contentType);
        try (JsonParser p = Json.mapper().createParser(body)) {
            T value = Json.mapper().readValue(p, type);
            if (value == null) {
                return empty;
            }
            if (p.nextToken() != null) {
                throw new ShoalException.InvalidArgument("unexpected content after JSON");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ShoalException.InvalidArgument("invalid JSON: " + describe(e));
        } catch (IOException e) {
            throw new ShoalException.InvalidArgument("invalid JSON: " + e.getMessage());
        }
    }

    static void checkJson(String contentType) {
        String ct = contentType == null ? "" : contentType.trim();
        String media = ct.contains(";") ? ct.substring(0, ct.indexOf(';')).trim() : ct;
        if (!media.toLowerCase(Locale.ROOT).equals("application/json")) {
            throw new ShoalException.InvalidArgument("unsupported Content-Type header (" + ct
                    + "): must be 'application/json'");
        }
    }

    /** A short, path-qualified description of what is wrong with the JSON. */
    static String describe(JsonProcessingException e) {
        Throwable cause = e.getCause();
        String what = cause instanceof IllegalArgumentException && cause.getMessage() != null
                ? cause.getMessage() : firstLine(e.getOriginalMessage());
        String where = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            where = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
        }
        if (e.getLocation() != null && where.isEmpty()) {
            where = "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        }
        return where.isEmpty() ? what : what + " (at " + where + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
