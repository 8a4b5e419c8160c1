package io.shoal.store.raft;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The format marker of a Raft directory: which encoding its log entries and snapshots use. A
 * directory written by another version (or by the first builds, which had no marker and wrote
 * JSON) is refused with a message saying so, never read as if it were this format.
 */
final class StoreFormat {
    static final String MARKER = "shoal-store-format";
    /** Log entries as {@link ProposalEnvelope#FORMAT}, snapshots as StoreSnapshot format 2. */
    static final String CURRENT = "2";

    private StoreFormat() {}

    /** Checks {@code raftDir}'s marker, writing it into a directory that holds no Raft state yet. */
    static void checkOrInit(Path raftDir) throws IOException {
        Path marker = raftDir.resolve(MARKER);
        if (Files.exists(marker)) {
            String found = Files.readString(marker, US_ASCII).strip();
            if (!found.equals(CURRENT)) {
                throw new IOException("the raft data in " + raftDir + " is in store format " + found
                        + ", this Shoal reads format " + CURRENT + "; remove the directory to start afresh");
            }
            return;
        }
        if (holdsRaftState(raftDir)) {
            throw new IOException("the raft data in " + raftDir + " was written by an earlier Shoal build (JSON"
                    + " store format 1), which this version does not read; remove the directory to start afresh");
        }
        Path tmp = raftDir.resolve(MARKER + ".tmp");
        Files.writeString(tmp, CURRENT + "\n", US_ASCII);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, marker, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean holdsRaftState(Path raftDir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(raftDir)) {
            for (Path p : entries) {
                if (!p.getFileName().toString().startsWith(MARKER)) {
                    return true;
                }
            }
        }
        return false;
    }
}
