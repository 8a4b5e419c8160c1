package io.shoal.rpc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class TlsContextsTest {
    /** gRPC's netty carries BoringSSL for Linux on x86-64 and arm64: the cluster port must use it there. */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void onLinuxTheClusterPortUsesBoringSsl() {
        assertThat(OpenSsl.unavailabilityCause()).isNull();
        assertThat(TlsContexts.PROVIDER).isEqualTo(SslProvider.OPENSSL);
    }
}
