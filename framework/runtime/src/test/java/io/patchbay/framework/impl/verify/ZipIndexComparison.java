package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.RawZip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's zip reader against the JDK's {@link ZipFile}, which is how the container reads a bundle: on every
 * valid zip both read the same entries, in the same order, with the same content; on hostile and randomly damaged
 * zips the gate's reader may refuse more, but whatever it accepts the JDK reads exactly the same way. The readers,
 * the comparison and the zips both {@link ZipIndexTest} and {@link ZipIndexHostileTest} start from.
 */
abstract class ZipIndexComparison {
    /** Limits out of the way: this is about structure, not size. */
    static final VerifyLimits ROOMY = new VerifyLimits(64 << 20, 65_534, 65_535, 1L << 30, 1_000_000, 0,
            8 << 20, 8 << 20, 1 << 20, 4);

    @TempDir
    Path temp;

    /** The entries and their content as the gate's reader reads them, or null when it refuses. */
    static Map<String, byte[]> ours(byte[] zip) {
        try {
            ZipIndex index = ZipIndex.read("test.jar", zip, ROOMY);
            Map<String, byte[]> read = new LinkedHashMap<>();
            try (EntryReader reader = new EntryReader("test.jar", zip, EntryReader.Meter.NONE)) {
                for (ZipIndex.Entry entry : index.entries()) {
                    ByteArrayOutputStream content = new ByteArrayOutputStream();
                    reader.read(entry, content::write);
                    read.put(entry.name(), content.toByteArray());
                    assertEquals(entry, index.get(entry.name()));
                }
            }
            return read;
        } catch (BundleRejectedException e) {
            assertTrue(e.reason() == Reason.CORRUPT_JAR || e.reason() == Reason.OVERSIZED, e.getMessage());
            return null;
        }
    }

    /** What the JDK's ZipFile reads, or null when it cannot read the zip or one of its entries. */
    Map<String, byte[]> jdk(byte[] zip) throws IOException {
        Path file = Files.write(temp.resolve("jdk.zip"), zip);
        try (ZipFile zipFile = new ZipFile(file.toFile())) {
            Map<String, byte[]> read = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> entries = zipFile.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                try (InputStream in = zipFile.getInputStream(entry)) {
                    read.put(entry.getName(), in.readAllBytes());
                }
            }
            return read;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whatever the gate's reader accepts, the JDK reads identically. Returns whether the gate's reader accepted. */
    boolean agree(byte[] zip) throws IOException {
        Map<String, byte[]> ours = ours(zip);
        if (ours == null) {
            return false;
        }
        Map<String, byte[]> jdk = jdk(zip);
        assertNotNull(jdk, "the gate reads a zip the JDK cannot");
        assertEquals(List.copyOf(jdk.keySet()), List.copyOf(ours.keySet()));
        for (Map.Entry<String, byte[]> e : jdk.entrySet()) {
            assertArrayEquals(e.getValue(), ours.get(e.getKey()), e.getKey());
        }
        return true;
    }

    static String randomName(Random random, int index) {
        StringBuilder name = new StringBuilder();
        int depth = random.nextInt(4);
        for (int d = 0; d < depth; d++) {
            name.append(random.nextBoolean() ? "dir" + d : "d\u00e9\u4e2d" + d).append('/');
        }
        return name.append("e").append(index).append(random.nextBoolean() ? ".class" : "-\u00fc.txt").toString();
    }

    static byte[] randomContent(Random random) {
        byte[] content = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(random.nextInt(4) > 0 ? 300 : 100_000)];
        if (random.nextBoolean()) {
            random.nextBytes(content);
        } else {
            for (int i = 0; i < content.length; i++) {
                content[i] = (byte) ("abcdefgh".charAt(random.nextInt(8)) + (i % 7));
            }
        }
        return content;
    }

    /** A zip as JDK tools write it: stored and deflated entries, directories, data descriptors, comments. */
    static byte[] randomZip(Random random) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(random.nextInt(10));
            if (random.nextInt(4) == 0) {
                zip.setComment("archive comment \u00e9");
            }
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                if (random.nextInt(6) == 0) {
                    zip.putNextEntry(new ZipEntry("dir" + i + "/"));
                    zip.closeEntry();
                    continue;
                }
                ZipEntry entry = new ZipEntry(randomName(random, i));
                byte[] content = randomContent(random);
                if (random.nextInt(3) == 0) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(content.length);
                    entry.setCrc(crc.getValue());
                }
                if (random.nextInt(5) == 0) {
                    entry.setComment("comment " + i + " \u00fc");
                }
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] base() {
        return new RawZip().add(RawZip.deflated("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .add(RawZip.stored("a/b.txt", "stored content".getBytes(StandardCharsets.UTF_8)))
                .add(RawZip.deflated("a/c.class", new byte[5000]))
                .build();
    }

    void refusedFor(byte[] zip, String detail) throws IOException {
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> {
            ZipIndex index = ZipIndex.read("test.jar", zip, ROOMY);
            try (EntryReader reader = new EntryReader("test.jar", zip, EntryReader.Meter.NONE)) {
                for (ZipIndex.Entry entry : index.entries()) {
                    reader.read(entry, (b, off, len) -> { });
                }
            }
        });
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        assertEquals("test.jar", e.bundle());
        agree(zip);
    }

    static byte[] with(Function<RawZip.Entry, RawZip.Entry> change, String entry) {
        RawZip zip = new RawZip();
        for (RawZip.Entry e : RawZip.entriesOf(base())) {
            zip.add(e.name().equals(entry) ? change.apply(e) : e);
        }
        return zip.build();
    }

    /** One extra field: tag, size, data. */
    static byte[] field(int tag, int size) {
        byte[] f = new byte[4 + size];
        f[0] = (byte) tag;
        f[1] = (byte) (tag >>> 8);
        f[2] = (byte) size;
        f[3] = (byte) (size >>> 8);
        return f;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
