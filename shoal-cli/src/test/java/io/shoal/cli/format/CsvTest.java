package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void splitsFieldsWithQuotes() {
        assertThat(Csv.fields("type=bind,src=/a,dst=/b")).containsExactly("type=bind", "src=/a", "dst=/b");
        assertThat(Csv.fields("\"volume-opt=o=a,b\",target=/x")).containsExactly("volume-opt=o=a,b", "target=/x");
        assertThat(Csv.fields("a,,b")).containsExactly("a", "", "b");
        assertThat(Csv.fields("\"say \"\"hi\"\"\"")).containsExactly("say \"hi\"");
    }

    @Test
    void bareQuotesAreErrors() {
        assertThatThrownBy(() -> Csv.fields("a\"b")).hasMessageContaining("bare \" in non-quoted-field");
    }
}
