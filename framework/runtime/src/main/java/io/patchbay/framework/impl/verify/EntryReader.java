package io.patchbay.framework.impl.verify;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates entries of a {@link ZipIndex} from the jar's bytes, never beyond an entry's declared size: a deflate
 * stream that would produce more is refused after at most one byte more, so inflation work is bounded by the sizes
 * the index already checked against the limits. Every entry must also inflate to exactly its declared size and CRC.
 * One instance per verification (it holds an {@link Inflater}; close it).
 */
final class EntryReader implements AutoCloseable {

    /** Receives inflated content. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] buffer, int offset, int length);
    }

    /** Sees how many bytes each entry inflated to: lets tests prove a refusal came before the content. */
    @FunctionalInterface
    interface Meter {
        Meter NONE = (entry, bytes) -> { };

        void inflated(String entry, long bytes);
    }

    private static final byte[] DUMMY = new byte[1];

    private final String artifact;
    private final byte[] zip;
    private final Meter meter;
    private final byte[] buffer = new byte[32 * 1024];
    private final CRC32 crc = new CRC32();
    private Inflater inflater;

    EntryReader(String artifact, byte[] zip, Meter meter) {
        this.artifact = artifact;
        this.zip = zip;
        this.meter = meter;
    }

    /** The whole content of a small entry; {@code cap} bounds the allocation before anything is inflated. */
    byte[] readAll(ZipIndex.Entry entry, int cap, String what) {
        if (entry.size() > cap) {
            throw Refusal.oversized(artifact, what + " " + entry.name() + " declares " + entry.size()
                    + " bytes, more than the limit of " + cap);
        }
        byte[] content = new byte[(int) entry.size()];
        int[] filled = {0};
        read(entry, (b, off, len) -> {
            System.arraycopy(b, off, content, filled[0], len);
            filled[0] += len;
        });
        return content;
    }

    /** Streams an entry's content to {@code sink}, in chunks no larger than what its declared size leaves. */
    void read(ZipIndex.Entry entry, Sink sink) {
        crc.reset();
        long produced = entry.method() == ZipIndex.STORED ? stored(entry, sink) : inflate(entry, sink);
        meter.inflated(entry.name(), produced);
        if (produced != entry.size()) {
            throw Refusal.corrupt(artifact, "entry " + entry.name() + " inflates to " + produced + " bytes but declares "
                    + entry.size());
        }
        if (crc.getValue() != entry.crc()) {
            throw Refusal.corrupt(artifact, "entry " + entry.name() + " does not match its CRC");
        }
    }

    private long stored(ZipIndex.Entry entry, Sink sink) {
        int length = (int) entry.size();
        crc.update(zip, entry.dataOffset(), length);
        sink.accept(zip, entry.dataOffset(), length);
        return length;
    }

    private long inflate(ZipIndex.Entry entry, Sink sink) {
        Inflater in = inflater();
        in.setInput(zip, entry.dataOffset(), (int) entry.compressedSize());
        boolean dummyGiven = false;
        long produced = 0;
        try {
            while (!in.finished()) {
                // one byte beyond the declared size is enough to know the stream lies about its size
                int room = (int) Math.min(buffer.length, entry.size() - produced + 1);
                int n = in.inflate(buffer, 0, room);
                if (n > 0) {
                    produced += n;
                    if (produced > entry.size()) {
                        meter.inflated(entry.name(), produced);
                        throw Refusal.corrupt(artifact, "entry " + entry.name() + " inflates beyond its declared "
                                + entry.size() + " bytes");
                    }
                    crc.update(buffer, 0, n);
                    sink.accept(buffer, 0, n);
                } else if (in.needsInput() && !dummyGiven) {
                    // ZipFile feeds one dummy byte past the end of a raw deflate stream, so do we
                    in.setInput(DUMMY);
                    dummyGiven = true;
                } else {
                    // out of input (dummy byte included), or a preset dictionary a jar never has
                    throw Refusal.corrupt(artifact, "entry " + entry.name() + " is a truncated deflate stream");
                }
            }
        } catch (DataFormatException e) {
            throw Refusal.corrupt(artifact, "entry " + entry.name() + " is not a valid deflate stream: " + e.getMessage());
        }
        return produced;
    }

    private Inflater inflater() {
        if (inflater == null) {
            inflater = new Inflater(true);
        } else {
            inflater.reset();
        }
        return inflater;
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
