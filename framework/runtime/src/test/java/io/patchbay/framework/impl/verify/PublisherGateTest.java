package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.impl.store.Sha256;
import io.patchbay.testsupport.JarVariants;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PublisherGateTest {
    static final Instant FROM = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2031-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");

    static TestPki.Identity publisher;
    static TestPki.Identity stranger;
    static TestPki.Identity ca;
    static TestPki.Identity caIssued;

    @TempDir
    Path temp;

    @BeforeAll
    static void keys() {
        publisher = TestPki.selfSigned("CN=Trusted Publisher,O=Patchbay Test", FROM, TO);
        stranger = TestPki.selfSigned("CN=Stranger", FROM, TO);
        ca = TestPki.certificateAuthority("CN=Publisher CA", FROM, TO);
        caIssued = TestPki.issuedBy(ca, "CN=Release Engineer", FROM, TO);
    }

    private PublisherGate gate(Instant now) {
        return new PublisherGate(temp, new SignerTrust(List.of(publisher.certificate(), ca.certificate()),
                Clock.fixed(now, ZoneOffset.UTC)));
    }

    private static TestJars.Builder bundle() {
        return TestJars.bundle("com.acme.feature", "1.2.3")
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"")
                .header("Export-Package", "com.acme.feature.api;version=1.2.3;uses:=\"org.osgi.framework\"")
                .entry("com/acme/feature/api/Feature.class", "not really a class")
                .entry("com/acme/feature/impl/res.txt", "resource");
    }

    private static Reason reasonOf(Executable executable) {
        return assertThrows(BundleRejectedException.class, executable).reason();
    }

    @Test
    void acceptsACompletelySignedSaneBundle() {
        byte[] jar = bundle().signedBy(publisher);
        VerifiedBundle verified = gate(NOW).verify("feature.jar", jar);
        assertEquals("com.acme.feature", verified.symbolicName());
        assertEquals("1.2.3", verified.version().toString());
        assertEquals(Sha256.hex(jar), verified.sha256());
    }

    @Test
    void acceptsASignerThatChainsToATrustedAuthority() {
        assertEquals("com.acme.feature", gate(NOW).verify("feature.jar", bundle().signedBy(caIssued)).symbolicName());
    }

    @Test
    void refusesAnUnsignedJar() {
        BundleRejectedException e = assertThrows(BundleRejectedException.class,
                () -> gate(NOW).verify("feature.jar", bundle().build()));
        assertEquals(Reason.UNSIGNED_ENTRY, e.reason());
        assertEquals("feature.jar", e.bundle());
        assertTrue(e.getMessage().contains("no signature"), e.getMessage());
    }

    @Test
    void refusesAJarWithNothingSignedButAManifest() {
        BundleRejectedException unsigned = assertThrows(BundleRejectedException.class,
                () -> gate(NOW).verify("empty.jar", TestJars.bundle("com.acme.empty", "1.0.0").build()));
        assertEquals(Reason.UNSIGNED_ENTRY, unsigned.reason());
        assertTrue(unsigned.getMessage().contains("no signed content"), unsigned.getMessage());
        assertEquals(Reason.UNSIGNED_ENTRY, reasonOf(() -> gate(NOW).verify("empty.jar",
                TestJars.bundle("com.acme.empty", "1.0.0").signedBy(publisher))));
    }

    @Test
    void refusesChangedManifestHeadersAfterSigning() {
        byte[] signed = bundle().signedBy(publisher);
        byte[] manifest = JarVariants.entryOf(signed, "META-INF/MANIFEST.MF");
        String changed = new String(manifest, StandardCharsets.UTF_8).replace("Bundle-Version: 1.2.3", "Bundle-Version: 9.2.3");
        byte[] jar = JarVariants.withChanges(signed, Map.of("META-INF/MANIFEST.MF", changed.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.TAMPERED_ENTRY, reasonOf(() -> gate(NOW).verify("feature.jar", jar)));
    }

    @Test
    void refusesAnEntryAddedAfterSigning() {
        byte[] jar = JarVariants.withChanges(bundle().signedBy(publisher),
                Map.of("com/acme/feature/impl/Backdoor.class", "evil".getBytes(StandardCharsets.UTF_8)));
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate(NOW).verify("feature.jar", jar));
        assertEquals(Reason.UNSIGNED_ENTRY, e.reason());
        assertTrue(e.getMessage().contains("com/acme/feature/impl/Backdoor.class"), e.getMessage());
    }

    @Test
    void refusesAnEntryAddedToMetaInfAfterSigning() {
        byte[] jar = JarVariants.withChanges(bundle().signedBy(publisher),
                Map.of("META-INF/services/java.sql.Driver", "evil.Driver".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.UNSIGNED_ENTRY, reasonOf(() -> gate(NOW).verify("feature.jar", jar)));
    }

    @Test
    void refusesATamperedEntry() {
        byte[] jar = JarVariants.withChanges(bundle().signedBy(publisher),
                Map.of("com/acme/feature/impl/res.txt", "changed".getBytes(StandardCharsets.UTF_8)));
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate(NOW).verify("feature.jar", jar));
        assertEquals(Reason.TAMPERED_ENTRY, e.reason());
        assertTrue(e.getMessage().contains("com/acme/feature/impl/res.txt"), e.getMessage());
    }

    @Test
    void refusesAnEntryRemovedAfterSigning() {
        Map<String, byte[]> removal = new HashMap<>();
        removal.put("com/acme/feature/impl/res.txt", null);
        byte[] jar = JarVariants.withChanges(bundle().signedBy(publisher), removal);
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate(NOW).verify("feature.jar", jar));
        assertEquals(Reason.TAMPERED_ENTRY, e.reason());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void refusesAnUnknownSignerNamingIt() {
        BundleRejectedException e = assertThrows(BundleRejectedException.class,
                () -> gate(NOW).verify("feature.jar", bundle().signedBy(stranger)));
        assertEquals(Reason.UNKNOWN_SIGNER, e.reason());
        assertTrue(e.getMessage().contains("CN=Stranger"), e.getMessage());
    }

    @Test
    void refusesALeafIssuedByAnUntrustedAuthority() {
        TestPki.Identity otherCa = TestPki.certificateAuthority("CN=Publisher CA", FROM, TO);
        TestPki.Identity impostor = TestPki.issuedBy(otherCa, "CN=Release Engineer", FROM, TO);
        assertEquals(Reason.UNKNOWN_SIGNER, reasonOf(() -> gate(NOW).verify("feature.jar", bundle().signedBy(impostor))));
    }

    @Test
    void refusesAnExpiredCertificateWithItsDates() {
        BundleRejectedException e = assertThrows(BundleRejectedException.class,
                () -> gate(Instant.parse("2031-02-01T00:00:00Z")).verify("feature.jar", bundle().signedBy(publisher)));
        assertEquals(Reason.EXPIRED_CERTIFICATE, e.reason());
        assertTrue(e.getMessage().contains("2031-01-01T00:00:00Z") && e.getMessage().contains("Trusted Publisher"), e.getMessage());
    }

    @Test
    void refusesACertificateNotYetValid() {
        assertEquals(Reason.NOT_YET_VALID_CERTIFICATE,
                reasonOf(() -> gate(Instant.parse("2029-12-31T00:00:00Z")).verify("feature.jar", bundle().signedBy(publisher))));
    }

    @Test
    void refusesAChainWhoseAuthorityExpired() {
        TestPki.Identity shortCa = TestPki.certificateAuthority("CN=Short CA", FROM, NOW.minusSeconds(60));
        TestPki.Identity leaf = TestPki.issuedBy(shortCa, "CN=Leaf", FROM, TO);
        PublisherGate gate = new PublisherGate(temp, new SignerTrust(List.of(shortCa.certificate()), Clock.fixed(NOW, ZoneOffset.UTC)));
        assertEquals(Reason.EXPIRED_CERTIFICATE, reasonOf(() -> gate.verify("feature.jar", bundle().signedBy(leaf))));
    }

    @Test
    void refusesCorruptJars() {
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        assertEquals(Reason.CORRUPT_JAR, reasonOf(() -> gate(NOW).verify("random.jar", random)));
        byte[] signed = bundle().signedBy(publisher);
        byte[] truncated = Arrays.copyOf(signed, signed.length / 2);
        assertEquals(Reason.CORRUPT_JAR, reasonOf(() -> gate(NOW).verify("truncated.jar", truncated)));
    }

    @Test
    void refusesBadHeaders() {
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("a.jar",
                bundle().header("Bundle-SymbolicName", null).signedBy(publisher))));
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("b.jar",
                bundle().header("Bundle-ManifestVersion", "1").signedBy(publisher))));
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("c.jar",
                bundle().header("Bundle-Version", "1.x.0").signedBy(publisher))));
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("d.jar",
                bundle().header("Import-Package", "org.osgi.framework;version=\"[1.8,2)").signedBy(publisher))));
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("e.jar",
                bundle().header("Import-Package", "org.osgi.framework;version=\"[2,1\"").signedBy(publisher))));
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("f.jar",
                bundle().header("Export-Package", "com.acme.feature.api;version=one").signedBy(publisher))));
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("g.jar",
                bundle().header("Export-Package", "com.acme.1feature").signedBy(publisher))));
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate(NOW).verify("h.jar",
                bundle().header("Bundle-SymbolicName", "com acme").signedBy(publisher)));
        assertTrue(e.getMessage().contains("com acme"), e.getMessage());
    }

    @Test
    void refusesAnUnintendedDowngradeUnlessAllowed() {
        PatchLevel committed = new PatchLevel(4, List.of(new PatchLevel.BundleRecord("com.acme.feature", "2.0.0",
                Sha256.hex(new byte[0]))), NOW);
        Patch patch = new Patch("p", List.of(new Patch.Artifact("feature.jar", bundle().signedBy(publisher), null)), false);
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate(NOW).verify(patch, committed));
        assertEquals(Reason.UNINTENDED_DOWNGRADE, e.reason());
        assertTrue(e.getMessage().contains("1.2.3") && e.getMessage().contains("2.0.0"), e.getMessage());
        assertEquals(1, gate(NOW).verify(patch.withDowngradeAllowed(), committed).size());
        PatchLevel same = new PatchLevel(4, List.of(new PatchLevel.BundleRecord("com.acme.feature", "1.2.3",
                Sha256.hex(new byte[0]))), NOW);
        assertEquals(1, gate(NOW).verify(patch, same).size(), "the same version again is no downgrade");
    }

    @Test
    void aVerifiedBundleRecordsWhatTheLevelKeeps() {
        byte[] jar = bundle().signedBy(publisher);
        PatchLevel.BundleRecord record = gate(NOW).verify("feature.jar", jar).record();
        assertEquals(new PatchLevel.BundleRecord("com.acme.feature", "1.2.3", Sha256.hex(jar)), record);
    }

    @Test
    void checksDynamicImportsWithTheirWildcards() {
        assertEquals("com.acme.feature", gate(NOW).verify("dyn.jar",
                bundle().header("DynamicImport-Package", "*,com.acme.plugins.*,org.example;version=\"[1,2)\"").signedBy(publisher))
                .symbolicName());
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate(NOW).verify("dyn.jar",
                bundle().header("DynamicImport-Package", "com..acme.*").signedBy(publisher)));
        assertEquals(Reason.INVALID_HEADERS, e.reason());
        assertTrue(e.getMessage().contains("DynamicImport-Package: 'com..acme.*' is not a package name"), e.getMessage());
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("dyn.jar",
                bundle().header("DynamicImport-Package", "com.acme.*.x").signedBy(publisher))));
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("dyn.jar",
                bundle().header("Import-Package", "*").signedBy(publisher))));
        assertEquals(Reason.INVALID_HEADERS, reasonOf(() -> gate(NOW).verify("dyn.jar",
                bundle().header("Export-Package", "com.ac-me").signedBy(publisher))));
        BundleRejectedException quoted = assertThrows(BundleRejectedException.class, () -> gate(NOW).verify("q.jar",
                bundle().header("Import-Package", "\"a=b\"").signedBy(publisher)));
        assertTrue(quoted.getMessage().contains("'\"a=b\"' is not a package name"), quoted.getMessage());
    }

    @Test
    void refusesAReplacesMismatchAndDuplicates() {
        byte[] jar = bundle().signedBy(publisher);
        Patch mismatch = new Patch("p", List.of(new Patch.Artifact("feature.jar", jar, "com.acme.other")), false);
        assertEquals(Reason.REPLACES_MISMATCH, reasonOf(() -> gate(NOW).verify(mismatch, PatchLevel0.EMPTY)));
        Patch matching = new Patch("p", List.of(new Patch.Artifact("feature.jar", jar, "com.acme.feature")), false);
        assertEquals(1, gate(NOW).verify(matching, PatchLevel0.EMPTY).size());
        byte[] other = TestJars.bundle("com.acme.feature", "1.2.4").entry("r.txt", "r").signedBy(publisher);
        Patch duplicate = new Patch("p", List.of(new Patch.Artifact("a.jar", jar, null),
                new Patch.Artifact("b.jar", other, null)), false);
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate(NOW).verify(duplicate, PatchLevel0.EMPTY));
        assertEquals(Reason.DUPLICATE_IN_PATCH, e.reason());
        assertEquals("b.jar", e.bundle());
    }

    @Test
    void leavesNoTemporaryFiles() throws Exception {
        gate(NOW).verify("feature.jar", bundle().signedBy(publisher));
        assertThrows(BundleRejectedException.class, () -> gate(NOW).verify("feature.jar", bundle().build()));
        try (var files = Files.list(temp)) {
            assertEquals(0, files.count());
        }
    }

    /** The level before any commit. */
    static final class PatchLevel0 {
        static final PatchLevel EMPTY = new PatchLevel(0, List.of(), null);
    }
}
