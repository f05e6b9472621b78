package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.testsupport.RawZip;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Well-formed zips, and zips at the edges of what is allowed: the gate reads them exactly as the JDK does. */
class ZipIndexTest extends ZipIndexComparison {
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
    void aJarExactlyAtTheSizeLimitIsRead() {
        byte[] zip = base();
        VerifyLimits exact = new VerifyLimits(zip.length, 10, 100, 100_000, 1000, 0, 1, 1, 1, 1);
        assertEquals(3, ZipIndex.read("t", zip, exact).entries().size());
    }

    @Test
    void anEntryExactlyAtTheRatioLimitPasses() {
        byte[] zip = new RawZip().add(RawZip.stored("a.bin", new byte[100])).add(RawZip.stored("b.bin", new byte[0])).build();
        VerifyLimits oneToOne = new VerifyLimits(1 << 20, 10, 100, 1000, 1, 0, 1, 1, 1, 1);
        assertEquals(2, ZipIndex.read("t", zip, oneToOne).entries().size());
    }
}
