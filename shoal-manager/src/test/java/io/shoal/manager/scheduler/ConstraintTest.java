package io.shoal.manager.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.api.Node;
import io.shoal.api.NodeRole;
import io.shoal.manager.testing.NodeBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstraintTest {
    private final Node node = NodeBuilder.node("abc123").hostname("Worker-1").role(NodeRole.WORKER)
            .label("zone", "East").label("Disk", "ssd").engineLabel("gpu", "nvidia").platform("linux", "x86_64")
            .addr("192.168.1.20").build();

    private boolean matches(String... exprs) {
        return Constraint.nodeMatches(Constraint.parse(List.of(exprs)), node);
    }

    @Test
    void everyKey() {
        assertThat(matches("node.id==abc123")).isTrue();
        assertThat(matches("node.hostname==worker-1")).isTrue();
        assertThat(matches("node.role==worker")).isTrue();
        assertThat(matches("node.role==manager")).isFalse();
        assertThat(matches("node.platform.os==linux")).isTrue();
        assertThat(matches("node.platform.arch==x86_64")).isTrue();
        assertThat(matches("node.labels.zone==east")).isTrue();
        assertThat(matches("engine.labels.gpu==nvidia")).isTrue();
        assertThat(matches("node.ip==192.168.1.20")).isTrue();
        assertThat(matches("node.ip==192.168.1.0/24")).isTrue();
        assertThat(matches("node.ip!=10.0.0.0/8")).isTrue();
        assertThat(matches("node.ip==10.0.0.0/8")).isFalse();
    }

    @Test
    void valuesCompareCaseInsensitivelyLabelNamesDoNot() {
        assertThat(matches("node.labels.zone==EAST")).isTrue();
        assertThat(matches("node.labels.Disk==SSD")).isTrue();
        assertThat(matches("node.labels.disk==ssd")).isFalse(); // no label "disk": ""
        assertThat(matches("NODE.LABELS.zone==east")).isTrue(); // the prefix is case-insensitive
    }

    @Test
    void notEqualAndMissingAttributes() {
        assertThat(matches("node.labels.zone!=west")).isTrue();
        assertThat(matches("node.labels.zone!=east")).isFalse();
        assertThat(matches("node.labels.rack!=r1")).isTrue(); // missing counts as ""
        assertThat(matches("node.labels.rack==r1")).isFalse();
    }

    @Test
    void constraintsAreAnded() {
        assertThat(matches("node.role==worker", "node.labels.zone==east")).isTrue();
        assertThat(matches("node.role==worker", "node.labels.zone==west")).isFalse();
    }

    @Test
    void unknownKeysNeverMatch() {
        assertThat(matches("node.color==blue")).isFalse();
        assertThat(matches("node.color!=blue")).isFalse();
    }

    @Test
    void spacesAroundTheOperatorAreAllowed() {
        assertThat(Constraint.parse("node.role == worker")).isEqualTo(new Constraint("node.role", true, "worker"));
    }

    @Test
    void malformedConstraintsAreRejectedWithSwarmsMessages() {
        assertThatThrownBy(() -> Constraint.parse("node.role=worker"))
                .hasMessage("constraint expected one operator from ==, !=");
        assertThatThrownBy(() -> Constraint.parse("==worker")).hasMessage("key '' is invalid");
        assertThatThrownBy(() -> Constraint.parse("node.role==wor<ker")).hasMessage("value 'wor<ker' is invalid");
    }
}
