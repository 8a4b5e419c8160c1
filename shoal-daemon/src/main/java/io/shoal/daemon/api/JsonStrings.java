package io.shoal.daemon.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** JSON string literals. */
final class JsonStrings {
    private JsonStrings() {}

    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
