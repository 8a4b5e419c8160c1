package io.shoal.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortSpecsTest {
    @Test
    void shortAndLongSyntax() {
        assertThat(PortSpecs.parse("8080:80").toString())
                .isEqualTo("[{\"Protocol\":\"tcp\",\"TargetPort\":80,\"PublishedPort\":8080,\"PublishMode\":\"ingress\"}]");
        assertThat(PortSpecs.parse("53/udp").toString())
                .isEqualTo("[{\"Protocol\":\"udp\",\"TargetPort\":53,\"PublishMode\":\"ingress\"}]");
        assertThat(PortSpecs.parse("8000-8002:80").toString()).contains("\"PublishedPort\":8000", "\"PublishedPort\":8002");
        assertThat(PortSpecs.parse("published=8080,target=80,mode=host").toString())
                .isEqualTo("[{\"Protocol\":\"tcp\",\"TargetPort\":80,\"PublishedPort\":8080,\"PublishMode\":\"host\"}]");
    }

    @Test
    void errorsReadAsDockers() {
        assertThatThrownBy(() -> PortSpecs.parse("1.2.3.4:80:80")).hasMessage("hostip is not supported");
        assertThatThrownBy(() -> PortSpecs.parse("1:2:3")).hasMessage("invalid IP address: 1");
        assertThatThrownBy(() -> PortSpecs.parse("published=1")).hasMessage("missing mandatory field 'target'");
        assertThatThrownBy(() -> PortSpecs.parse("target=80,mode=x")).hasMessageContaining("invalid publish mode value (x)");
        assertThatThrownBy(() -> PortSpecs.parse("80/icmp")).hasMessage("invalid proto: icmp");
        assertThatThrownBy(() -> PortSpecs.parse("8000-8001:80-82")).hasMessageContaining("invalid ranges specified");
    }
}
