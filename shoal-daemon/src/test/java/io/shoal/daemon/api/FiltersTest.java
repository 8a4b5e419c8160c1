package io.shoal.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.ShoalException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void readsTheMapForm() {
        Filters f = Filters.parse("{\"name\":{\"web\":true,\"db\":true},\"label\":{\"a=b\":true}}");
        assertThat(f.get("name")).containsExactlyInAnyOrder("web", "db");
        assertThat(f.get("label")).containsExactly("a=b");
    }

    @Test
    void readsTheLegacyListForm() {
        Filters f = Filters.parse("{\"id\":[\"abc\",\"def\"]}");
        assertThat(f.get("id")).containsExactly("abc", "def");
    }

    @Test
    void emptyOrMissingIsNoFilter() {
        assertThat(Filters.parse(null).args()).isEmpty();
        assertThat(Filters.parse("").args()).isEmpty();
        assertThat(Filters.parse("{}").args()).isEmpty();
    }

    @Test
    void badJsonIsInvalidFilter() {
        assertThatThrownBy(() -> Filters.parse("{name"))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid filter");
        assertThatThrownBy(() -> Filters.parse("[1]"))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid filter");
        assertThatThrownBy(() -> Filters.parse("{\"name\":\"web\"}"))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid filter");
    }

    @Test
    void unknownKeyIsNamed() {
        Filters f = Filters.parse("{\"colour\":{\"red\":true}}");
        assertThatThrownBy(() -> f.validate(Set.of("name", "id")))
                .isInstanceOf(ShoalException.InvalidArgument.class).hasMessage("invalid filter 'colour'");
    }

    @Test
    void prefixValuesAreOred() {
        Filters f = Filters.parse("{\"name\":{\"we\":true,\"db\":true}}");
        assertThat(f.matchesPrefix("name", "web")).isTrue();
        assertThat(f.matchesPrefix("name", "db1")).isTrue();
        assertThat(f.matchesPrefix("name", "cache")).isFalse();
        assertThat(f.matchesPrefix("id", "anything")).isTrue();
        assertThat(f.matchesPrefix("name", null)).isFalse();
    }

    @Test
    void labelsMustAllHold() {
        Filters f = Filters.parse("{\"label\":{\"tier\":true,\"env=prod\":true}}");
        assertThat(f.matchesLabels("label", Map.of("tier", "web", "env", "prod"))).isTrue();
        assertThat(f.matchesLabels("label", Map.of("tier", "web", "env", "dev"))).isFalse();
        assertThat(f.matchesLabels("label", Map.of("env", "prod"))).isFalse();
        assertThat(f.matchesLabels("label", null)).isFalse();
        assertThat(Filters.NONE.matchesLabels("label", null)).isTrue();
    }

    @Test
    void anEmptyValueMatchesAnEmptyLabelValue() {
        Filters f = Filters.parse("{\"label\":{\"k=\":true}}");
        assertThat(f.matchesLabels("label", Map.of("k", ""))).isTrue();
        assertThat(f.matchesLabels("label", Map.of("k", "v"))).isFalse();
    }
}
