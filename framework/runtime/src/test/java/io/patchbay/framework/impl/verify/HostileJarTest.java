package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.HostileJars;
import io.patchbay.testsupport.JarVariants;
import io.patchbay.testsupport.RawZip;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every hostile shape of {@link HostileJars}: refused for the right reason, and at a bounded cost, shown by what the
 * gate inflated (a meter sees every entry read) rather than by time. "Before content" means no entry other than the
 * signing files and the manifest was inflated at all.
 */
class HostileJarTest {
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    static final String VICTIM = "com/acme/feature/impl/payload.bin";
    static final int VICTIM_SIZE = 100 * 1024;
    static final long MIB = 1 << 20;

    static TestPki.Identity publisher;
    static byte[] signed;

    /** What one verification inflated, per entry. */
    final Map<String, Long> inflated = new LinkedHashMap<>();

    @BeforeAll
    static void signedBundle() {
        publisher = TestPki.selfSigned("CN=Trusted Publisher", NOW.minusSeconds(86_400), NOW.plusSeconds(86_400));
        byte[] payload = new byte[VICTIM_SIZE];
        new Random(3).nextBytes(payload);
        signed = TestJars.bundle("com.acme.feature", "1.0.0")
                .entry("com/acme/feature/impl/Feature.class", "not really a class")
                .entry(VICTIM, payload)
                .signedBy(publisher);
    }

    private PublisherGate gate(VerifyLimits limits) {
        return new PublisherGate(new SignerTrust(List.of(publisher.certificate()), Clock.fixed(NOW, ZoneOffset.UTC)),
                limits, (entry, bytes) -> inflated.merge(entry, bytes, Long::sum));
    }

    private BundleRejectedException refused(VerifyLimits limits, byte[] jar, Reason reason) {
        inflated.clear();
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate(limits).verify("hostile.jar", jar));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals("hostile.jar", e.bundle());
        return e;
    }

    private BundleRejectedException refused(byte[] jar, Reason reason) {
        return refused(VerifyLimits.DEFAULTS, jar, reason);
    }

    private long total() {
        return inflated.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Bytes inflated from entries other than the manifest and the signing files. */
    private long content() {
        return inflated.entrySet().stream().filter(e -> !e.getKey().startsWith("META-INF/"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Limits without the ratio and with room to inflate, to reach the defences behind the ratio limit. */
    private static VerifyLimits lenient() {
        return withoutRatio(4096 * MIB);
    }

    private static VerifyLimits withoutRatio(long maxTotalInflated) {
        return new VerifyLimits(64 * MIB, 20_000, 1024, maxTotalInflated, 1_000_000, 0, 8 << 20, 8 << 20, 1 << 20, 4);
    }

    @Test
    void theSignedBundleItselfPassesAndInflatesExactlyItsEntries() {
        assertEquals("com.acme.feature", gate(VerifyLimits.DEFAULTS).verify("ok.jar", signed).symbolicName());
        assertEquals(VICTIM_SIZE, inflated.get(VICTIM));
    }

    @Test
    void theIssuesJarForty2GiBEntriesSharingOneStreamIsRefusedBeforeInflatingAnything() {
        byte[] jar = HostileJars.sharedStreamBomb(40, 2L << 30);
        assertTrue(jar.length < 3 * MIB, "size " + jar.length);
        BundleRejectedException e = refused(jar, Reason.OVERSIZED);
        assertTrue(e.getMessage().contains("ratio"), e.getMessage());
        assertEquals(0, total());
        // past the ratio limit: records sharing one local header name another entry than it does
        BundleRejectedException shared = refused(lenient(), jar, Reason.CORRUPT_JAR);
        assertTrue(shared.getMessage().contains("META-INF/SIG-1: the local header names another entry"), shared.getMessage());
        assertEquals(0, total());
    }

    @Test
    void contentEntriesSharingOneStreamInASignedJarAreRefusedBeforeInflatingAnything() {
        refused(HostileJars.sharedStreamBombSigned(signed, 4000, 1L << 30), Reason.OVERSIZED);
        assertEquals(0, total());
        BundleRejectedException e = refused(lenient(), HostileJars.sharedStreamBombSigned(signed, 3, 64 * MIB), Reason.CORRUPT_JAR);
        assertTrue(e.getMessage().contains("bomb/1.bin: the local header names another entry"), e.getMessage());
        assertEquals(0, total());
    }

    @Test
    void entriesWhoseDataOverlapAreRefusedBeforeInflatingAnything() {
        BundleRejectedException e = refused(HostileJars.overlappingEntries(signed, "com/acme/feature/impl/Feature.class"),
                Reason.CORRUPT_JAR);
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        assertEquals(0, total());
    }

    @Test
    void anEntryReplacedByABombIsRefusedByItsDeclarationsBeforeInflating() {
        BundleRejectedException ratio = refused(HostileJars.bombReplacingSignedEntry(signed, VICTIM, 1L << 30), Reason.OVERSIZED);
        assertTrue(ratio.getMessage().contains(VICTIM) && ratio.getMessage().contains("100:1"), ratio.getMessage());
        assertEquals(0, total());
        BundleRejectedException sum = refused(withoutRatio(64 * MIB), HostileJars.bombReplacingSignedEntry(signed, VICTIM, 1L << 30),
                Reason.OVERSIZED);
        assertTrue(sum.getMessage().contains("in all"), sum.getMessage());
        assertEquals(0, total());
    }

    @Test
    void aBombDeclaringTheOriginalSizeStopsOneByteBeyondIt() {
        BundleRejectedException e = refused(HostileJars.bombUnderDeclared(signed, VICTIM, 1L << 30), Reason.CORRUPT_JAR);
        assertTrue(e.getMessage().contains("beyond its declared"), e.getMessage());
        assertEquals(VICTIM_SIZE + 1, inflated.get(VICTIM));
    }

    @Test
    void aBombWithinTheRatioIsInflatedOnlyToItsDeclaredSizeAndRefusedByItsDigest() {
        BundleRejectedException e = refused(HostileJars.bombWithinRatio(signed, VICTIM, 8, 90), Reason.TAMPERED_ENTRY);
        assertTrue(e.getMessage().contains(VICTIM + ": SHA-256 digest differs"), e.getMessage());
        assertEquals(8 * MIB, inflated.get(VICTIM));
        // and with a total limit below it, never inflated at all
        VerifyLimits tight = VerifyLimits.DEFAULTS.withMaxJarBytes(MIB);
        assertEquals(4 * MIB, tight.maxTotalInflatedBytes());
        refused(tight, HostileJars.bombWithinRatio(signed, VICTIM, 8, 90), Reason.OVERSIZED);
        assertEquals(0, total());
    }

    @Test
    void aHugeStoredEntryCostsOneDigestOfItsSize() {
        refused(HostileJars.hugeStoredEntry(signed, VICTIM, 4 << 20), Reason.TAMPERED_ENTRY);
        assertEquals(4 * MIB, inflated.get(VICTIM));
        assertTrue(total() < 5 * MIB, "inflated " + total());
    }

    @Test
    void aJarBeyondTheSizeLimitIsRefusedUnread() {
        byte[] big = HostileJars.hugeStoredEntry(signed, VICTIM, 2 << 20);
        BundleRejectedException e = refused(VerifyLimits.DEFAULTS.withMaxJarBytes(MIB), big, Reason.OVERSIZED);
        assertTrue(e.getMessage().contains("" + big.length), e.getMessage());
        assertEquals(0, total());
    }

    @Test
    void aManifestBombIsRefusedBeforeTheManifestIsInflated() {
        refused(HostileJars.manifestBomb(signed, 1L << 30), Reason.OVERSIZED);
        assertEquals(0, total());
        // within the ratio but beyond the manifest limit: refused from its declaration, before inflating it
        BundleRejectedException e = refused(lenient(), HostileJars.manifestBomb(signed, 64 * MIB), Reason.OVERSIZED);
        assertTrue(e.getMessage().contains("manifest"), e.getMessage());
        assertEquals(null, inflated.get("META-INF/MANIFEST.MF"));
        assertEquals(0, content());
    }

    @Test
    void aManifestFloodedWithSectionsIsRefusedBeforeContentAndBeforeParsingIt() {
        BundleRejectedException over = refused(HostileJars.manifestFlood(signed, 30_000), Reason.OVERSIZED);
        assertTrue(over.getMessage().contains("sections"), over.getMessage());
        assertEquals(0, content());
        BundleRejectedException within = refused(HostileJars.manifestFlood(signed, 5_000), Reason.TAMPERED_ENTRY);
        assertTrue(within.getMessage().contains("added after signing"), within.getMessage());
        assertEquals(0, content());
    }

    @Test
    void floodsOfEntriesAreRefusedFromTheCentralDirectoryAlone() {
        refused(HostileJars.manyTinyEntries(signed, 25_000), Reason.OVERSIZED);
        assertEquals(0, total());
        refused(HostileJars.manyTinyEntriesUnsigned(25_000), Reason.OVERSIZED);
        assertEquals(0, total());
        BundleRejectedException unsigned = refused(HostileJars.manyTinyEntries(signed, 19_000), Reason.UNSIGNED_ENTRY);
        assertTrue(unsigned.getMessage().contains("t/0"), unsigned.getMessage());
        assertEquals(0, content());
        refused(HostileJars.manyTinyEntriesUnsigned(19_000), Reason.UNSIGNED_ENTRY);
        assertEquals(0, total());
    }

    @Test
    void copiesOfTheSigningFilesBeyondTheSignerLimitAreRefusedUnread() {
        BundleRejectedException e = refused(HostileJars.manySigners(signed, 1000), Reason.OVERSIZED);
        assertTrue(e.getMessage().contains("signers"), e.getMessage());
        assertEquals(0, total());
        // one copy is just a second, valid signature
        assertEquals("com.acme.feature", gate(VerifyLimits.DEFAULTS).verify("two.jar", HostileJars.manySigners(signed, 1)).symbolicName());
        VerifyLimits oneSigner = new VerifyLimits(16 * MIB, 20_000, 1024, 64 * MIB, 100, 65536, 8 << 20, 8 << 20, 1 << 20, 1);
        assertEquals("com.acme.feature", gate(oneSigner).verify("one.jar", signed).symbolicName());
        refused(oneSigner, HostileJars.manySigners(signed, 1), Reason.OVERSIZED);
        assertEquals(0, total());
        // one .SF with two blocks: the signers of all blocks count together
        byte[] block = JarVariants.entryOf(signed, "META-INF/PUBLISHR.EC");
        byte[] twoBlocks = JarVariants.withChanges(signed, Map.of("META-INF/PUBLISHR.RSA", block));
        assertEquals("com.acme.feature", gate(VerifyLimits.DEFAULTS).verify("two.jar", twoBlocks).symbolicName());
        BundleRejectedException blocks = refused(oneSigner, twoBlocks, Reason.OVERSIZED);
        assertTrue(blocks.getMessage().contains("more than 1 signers"), blocks.getMessage());
        assertEquals(0, content());
    }

    @Test
    void sigFilesAreRefusedAsUnsignedBeforeAnythingIsInflated() {
        BundleRejectedException e = refused(HostileJars.manySigFiles(signed, 5000, 16), Reason.UNSIGNED_ENTRY);
        assertTrue(e.getMessage().contains("META-INF/SIG-0"), e.getMessage());
        assertEquals(0, total());
        refused(JarVariants.withChanges(signed, Map.of("META-INF/SIG-X.ABC", new byte[1])), Reason.UNSIGNED_ENTRY);
    }

    @Test
    void longAndDeepNamesAreRefusedBeforeContent() {
        refused(HostileJars.deepNames(signed, 10, 30_000), Reason.OVERSIZED);
        assertEquals(0, total());
        BundleRejectedException deep = refused(HostileJars.deepNames(signed, 1000, 200), Reason.UNSIGNED_ENTRY);
        assertTrue(deep.getMessage().contains("d/d/d/"), deep.getMessage());
        assertEquals(0, content());
    }

    @Test
    void aCentralDirectoryDisagreeingWithALocalHeaderIsRefusedUnread() {
        BundleRejectedException e = refused(HostileJars.centralLocalMismatch(signed, VICTIM, "evil/Other.class"), Reason.CORRUPT_JAR);
        assertTrue(e.getMessage().contains(VICTIM), e.getMessage());
        assertEquals(0, total());
    }

    @Test
    void anEntryTwiceIsRefusedUnread() {
        refused(HostileJars.duplicateEntry(signed, VICTIM, new byte[] {1}), Reason.CORRUPT_JAR);
        assertEquals(0, total());
    }

    @Test
    void oversizedSigningFilesAreRefusedFromTheirDeclarations() {
        byte[] hugeBlock = replace(signed, "META-INF/PUBLISHR.EC", RawZip.stored("META-INF/PUBLISHR.EC", new byte[2 << 20]));
        BundleRejectedException block = refused(hugeBlock, Reason.OVERSIZED);
        assertTrue(block.getMessage().contains("signature block"), block.getMessage());
        assertEquals(null, inflated.get("META-INF/PUBLISHR.EC"));
        byte[] hugeSf = replace(signed, "META-INF/PUBLISHR.SF", RawZip.stored("META-INF/PUBLISHR.SF", new byte[9 << 20]));
        refused(HostileJars.hugeStoredEntry(hugeSf, VICTIM, 1), Reason.OVERSIZED);
        assertEquals(null, inflated.get("META-INF/PUBLISHR.SF"));
        assertEquals(0, content());
    }

    @Test
    void compressibleEntriesPassUpToTheRatioOrTheGraceSize() {
        byte[] zeros = TestJars.bundle("com.acme.zeros", "1.0.0").entry("small.bin", new byte[64 * 1024]).signedBy(publisher);
        assertEquals("com.acme.zeros", gate(VerifyLimits.DEFAULTS).verify("zeros.jar", zeros).symbolicName());
        byte[] big = TestJars.bundle("com.acme.zeros", "1.0.0").entry("big.bin", new byte[4 << 20]).signedBy(publisher);
        BundleRejectedException e = refused(big, Reason.OVERSIZED);
        assertTrue(e.getMessage().contains("big.bin"), e.getMessage());
        assertEquals("com.acme.zeros", gate(lenient()).verify("zeros.jar", big).symbolicName());
    }

    private static byte[] replace(byte[] jar, String name, RawZip.Entry by) {
        RawZip zip = new RawZip();
        boolean found = false;
        for (RawZip.Entry e : RawZip.entriesOf(jar)) {
            found |= e.name().equals(name);
            zip.add(e.name().equals(name) ? by : e);
        }
        assertTrue(found, "no " + name);
        return zip.build();
    }
}
