package io.shoal.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import io.shoal.agent.exec.ExecException;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {
    @Test
    void showsTheEnginesMessageAlone() {
        var e = new NotFoundException("Status 404: {\"message\":\"No such image: nosuch:latest\"}\n");
        assertThat(DockerErrors.engineMessage(e)).isEqualTo("No such image: nosuch:latest");
        assertThat(DockerErrors.engineMessage(new RuntimeException("plain"))).isEqualTo("plain");
    }

    @Test
    void engineAnswersAreFatalAndEverythingElseTemporary() {
        ExecException fatal = DockerErrors.classify(new NotFoundException("Status 404: {\"message\":\"gone\"}"));
        assertThat(fatal.isTemporary()).isFalse();
        assertThat(fatal.getMessage()).isEqualTo("gone");
        ExecException temporary = DockerErrors.classify(new RuntimeException("java.io.IOException: Connection refused"));
        assertThat(temporary.isTemporary()).isTrue();
        assertThat(temporary.getMessage()).contains("Connection refused");
    }
}
