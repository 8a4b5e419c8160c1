package io.shoal.cli.node;

import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.format.Inspector;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal node inspect [--pretty] self|NODE...}. */
@Command(name = "inspect", customSynopsis = "shoal node inspect [OPTIONS] self|NODE [NODE...]",
        description = "Display detailed information on one or more nodes")
public final class NodeInspectCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template:\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template")
    String format;

    @Option(names = "--pretty", arity = "0..1", description = "Print the information in a human friendly format")
    boolean pretty;

    NodeInspectCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireAtLeast(args, 1);
        String f = pretty ? "pretty" : format;
        if (f != null && f.startsWith("pretty") && !f.equals("pretty")) {
            throw new CliException("cannot supply extra formatting options to the pretty template");
        }
        if ("pretty".equals(f)) {
            // docker renders all or nothing: the first failure stops before anything is printed
            StringBuilder sb = new StringBuilder();
            for (String ref : args) {
                sb.append(NodePretty.render(api().nodeInspect(NodeCommand.reference(api(), ref)))).append('\n');
            }
            out().print(sb);
            return;
        }
        Inspector.inspect(out(), args, f, ref -> api().nodeInspect(NodeCommand.reference(api(), ref)));
    }
}
