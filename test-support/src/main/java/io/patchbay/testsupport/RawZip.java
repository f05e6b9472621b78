package io.patchbay.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Writes zip files byte by byte, so a test can make every field lie: local headers that disagree with the central
 * directory, central records sharing one local entry (and so one deflate stream), declared sizes unrelated to the
 * data, bytes before the first entry or after the end record, a forged entry count. {@link java.util.zip.ZipOutputStream}
 * refuses to write any of that. Entries are written in order, each with a local header and its data, unless it
 * {@link Entry#sharingDataOf shares} another entry's.
 */
public final class RawZip {
    public static final int STORED = 0;
    public static final int DEFLATED = 8;

    private final List<Entry> entries = new ArrayList<>();
    private byte[] prefix = new byte[0];
    private byte[] comment = new byte[0];
    private byte[] trailing = new byte[0];
    private Integer declaredTotal;
    private boolean reversedCentral;

    /** One entry: what its central record declares, and what its local header says (the same unless changed). */
    public static final class Entry {
        final byte[] data;
        String name;
        int method;
        int flags;
        long crc;
        long compressedSize;
        long size;
        String localName;
        Integer localMethod;
        long[] localCrcAndSizes;
        String sharedWith;
        byte[] centralExtra = new byte[0];
        byte[] localExtra = new byte[0];

        private Entry(String name, int method, byte[] data, long crc, long size) {
            this.name = name;
            this.method = method;
            this.data = data;
            this.crc = crc;
            this.compressedSize = data.length;
            this.size = size;
        }

        /** The central record declares this uncompressed size (the data is unchanged). */
        public Entry declaring(long declaredSize) {
            this.size = declaredSize;
            return this;
        }

        public Entry declaringCompressed(long declaredCompressedSize) {
            this.compressedSize = declaredCompressedSize;
            return this;
        }

        public Entry crc(long declaredCrc) {
            this.crc = declaredCrc;
            return this;
        }

        public Entry flags(int generalPurposeFlags) {
            this.flags = generalPurposeFlags;
            return this;
        }

        public Entry method(int declaredMethod) {
            this.method = declaredMethod;
            return this;
        }

        /** The local header names another entry than the central record. */
        public Entry localName(String name) {
            this.localName = name;
            return this;
        }

        public Entry localMethod(int method) {
            this.localMethod = method;
            return this;
        }

        /** The local header declares other CRC and sizes than the central record. */
        public Entry localCrcAndSizes(long crc, long compressedSize, long size) {
            this.localCrcAndSizes = new long[] {crc, compressedSize, size};
            return this;
        }

        /** Extra field data (raw: tag, size and data per field) in the central record and the local header. */
        public Entry extra(byte[] central, byte[] local) {
            this.centralExtra = central;
            this.localExtra = local;
            return this;
        }

        /** No data of its own: the central record points at the local header of the entry named {@code other}. */
        public Entry sharingDataOf(String other) {
            this.sharedWith = other;
            return this;
        }

        public String name() {
            return name;
        }

        public int method() {
            return method;
        }

        public long crc() {
            return crc;
        }

        public long compressedSize() {
            return compressedSize;
        }

        public long size() {
            return size;
        }
    }

    public static Entry stored(String name, byte[] content) {
        return new Entry(name, STORED, content, crc(content), content.length);
    }

    public static Entry deflated(String name, byte[] content) {
        return new Entry(name, DEFLATED, deflate(content), crc(content), content.length);
    }

    /** An entry whose data is {@code compressed} as given (a raw deflate stream for DEFLATED), declaring {@code size}. */
    public static Entry raw(String name, int method, byte[] compressed, long crc, long size) {
        return new Entry(name, method, compressed, crc, size);
    }

    /** The entries of an existing zip (as a {@link ZipInputStream} sees them), stored or deflated again as they were, in order. */
    public static List<Entry> entriesOf(byte[] zip) {
        List<Entry> result = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                result.add(e.getMethod() == ZipEntry.STORED ? stored(e.getName(), content) : deflated(e.getName(), content));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    public RawZip add(Entry entry) {
        entries.add(entry);
        return this;
    }

    public RawZip addAll(List<Entry> more) {
        entries.addAll(more);
        return this;
    }

    /** Bytes before the first local header (a launcher stub, say). */
    public RawZip prefix(byte[] bytes) {
        this.prefix = bytes;
        return this;
    }

    public RawZip comment(byte[] bytes) {
        this.comment = bytes;
        return this;
    }

    /** Bytes after the end record. */
    public RawZip trailing(byte[] bytes) {
        this.trailing = bytes;
        return this;
    }

    /** The central directory lists the entries in the reverse order of their data (valid, if unusual). */
    public RawZip reverseCentralDirectory() {
        this.reversedCentral = true;
        return this;
    }

    /** The end record declares this many entries (and entries on this disk). */
    public RawZip declaredTotal(int total) {
        this.declaredTotal = total;
        return this;
    }

    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        List<Integer> offsets = new ArrayList<>();
        for (Entry e : entries) {
            if (e.sharedWith != null) {
                offsets.add(offsets.get(indexOf(e.sharedWith)));
                continue;
            }
            offsets.add(out.size() - prefix.length);
            byte[] localName = (e.localName != null ? e.localName : e.name).getBytes(StandardCharsets.UTF_8);
            long[] local = e.localCrcAndSizes != null ? e.localCrcAndSizes : new long[] {e.crc, e.compressedSize, e.size};
            int32(out, 0x04034b50);
            int16(out, 20);
            int16(out, e.flags);
            int16(out, e.localMethod != null ? e.localMethod : e.method);
            int32(out, 0);
            int32(out, (int) local[0]);
            int32(out, (int) local[1]);
            int32(out, (int) local[2]);
            int16(out, localName.length);
            int16(out, e.localExtra.length);
            out.writeBytes(localName);
            out.writeBytes(e.localExtra);
            out.writeBytes(e.data);
        }
        int centralOffset = out.size() - prefix.length;
        for (int n = 0; n < entries.size(); n++) {
            int i = reversedCentral ? entries.size() - 1 - n : n;
            Entry e = entries.get(i);
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            int32(out, 0x02014b50);
            int16(out, 20);
            int16(out, 20);
            int16(out, e.flags);
            int16(out, e.method);
            int32(out, 0);
            int32(out, (int) e.crc);
            int32(out, (int) e.compressedSize);
            int32(out, (int) e.size);
            int16(out, name.length);
            int16(out, e.centralExtra.length);
            int16(out, 0);
            int16(out, 0);
            int16(out, 0);
            int32(out, 0);
            int32(out, offsets.get(i));
            out.writeBytes(name);
            out.writeBytes(e.centralExtra);
        }
        int centralSize = out.size() - prefix.length - centralOffset;
        int total = declaredTotal != null ? declaredTotal : entries.size();
        int32(out, 0x06054b50);
        int16(out, 0);
        int16(out, 0);
        int16(out, total);
        int16(out, total);
        int32(out, centralSize);
        int32(out, centralOffset);
        int16(out, comment.length);
        out.writeBytes(comment);
        out.writeBytes(trailing);
        return out.toByteArray();
    }

    private int indexOf(String name) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name.equals(name) && entries.get(i).sharedWith == null) {
                return i;
            }
        }
        throw new IllegalArgumentException("no entry " + name + " with data of its own before this one");
    }

    public static long crc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }

    /** A raw deflate stream (no zlib header), as zip entries hold. */
    public static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(content);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * A raw deflate stream of {@code size} zero bytes, made in time proportional to its compressed size. About
     * 1 KiB per MiB: a 2 GiB stream is about 2 MiB.
     */
    public static byte[] zeros(long size) {
        int chunk = 1 << 20;
        byte[] whole = repeated(new byte[chunk], size / chunk);
        if (size % chunk == 0) {
            return whole;
        }
        // the remainder as a final block after the repeated ones
        byte[] last = deflate(new byte[(int) (size % chunk)]);
        byte[] unfinished = repeatedUnfinished(new byte[chunk], size / chunk);
        byte[] result = java.util.Arrays.copyOf(unfinished, unfinished.length + last.length);
        System.arraycopy(last, 0, result, unfinished.length, last.length);
        return result;
    }

    /**
     * A raw deflate stream of {@code chunk} repeated {@code times}, made in time proportional to its compressed size:
     * the chunk is compressed once after a full flush (so it refers to nothing before it) and its blocks repeated,
     * then an empty final block ends the stream.
     */
    public static byte[] repeated(byte[] chunk, long times) {
        byte[] blocks = repeatedUnfinished(chunk, times);
        byte[] end = deflate(new byte[0]);
        byte[] result = java.util.Arrays.copyOf(blocks, blocks.length + end.length);
        System.arraycopy(end, 0, result, blocks.length, end.length);
        return result;
    }

    /** The chunk's blocks, {@code times} over, byte-aligned and not final. */
    private static byte[] repeatedUnfinished(byte[] chunk, long times) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] buffer = new byte[64 * 1024];
            deflater.setInput(new byte[0]);
            deflateAll(deflater, buffer, new ByteArrayOutputStream(), Deflater.FULL_FLUSH);
            deflater.setInput(chunk);
            ByteArrayOutputStream once = new ByteArrayOutputStream();
            deflateAll(deflater, buffer, once, Deflater.FULL_FLUSH);
            byte[] blocks = once.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long i = 0; i < times; i++) {
                out.writeBytes(blocks);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void deflateAll(Deflater deflater, byte[] buffer, ByteArrayOutputStream out, int flush) {
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
    }

    private static void int16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        int16(out, v & 0xFFFF);
        int16(out, (v >>> 16) & 0xFFFF);
    }
}
