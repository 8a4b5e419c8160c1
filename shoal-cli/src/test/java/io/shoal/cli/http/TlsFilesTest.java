package io.shoal.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutual TLS with PEM files: a daemon that requires a client certificate, verified by its CA file. */
class TlsFilesTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        keypair("server", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
        keypair("client", "CN=client", null);
        // each side trusts the other's self-signed certificate
        KeyStore serverTrust = KeyStore.getInstance("PKCS12");
        serverTrust.load(null, null);
        serverTrust.setCertificateEntry("client", load("client").getCertificate("client"));
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(dir.resolve("server.p12").toString());
        ssl.setKeyStorePassword(new String(PASSWORD));
        ssl.setTrustStore(serverTrust);
        ssl.setNeedClientAuth(true);
        server = new Server();
        ServerConnector connector = new ServerConnector(server, ssl);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put("Api-Version", "1.50");
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
        pem(dir.resolve("ca.pem"), "CERTIFICATE", load("server").getCertificate("server").getEncoded());
        pem(dir.resolve("cert.pem"), "CERTIFICATE", load("client").getCertificate("client").getEncoded());
        pem(dir.resolve("key.pem"), "PRIVATE KEY", load("client").getKey("client", PASSWORD).getEncoded());
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void verifiesTheDaemonAndPresentsTheClientCertificate() {
        TlsFiles files = new TlsFiles(dir.resolve("ca.pem"), dir.resolve("cert.pem"), dir.resolve("key.pem"));
        try (DaemonClient client = new DaemonClient(DaemonHost.parse("tcp://127.0.0.1:" + port, true),
                files.sslContext(true), true, "test")) {
            assertThat(client.call("GET", "/info", Query.of(), null).text()).isEqualTo("{\"ok\":true}");
        }
    }

    @Test
    void withoutTheClientCertificateTheDaemonRefuses() {
        TlsFiles noCert = new TlsFiles(dir.resolve("ca.pem"), null, null);
        try (DaemonClient client = new DaemonClient(DaemonHost.parse("tcp://127.0.0.1:" + port, true),
                noCert.sslContext(true), true, "test")) {
            assertThatThrownBy(() -> client.call("GET", "/info", Query.of(), null)).isInstanceOf(io.shoal.cli.CliException.class);
        }
    }

    private static void keypair(String alias, String dname, String ext) throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(keytool, "-genkeypair", "-alias", alias,
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", new String(PASSWORD)));
        if (ext != null) {
            cmd.addAll(java.util.List.of("-ext", ext));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }

    private static KeyStore load(String alias) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(dir.resolve(alias + ".p12").toFile())) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static void pem(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n");
    }
}
