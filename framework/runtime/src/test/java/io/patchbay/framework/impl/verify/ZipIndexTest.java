package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.RawZip;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's zip reader against the JDK's {@link ZipFile}, which is how the container reads a bundle: on every
 * valid zip both read the same entries, in the same order, with the same content; on hostile and randomly damaged
 * zips the gate's reader may refuse more, but whatever it accepts the JDK reads exactly the same way.
 */
class ZipIndexTest {
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

    private static String randomName(Random random, int index) {
        StringBuilder name = new StringBuilder();
        int depth = random.nextInt(4);
        for (int d = 0; d < depth; d++) {
            name.append(random.nextBoolean() ? "dir" + d : "d\u00e9\u4e2d" + d).append('/');
        }
        return name.append("e").append(index).append(random.nextBoolean() ? ".class" : "-\u00fc.txt").toString();
    }

    private static byte[] randomContent(Random random) {
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

    @Test
    void readsEveryValidZipExactlyAsTheJdk() throws IOException {
        Random random = new Random(11);
        for (int i = 0; i < 120; i++) {
            byte[] zip = randomZip(random);
            assertTrue(agree(zip), "zip " + i + " refused");
        }
        assertTrue(agree(new RawZip().build()), "an empty zip");
    }

    @Test
    void readsSignedJarsExactlyAsTheJdk() throws IOException {
        TestPki.Identity signer = TestPki.stranger("CN=Signer");
        Random random = new Random(5);
        for (int i = 0; i < 10; i++) {
            TestJars.Builder builder = TestJars.bundle("com.acme.b" + i, "1.0." + i);
            for (int e = 0; e < random.nextInt(20); e++) {
                builder.entry(randomName(random, e), randomContent(random));
            }
            assertTrue(agree(builder.signedBy(signer)), "signed jar " + i);
        }
    }

    private static byte[] base() {
        return new RawZip().add(RawZip.deflated("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .add(RawZip.stored("a/b.txt", "stored content".getBytes(StandardCharsets.UTF_8)))
                .add(RawZip.deflated("a/c.class", new byte[5000]))
                .build();
    }

    private void refusedFor(byte[] zip, String detail) throws IOException {
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

    private static byte[] with(Function<RawZip.Entry, RawZip.Entry> change, String entry) {
        RawZip zip = new RawZip();
        for (RawZip.Entry e : RawZip.entriesOf(base())) {
            zip.add(e.name().equals(entry) ? change.apply(e) : e);
        }
        return zip.build();
    }

    @Test
    void refusesWhatTheEndRecordGetsWrong() throws IOException {
        assertTrue(agree(base()));
        refusedFor(new byte[0], "no end of central directory");
        refusedFor(Arrays.copyOf(base(), base().length - 1), "no end of central directory");
        refusedFor(concat(new byte[] {'#', '!', '\n'}, base()), "does not end at the end record");
        refusedFor(concat(base(), new byte[] {0, 0, 0}), "does not end the file");
        // a comment that is itself an end record (of an empty zip): the last one found is taken, as the JDK does
        byte[] fakeEnd = Arrays.copyOf(new byte[] {0x50, 0x4b, 0x05, 0x06}, 22);
        refusedFor(new RawZip().addAll(RawZip.entriesOf(base())).comment(fakeEnd).build(), "does not end at the end record");
        // the third record, 46 bytes and the 9 of a/c.class, is left over
        refusedFor(new RawZip().addAll(RawZip.entriesOf(base())).declaredTotal(2).build(), "holds 55 bytes after its last declared entry");
        refusedFor(new RawZip().addAll(RawZip.entriesOf(base())).declaredTotal(4).build(), "cannot fit");
        refusedFor(new RawZip().addAll(RawZip.entriesOf(base())).declaredTotal(0xFFFF).build(), "zip64");
        byte[] multiDisk = base();
        multiDisk[multiDisk.length - 22 + 4] = 1;
        refusedFor(multiDisk, "multi-disk");
        byte[] locator = base();
        int end = locator.length - 22;
        byte[] withLocator = concat(Arrays.copyOf(locator, end), new byte[] {0x50, 0x4b, 0x06, 0x07}, new byte[16],
                Arrays.copyOfRange(locator, end, locator.length));
        refusedFor(withLocator, "zip64");
    }

    @Test
    void refusesEntriesTheJdkWouldReadDifferentlyOrNotAtAll() throws IOException {
        refusedFor(with(e -> e.flags(1), "a/b.txt"), "encrypted");
        refusedFor(with(e -> e.method(12).localMethod(12), "a/b.txt"), "compression method 12");
        refusedFor(with(e -> e.localMethod(0), "a/c.class"), "method or flags disagree");
        refusedFor(with(e -> e.localName("a/x.txt"), "a/b.txt"), "names another entry");
        refusedFor(with(e -> e.localCrcAndSizes(1, 14, 14), "a/b.txt"), "sizes or CRC disagree");
        refusedFor(with(e -> e.declaring(13).localCrcAndSizes(RawZip.crc("stored content".getBytes(StandardCharsets.UTF_8)), 14, 13),
                "a/b.txt"), "declares 14 bytes stored but 13");
        refusedFor(with(e -> e.crc(7).localCrcAndSizes(7, 14, 14), "a/b.txt"), "does not match its CRC");
        refusedFor(with(e -> e.declaring(4999).localCrcAndSizes(RawZip.crc(new byte[5000]), e.compressedSize(), 4999), "a/c.class"),
                "beyond its declared");
        refusedFor(with(e -> e.declaring(5001).localCrcAndSizes(RawZip.crc(new byte[5000]), e.compressedSize(), 5001), "a/c.class"),
                "inflates to 5000 bytes but declares 5001");
        refusedFor(new RawZip().add(RawZip.raw("bad.bin", RawZip.DEFLATED, new byte[] {(byte) 0xFF, 1, 2}, 0, 3)).build(),
                "not a valid deflate stream");
        byte[] stream = RawZip.deflate(new byte[1000]);
        refusedFor(new RawZip().add(RawZip.raw("cut.bin", RawZip.DEFLATED, Arrays.copyOf(stream, stream.length / 2),
                RawZip.crc(new byte[1000]), 1000)).build(), "truncated");
        refusedFor(new RawZip().add(RawZip.stored("dir/", new byte[3])).build(), "directory entry dir/");
        refusedFor(with(e -> e.declaringCompressed(1_000_000).localCrcAndSizes(RawZip.crc(new byte[5000]), 1_000_000, 5000), "a/c.class"),
                "runs into the central directory");
        refusedFor(new RawZip().addAll(RawZip.entriesOf(base())).add(RawZip.stored("a/b.txt", new byte[1])).build(), "appears twice");
        refusedFor(HostileOverlap.overlapping(), "overlap");
    }

    @Test
    void refusesNamesThatAreNotPlainRelativePaths() throws IOException {
        for (String name : List.of("/etc/passwd", "../escape", "a/../../b", "a//b", "./a", "a/./b", "a\\b", "nul\u0000.class",
                "a/.", "a/..")) {
            refusedFor(new RawZip().add(RawZip.stored(name, new byte[0])).build(), "not a plain");
        }
        byte[] badUtf8 = new RawZip().add(RawZip.stored("a\u00e9.txt", new byte[0])).build();
        int at = indexOf(badUtf8, "a\u00e9.txt".getBytes(StandardCharsets.UTF_8), 0);
        badUtf8[at + 1] = (byte) 0xC3;
        badUtf8[at + 2] = (byte) 0x28; // not a continuation byte
        int central = indexOf(badUtf8, "a\u00e9.txt".getBytes(StandardCharsets.UTF_8), at + 1);
        badUtf8[central + 1] = (byte) 0xC3;
        badUtf8[central + 2] = (byte) 0x28;
        refusedFor(badUtf8, "not valid UTF-8");
        assertTrue(ZipIndex.isPlainPath("a/b/"));
        assertTrue(ZipIndex.isPlainPath("...a/.b/..c"));
        assertTrue(ZipIndex.isPlainPath("a"));
    }

    @Test
    void refusesBeyondTheLimitsFromTheCentralDirectoryAlone() {
        byte[] zip = base();
        VerifyLimits small = new VerifyLimits(zip.length - 1, 10, 10, 100_000, 10, 0, 1, 1, 1, 1);
        assertEquals(Reason.OVERSIZED, assertThrows(BundleRejectedException.class, () -> ZipIndex.read("t", zip, small)).reason());
        VerifyLimits fewEntries = new VerifyLimits(1 << 20, 2, 100, 100_000, 1000, 0, 1, 1, 1, 1);
        assertTrue(assertThrows(BundleRejectedException.class, () -> ZipIndex.read("t", zip, fewEntries)).getMessage()
                .contains("3 entries, more than the limit of 2"));
        VerifyLimits shortNames = new VerifyLimits(1 << 20, 10, 8, 100_000, 1000, 0, 1, 1, 1, 1);
        assertTrue(assertThrows(BundleRejectedException.class, () -> ZipIndex.read("t", zip, shortNames)).getMessage()
                .contains("name of 20 bytes"));
        VerifyLimits exactNames = new VerifyLimits(1 << 20, 3, 20, 100_000, 1000, 0, 1, 1, 1, 1);
        assertEquals(3, ZipIndex.read("t", zip, exactNames).entries().size());
        VerifyLimits smallTotal = new VerifyLimits(1 << 20, 10, 100, 5000, 1000, 0, 1, 1, 1, 1);
        assertTrue(assertThrows(BundleRejectedException.class, () -> ZipIndex.read("t", zip, smallTotal)).getMessage()
                .contains("a/c.class"));
        VerifyLimits exactTotal = new VerifyLimits(1 << 20, 10, 100, 5000 + 14 + 25, 1000, 0, 1, 1, 1, 1);
        assertEquals(3, ZipIndex.read("t", zip, exactTotal).entries().size());
        VerifyLimits ratio = new VerifyLimits(1 << 20, 10, 100, 100_000, 2, 4999, 1, 1, 1, 1);
        assertTrue(assertThrows(BundleRejectedException.class, () -> ZipIndex.read("t", zip, ratio)).getMessage()
                .contains("a/c.class declares 5000 bytes"));
        VerifyLimits grace = new VerifyLimits(1 << 20, 10, 100, 100_000, 2, 5000, 1, 1, 1, 1);
        assertEquals(3, ZipIndex.read("t", zip, grace).entries().size());
    }

    /** One extra field: tag, size, data. */
    private static byte[] field(int tag, int size) {
        byte[] f = new byte[4 + size];
        f[0] = (byte) tag;
        f[1] = (byte) (tag >>> 8);
        f[2] = (byte) size;
        f[3] = (byte) (size >>> 8);
        return f;
    }

    @Test
    void readsExtraFieldsAndLongCommentsAsTheJdkDoes() throws IOException {
        byte[] content = "with extras".getBytes(StandardCharsets.UTF_8);
        byte[] zip = new RawZip().add(RawZip.stored("x.txt", content).extra(concat(field(0xCAFE, 0), field(0x7875, 11)),
                concat(field(0x7875, 11), field(0x5455, 5), new byte[3]))).add(RawZip.deflated("y.txt", content)).build();
        assertTrue(agree(zip));
        assertArrayEquals(content, ours(zip).get("x.txt"));
        // an archive comment as long as a zip allows
        assertTrue(agree(new RawZip().addAll(RawZip.entriesOf(base())).comment(new byte[65_000]).build()));
        assertTrue(agree(new RawZip().addAll(RawZip.entriesOf(base())).comment(new byte[65_535]).build()));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(written)) {
            ZipEntry entry = new ZipEntry("timed.txt");
            entry.setExtra(field(0x6666, 8));
            out.putNextEntry(entry);
            out.write(content);
        }
        assertTrue(agree(written.toByteArray()));
    }

    @Test
    void refusesMalformedOrZip64ExtraFieldsAsTheJdkDoes() throws IOException {
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        byte[] beyond = field(0x7875, 4);
        beyond[2] = 9; // declares 9 bytes of data, has 4
        refusedFor(new RawZip().add(RawZip.stored("x.txt", content).extra(beyond, new byte[0])).build(), "malformed extra field");
        refusedFor(new RawZip().add(RawZip.stored("x.txt", content).extra(concat(field(0x7875, 2), field(0x0001, 8)), new byte[0]))
                .build(), "zip64 or malformed extra field");
        // fewer than four bytes left over are not a field, and are ignored as the JDK ignores them
        assertTrue(agree(new RawZip().add(RawZip.stored("x.txt", content).extra(concat(field(0x7875, 2), new byte[3]),
                new byte[0])).build()));
    }

    @Test
    void aCentralRecordMayBeExactly64KiB() throws IOException {
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        // 46 + 1 (name) + 4 + data = 65,535
        assertTrue(agree(new RawZip().add(RawZip.stored("x", content).extra(field(0x6666, 65_535 - 46 - 1 - 4), new byte[0]))
                .build()));
        refusedFor(new RawZip().add(RawZip.stored("x", content).extra(field(0x6666, 65_536 - 46 - 1 - 4), new byte[0])).build(),
                "64 KiB");
    }

    @Test
    void readsACentralDirectoryInAnotherOrderThanTheData() throws IOException {
        byte[] zip = new RawZip().addAll(RawZip.entriesOf(base())).reverseCentralDirectory().build();
        assertTrue(agree(zip));
        assertEquals(List.of("a/c.class", "a/b.txt", "META-INF/MANIFEST.MF"), List.copyOf(ours(zip).keySet()));
        // overlap is found whatever the order
        List<RawZip.Entry> entries = new ArrayList<>(RawZip.entriesOf(base()));
        RawZip.Entry first = entries.get(0);
        first.declaringCompressed(first.compressedSize() + 40).localCrcAndSizes(first.crc(), first.compressedSize(), first.size());
        refusedFor(new RawZip().addAll(entries).reverseCentralDirectory().build(), "overlap");
    }

    @Test
    void localSizesOfZeroNeedTheDataDescriptorFlag() throws IOException {
        byte[] content = "stored content".getBytes(StandardCharsets.UTF_8);
        refusedFor(new RawZip().add(RawZip.stored("a.txt", content).localCrcAndSizes(0, 0, 0)).build(), "sizes or CRC disagree");
        assertTrue(agree(new RawZip().add(RawZip.stored("a.txt", content).flags(8).localCrcAndSizes(0, 0, 0)).build()));
    }

    @Test
    void refusesAnEntryCommentThatIsNotUtf8() throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(written)) {
            ZipEntry entry = new ZipEntry("c.txt");
            entry.setComment("caf\u00e9!");
            out.putNextEntry(entry);
            out.write(1);
        }
        byte[] zip = written.toByteArray();
        assertTrue(agree(zip));
        byte[] comment = "caf\u00e9!".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(zip, comment, 0);
        zip[at + 4] = (byte) 0x28; // the continuation byte of \u00e9 made ASCII: C3 28 is malformed
        refusedFor(zip, "comment is not valid UTF-8");
    }

    @Test
    void refusesAZip64LocatorRightAtTheStart() throws IOException {
        byte[] end = new RawZip().build(); // an end record alone: an empty zip
        byte[] locator = Arrays.copyOf(new byte[] {0x50, 0x4b, 0x06, 0x07}, 20);
        byte[] zip = concat(locator, end);
        zip[zip.length - 22 + 16] = 20; // the central directory (empty) starts where the end record is
        refusedFor(zip, "zip64");
        byte[] plain = concat(new byte[20], end);
        plain[plain.length - 22 + 16] = 20;
        assertEquals(0, ZipIndex.read("t", plain, ROOMY).entries().size());
    }

    @Test
    void aJarExactlyAtTheSizeLimitIsRead() {
        byte[] zip = base();
        VerifyLimits exact = new VerifyLimits(zip.length, 10, 100, 100_000, 1000, 0, 1, 1, 1, 1);
        assertEquals(3, ZipIndex.read("t", zip, exact).entries().size());
    }

    @Test
    void refusesAZip64ExtraFieldThatFillsTheExtraDataExactly() throws IOException {
        refusedFor(new RawZip().add(RawZip.stored("x.txt", new byte[] {1}).extra(field(0x0001, 0), new byte[0])).build(), "zip64");
    }

    @Test
    void anEntryExactlyAtTheRatioLimitPasses() {
        byte[] zip = new RawZip().add(RawZip.stored("a.bin", new byte[100])).add(RawZip.stored("b.bin", new byte[0])).build();
        VerifyLimits oneToOne = new VerifyLimits(1 << 20, 10, 100, 1000, 1, 0, 1, 1, 1, 1);
        assertEquals(2, ZipIndex.read("t", zip, oneToOne).entries().size());
    }

    @Test
    void whateverItAcceptsOfRandomlyDamagedZipsTheJdkReadsTheSame() throws IOException {
        Random random = new Random(2030);
        int accepted = 0;
        int tried = 0;
        for (int z = 0; z < 12; z++) {
            byte[] valid = randomZip(random);
            for (int m = 0; m < 60; m++) {
                byte[] damaged = damage(valid, random);
                tried++;
                accepted += agree(damaged) ? 1 : 0;
            }
        }
        // most damage is refused; some (in content or unused fields) is not, and then both readers agree
        assertTrue(accepted < tried, accepted + " of " + tried);
    }

    /** One to four changed bytes, mostly in the headers near the end, or a cut. */
    private static byte[] damage(byte[] zip, Random random) {
        if (zip.length == 0) {
            return zip;
        }
        if (random.nextInt(8) == 0) {
            return Arrays.copyOf(zip, random.nextInt(zip.length));
        }
        byte[] copy = zip.clone();
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            int window = Math.min(copy.length, random.nextBoolean() ? 200 : copy.length);
            int at = copy.length - 1 - random.nextInt(window);
            copy[at] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) (copy[at] ^ (1 << random.nextInt(8)));
        }
        return copy;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i <= haystack.length - needle.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    /** Two entries whose declared data runs over the next one's local header. */
    static final class HostileOverlap {
        static byte[] overlapping() {
            List<RawZip.Entry> entries = new ArrayList<>(RawZip.entriesOf(base()));
            RawZip.Entry first = entries.get(0);
            long compressed = first.compressedSize() + 40;
            first.declaringCompressed(compressed).localCrcAndSizes(first.crc(), compressed, first.size());
            return new RawZip().addAll(entries).build();
        }
    }

    @Test
    void theOverlapHelperReallyOverlaps() {
        assertNull(ours(HostileOverlap.overlapping()));
    }
}
