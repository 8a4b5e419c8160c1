package io.shoal.cli;

import io.shoal.api.time.FakeClock;
import io.shoal.cli.command.CliContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code shoal} in-process against a {@link FakeDaemon}: stdout and stderr captured, time
 * from a {@link FakeClock} that the progress loop's pauses advance (so waiting never sleeps).
 */
public final class CliRunner {
    /** What one run printed and returned. */
    public record Result(int code, String out, String err) {}

    private final FakeClock clock;
    private final Map<String, String> env = new HashMap<>();
    private CliContext.Terminal terminal = CliContext.Terminal.NONE;

    public CliRunner(FakeDaemon daemon, FakeClock clock) {
        this.clock = clock;
        env.put("SHOAL_HOST", daemon.host());
    }

    public CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliRunner terminal(CliContext.Terminal t) {
        this.terminal = t;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                CliContext ctx = new CliContext(o, e, new ByteArrayInputStream(new byte[0]), env, clock,
                        clock::advance, terminal)) {
            int code = ShoalCli.run(args, ctx);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
