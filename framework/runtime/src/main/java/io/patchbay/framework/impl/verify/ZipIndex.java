package io.patchbay.framework.impl.verify;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of a jar held in memory, read from its central directory the way the container's
 * {@link java.util.zip.ZipFile} reads it, and checked against the {@link VerifyLimits} before a single byte is
 * inflated. Written by hand because the JDK offers no bounded reader over bytes: {@code ZipFile} needs a file and
 * accepts what it can make sense of, {@code ZipInputStream} follows local headers, which is not what the container
 * loads.
 *
 * <p>Stricter than {@code ZipFile} wherever two readers could disagree: the end record must end the file (no trailing
 * bytes, no second end record after it), the central directory must start where it says and end at the end record
 * (no prepended stub), no zip64, no encryption, only STORED and DEFLATED, every local header repeats its central
 * record's name, method and (without a data descriptor) sizes and CRC, entries' data never overlap, names are
 * unique, valid UTF-8 and plain relative paths, and directories are empty.
 */
final class ZipIndex {
    private static final int LOC_SIG = 0x04034b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int END_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int LOC_HEADER = 30;
    private static final int CEN_HEADER = 46;
    private static final int END_HEADER = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    static final int STORED = 0;
    static final int DEFLATED = 8;
    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_DATA_DESCRIPTOR = 1 << 3;
    private static final int FLAG_STRONG_ENCRYPTION = 1 << 6;

    /** One entry as the central directory declares it, with where its data starts (from its local header). */
    record Entry(String name, int method, long crc, long compressedSize, long size, int localOffset, int dataOffset) {
        boolean isDirectory() {
            return name.endsWith("/");
        }
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byName;

    private ZipIndex(List<Entry> entries, Map<String, Entry> byName) {
        this.entries = entries;
        this.byName = byName;
    }

    /** In central-directory order. */
    List<Entry> entries() {
        return entries;
    }

    Entry get(String name) {
        return byName.get(name);
    }

    static ZipIndex read(String artifact, byte[] zip, VerifyLimits limits) {
        if (zip.length > limits.maxJarBytes()) {
            throw Refusal.oversized(artifact, "the jar is " + zip.length + " bytes, more than the limit of "
                    + limits.maxJarBytes() + " (PatchbayBuilder.maxBundleBytes)");
        }
        int end = findEnd(artifact, zip);
        int total = u16(zip, end + 10);
        long cenSize = u32(zip, end + 12);
        long cenOffset = u32(zip, end + 16);
        if (u16(zip, end + 4) != 0 || u16(zip, end + 6) != 0 || u16(zip, end + 8) != total) {
            throw Refusal.corrupt(artifact, "a multi-disk zip");
        }
        if (total == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL
                || (end >= 20 && i32(zip, end - 20) == ZIP64_LOCATOR_SIG)) {
            throw Refusal.corrupt(artifact, "zip64 is not supported (a jar within the limits never needs it)");
        }
        if (cenOffset + cenSize != end) {
            throw Refusal.corrupt(artifact, "the central directory (offset " + cenOffset + ", " + cenSize
                    + " bytes) does not end at the end record (offset " + end + ")");
        }
        if (total > limits.maxEntries()) {
            throw Refusal.oversized(artifact, "the jar has " + total + " entries, more than the limit of " + limits.maxEntries());
        }
        if ((long) total * CEN_HEADER > cenSize) {
            throw Refusal.corrupt(artifact, total + " entries cannot fit a central directory of " + cenSize + " bytes");
        }
        return readCentral(artifact, zip, limits, (int) cenOffset, end, total);
    }

    /**
     * The end record: the last END signature in the file, as {@code ZipFile} scans, which must end the file exactly
     * with its comment. {@code ZipFile} would try harder (trailing bytes, earlier candidates); a jar needing that is
     * refused, so both readers always pick the same record.
     */
    private static int findEnd(String artifact, byte[] zip) {
        int lowest = Math.max(0, zip.length - END_HEADER - MAX_COMMENT);
        for (int pos = zip.length - END_HEADER; pos >= lowest; pos--) {
            if (i32(zip, pos) == END_SIG) {
                if (pos + END_HEADER + u16(zip, pos + 20) != zip.length) {
                    throw Refusal.corrupt(artifact, "the zip end record at offset " + pos + " does not end the file");
                }
                return pos;
            }
        }
        throw Refusal.corrupt(artifact, "not a zip: no end of central directory record");
    }

    private static ZipIndex readCentral(String artifact, byte[] zip, VerifyLimits limits, int cenOffset, int cenEnd,
                                        int total) {
        List<Entry> entries = new ArrayList<>(total);
        Map<String, Entry> byName = new HashMap<>(total * 2);
        long declared = 0;
        int pos = cenOffset;
        for (int i = 0; i < total; i++) {
            if (pos + CEN_HEADER > cenEnd || i32(zip, pos) != CEN_SIG) {
                throw Refusal.corrupt(artifact, "central directory record " + i + " is missing or malformed");
            }
            int nameLength = u16(zip, pos + 28);
            int extraLength = u16(zip, pos + 30);
            int commentLength = u16(zip, pos + 32);
            int next = pos + CEN_HEADER + nameLength + extraLength + commentLength;
            if (next > cenEnd || next - pos > 0xFFFF) {
                throw Refusal.corrupt(artifact, "central directory record " + i + " runs past the central directory"
                        + " or its 64 KiB");
            }
            Entry entry = entry(artifact, zip, limits, pos, cenOffset);
            requireSoundExtraAndComment(artifact, zip, entry.name(), pos + CEN_HEADER + nameLength, extraLength, commentLength);
            if (byName.putIfAbsent(entry.name(), entry) != null) {
                throw Refusal.corrupt(artifact, "entry " + entry.name() + " appears twice");
            }
            declared += entry.size();
            if (declared > limits.maxTotalInflatedBytes()) {
                throw Refusal.oversized(artifact, "the entries declare more than " + limits.maxTotalInflatedBytes()
                        + " bytes in all (limit), reached at entry " + entry.name());
            }
            entries.add(entry);
            pos = next;
        }
        if (pos != cenEnd) {
            throw Refusal.corrupt(artifact, "the central directory holds " + (cenEnd - pos)
                    + " bytes after its last declared entry");
        }
        requireNoOverlap(artifact, entries);
        return new ZipIndex(Collections.unmodifiableList(entries), byName);
    }

    private static Entry entry(String artifact, byte[] zip, VerifyLimits limits, int pos, int cenOffset) {
        int flags = u16(zip, pos + 8);
        int method = u16(zip, pos + 10);
        long crc = u32(zip, pos + 16);
        long compressed = u32(zip, pos + 20);
        long size = u32(zip, pos + 24);
        int nameLength = u16(zip, pos + 28);
        long localOffset = u32(zip, pos + 42);
        if (nameLength > limits.maxNameBytes()) {
            throw Refusal.oversized(artifact, "an entry name of " + nameLength + " bytes is longer than the limit of "
                    + limits.maxNameBytes());
        }
        String name = name(artifact, zip, pos + CEN_HEADER, nameLength);
        if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) != 0) {
            throw Refusal.corrupt(artifact, "entry " + name + " is encrypted");
        }
        if (method != STORED && method != DEFLATED) {
            throw Refusal.corrupt(artifact, "entry " + name + " uses compression method " + method);
        }
        if (compressed == 0xFFFFFFFFL || size == 0xFFFFFFFFL || localOffset == 0xFFFFFFFFL || u16(zip, pos + 34) != 0) {
            throw Refusal.corrupt(artifact, "entry " + name + " needs zip64 or another disk");
        }
        if (method == STORED && compressed != size) {
            throw Refusal.corrupt(artifact, "stored entry " + name + " declares " + compressed
                    + " bytes stored but " + size + " bytes of content");
        }
        if (name.endsWith("/") && size != 0) {
            throw Refusal.corrupt(artifact, "directory entry " + name + " declares " + size + " bytes of content");
        }
        if (size > limits.ratioGraceBytes() && size > compressed * limits.maxRatio()) {
            throw Refusal.oversized(artifact, "entry " + name + " declares " + size + " bytes from " + compressed
                    + " compressed, a ratio above the limit of " + limits.maxRatio() + ":1");
        }
        int dataOffset = local(artifact, zip, pos, name, flags, method, crc, compressed, size, localOffset, cenOffset);
        return new Entry(name, method, crc, compressed, size, (int) localOffset, dataOffset);
    }

    /** Checks the local header against the central record; returns where the entry's data starts. */
    private static int local(String artifact, byte[] zip, int cen, String name, int flags, int method, long crc,
                             long compressed, long size, long offset, int cenOffset) {
        if (offset + LOC_HEADER > cenOffset || i32(zip, (int) offset) != LOC_SIG) {
            throw Refusal.corrupt(artifact, "entry " + name + " has no local header at offset " + offset);
        }
        int loc = (int) offset;
        int nameLength = u16(zip, loc + 26);
        long dataOffset = (long) loc + LOC_HEADER + nameLength + u16(zip, loc + 28);
        if (nameLength != u16(zip, cen + 28) || dataOffset > cenOffset
                || !Arrays.equals(zip, loc + LOC_HEADER, loc + LOC_HEADER + nameLength,
                        zip, cen + CEN_HEADER, cen + CEN_HEADER + nameLength)) {
            throw Refusal.corrupt(artifact, "entry " + name + ": the local header names another entry");
        }
        int localFlags = u16(zip, loc + 6);
        if (u16(zip, loc + 8) != method
                || (localFlags & (FLAG_ENCRYPTED | FLAG_DATA_DESCRIPTOR)) != (flags & (FLAG_ENCRYPTED | FLAG_DATA_DESCRIPTOR))) {
            throw Refusal.corrupt(artifact, "entry " + name + ": the local header's method or flags disagree with the central directory");
        }
        long localCrc = u32(zip, loc + 14);
        long localCompressed = u32(zip, loc + 18);
        long localSize = u32(zip, loc + 22);
        boolean same = localCrc == crc && localCompressed == compressed && localSize == size;
        boolean deferred = (flags & FLAG_DATA_DESCRIPTOR) != 0 && localCrc == 0 && localCompressed == 0 && localSize == 0;
        if (!same && !deferred) {
            throw Refusal.corrupt(artifact, "entry " + name + ": the local header's sizes or CRC disagree with the central directory");
        }
        if (dataOffset + compressed > cenOffset) {
            throw Refusal.corrupt(artifact, "entry " + name + "'s data runs into the central directory");
        }
        return (int) dataOffset;
    }

    /**
     * What {@code ZipFile} checks of a central record's extra fields and comment, so a jar it would refuse is refused
     * here too: each extra field within the extra data, no zip64 field, a comment in valid UTF-8.
     */
    private static void requireSoundExtraAndComment(String artifact, byte[] zip, String name, int extra, int extraLength,
                                                    int commentLength) {
        int end = extra + extraLength;
        for (int at = extra; at + 4 <= end; ) {
            int tag = u16(zip, at);
            int size = u16(zip, at + 2);
            if (tag == 0x0001 || at + 4 + size > end) {
                throw Refusal.corrupt(artifact, "entry " + name + " has a zip64 or malformed extra field");
            }
            at += 4 + size;
        }
        if (commentLength > 0 && decode(zip, end, commentLength) == null) {
            throw Refusal.corrupt(artifact, "entry " + name + "'s comment is not valid UTF-8");
        }
    }

    /** Entries sharing bytes are how one deflate stream is inflated many times over: refused. */
    private static void requireNoOverlap(String artifact, List<Entry> entries) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingInt(Entry::localOffset));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry before = byOffset.get(i - 1);
            Entry after = byOffset.get(i);
            if (after.localOffset() < before.dataOffset() + before.compressedSize()) {
                throw Refusal.corrupt(artifact, "entries " + before.name() + " and " + after.name() + " overlap");
            }
        }
    }

    /** A strictly decoded UTF-8 name that is a plain relative path, as the container and the manifest see it. */
    private static String name(String artifact, byte[] zip, int offset, int length) {
        String name = decode(zip, offset, length);
        if (name == null) {
            throw Refusal.corrupt(artifact, "an entry name is not valid UTF-8");
        }
        if (!isPlainPath(name)) {
            throw Refusal.corrupt(artifact, "entry name '" + name + "' is not a plain relative path");
        }
        return name;
    }

    /** Strict UTF-8, as {@code JarFile} decodes names and comments; null when malformed. */
    private static String decode(byte[] zip, int offset, int length) {
        if (ascii(zip, offset, length)) {
            return new String(zip, offset, length, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(zip, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean ascii(byte[] b, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Segments separated by '/', none empty, "." or ".." (a directory's name ends with one '/'), and no backslash
     * or NUL: names every reader resolves the same way.
     */
    static boolean isPlainPath(String name) {
        int end = name.endsWith("/") ? name.length() - 1 : name.length();
        int segmentStart = 0;
        for (int i = 0; i <= end; i++) {
            char c = i < end ? name.charAt(i) : '/';
            if (c == '\\' || c == '\0') {
                return false;
            }
            if (c == '/') {
                int length = i - segmentStart;
                if (length == 0 || (name.charAt(segmentStart) == '.' && (length == 1
                        || (length == 2 && name.charAt(segmentStart + 1) == '.')))) {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return i32(b, at) & 0xFFFFFFFFL;
    }

    private static int i32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
