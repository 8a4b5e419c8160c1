package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void bareImagesGetLatestAsTheDockerClientAddsIt() {
        assertThat(ImageReference.withDefaultTag("busybox")).isEqualTo("busybox:latest");
        assertThat(ImageReference.withDefaultTag("nginx:alpine")).isEqualTo("nginx:alpine");
        assertThat(ImageReference.withDefaultTag("docker.io/library/nginx")).isEqualTo("nginx:latest");
        assertThat(ImageReference.withDefaultTag("index.docker.io/user/app")).isEqualTo("user/app:latest");
        assertThat(ImageReference.withDefaultTag("registry:5000/team/app")).isEqualTo("registry:5000/team/app:latest");
        assertThat(ImageReference.withDefaultTag("localhost/app:1")).isEqualTo("localhost/app:1");
        assertThat(ImageReference.withDefaultTag("shoal-test/busybox")).isEqualTo("shoal-test/busybox:latest");
    }

    @Test
    void digestsAreKeptAndNotTagged() {
        assertThat(ImageReference.withDefaultTag("nginx@" + DIGEST)).isEqualTo("nginx@" + DIGEST);
        assertThat(ImageReference.withDefaultTag("nginx:1@" + DIGEST)).isEqualTo("nginx:1@" + DIGEST);
    }

    @Test
    void invalidReferencesAreSentUnchanged() {
        assertThat(ImageReference.withDefaultTag("Busybox")).isEqualTo("Busybox");
        assertThat(ImageReference.withDefaultTag("a".repeat(64))).isEqualTo("a".repeat(64));
        assertThat(ImageReference.withDefaultTag("bad::tag")).isEqualTo("bad::tag");
    }

    @Test
    void listsShowTaggedImagesWithoutTheirDigest() {
        assertThat(ImageReference.withoutDigest("nginx:alpine@" + DIGEST)).isEqualTo("nginx:alpine");
        assertThat(ImageReference.withoutDigest("nginx@" + DIGEST)).isEqualTo("nginx@" + DIGEST);
        assertThat(ImageReference.withoutDigest("docker.io/library/busybox:1")).isEqualTo("busybox:1");
        assertThat(ImageReference.withoutDigest("busybox")).isEqualTo("busybox");
    }
}
