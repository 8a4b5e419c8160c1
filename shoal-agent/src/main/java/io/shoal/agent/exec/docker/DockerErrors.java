package io.shoal.agent.exec.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import io.shoal.agent.exec.ExecException;

/** Turns docker-java's errors into task errors carrying the engine's own message. */
final class DockerErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerErrors() {}

    /**
     * The engine's message: docker-java reports {@code Status 404: {"message":"No such image: x"}};
     * the user should read only {@code No such image: x}, as Docker shows it.
     */
    static String engineMessage(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int brace = m.indexOf('{');
        if (m.startsWith("Status ") && brace > 0) {
            try {
                JsonNode body = JSON.readTree(m.substring(brace));
                if (body.hasNonNull("message")) {
                    return body.get("message").asText().strip();
                }
            } catch (Exception ignored) {
                // not JSON after all: keep the text
            }
            return m.substring(brace).strip();
        }
        return m;
    }

    /**
     * An engine answer (4xx/5xx) is final for this task; anything else (the engine unreachable, a
     * broken connection) may pass, so the step is retried.
     */
    static ExecException classify(RuntimeException e) {
        if (e instanceof ExecException ee) {
            return ee;
        }
        if (e instanceof DockerException) {
            return ExecException.fatal(engineMessage(e), e);
        }
        return ExecException.temporary("docker engine: " + engineMessage(e), e);
    }
}
