package io.shoal.daemon;

import io.shoal.cli.ShoalCli;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code shoal} binary: {@code shoal daemon [flags]} runs a node; every other command is the
 * CLI, a client of a daemon's API.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("daemon")) {
            return DaemonCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        return ShoalCli.run(args, out, err);
    }
}
