package io.shoal.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTest {
    @Test
    void encodesSortedWithGoEscaping() {
        Query q = Query.of().set("version", "42").set("registryAuthFrom", "spec").set("rollback", "previous");
        assertThat(q.encode()).isEqualTo("registryAuthFrom=spec&rollback=previous&version=42");
        assertThat(Query.of().set("filters", "{\"name\":{\"a b*~\":true}}").encode())
                .isEqualTo("filters=%7B%22name%22%3A%7B%22a+b%2A~%22%3Atrue%7D%7D");
    }

    @Test
    void pathSegmentsKeepWhatGoKeeps() {
        assertThat(Query.escape("web", true)).isEqualTo("web");
        assertThat(Query.escape("a b/c?", true)).isEqualTo("a%20b%2Fc%3F");
        assertThat(Query.escape("x:y@z", true)).isEqualTo("x:y@z");
    }
}
