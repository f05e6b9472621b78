package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.RawZip;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits' own rules, and the reader of entries that enforces the per-entry ones. */
class VerifyLimitsTest {
    static final long MIB = 1 << 20;

    private static VerifyLimits limits(long jar, int entries, int name, long total, int ratio, long grace, int manifest,
                                       int sf, int block, int signers) {
        return new VerifyLimits(jar, entries, name, total, ratio, grace, manifest, sf, block, signers);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        VerifyLimits d = VerifyLimits.DEFAULTS;
        assertEquals(16 * MIB, d.maxJarBytes());
        assertEquals(64 * MIB, d.maxTotalInflatedBytes());
        assertEquals(20_000, d.maxEntries());
        assertEquals(1024, d.maxNameBytes());
        assertEquals(100, d.maxRatio());
        assertEquals(64 * 1024, d.ratioGraceBytes());
        assertEquals(8 * MIB, d.maxManifestBytes());
        assertEquals(8 * MIB, d.maxSignatureFileBytes());
        assertEquals(MIB, d.maxSignatureBlockBytes());
        assertEquals(4, d.maxSigners());
        VerifyLimits bigger = d.withMaxJarBytes(32 * MIB);
        assertEquals(32 * MIB, bigger.maxJarBytes());
        assertEquals(128 * MIB, bigger.maxTotalInflatedBytes());
        assertEquals(d.maxEntries(), bigger.maxEntries());
    }

    @Test
    void everyLimitMustBePositiveAndEntriesFitAZipWithoutZip64() {
        assertThrows(IllegalArgumentException.class, () -> limits(0, 1, 1, 1, 1, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 0, 1, 1, 1, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 0, 1, 1, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 1, 0, 1, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 1, 1, 0, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 1, 1, 1, -1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 1, 1, 1, 0, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 1, 1, 1, 0, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 1, 1, 1, 0, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> limits(1, 1, 1, 1, 1, 0, 1, 1, 1, 0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> limits(1, 65_535, 1, 1, 1, 0, 1, 1, 1, 1))
                .getMessage().contains("zip64"));
        assertEquals(65_534, limits(1, 65_534, 1, 1, 1, 0, 1, 1, 1, 1).maxEntries());
        assertEquals(0, limits(1, 1, 1, 1, 1, 0, 1, 1, 1, 1).ratioGraceBytes());
    }

    @Test
    void readingAllOfAnEntryIsRefusedFromItsDeclarationBeyondTheCap() {
        byte[] zip = new RawZip().add(RawZip.deflated("a.txt", new byte[1000])).build();
        ZipIndex.Entry entry = ZipIndex.read("z.jar", zip, VerifyLimits.DEFAULTS).get("a.txt");
        List<Long> metered = new ArrayList<>();
        try (EntryReader reader = new EntryReader("z.jar", zip, (name, bytes) -> metered.add(bytes))) {
            BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> reader.readAll(entry, 999, "the file"));
            assertEquals(Reason.OVERSIZED, e.reason());
            assertTrue(e.getMessage().contains("the file a.txt declares 1000 bytes, more than the limit of 999"), e.getMessage());
            assertEquals(List.of(), metered);
            assertEquals(1000, reader.readAll(entry, 1000, "the file").length);
            assertEquals(List.of(1000L), metered);
        }
    }

    @Test
    void inflatesInBoundedChunksAndCanBeReused() {
        byte[] content = new byte[200_000];
        new java.util.Random(8).nextBytes(content);
        byte[] zip = new RawZip().add(RawZip.deflated("big.bin", content)).add(RawZip.stored("small.bin", new byte[] {7})).build();
        ZipIndex index = ZipIndex.read("z.jar", zip, VerifyLimits.DEFAULTS);
        try (EntryReader reader = new EntryReader("z.jar", zip, EntryReader.Meter.NONE)) {
            long[] largest = {0};
            long[] total = {0};
            for (int round = 0; round < 2; round++) {
                reader.read(index.get("big.bin"), (b, off, len) -> {
                    largest[0] = Math.max(largest[0], len);
                    total[0] += len;
                });
            }
            assertEquals(2L * content.length, total[0]);
            assertTrue(largest[0] <= 32 * 1024, "chunk of " + largest[0]);
            assertEquals(1, reader.readAll(index.get("small.bin"), 1, "x").length);
        }
        new EntryReader("z.jar", zip, EntryReader.Meter.NONE).close();
    }
}
