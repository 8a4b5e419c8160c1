package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniTemplateTest {
    private static final Map<String, Object> ROW = new LinkedHashMap<>(Map.of("ID", "abc", "Name", "web", "Self", true,
            "Spec", Map.of("Name", "web", "Labels", Map.of("a", "b")), "Ports", List.of(1, 2)));

    @Test
    void fieldsConditionalsAndJson() {
        assertThat(MiniTemplate.parse("{{.ID}} {{if .Self}}*{{else}} {{ end }}").execute(ROW)).isEqualTo("abc *");
        assertThat(MiniTemplate.parse("{{.Spec.Name}}/{{.Spec.Missing}}").execute(ROW)).isEqualTo("web/<no value>");
        assertThat(MiniTemplate.parse("{{json .Spec.Labels}} {{json .Ports}}").execute(ROW)).isEqualTo("{\"a\":\"b\"} [1,2]");
        assertThat(MiniTemplate.parse("{{json .Name}}").execute(ROW)).isEqualTo("\"web\"");
    }

    @Test
    void trimMarkersEatWhitespace() {
        assertThat(MiniTemplate.parse("a  {{- .ID -}}  b").execute(ROW)).isEqualTo("aabcb");
    }

    @Test
    void unknownFieldsAndFunctionsAreErrors() {
        assertThatThrownBy(() -> MiniTemplate.parse("{{.Nope}}").execute(ROW)).hasMessageContaining("can't evaluate field Nope");
        assertThatThrownBy(() -> MiniTemplate.parse("{{upper .ID}}")).hasMessageContaining("template parsing error");
        assertThatThrownBy(() -> MiniTemplate.parse("{{if .ID}}x")).hasMessageContaining("unexpected EOF");
    }
}
