package io.shoal.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.shoal.api.Json;
import io.shoal.cli.CliException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * docker's {@code inspect.Inspect}: every reference is looked up; what was found is printed as an
 * indented JSON array (or compact JSON, or through a {@code --format} template), and the
 * failures are reported together afterwards, exit status 1.
 */
public final class Inspector {
    private Inspector() {}

    public static void inspect(PrintStream out, List<String> refs, String format, Function<String, JsonNode> get) {
        List<JsonNode> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        MiniTemplate template = format == null || format.isEmpty() || format.equals("json")
                ? null : MiniTemplate.parse(format);
        StringBuilder templated = new StringBuilder();
        for (String ref : refs) {
            try {
                JsonNode n = get.apply(ref);
                found.add(n);
                if (template != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = Json.mapper().convertValue(n, Map.class);
                    templated.append(template.execute(row)).append('\n');
                }
            } catch (CliException e) {
                errors.add(e.getMessage());
            }
        }
        if (template != null) {
            out.print(templated.isEmpty() ? "\n" : templated.toString());
        } else if (found.isEmpty()) {
            out.print("[]\n");
        } else {
            ArrayNode array = JsonTrees.array();
            found.forEach(array::add);
            out.print((format != null && format.equals("json") ? GoJson.compact(array) : GoJson.indent(array)) + "\n");
        }
        if (!errors.isEmpty()) {
            throw new CliException(String.join("\n", errors));
        }
    }
}
