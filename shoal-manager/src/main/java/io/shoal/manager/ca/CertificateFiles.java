package io.shoal.manager.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A node's certificate, key and trusted root CA on disk, under the names SwarmKit uses in its
 * {@code certificates/} directory. Files are replaced atomically (write, then rename), so a crash
 * mid-renewal leaves the old pair readable; the key is readable by the owner only.
 */
public final class CertificateFiles {
    public static final String NODE_CERT = "swarm-node.crt";
    public static final String NODE_KEY = "swarm-node.key";
    public static final String ROOT_CA = "swarm-root-ca.crt";

    private CertificateFiles() {}

    /** What a directory holds: the node's certificate (with its key) and the root CA certificate. */
    public record Stored(NodeCertificate certificate, String rootCaPem) {}

    /** Writes the node's certificate, key and root CA into {@code dir} (created if missing). */
    public static void write(Path dir, NodeCertificate certificate, String rootCaPem) {
        if (certificate.keyPem() == null) {
            throw new IllegalArgumentException("the certificate has no private key to store");
        }
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(ROOT_CA), rootCaPem, false);
            writeAtomically(dir.resolve(NODE_KEY), certificate.keyPem(), true);
            writeAtomically(dir.resolve(NODE_CERT), certificate.certPem(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write certificates to " + dir, e);
        }
    }

    /** Reads what {@link #write} stored; empty if any of the three files is missing. */
    public static Optional<Stored> read(Path dir) {
        Path cert = dir.resolve(NODE_CERT);
        Path key = dir.resolve(NODE_KEY);
        Path ca = dir.resolve(ROOT_CA);
        if (!Files.isRegularFile(cert) || !Files.isRegularFile(key) || !Files.isRegularFile(ca)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stored(
                    NodeCertificate.fromPem(Files.readString(cert), Files.readString(key)), Files.readString(ca)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certificates from " + dir, e);
        }
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret && supportsPosix(target)) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean supportsPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
