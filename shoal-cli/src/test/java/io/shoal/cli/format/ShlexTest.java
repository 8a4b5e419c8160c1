package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShlexTest {
    @Test
    void splitsLikeAShell() {
        assertThat(Shlex.split("sh -c 'echo hi; sleep 1'")).containsExactly("sh", "-c", "echo hi; sleep 1");
        assertThat(Shlex.split("a \"b c\" d\\ e")).containsExactly("a", "b c", "d e");
        assertThat(Shlex.split("  x  ")).containsExactly("x");
        assertThat(Shlex.split("")).isEmpty();
        assertThat(Shlex.split("a # comment")).containsExactly("a");
        assertThat(Shlex.split("\"say \\\"hi\\\"\"")).containsExactly("say \"hi\"");
    }

    @Test
    void unclosedQuotesAreErrors() {
        assertThatThrownBy(() -> Shlex.split("'abc")).hasMessage("EOF found when expecting closing quote");
    }
}
