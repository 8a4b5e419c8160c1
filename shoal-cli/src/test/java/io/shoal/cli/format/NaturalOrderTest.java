package io.shoal.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    @Test
    void numbersCompareByValue() {
        List<String> names = new ArrayList<>(List.of("web.10", "web.2", "web.1", "api", "web.02", "Web.3", "web"));
        names.sort(NaturalOrder.INSTANCE);
        assertThat(names).containsExactly("Web.3", "api", "web", "web.1", "web.2", "web.02", "web.10");
    }

    @Test
    void digitsSortBeforeOtherCharacters() {
        assertThat(NaturalOrder.less("1a", "a1")).isTrue();
        assertThat(NaturalOrder.less("a1", "1a")).isFalse();
        assertThat(NaturalOrder.INSTANCE.compare("manager-1", "manager-10")).isNegative();
        assertThat(NaturalOrder.INSTANCE.compare("x", "x")).isZero();
    }
}
