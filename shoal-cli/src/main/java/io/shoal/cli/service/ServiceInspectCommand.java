package io.shoal.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.format.Inspector;
import io.shoal.cli.http.DaemonError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal service inspect [--pretty] SERVICE...}: {@code GET /services/X?insertDefaults=true}. */
@Command(name = "inspect", customSynopsis = "shoal service inspect [OPTIONS] SERVICE [SERVICE...]",
        description = "Display detailed information on one or more services")
public final class ServiceInspectCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template:\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template")
    String format;

    @Option(names = "--pretty", arity = "0..1", description = "Print the information in a human friendly format")
    boolean pretty;

    ServiceInspectCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        if (pretty && format != null && !format.isEmpty()) {
            throw new CliException("--format is incompatible with human friendly format");
        }
        String f = pretty ? "pretty" : format;
        if (f != null && f.startsWith("pretty") && !f.equals("pretty")) {
            throw new CliException("Cannot supply extra formatting options to the pretty template");
        }
        if ("pretty".equals(f)) {
            StringBuilder sb = new StringBuilder();
            Map<String, String> names = new HashMap<>();
            for (String ref : args) {
                JsonNode s = inspect(ref);
                sb.append(ServicePretty.render(s, ctx.clock().instant(), id -> names.computeIfAbsent(id, this::networkName)))
                        .append('\n');
            }
            out().print(sb);
            return;
        }
        Inspector.inspect(out(), args, f, this::inspect);
    }

    private JsonNode inspect(String ref) {
        try {
            return api().serviceInspect(ref, true);
        } catch (DaemonError e) {
            if (e.isNotFound()) {
                throw new CliException("Error: no such service: " + ref);
            }
            throw e;
        }
    }

    private String networkName(String id) {
        try {
            String name = api().networkInspect(id, "swarm").path("Name").asText("");
            return name.isEmpty() ? id : name;
        } catch (CliException e) {
            return id;
        }
    }
}
