package io.shoal.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text as Go's {@code encoding/json} writes it, which is what {@code docker inspect} prints:
 * four-space indentation, {@code "key": value}, empty containers as {@code {}} and {@code []},
 * and {@code <}, {@code >}, {@code &} escaped.
 */
public final class GoJson {
    private GoJson() {}

    /** {@code json.MarshalIndent(v, "", "    ")}. */
    public static String indent(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, 0, true);
        return sb.toString();
    }

    /** {@code json.Marshal(v)}: no whitespace. */
    public static String compact(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(sb, node, 0, false);
        return sb.toString();
    }

    private static void write(StringBuilder sb, JsonNode node, int depth, boolean pretty) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            sb.append("null");
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) {
                    sb.append(',');
                }
                first = false;
                newline(sb, depth + 1, pretty);
                string(sb, e.getKey());
                sb.append(pretty ? ": " : ":");
                write(sb, e.getValue(), depth + 1, pretty);
            }
            newline(sb, depth, pretty);
            sb.append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                newline(sb, depth + 1, pretty);
                write(sb, node.get(i), depth + 1, pretty);
            }
            newline(sb, depth, pretty);
            sb.append(']');
        } else if (node.isTextual()) {
            string(sb, node.textValue());
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            sb.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            sb.append(number(node.doubleValue()));
        } else {
            string(sb, node.asText());
        }
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e21) {
            return new BigDecimal(v).toBigInteger().toString();
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static void newline(StringBuilder sb, int depth, boolean pretty) {
        if (pretty) {
            sb.append('\n').append("    ".repeat(depth));
        }
    }

    /** A JSON string literal with Go's escaping (HTML-safe). */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
