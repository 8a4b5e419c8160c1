package io.shoal.cli.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.format.GoJson;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal info}: client facts, then the daemon's {@code /info} as {@code docker info} prints it. */
@Command(name = "info", customSynopsis = "shoal info [OPTIONS]", description = "Display system-wide information")
public final class InfoCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output: 'json' prints the daemon's answer as JSON")
    String format;

    InfoCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        if (format != null && !format.isEmpty()) {
            if (!format.equals("json") && !format.equals("{{json .}}")) {
                throw new CliException("only --format json is supported");
            }
            out().println(GoJson.compact(api().info()));
            return;
        }
        out().println("Client:");
        out().println(" Version:    " + CliContext.CLIENT_VERSION);
        out().println(" Context:    default");
        out().println(" Debug Mode: false");
        out().println();
        out().println("Server:");
        JsonNode info;
        try {
            info = api().info();
        } catch (io.shoal.cli.http.DaemonError e) {
            err().println("ERROR: " + e.getMessage());
            throw new CliException("errors pretty printing info");
        }
        out().print(InfoText.server(info));
        InfoText.warnings(info).forEach(w -> err().println(w));
    }
}
