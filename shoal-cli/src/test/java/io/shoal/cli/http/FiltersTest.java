package io.shoal.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void jsonHasSortedKeysAndValues() {
        Filters f = Filters.of().add("service", "id1").add("_up-to-date", "true").add("service", "a");
        assertThat(f.toJson()).isEqualTo("{\"_up-to-date\":{\"true\":true},\"service\":{\"a\":true,\"id1\":true}}");
    }

    @Test
    void flagValuesAreParsedLikeDockerFilterOpt() {
        Filters f = Filters.fromFlags(List.of(" Name = web ", "label=a=b", ""));
        assertThat(f.toJson()).isEqualTo("{\"label\":{\"a=b\":true},\"name\":{\"web\":true}}");
        assertThatThrownBy(() -> Filters.of().parseFlag("bad")).hasMessage("bad format of filter (expected name=value)");
    }

    @Test
    void valuesCanBeReplaced() {
        Filters f = Filters.of().add("node", "self").remove("node", "self").add("node", "n1");
        assertThat(f.get("node")).containsExactly("n1");
        assertThat(Filters.of().isEmpty()).isTrue();
    }
}
