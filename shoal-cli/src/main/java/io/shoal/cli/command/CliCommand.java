package io.shoal.cli.command;

import io.shoal.cli.CliException;
import io.shoal.cli.http.EngineApi;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A {@code shoal} command: runs with the shared {@link CliContext} and checks its own argument
 * count so the errors read as docker's ("'shoal node rm' requires at least 1 argument").
 */
public abstract class CliCommand implements Callable<Integer> {
    protected final CliContext ctx;

    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true, description = "Print usage")
    boolean help;

    protected CliCommand(CliContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx is null");
    }

    @Override
    public final Integer call() {
        run();
        return 0;
    }

    protected abstract void run();

    protected EngineApi api() {
        return ctx.api();
    }

    protected PrintStream out() {
        return ctx.out();
    }

    protected PrintStream err() {
        return ctx.err();
    }

    protected void requireNoArgs(List<String> args) {
        if (args != null && !args.isEmpty()) {
            throw usage("'" + commandPath() + "' accepts no arguments", "Run");
        }
    }

    protected void requireExactly(List<String> args, int n) {
        if (size(args) != n) {
            throw usage("'" + commandPath() + "' requires " + n + " " + plural(n), "Run");
        }
    }

    protected void requireAtLeast(List<String> args, int n) {
        if (size(args) < n) {
            throw usage("'" + commandPath() + "' requires at least " + n + " " + plural(n), "See");
        }
    }

    protected void requireAtMost(List<String> args, int n) {
        if (size(args) > n) {
            throw usage("'" + commandPath() + "' requires at most " + n + " " + plural(n), "Run");
        }
    }

    private static int size(List<String> args) {
        return args == null ? 0 : args.size();
    }

    private static String plural(int n) {
        return n == 1 ? "argument" : "arguments";
    }

    private CliException usage(String what, String verb) {
        return new CliException(spec.root().name() + ": " + what + "\n\nUsage:  " + useLine(spec) + "\n\n" + verb
                + " '" + commandPath() + " --help' for more information");
    }

    protected String commandPath() {
        return spec.qualifiedName(" ");
    }

    /** "shoal service create [OPTIONS] IMAGE [COMMAND] [ARG...]", as cobra's {@code UseLine()}. */
    public static String useLine(CommandSpec spec) {
        String[] synopsis = spec.usageMessage().customSynopsis();
        if (synopsis != null && synopsis.length > 0) {
            return synopsis[0];
        }
        return spec.qualifiedName(" ");
    }
}
