package io.shoal.store;

import static java.util.Objects.requireNonNull;

import io.shoal.api.StoreObject;
import io.shoal.store.StoreAction.ProposalId;
import io.shoal.store.codec.Decoder;
import io.shoal.store.codec.Encoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The whole store at one index, as written to a Raft snapshot file.
 * <p>
 * The file is binary ({@link StoreCodec}): the magic {@code SHOALSNP}, a format number, then
 * length-prefixed frames, each a stream of its own: a header (index, last proposal, table count),
 * then blocks of at most {@value #BLOCK} objects of one table, then an empty frame that marks the
 * end (a file cut short is refused). Blocks are independent, so a restart decodes them in parallel.
 *
 * @param lastProposal the last proposal applied: the next one may be guarded on it
 */
public record StoreSnapshot(long index, Map<String, List<StoreObject>> tables, ProposalId lastProposal) {
    /** What a snapshot file starts with. */
    static final byte[] MAGIC = "SHOALSNP".getBytes(StandardCharsets.US_ASCII);
    /** Bumped whenever the layout changes incompatibly; 1 was the JSON snapshot of the first Shoal builds. */
    static final int FORMAT = 2;
    private static final int BLOCK = 2048;
    private static final int MAX_FRAME = 256 << 20;

    public StoreSnapshot {
        requireNonNull(tables, "tables is null");
        requireNonNull(lastProposal, "lastProposal is null");
    }

    public StoreSnapshot(long index, Map<String, List<StoreObject>> tables) {
        this(index, tables, ProposalId.NONE);
    }

    public void forEachObject(BiConsumer<Table<?>, StoreObject> action) {
        tables.forEach((name, objects) -> {
            Table<?> t = Table.byName(name);
            objects.forEach(o -> action.accept(t, o));
        });
    }

    /** Writes the snapshot and closes {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.write(MAGIC);
            data.writeInt(FORMAT);
            Encoder header = StoreCodec.CODEC.encoder()
                    .writeLong(index).writeLong(lastProposal.epoch()).writeLong(lastProposal.seq())
                    .writeInt(tables.size());
            frame(data, header);
            for (Map.Entry<String, List<StoreObject>> e : tables.entrySet()) {
                Table<?> table = Table.byName(e.getKey());
                List<StoreObject> objects = e.getValue();
                for (int from = 0; from < objects.size(); from += BLOCK) {
                    List<StoreObject> block = objects.subList(from, Math.min(objects.size(), from + BLOCK));
                    Encoder enc = StoreCodec.CODEC.encoder().writeString(table.name()).writeInt(block.size());
                    for (StoreObject o : block) {
                        StoreCodec.writeObject(enc, table, o);
                    }
                    frame(data, enc);
                }
            }
            data.writeInt(0);
        }
    }

    private static void frame(DataOutputStream data, Encoder e) throws IOException {
        data.writeInt(e.size());
        e.writeTo(data);
    }

    /** Reads a snapshot written by {@link #writeTo}, decoding its blocks on up to one thread per core. */
    public static StoreSnapshot readFrom(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        checkMagic(data);
        byte[] headerFrame = readFrame(data);
        if (headerFrame == null) {
            throw new IOException("corrupt store snapshot: no header");
        }
        long index;
        ProposalId last;
        try {
            Decoder header = StoreCodec.CODEC.decoder(headerFrame, 0, headerFrame.length);
            index = header.readLong();
            last = new ProposalId(header.readLong(), header.readLong());
            header.readInt();
        } catch (RuntimeException e) {
            throw new IOException("corrupt store snapshot header: " + e.getMessage(), e);
        }
        Map<String, List<StoreObject>> tables = new LinkedHashMap<>();
        for (Table<?> t : Table.ALL) {
            tables.put(t.name(), new ArrayList<>());
        }
        ExecutorService decoders = null;
        try {
            List<Future<Block>> blocks = new ArrayList<>();
            for (byte[] frame = readFrame(data); frame != null; frame = readFrame(data)) {
                if (decoders == null) {
                    decoders = newDecoderPool();
                }
                byte[] bytes = frame;
                blocks.add(decoders.submit(() -> Block.decode(bytes)));
            }
            for (Future<Block> f : blocks) {
                Block b = f.get();
                tables.get(b.table().name()).addAll(b.objects());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException("corrupt store snapshot: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the store snapshot");
        } finally {
            if (decoders != null) {
                decoders.shutdownNow();
            }
        }
        return new StoreSnapshot(index, tables, last);
    }

    /** One frame's objects. */
    private record Block(Table<?> table, List<StoreObject> objects) {
        static Block decode(byte[] frame) {
            Decoder d = StoreCodec.CODEC.decoder(frame, 0, frame.length);
            Table<?> table = Table.byName(d.readString());
            int n = d.readInt();
            List<StoreObject> objects = new ArrayList<>(Math.min(n, BLOCK));
            for (int i = 0; i < n; i++) {
                objects.add(d.readRecord(table.type()));
            }
            if (!d.atEnd()) {
                throw new IllegalArgumentException("bytes left after the last " + table.kind());
            }
            return new Block(table, objects);
        }
    }

    private static ExecutorService newDecoderPool() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "shoal-snapshot-decode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The next frame, or null at the end marker. */
    private static byte[] readFrame(DataInputStream data) throws IOException {
        int length;
        try {
            length = data.readInt();
        } catch (EOFException e) {
            throw new IOException("the store snapshot is cut short (no end marker)", e);
        }
        if (length == 0) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("corrupt store snapshot: a frame of " + length + " bytes");
        }
        byte[] frame = data.readNBytes(length);
        if (frame.length < length) {
            throw new IOException("the store snapshot is cut short (" + frame.length + " of " + length
                    + " bytes in its last frame)");
        }
        return frame;
    }

    private static void checkMagic(DataInputStream data) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        int n = data.readNBytes(magic, 0, magic.length);
        if (n > 0 && magic[0] == '{') {
            throw new IOException("the store snapshot is in the JSON format of an earlier Shoal build, which this"
                    + " version does not read; remove the manager's data directory to start afresh");
        }
        if (n < magic.length || !Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a Shoal store snapshot");
        }
        int format = data.readInt();
        if (format != FORMAT) {
            throw new IOException("store snapshot format " + format + " is not supported (this version reads format "
                    + FORMAT + ")");
        }
    }
}
