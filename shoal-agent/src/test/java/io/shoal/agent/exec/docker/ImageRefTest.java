package io.shoal.agent.exec.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void splitsRepositoryFromTagOrDigest() {
        assertThat(ImageRef.parse("nosuch")).isEqualTo(new ImageRef("nosuch", "latest"));
        assertThat(ImageRef.parse("busybox:1.36")).isEqualTo(new ImageRef("busybox", "1.36"));
        assertThat(ImageRef.parse("registry:5000/team/app")).isEqualTo(new ImageRef("registry:5000/team/app", "latest"));
        assertThat(ImageRef.parse("registry:5000/app:v2")).isEqualTo(new ImageRef("registry:5000/app", "v2"));
        assertThat(ImageRef.parse("app@sha256:abc")).isEqualTo(new ImageRef("app", "sha256:abc"));
    }
}
