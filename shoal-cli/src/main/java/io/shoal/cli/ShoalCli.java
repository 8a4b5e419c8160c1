package io.shoal.cli;

import io.shoal.api.time.SystemClock;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.Pacer;
import io.shoal.cli.command.RootCommand;
import io.shoal.cli.command.TerminalProbe;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code shoal} command line: a client of the daemon's Docker Engine API that prints what
 * the docker CLI prints for {@code swarm}, {@code node} and {@code service}. Exit codes follow
 * docker: 0 success, 1 a failed command, 125 a usage error.
 */
public final class ShoalCli {
    private ShoalCli() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try (SystemClock clock = new SystemClock();
                CliContext ctx = new CliContext(out, err, System.in, System.getenv(), clock, Pacer.on(clock),
                        TerminalProbe.probe(out, System.getenv()))) {
            return run(args, ctx);
        }
    }

    /** Runs one command line against a prepared context (tests give their own streams and clock). */
    public static int run(String[] args, CliContext ctx) {
        CommandLine cl = commandLine(ctx);
        int code = cl.execute(args);
        ctx.out().flush();
        ctx.err().flush();
        return code;
    }

    static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new RootCommand(ctx), new ContextFactory(ctx));
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        // pflag lets a later value override an earlier one
        cl.setOverwrittenOptionsAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> usageError(ctx, ex));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failed(ctx, ex));
        dockerStyleHelp(cl);
        cl.setHelpFactory(ShoalCli::help);
        // plain text like docker's help, whatever the terminal
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        // service create IMAGE [COMMAND] [ARG...]: everything after the image belongs to the command
        cl.getSubcommands().get("service").getSubcommands().get("create").setStopAtPositional(true);
        return cl;
    }

    /** Help laid out as docker's: "Usage:  ...", the description, then Options and Commands. */
    private static void dockerStyleHelp(CommandLine cl) {
        var usage = cl.getCommandSpec().usageMessage();
        usage.synopsisHeading("Usage:  ");
        usage.descriptionHeading("%n");
        usage.optionListHeading("%nOptions:%n");
        usage.commandListHeading("%nCommands:%n");
        usage.width(120);
        if (!cl.getSubcommands().isEmpty() && cl.getParent() != null) {
            usage.footer("%nRun '" + cl.getCommandSpec().qualifiedName(" ") + " COMMAND --help' for more information on a command.");
        }
        cl.getSubcommands().values().stream().distinct().forEach(ShoalCli::dockerStyleHelp);
    }

    /** Help whose boolean flags read "--detach", not "--detach[=<detach>]" (they still accept "=false"). */
    private static CommandLine.Help help(CommandLine.Model.CommandSpec spec, CommandLine.Help.ColorScheme scheme) {
        return new CommandLine.Help(spec, scheme) {
            @Override
            public CommandLine.Help.IParamLabelRenderer parameterLabelRenderer() {
                CommandLine.Help.IParamLabelRenderer labels = super.parameterLabelRenderer();
                return new CommandLine.Help.IParamLabelRenderer() {
                    @Override
                    public CommandLine.Help.Ansi.Text renderParameterLabel(ArgSpec arg, CommandLine.Help.Ansi ansi,
                            List<CommandLine.Help.Ansi.IStyle> styles) {
                        if (arg.type() == boolean.class || arg.type() == Boolean.class) {
                            return ansi.new Text("");
                        }
                        return labels.renderParameterLabel(arg, ansi, styles);
                    }

                    @Override
                    public String separator() {
                        return labels.separator();
                    }
                };
            }
        };
    }

    private static int failed(CliContext ctx, Exception ex) {
        String message = ex instanceof CliException ? ex.getMessage() : String.valueOf(ex.getMessage());
        if (message != null && !message.isEmpty()) {
            ctx.err().println(message);
        }
        if (ctx.global().debug || !(ex instanceof CliException)) {
            // an unexpected failure, or -D: the whole story for a bug report
            ex.printStackTrace(ctx.err());
        }
        ctx.out().flush();
        return ex instanceof CliException c ? c.exitCode() : 1;
    }

    /** A flag error as pflag words it, followed by cobra's usage hint; exit 125 like docker. */
    private static int usageError(CliContext ctx, ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        String path = cmd.getCommandSpec().qualifiedName(" ");
        ctx.err().println(flagError(ex) + "\n\nUsage:  " + CliCommand.useLine(cmd.getCommandSpec()) + "\n\nRun '"
                + path + " --help' for more information");
        return 125;
    }

    static String flagError(ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                return "unknown flag: " + (eq > 0 ? arg.substring(0, eq) : arg);
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                return "unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg;
            }
            return "unknown command \"" + arg + "\"";
        }
        ArgSpec arg = ex.getArgSpec();
        if (ex instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            arg = missing.getMissing().get(0);
        }
        if (arg instanceof OptionSpec option) {
            String value = ex.getValue();
            if (ex instanceof CommandLine.MissingParameterException || value == null) {
                return "flag needs an argument: " + option.longestName();
            }
            return "invalid argument \"" + value + "\" for \"" + flagNames(option) + "\" flag: " + reason(ex);
        }
        return ex.getMessage();
    }

    private static String flagNames(OptionSpec option) {
        List<String> names = List.of(option.names());
        String shortName = names.stream().filter(n -> !n.startsWith("--")).findFirst().orElse(null);
        return shortName == null ? option.longestName() : shortName + ", " + option.longestName();
    }

    private static String reason(ParameterException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof CommandLine.TypeConversionException t) {
            return t.getMessage();
        }
        String m = ex.getMessage();
        int i = m.indexOf("': ");
        return i >= 0 ? m.substring(i + 3) : m;
    }

    /** Builds commands with the shared context. */
    private record ContextFactory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
                c.setAccessible(true);
                return c.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }
}
