package io.shoal.cli.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.cli.http.EngineApi;
import io.shoal.cli.http.Filters;
import io.shoal.cli.progress.Progress;
import io.shoal.cli.progress.ProgressSink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Follows a root CA rotation as {@code docker swarm ca --rotate} does: done when every node's
 * certificate is issued by the new root and every node trusts it.
 */
final class RootRotationProgress {
    static final String CERTS = "  rotated TLS certificates";
    static final String ROOTS = "  rotated CA certificates";

    private final EngineApi api;
    private final ProgressSink sink;
    private boolean started;
    private boolean done;

    RootRotationProgress(EngineApi api, ProgressSink sink) {
        this.api = api;
        this.sink = sink;
    }

    boolean poll() {
        if (!started) {
            sink.write(Progress.update("desired root digest", ""));
            sink.write(Progress.update(CERTS, ""));
            sink.write(Progress.update(ROOTS, " "));
            started = true;
        }
        JsonNode swarm = api.swarmInspect();
        JsonNode tls = swarm.path("TLSInfo");
        if (done) {
            return true;
        }
        List<JsonNode> nodes = api.nodeList(Filters.of());
        done = update(tls, nodes, swarm.path("RootRotationInProgress").asBoolean(false));
        return false;
    }

    boolean done() {
        return done;
    }

    private boolean update(JsonNode desired, List<JsonNode> nodes, boolean rotationInProgress) {
        String trustRoot = desired.path("TrustRoot").asText("");
        sink.write(Progress.update("desired root digest", "sha256:" + sha256(trustRoot)));
        long certsRight = 0;
        long rootsRight = 0;
        for (JsonNode n : nodes) {
            JsonNode info = n.path("Description").path("TLSInfo");
            if (info.path("CertIssuerPublicKey").asText("").equals(desired.path("CertIssuerPublicKey").asText(""))
                    && info.path("CertIssuerSubject").asText("").equals(desired.path("CertIssuerSubject").asText(""))) {
                certsRight++;
            }
            if (info.path("TrustRoot").asText("").equals(trustRoot)) {
                rootsRight++;
            }
        }
        long total = nodes.size();
        sink.write(Progress.counted(CERTS, "", certsRight, total, "nodes"));
        if (certsRight == total && !rotationInProgress) {
            sink.write(Progress.counted(ROOTS, " ", rootsRight, total, "nodes"));
            return rootsRight == total;
        }
        sink.write(Progress.counted(ROOTS, " ", 0, total, "nodes"));
        return false;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
