package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.api.Json;
import org.junit.jupiter.api.Test;

class GoJsonTest {
    @Test
    void indentsAsGoMarshalIndent() throws Exception {
        var node = Json.mapper().readTree("[{\"ID\":\"x\",\"Spec\":{\"Labels\":{},\"Args\":[],\"N\":[1,2]},\"F\":0.25,\"Ok\":true,\"Nil\":null}]");
        assertThat(GoJson.indent(node)).isEqualTo(""
                + "[\n"
                + "    {\n"
                + "        \"ID\": \"x\",\n"
                + "        \"Spec\": {\n"
                + "            \"Labels\": {},\n"
                + "            \"Args\": [],\n"
                + "            \"N\": [\n"
                + "                1,\n"
                + "                2\n"
                + "            ]\n"
                + "        },\n"
                + "        \"F\": 0.25,\n"
                + "        \"Ok\": true,\n"
                + "        \"Nil\": null\n"
                + "    }\n"
                + "]");
    }

    @Test
    void escapesAsGoDoes() throws Exception {
        var node = Json.mapper().readTree("{\"a\":\"<b> & \\\"c\\\"\\n\"}");
        assertThat(GoJson.compact(node)).isEqualTo("{\"a\":\"\\u003cb\\u003e \\u0026 \\\"c\\\"\\n\"}");
    }

    @Test
    void wholeFloatsPrintWithoutFraction() throws Exception {
        assertThat(GoJson.compact(Json.mapper().readTree("{\"r\":1.0,\"s\":0.0}"))).isEqualTo("{\"r\":1,\"s\":0}");
    }
}
