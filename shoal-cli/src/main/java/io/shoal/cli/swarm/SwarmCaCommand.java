package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoal.cli.CliException;
import io.shoal.cli.command.CliCommand;
import io.shoal.cli.command.CliContext;
import io.shoal.cli.command.Converters;
import io.shoal.cli.format.JsonTrees;
import io.shoal.cli.progress.ProgressLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shoal swarm ca [--rotate]}: shows the root CA certificate, or rotates it and waits. */
@Command(name = "ca", customSynopsis = "shoal swarm ca [OPTIONS]", description = "Display and rotate the root CA")
public final class SwarmCaCommand extends CliCommand {
    @Parameters(hidden = true)
    List<String> args;

    @Option(names = "--cert-expiry", paramLabel = "duration", converter = Converters.Duration.class,
            description = "Validity period for node certificates (ns|us|ms|s|m|h) (default 2160h0m0s)")
    Long certExpiry;

    @Option(names = "--external-ca", paramLabel = "external-ca",
            description = "Specifications of one or more certificate signing endpoints")
    List<String> externalCa;

    @Option(names = "--rotate", arity = "0..1",
            description = "Rotate the swarm CA - if no certificate or key are provided, new ones will be generated")
    boolean rotate;

    @Option(names = "--ca-cert", paramLabel = "pem-file",
            description = "Path to the PEM-formatted root CA certificate to use for the new cluster")
    String caCert;

    @Option(names = "--ca-key", paramLabel = "pem-file",
            description = "Path to the PEM-formatted root CA key to use for the new cluster")
    String caKey;

    @Option(names = {"-d", "--detach"}, arity = "0..1",
            description = "Exit immediately instead of waiting for the root rotation to converge")
    boolean detach;

    @Option(names = {"-q", "--quiet"}, arity = "0..1", description = "Suppress progress output")
    boolean quiet;

    SwarmCaCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void run() {
        requireNoArgs(args);
        ctx.requireApi("shoal swarm ca", "1.30");
        String certPem = caCert == null ? "" : pem(caCert);
        String keyPem = caKey == null ? "" : pem(caKey);
        JsonNode swarm = api().swarmInspect();
        if (!rotate) {
            for (String[] flag : new String[][] {{"ca-cert", caCert}, {"ca-key", caKey},
                    {"cert-expiry", certExpiry == null ? null : ""}, {"external-ca", externalCa == null ? null : ""}}) {
                if (flag[1] != null) {
                    throw new CliException("`--" + flag[0] + "` flag requires the `--rotate` flag to update the CA");
                }
            }
            printTrustRoot(swarm);
            return;
        }
        if (externalCa != null && !externalCa.isEmpty() && caCert == null) {
            throw new CliException("rotating to an external CA requires the `--ca-cert` flag to specify the external CA's cert - "
                    + "to add an external CA with the current root CA certificate, use the `update` command instead");
        }
        if (caCert != null && (externalCa == null || externalCa.isEmpty()) && caKey == null) {
            throw new CliException("the --ca-cert flag requires that a --ca-key flag and/or --external-ca flag be provided as well");
        }
        if (!(swarm.path("Spec") instanceof ObjectNode spec)) {
            throw new CliException("the daemon returned a swarm without a spec");
        }
        ObjectNode ca = JsonTrees.child(spec, "CAConfig");
        if (certExpiry != null) {
            ca.put("NodeCertExpiry", certExpiry);
        }
        if (externalCa != null) {
            ArrayNode cas = JsonTrees.array();
            for (String s : externalCa) {
                ObjectNode parsed = ExternalCa.parse(s);
                if (parsed.path("CACert").asText("").isEmpty()) {
                    parsed.put("CACert", certPem);
                }
                cas.add(parsed);
            }
            ca.set("ExternalCAs", cas);
        }
        setOrRemove(ca, "SigningCACert", certPem);
        setOrRemove(ca, "SigningCAKey", keyPem);
        if (certPem.isEmpty() && keyPem.isEmpty()) {
            ca.put("ForceRotate", ca.path("ForceRotate").asLong(0) + 1);
        }
        api().swarmUpdate(swarm.path("Version").path("Index").asLong(0), spec, false, false, false);
        if (detach) {
            return;
        }
        RootRotationProgress progress = new RootRotationProgress(api(), ProgressLoop.sink(ctx, quiet));
        ProgressLoop.run(ctx, progress::poll, () -> !progress.done(),
                "Use `shoal swarm ca` to check progress.");
        printTrustRoot(api().swarmInspect());
    }

    private void printTrustRoot(JsonNode swarm) {
        String root = swarm.path("TLSInfo").path("TrustRoot").asText("");
        if (root.isEmpty()) {
            throw new CliException("No CA information available");
        }
        out().println(root.strip());
    }

    private static void setOrRemove(ObjectNode o, String field, String value) {
        if (value.isEmpty()) {
            o.remove(field);
        } else {
            o.put(field, value);
        }
    }

    private static String pem(String file) {
        String contents;
        try {
            contents = Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new CliException("open " + file + ": no such file or directory", 125);
        }
        if (!contents.contains("-----BEGIN")) {
            throw new CliException("file contents must be in PEM format", 125);
        }
        return contents;
    }
}
