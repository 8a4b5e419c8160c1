package io.shoal.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @Test
    void readsJson(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("shoal.json"),
                "{\"data-dir\": \"/srv/shoal\", \"host\": [\"unix:///a.sock\", \"tcp://127.0.0.1:1\"], \"hostname\": null}");
        var m = ConfigFile.read(f);
        assertThat(m.get("data-dir")).isEqualTo(List.of("/srv/shoal"));
        assertThat(m.get("host")).isEqualTo(List.of("unix:///a.sock", "tcp://127.0.0.1:1"));
        assertThat(m.get("hostname")).isEmpty();
    }

    @Test
    void readsProperties(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("shoal.properties"),
                "# a node\ndata-dir=/srv/shoal\nhost=unix:///a.sock, tcp://127.0.0.1:1\nexecutor = process\n");
        var m = ConfigFile.read(f);
        assertThat(m.get("data-dir")).isEqualTo(List.of("/srv/shoal"));
        assertThat(m.get("host")).isEqualTo(List.of("unix:///a.sock", "tcp://127.0.0.1:1"));
        assertThat(m.get("executor")).isEqualTo(List.of("process"));
    }

    @Test
    void badFilesSayWhy(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.json"), "{\"data-dir\": ");
        assertThatThrownBy(() -> ConfigFile.read(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
        Path nested = Files.writeString(dir.resolve("nested.json"), "{\"host\": {\"a\": 1}}");
        assertThatThrownBy(() -> ConfigFile.read(nested)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'host' must be a string");
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read config file");
    }
}
