package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.RawZip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile, malformed and randomly damaged zips: refused with the reason named, and whatever the gate's reader still
 * accepts the JDK reads the same way.
 */
class ZipIndexHostileTest extends ZipIndexComparison {
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
    void refusesAZip64ExtraFieldThatFillsTheExtraDataExactly() throws IOException {
        refusedFor(new RawZip().add(RawZip.stored("x.txt", new byte[] {1}).extra(field(0x0001, 0), new byte[0])).build(), "zip64");
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
