package io.shoal.daemon.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Mutual TLS on the API's TCP endpoints, as dockerd's {@code --tlsverify --tlscacert --tlscert
 * --tlskey}: the server presents {@code cert}/{@code key} and accepts only clients whose certificate
 * a CA in {@code caCert} signed. PEM files; the key may be PKCS#8, PKCS#1 (RSA) or SEC1 (EC).
 */
public record ApiTls(Path caCert, Path cert, Path key) {
    public ApiTls {
        requireNonNull(caCert, "caCert is null");
        requireNonNull(cert, "cert is null");
        requireNonNull(key, "key is null");
    }
}
