package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.JarVariants;
import io.patchbay.testsupport.RawZip;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate against its reference, the JDK's own JAR verification ({@link JdkJarVerification}, the gate's previous
 * implementation): on valid jars both accept; on forged, damaged and hostile jars the gate never accepts what the
 * JDK refuses, and refuses for the same reason, except where it is deliberately stricter (listed here).
 */
class GateDifferentialTest {
    static final Instant FROM = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2031-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");

    static TestPki.Identity publisher;
    static TestPki.Identity root;
    static TestPki.Identity viaIntermediate;
    static TestPki.Identity stranger;

    @TempDir
    Path temp;

    /** Accepted (null reason) or refused, and why. */
    record Verdict(Reason reason, String detail) {
        boolean accepted() {
            return reason == null;
        }
    }

    @BeforeAll
    static void keys() {
        publisher = TestPki.selfSigned("CN=Publisher", FROM, TO);
        root = TestPki.certificateAuthority("CN=Root", FROM, TO);
        viaIntermediate = TestPki.issuedBy(TestPki.intermediateBy(root, "CN=Intermediate", FROM, TO), "CN=Engineer", FROM, TO);
        stranger = TestPki.selfSigned("CN=Stranger", FROM, TO);
    }

    private SignerTrust trust(Instant now) {
        return new SignerTrust(List.of(publisher.certificate(), root.certificate()), Clock.fixed(now, ZoneOffset.UTC));
    }

    Verdict gate(byte[] jar, Instant now) {
        try {
            new PublisherGate(trust(now), VerifyLimits.DEFAULTS).verify("d.jar", jar);
            return new Verdict(null, null);
        } catch (BundleRejectedException e) {
            return new Verdict(e.reason(), e.getMessage());
        }
    }

    Verdict jdk(byte[] jar, Instant now) {
        try {
            BundleHeaders.check("d.jar", new JdkJarVerification(temp, trust(now)).check("d.jar", jar));
            return new Verdict(null, null);
        } catch (BundleRejectedException e) {
            return new Verdict(e.reason(), e.getMessage());
        }
    }

    /** Both verdicts; the gate never accepts what the JDK refuses. */
    Verdict[] both(byte[] jar, Instant now) {
        Verdict ours = gate(jar, now);
        Verdict reference = jdk(jar, now);
        assertTrue(!ours.accepted() || reference.accepted(), "the gate accepts what the JDK refuses: " + reference.detail());
        return new Verdict[] {ours, reference};
    }

    /** The same verdict from both. */
    void same(byte[] jar, Reason expected) {
        Verdict[] v = both(jar, NOW);
        assertEquals(expected, v[1].reason(), "JDK: " + v[1].detail());
        assertEquals(expected, v[0].reason(), "gate: " + v[0].detail());
    }

    /** Deliberately stricter than the JDK: the JDK accepts, the gate refuses for {@code expected}. */
    void stricter(byte[] jar, Reason expected) {
        Verdict[] v = both(jar, NOW);
        assertNull(v[1].reason(), "JDK: " + v[1].detail());
        assertEquals(expected, v[0].reason(), "gate: " + v[0].detail());
    }

    /** The gate refuses for {@code expected}, whatever the JDK makes of it. */
    void refused(byte[] jar, Reason expected) {
        assertEquals(expected, both(jar, NOW)[0].reason());
    }

    private static TestJars.Builder bundle(Random random, int entries) {
        TestJars.Builder builder = TestJars.bundle("com.acme.d", "1.0.0")
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"");
        for (int i = 0; i < entries; i++) {
            byte[] content = new byte[random.nextInt(3000)];
            random.nextBytes(content);
            String dir = random.nextBoolean() ? "com/acme/d/" : "r\u00e9sum\u00e9/very-long-directory-name-that-makes-manifest-lines-wrap-around/";
            builder.entry(dir + "E" + i + (random.nextBoolean() ? ".class" : " \u4e2d.txt"), content);
        }
        return builder;
    }

    @Test
    void bothAcceptValidJarsOfManyShapes() {
        Random random = new Random(17);
        for (int i = 0; i < 25; i++) {
            byte[] jar = bundle(random, 1 + random.nextInt(30)).signedBy(i % 3 == 0 ? viaIntermediate : publisher);
            same(jar, null);
        }
        same(bundle(random, 3).entry("META-INF/maven/x/pom.xml", "<project/>").entry("empty.txt", new byte[0])
                .signedBy(publisher), null);
    }

    @Test
    void bothAcceptJarsSignedTwiceAndReSigned() {
        byte[] signed = bundle(new Random(1), 5).signedBy(publisher);
        same(TestJars.sign(signed, stranger, "STRANGER"), null);
        same(TestJars.sign(bundle(new Random(1), 5).signedBy(stranger), publisher), null);
        // an entry added, then the jar signed again by the publisher: the new .SF covers all
        byte[] grown = JarVariants.withChanges(signed, Map.of("com/acme/d/Added.class", new byte[] {1, 2}));
        same(TestJars.sign(grown, publisher, "PUBLISHR"), null);
    }

    @Test
    void bothAcceptManifestsInOtherFormatting() throws Exception {
        for (String eol : List.of("\n", "\r\n", "\r")) {
            String manifest = String.join(eol, "Manifest-Version: 1.0", "Bundle-ManifestVersion: 2",
                    "Bundle-SymbolicName: com.acme.fmt", "Bundle-Version: 1.0.0",
                    "Bundle-Description: a long description that certainly needs more than seventy-two bytes on a li",
                    " ne and so continues", "", "Name: com/acme/fmt/A.class", "X-Custom: yes", "", "");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(bytes)) {
                jar.putNextEntry(new JarEntry("META-INF/MANIFEST.MF"));
                jar.write(manifest.getBytes(StandardCharsets.UTF_8));
                jar.putNextEntry(new JarEntry("com/acme/fmt/A.class"));
                jar.write(new byte[] {1, 2, 3});
                jar.putNextEntry(new JarEntry("com/acme/fmt/B.class"));
                jar.write(new byte[] {4});
            }
            same(TestJars.sign(bytes.toByteArray(), publisher), null);
        }
    }

    @Test
    void bothRefuseForgedJarsForTheSameReason() {
        byte[] signed = bundle(new Random(2), 6).entry("com/acme/d/R.txt", "resource").signedBy(publisher);
        same(JarVariants.unsigned(signed), Reason.UNSIGNED_ENTRY);
        same(JarVariants.resigned(signed, stranger), Reason.UNKNOWN_SIGNER);
        same(JarVariants.withChanges(signed, Map.of("com/acme/d/R.txt", "changed".getBytes(StandardCharsets.UTF_8))),
                Reason.TAMPERED_ENTRY);
        same(JarVariants.withChanges(signed, Map.of("com/acme/d/Added.class", new byte[1])), Reason.UNSIGNED_ENTRY);
        same(JarVariants.withChanges(signed, Map.of("META-INF/services/x.Y", new byte[1])), Reason.UNSIGNED_ENTRY);
        Map<String, byte[]> removal = new HashMap<>();
        removal.put("com/acme/d/R.txt", null);
        same(JarVariants.withChanges(signed, removal), Reason.TAMPERED_ENTRY);
        String manifest = new String(JarVariants.entryOf(signed, "META-INF/MANIFEST.MF"), StandardCharsets.UTF_8);
        same(JarVariants.withChanges(signed, Map.of("META-INF/MANIFEST.MF",
                manifest.replace("Bundle-Version: 1.0.0", "Bundle-Version: 9.0.0").getBytes(StandardCharsets.UTF_8))),
                Reason.TAMPERED_ENTRY);
        // an entry and its manifest section changed together: the .SF section digest gives it away
        byte[] changedContent = "changed".getBytes(StandardCharsets.UTF_8);
        String newDigest = java.util.Base64.getEncoder().encodeToString(io.patchbay.framework.impl.store.Sha256.digest(changedContent));
        String oldDigest = java.util.Base64.getEncoder().encodeToString(io.patchbay.framework.impl.store.Sha256.digest(
                "resource".getBytes(StandardCharsets.UTF_8)));
        same(JarVariants.withChanges(signed, Map.of("com/acme/d/R.txt", changedContent, "META-INF/MANIFEST.MF",
                manifest.replace(oldDigest, newDigest).getBytes(StandardCharsets.UTF_8))), Reason.TAMPERED_ENTRY);
        // the .SF changed: its signature no longer verifies
        String sf = new String(JarVariants.entryOf(signed, "META-INF/PUBLISHR.SF"), StandardCharsets.UTF_8);
        same(JarVariants.withChanges(signed, Map.of("META-INF/PUBLISHR.SF", sf.replace("Signature-Version: 1.0",
                "Signature-Version: 1.0\r\nX-Extra: 1").getBytes(StandardCharsets.UTF_8))), Reason.TAMPERED_ENTRY);
        // the signature block of another jar by the same publisher
        byte[] other = bundle(new Random(3), 2).signedBy(publisher);
        same(JarVariants.withChanges(signed, Map.of("META-INF/PUBLISHR.EC", JarVariants.entryOf(other, "META-INF/PUBLISHR.EC"))),
                Reason.TAMPERED_ENTRY);
        same(new RawZip().addAll(RawZip.entriesOf(signed)).add(RawZip.deflated("com/acme/d/R.txt", new byte[1])).build(),
                Reason.CORRUPT_JAR);
        same(TestJars.bundle("com.acme.only", "1.0.0").signedBy(publisher), Reason.UNSIGNED_ENTRY);
    }

    @Test
    void bothRefuseCertificatesOutOfDate() {
        byte[] signed = bundle(new Random(4), 2).signedBy(publisher);
        Verdict[] expired = both(signed, TO.plusSeconds(1));
        assertEquals(Reason.EXPIRED_CERTIFICATE, expired[0].reason());
        assertEquals(Reason.EXPIRED_CERTIFICATE, expired[1].reason());
        Verdict[] early = both(signed, FROM.minusSeconds(1));
        assertEquals(Reason.NOT_YET_VALID_CERTIFICATE, early[0].reason());
        assertEquals(Reason.NOT_YET_VALID_CERTIFICATE, early[1].reason());
    }

    @Test
    void bothTreatDisabledAlgorithmsAsNoSignature() throws Exception {
        byte[] unsigned = bundle(new Random(5), 3).build();
        same(sign(unsigned, "SHA-1", "SHA256withECDSA"), Reason.UNSIGNED_ENTRY);
        same(sign(unsigned, "SHA-256", "SHA1withECDSA"), Reason.UNSIGNED_ENTRY);
        same(sign(unsigned, "SHA-384", "SHA384withECDSA"), null);
    }

    @Test
    void isStricterThanTheJdkWhereUnsignedBytesCouldReachTheBundle() {
        byte[] signed = bundle(new Random(6), 3).signedBy(publisher);
        // files the JDK skips as "signing related", which a bundle can still read as resources
        stricter(JarVariants.withChanges(signed, Map.of("META-INF/SIG-EXTRA", new byte[100])), Reason.UNSIGNED_ENTRY);
        stricter(JarVariants.withChanges(signed, Map.of("META-INF/ORPHAN.SF", new byte[100])), Reason.UNSIGNED_ENTRY);
        stricter(JarVariants.withChanges(signed, Map.of("META-INF/ORPHAN.RSA", new byte[100])), Reason.UNSIGNED_ENTRY);
        // a directory entry with content
        stricter(new RawZip().addAll(RawZip.entriesOf(signed)).add(RawZip.stored("com/acme/d/dir/", new byte[5])).build(),
                Reason.CORRUPT_JAR);
        // a second manifest, in other case, that the container would not read (the JDK's verifier stumbles on it)
        refused(JarVariants.withChanges(signed, Map.of("meta-inf/manifest.mf", new byte[10])), Reason.CORRUPT_JAR);
    }

    @Test
    void neverAcceptsARandomlyDamagedSignedJarTheJdkRefuses() {
        Random random = new Random(99);
        byte[] signed = bundle(random, 8).signedBy(publisher);
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            byte[] damaged = signed.clone();
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(damaged.length);
                damaged[at] ^= (byte) (1 << random.nextInt(8));
            }
            refused += both(damaged, NOW)[0].accepted() ? 0 : 1;
        }
        assertTrue(refused > 100, refused + " of 150 refused");
    }

    @Test
    void neverAcceptsADamagedManifestOrSignatureFileTheJdkRefuses() {
        Random random = new Random(7);
        byte[] signed = bundle(random, 4).signedBy(publisher);
        for (String file : List.of("META-INF/MANIFEST.MF", "META-INF/PUBLISHR.SF")) {
            byte[] original = JarVariants.entryOf(signed, file);
            for (int i = 0; i < 40; i++) {
                byte[] changed = mutateText(original, random);
                both(JarVariants.withChanges(signed, Map.of(file, changed)), NOW);
            }
        }
    }

    /** Line breaks changed, a byte changed, a line duplicated or dropped. */
    private static byte[] mutateText(byte[] text, Random random) {
        String s = new String(text, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(s.split("\r\n", -1)));
        switch (random.nextInt(4)) {
            case 0 -> {
                return s.replace("\r\n", random.nextBoolean() ? "\n" : "\r").getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> lines.add(random.nextInt(lines.size()), lines.get(random.nextInt(lines.size())));
            case 2 -> lines.remove(random.nextInt(lines.size()));
            default -> {
                byte[] copy = text.clone();
                copy[random.nextInt(copy.length)] ^= 0x20;
                return copy;
            }
        }
        return String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] sign(byte[] jar, String digest, String signatureAlgorithm) throws Exception {
        Path file = Files.write(temp.resolve("unsigned.jar"), jar);
        JarSigner signer = new JarSigner.Builder(publisher.key(), publisher.certPath()).digestAlgorithm(digest)
                .signatureAlgorithm(signatureAlgorithm).signerName("PUBLISHR").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(file.toFile())) {
            signer.sign(in, out);
        }
        return out.toByteArray();
    }
}
