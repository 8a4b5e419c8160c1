package io.shoal.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.format.TabWriter;
import io.shoal.cli.http.DaemonClient;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code shoal version}: client and server versions, laid out as {@code docker version}. */
@Command(name = "version", customSynopsis = "shoal version [OPTIONS]",
        description = "Show the Shoal version information")
public final class VersionCommand extends CliCommand {
    private static final DateTimeFormatter ANSIC = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    @Parameters(hidden = true)
    List<String> args;

    VersionCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        StringBuilder text = new StringBuilder();
        String apiVersion = DaemonClient.API_VERSION;
        JsonNode server = null;
        CliException failure = null;
        try {
            apiVersion = api().client().apiVersion();
            server = api().version();
        } catch (CliException e) {
            failure = e;
        }
        text.append("Client:\n");
        text.append(" Version:\t").append(CliContext.CLIENT_VERSION).append('\n');
        text.append(" API version:\t").append(apiVersion);
        if (!apiVersion.equals(DaemonClient.API_VERSION)) {
            text.append(" (downgraded from ").append(DaemonClient.API_VERSION).append(')');
        }
        text.append('\n');
        text.append(" Java version:\t").append(Runtime.version()).append('\n');
        text.append(" OS/Arch:\t").append(os()).append('/').append(arch()).append('\n');
        text.append(" Context:\tdefault");
        if (server != null) {
            appendServer(text, server);
        }
        text.append('\n');
        StringBuilder sb = new StringBuilder();
        TabWriter tw = new TabWriter(sb, 20, 1);
        tw.write(text.toString());
        tw.flush();
        out().print(sb);
        if (failure != null) {
            throw failure;
        }
    }

    private static void appendServer(StringBuilder text, JsonNode v) {
        text.append("\n\nServer:");
        String platform = v.path("Platform").path("Name").asText("");
        if (!platform.isEmpty()) {
            text.append(' ').append(platform);
        }
        List<JsonNode> components = new ArrayList<>();
        v.path("Components").forEach(components::add);
        boolean engine = components.stream().anyMatch(c -> c.path("Name").asText().equals("Engine"));
        for (JsonNode c : components) {
            String name = c.path("Name").asText();
            text.append("\n ").append(name).append(':');
            if (name.equals("Engine")) {
                JsonNode d = c.path("Details");
                appendEngine(text, c.path("Version").asText(""), d.path("ApiVersion").asText(""),
                        d.path("MinAPIVersion").asText(""), d.path("GoVersion").asText(""),
                        d.path("GitCommit").asText(""), reformatDate(d.path("BuildTime").asText("")),
                        d.path("Os").asText(""), d.path("Arch").asText(""), d.path("Experimental").asText(""));
            } else {
                text.append("\n  Version:\t").append(c.path("Version").asText(""));
                Map<String, String> details = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = c.path("Details").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    details.put(e.getKey(), e.getValue().asText(""));
                }
                details.forEach((k, val) -> text.append("\n  ").append(k).append(":\t").append(val));
            }
        }
        if (!engine) {
            // an older server lists only the legacy top-level fields
            text.append("\n Engine:");
            appendEngine(text, v.path("Version").asText(""), v.path("ApiVersion").asText(""),
                    v.path("MinAPIVersion").asText(""), v.path("GoVersion").asText(""), v.path("GitCommit").asText(""),
                    reformatDate(v.path("BuildTime").asText("")), v.path("Os").asText(""), v.path("Arch").asText(""),
                    Boolean.toString(v.path("Experimental").asBoolean(false)));
        }
    }

    private static void appendEngine(StringBuilder text, String version, String api, String minApi, String go,
            String commit, String built, String os, String arch, String experimental) {
        text.append("\n  Version:\t").append(version)
                .append("\n  API version:\t").append(api).append(" (minimum version ").append(minApi).append(')')
                .append("\n  Go version:\t").append(go)
                .append("\n  Git commit:\t").append(commit)
                .append("\n  Built:\t").append(built)
                .append("\n  OS/Arch:\t").append(os).append('/').append(arch)
                .append("\n  Experimental:\t").append(experimental);
    }

    /** RFC 3339 build times are shown in Go's ANSIC layout ("Mon Jan  2 15:04:05 2006"). */
    static String reformatDate(String buildTime) {
        try {
            return OffsetDateTime.parse(buildTime).format(ANSIC);
        } catch (DateTimeParseException e) {
            return buildTime;
        }
    }

    private static String os() {
        return System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
    }

    private static String arch() {
        String a = System.getProperty("os.arch", "amd64");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }
}
