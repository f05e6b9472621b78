package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.JarVariants;
import io.patchbay.testsupport.RawZip;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which entries play which part, by name: files under META-INF that only look like signing files are content and
 * must be signed, real signing-related files other than a signer's .SF and blocks are refused, directories are
 * neither; and what several trusted signers cover together.
 */
class JarLayoutTest {
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    static TestPki.Identity publisher;
    static TestPki.Identity colleague;

    final Map<String, Long> inflated = new LinkedHashMap<>();

    @BeforeAll
    static void keys() {
        publisher = TestPki.selfSigned("CN=Publisher", NOW.minusSeconds(86_400), NOW.plusSeconds(86_400));
        colleague = TestPki.selfSigned("CN=Colleague", NOW.minusSeconds(86_400), NOW.plusSeconds(86_400));
    }

    private PublisherGate gate() {
        return new PublisherGate(new SignerTrust(List.of(publisher.certificate(), colleague.certificate()),
                Clock.fixed(NOW, ZoneOffset.UTC)), VerifyLimits.DEFAULTS, (entry, bytes) -> inflated.merge(entry, bytes, Long::sum));
    }

    private static TestJars.Builder bundle() {
        return TestJars.bundle("com.acme.layout", "1.0.0").entry("com/acme/layout/A.class", "a");
    }

    private void accepted(byte[] jar) {
        assertEquals("com.acme.layout", gate().verify("layout.jar", jar).symbolicName());
    }

    private BundleRejectedException refused(byte[] jar, Reason reason) {
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate().verify("layout.jar", jar));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    @Test
    void filesDeeperInMetaInfAreContentAndMustBeSigned() {
        byte[] jar = bundle().entry("META-INF/sub/X.SF", "not a signature file").entry("META-INF/sub/X.RSA", "nor a block")
                .entry("META-INF/sub/SIG-X", "nor this").entry("META-INF/maven/pom.xml", "<project/>").signedBy(publisher);
        accepted(jar);
        assertEquals(20, inflated.get("META-INF/sub/X.SF"));
        refused(JarVariants.withChanges(jar, Map.of("META-INF/sub/X.SF", "changed".getBytes(StandardCharsets.UTF_8))),
                Reason.TAMPERED_ENTRY);
    }

    @Test
    void sigFilesAreSigningRelatedOnlyWithNoOrAShortAlphanumericExtension() {
        for (String signing : List.of("META-INF/SIG-X", "META-INF/SIG-X.A", "META-INF/SIG-X.AZ0", "META-INF/SIG-X.Z9",
                "META-INF/sig-x.ab", "META-INF/SIG-X.0")) {
            BundleRejectedException e = refused(bundle().entry(signing, "x").signedBy(publisher), Reason.UNSIGNED_ENTRY);
            assertTrue(e.getMessage().contains("entry " + signing + " is not signed (META-INF may hold signing files, but no SIG-*"),
                    e.getMessage());
        }
        // otherwise they are content, and jarsigner signs them like any other
        for (String content : List.of("META-INF/SIG-X.ABCD", "META-INF/SIG-X.", "META-INF/SIG-X.A@", "META-INF/SIG-X.[",
                "META-INF/SIG-X.:", "META-INF/SIG-X.A_B", "META-INF/SIGX.A", "META-INF/XSIG-A")) {
            accepted(bundle().entry(content, "x").signedBy(publisher));
        }
    }

    @Test
    void directoriesNeedNoSignatureButMustBeSoundZipData() {
        byte[] jar = bundle().entry("com/", new byte[0]).entry("com/acme/", new byte[0]).signedBy(publisher);
        accepted(jar);
        assertEquals(0L, inflated.get("com/acme/"));
        List<RawZip.Entry> entries = new ArrayList<>(RawZip.entriesOf(jar));
        entries.add(RawZip.raw("broken/", RawZip.DEFLATED, new byte[] {(byte) 0xFF, 0x01}, 0, 0));
        BundleRejectedException e = refused(new RawZip().addAll(entries).build(), Reason.CORRUPT_JAR);
        assertTrue(e.getMessage().contains("broken/"), e.getMessage());
    }

    @Test
    void aManifestSectionWithoutDigestNeedsNoEntry() throws Exception {
        String manifest = "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: com.acme.layout\r\n"
                + "Bundle-Version: 1.0.0\r\n\r\nName: com/acme/layout/\r\nSealed: true\r\n\r\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry("META-INF/MANIFEST.MF"));
            jar.write(manifest.getBytes(StandardCharsets.UTF_8));
            jar.putNextEntry(new JarEntry("com/acme/layout/A.class"));
            jar.write(new byte[] {1});
        }
        accepted(TestJars.sign(bytes.toByteArray(), publisher));
    }

    @Test
    void twoTrustedSignersCoverTogetherWhatEachSigned() {
        byte[] first = bundle().signedBy(publisher);
        // an entry added and the jar signed again by a colleague: the first .SF covers only the old entries now
        byte[] grown = TestJars.sign(JarVariants.withChanges(first, Map.of("com/acme/layout/B.class", new byte[] {2})),
                colleague, "COLLEAGU");
        accepted(grown);
        // whichever signer comes first in the jar
        accepted(ordered(grown, "META-INF/MANIFEST.MF", "META-INF/PUBLISHR", "META-INF/COLLEAGU"));
        accepted(ordered(grown, "META-INF/MANIFEST.MF", "META-INF/COLLEAGU", "META-INF/PUBLISHR"));
    }

    /** The jar's entries, those starting with each prefix in turn first, then the rest. */
    private static byte[] ordered(byte[] jar, String... prefixes) {
        List<RawZip.Entry> rest = new ArrayList<>(RawZip.entriesOf(jar));
        RawZip zip = new RawZip();
        for (String prefix : prefixes) {
            for (RawZip.Entry e : List.copyOf(rest)) {
                if (e.name().startsWith(prefix)) {
                    zip.add(e);
                    rest.remove(e);
                }
            }
        }
        return zip.addAll(rest).build();
    }
}
