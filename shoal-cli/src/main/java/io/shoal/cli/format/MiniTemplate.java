package io.shoal.cli.format;

import io.shoal.cli.CliException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of Go's {@code text/template} that {@code --format} strings use in practice:
 * {@code {{.Field}}}, {@code {{json .}}}, {@code {{json .Field}}} and a flat
 * {@code {{if .Field}}..{{else}}..{{end}}}, with {@code {{-}} / {@code -}}} trimming.
 * A row is a map of field name to value (String, Boolean or Number).
 */
public final class MiniTemplate {
    private sealed interface Node permits Text, Field, Json, If {}

    private record Text(String text) implements Node {}

    private record Field(String name) implements Node {}

    /** {@code name} null means the whole row. */
    private record Json(String name) implements Node {}

    private record If(String name, List<Node> then, List<Node> otherwise) implements Node {}

    private final List<Node> nodes;

    private MiniTemplate(List<Node> nodes) {
        this.nodes = nodes;
    }

    public static MiniTemplate parse(String source) {
        List<String> tokens = tokenize(source);
        int[] pos = {0};
        List<Node> nodes = parseNodes(tokens, pos, false);
        if (pos[0] < tokens.size()) {
            throw error("unexpected " + tokens.get(pos[0]));
        }
        return new MiniTemplate(nodes);
    }

    public String execute(Map<String, ?> row) {
        StringBuilder sb = new StringBuilder();
        render(nodes, row, sb);
        return sb.toString();
    }

    private static void render(List<Node> nodes, Map<String, ?> row, StringBuilder sb) {
        for (Node n : nodes) {
            switch (n) {
                case Text t -> sb.append(t.text());
                case Field f -> sb.append(printed(value(row, f.name())));
                case Json j -> sb.append(j.name() == null ? json(row) : json(value(row, j.name())));
                case If i -> render(truthy(lookup(row, i.name())) ? i.then() : i.otherwise(), row, sb);
            }
        }
    }

    /** A field or a dotted path into nested maps ({@code .Spec.Name}); values print as Go prints them. */
    private static Object value(Map<String, ?> row, String path) {
        String[] parts = path.split("\\.");
        if (!row.containsKey(parts[0])) {
            throw new CliException("template: :1: executing \"\" at <." + path + ">: can't evaluate field " + parts[0]);
        }
        Object v = row.get(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!(v instanceof Map<?, ?> m) || !m.containsKey(parts[i])) {
                return "<no value>";
            }
            v = m.get(parts[i]);
        }
        return v;
    }

    /** How a value prints in {@code {{.Field}}}: containers as JSON, a missing value as Go's "<nil>". */
    private static Object printed(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return json(v);
        }
        return v;
    }

    private static Object lookup(Map<String, ?> row, String path) {
        Object v = row;
        for (String part : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(part);
        }
        return v;
    }

    private static boolean truthy(Object v) {
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof List<?> l) {
            return !l.isEmpty();
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number num) {
            return num.doubleValue() != 0;
        }
        return v != null && !v.toString().isEmpty();
    }

    private static String json(Object v) {
        StringBuilder sb = new StringBuilder();
        if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                GoJson.string(sb, e.getKey().toString());
                sb.append(':').append(json(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Boolean || v instanceof Number) {
            return v.toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder a = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                a.append(i > 0 ? "," : "").append(json(l.get(i)));
            }
            return a.append(']').toString();
        }
        GoJson.string(sb, v == null ? "" : v.toString());
        return sb.toString();
    }

    private static List<Node> parseNodes(List<String> tokens, int[] pos, boolean inIf) {
        List<Node> out = new ArrayList<>();
        while (pos[0] < tokens.size()) {
            String tok = tokens.get(pos[0]);
            if (!tok.startsWith("{{")) {
                out.add(new Text(tok));
                pos[0]++;
                continue;
            }
            String action = tok.substring(2, tok.length() - 2).trim();
            if (action.equals("else") || action.equals("end")) {
                if (!inIf) {
                    throw error("unexpected {{" + action + "}}");
                }
                return out;
            }
            pos[0]++;
            if (action.startsWith("if ")) {
                String field = fieldName(action.substring(3).trim());
                List<Node> then = parseNodes(tokens, pos, true);
                List<Node> otherwise = List.of();
                if (pos[0] < tokens.size() && actionOf(tokens.get(pos[0])).equals("else")) {
                    pos[0]++;
                    otherwise = parseNodes(tokens, pos, true);
                }
                if (pos[0] >= tokens.size() || !actionOf(tokens.get(pos[0])).equals("end")) {
                    throw error("unexpected EOF");
                }
                pos[0]++;
                out.add(new If(field, then, otherwise));
            } else if (action.equals("json .")) {
                out.add(new Json(null));
            } else if (action.startsWith("json ")) {
                out.add(new Json(fieldName(action.substring(5).trim())));
            } else {
                out.add(new Field(fieldName(action)));
            }
        }
        if (inIf) {
            throw error("unexpected EOF");
        }
        return out;
    }

    private static String actionOf(String token) {
        return token.startsWith("{{") ? token.substring(2, token.length() - 2).trim() : "";
    }

    private static String fieldName(String expr) {
        if (!expr.matches("\\.[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
            throw error("function \"" + expr + "\" not defined");
        }
        return expr.substring(1);
    }

    /** Splits into text and {{..}} actions, applying the {{- and -}} whitespace trimming. */
    private static List<String> tokenize(String s) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        StringBuilder text = new StringBuilder();
        while (i < s.length()) {
            int open = s.indexOf("{{", i);
            if (open < 0) {
                text.append(s.substring(i));
                break;
            }
            text.append(s, i, open);
            int close = s.indexOf("}}", open);
            if (close < 0) {
                throw error("unclosed action");
            }
            String inner = s.substring(open + 2, close);
            boolean trimLeft = inner.startsWith("- ") || inner.equals("-");
            boolean trimRight = inner.endsWith(" -");
            if (trimLeft) {
                inner = inner.substring(1);
                int end = text.length();
                while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                    end--;
                }
                text.setLength(end);
            }
            if (trimRight) {
                inner = inner.substring(0, inner.length() - 1);
            }
            if (!text.isEmpty()) {
                tokens.add(text.toString());
                text.setLength(0);
            }
            tokens.add("{{" + inner.trim() + "}}");
            i = close + 2;
            if (trimRight) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
            }
        }
        if (!text.isEmpty()) {
            tokens.add(text.toString());
        }
        return tokens;
    }

    private static CliException error(String what) {
        return new CliException("template parsing error: template: :1: " + what, 64);
    }
}
