package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.JarVariants;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing files themselves, forged with the publisher's own key where that is the point: .SF files that vouch
 * for too little or for a manifest that changed, and signature blocks that are malformed, carry their own content,
 * lack their signer's certificate, carry too many, or use algorithms the JDK disables for jars.
 */
class SigningFilesTest {
    static final Instant FROM = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2031-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    static final String SF = "META-INF/PUBLISHR.SF";
    static final String BLOCK = "META-INF/PUBLISHR.EC";
    static final String MANIFEST = "META-INF/MANIFEST.MF";

    static TestPki.Identity publisher;
    static byte[] signed;

    @TempDir
    Path temp;

    @BeforeAll
    static void jar() {
        publisher = TestPki.selfSigned("CN=Publisher", FROM, TO);
        signed = TestJars.bundle("com.acme.sf", "1.0.0").entry("com/acme/sf/A.class", "a").entry("com/acme/sf/B.txt", "b")
                .signedBy(publisher);
    }

    private static PublisherGate gate(List<X509Certificate> trusted, int maxSigners) {
        return new PublisherGate(new SignerTrust(trusted, Clock.fixed(NOW, ZoneOffset.UTC)),
                new VerifyLimits(16 << 20, 20_000, 1024, 64 << 20, 100, 65536, 8 << 20, 8 << 20, 1 << 20, maxSigners));
    }

    private static BundleRejectedException refused(byte[] jar, Reason reason, String detail) {
        return refused(gate(List.of(publisher.certificate()), 4), jar, reason, detail);
    }

    private static BundleRejectedException refused(PublisherGate gate, byte[] jar, Reason reason, String detail) {
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> gate.verify("sf.jar", jar));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        return e;
    }

    private static void accepted(byte[] jar) {
        assertEquals("com.acme.sf", gate(List.of(publisher.certificate()), 4).verify("sf.jar", jar).symbolicName());
    }

    private static String text(String entry) {
        return new String(JarVariants.entryOf(signed, entry), StandardCharsets.UTF_8);
    }

    /** A detached CMS signature of {@code content}, with signed attributes, by {@code signer}, carrying {@code certs}. */
    static byte[] cms(byte[] content, TestPki.Identity signer, List<X509Certificate> certs, boolean encapsulate) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            String algorithm = signer.key().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(algorithm).build(signer.key()), signer.certificate()));
            generator.addCertificates(new JcaCertStore(certs));
            return generator.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar with its .SF replaced by {@code sf}, signed again by the publisher, and other entries changed. */
    static byte[] withSf(String sf, Map<String, byte[]> more) {
        Map<String, byte[]> changes = new HashMap<>(more);
        byte[] bytes = sf.getBytes(StandardCharsets.UTF_8);
        changes.put(SF, bytes);
        changes.put(BLOCK, cms(bytes, publisher, publisher.chain(), false));
        return JarVariants.withChanges(signed, changes);
    }

    /** The .SF with its whole-manifest digest line removed. */
    static String withoutWholeDigest(String sf) {
        return sf.replaceAll("SHA-256-Digest-Manifest: [^\\r\\n]*\\r\\n", "");
    }

    @Test
    void aBlockMadeAgainOverTheSameSignatureFileIsAccepted() {
        accepted(withSf(text(SF), Map.of()));
        accepted(withSf(withoutWholeDigest(text(SF)), Map.of()));
    }

    @Test
    void aSignatureFileOfAnotherVersionOrWithOnlyWeakDigestsVouchesForNothing() {
        refused(withSf(text(SF).replace("Signature-Version: 1.0", "X-Version: 1.0"), Map.of()), Reason.UNSIGNED_ENTRY, "not signed");
        refused(withSf(text(SF).replace("Signature-Version: 1.0", "Signature-Version: 2.0"), Map.of()), Reason.UNSIGNED_ENTRY,
                "not signed");
        refused(withSf(text(SF).replace("SHA-256-Digest", "SHA1-Digest"), Map.of()), Reason.UNSIGNED_ENTRY, "not signed");
    }

    @Test
    void aManifestChangedAfterSigningIsRefusedUnlessEverySectionIsVouchedFor() {
        String manifest = text(MANIFEST);
        byte[] appended = (manifest + "Name: com/acme/sf/\r\nSealed: true\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        // the whole-manifest digest fails, the main attributes and listed sections still match
        refused(withSf(text(SF), Map.of(MANIFEST, appended)), Reason.TAMPERED_ENTRY, "com/acme/sf/ is vouched for by no");
        // without a main-attributes digest nothing vouches for the headers of a changed manifest
        refused(withSf(text(SF).replaceAll("SHA-256-Digest-Manifest-Main-Attributes: [^\\r\\n]*\\r\\n( [^\\r\\n]*\\r\\n)?", ""),
                Map.of(MANIFEST, appended)), Reason.TAMPERED_ENTRY, "no digest of its main attributes");
        // with no usable digest of the manifest at all the .SF vouches for nothing
        String noManifestDigests = withoutWholeDigest(text(SF))
                .replaceAll("SHA-256-Digest-Manifest-Main-Attributes: [^\\r\\n]*\\r\\n( [^\\r\\n]*\\r\\n)?", "");
        refused(withSf(noManifestDigests, Map.of()), Reason.UNSIGNED_ENTRY, "not signed");
    }

    @Test
    void aSignatureFileWithMoreSectionsThanTheJarMayHoldEntriesIsRefusedBeforeItIsParsed() {
        StringBuilder sf = new StringBuilder(text(SF));
        for (int i = 0; i < 10; i++) {
            sf.append("Name: ghost/").append(i).append("\r\nSHA-256-Digest: AAAA\r\n\r\n");
        }
        PublisherGate fewEntries = new PublisherGate(new SignerTrust(List.of(publisher.certificate()),
                Clock.fixed(NOW, ZoneOffset.UTC)), new VerifyLimits(16 << 20, 8, 1024, 64 << 20, 100, 65536, 8 << 20,
                8 << 20, 1 << 20, 4));
        refused(fewEntries, withSf(sf.toString(), Map.of()), Reason.OVERSIZED, "META-INF/PUBLISHR.SF has more than 8 sections");
        assertEquals("com.acme.sf", fewEntries.verify("sf.jar", signed).symbolicName());
    }

    @Test
    void verifiersAreReusedForABoundedNumberOfKeys() {
        SignatureBlock.forgetVerifiers();
        for (int i = 0; i < SignatureBlock.REUSED_VERIFIERS + 4; i++) {
            TestPki.Identity signer = TestPki.selfSigned("CN=Signer " + i, FROM, TO);
            byte[] jar = TestJars.sign(JarVariants.unsigned(signed), signer);
            PublisherGate gate = gate(List.of(signer.certificate()), 4);
            assertEquals("com.acme.sf", gate.verify("sf.jar", jar).symbolicName());
            assertEquals("com.acme.sf", gate.verify("sf.jar", jar).symbolicName());
            assertEquals(Math.min(i + 1, SignatureBlock.REUSED_VERIFIERS), SignatureBlock.reusedVerifiers());
        }
    }

    @Test
    void sectionDigestsMustMatchAndNameManifestSections() {
        String perSection = withoutWholeDigest(text(SF));
        int at = perSection.indexOf("Name: com/acme/sf/B.txt");
        String wrongDigest = perSection.substring(0, at) + perSection.substring(at).replaceFirst("SHA-256-Digest: .", "SHA-256-Digest: A");
        refused(withSf(wrongDigest, Map.of()), Reason.TAMPERED_ENTRY, "manifest section of com/acme/sf/B.txt");
        refused(withSf(perSection + "Name: com/acme/sf/Ghost.class\r\nSHA-256-Digest: AAAA\r\n\r\n", Map.of()),
                Reason.TAMPERED_ENTRY, "Ghost.class, which has no section in the manifest");
        String wrongMain = perSection.replaceFirst("SHA-256-Digest-Manifest-Main-Attributes: .", "SHA-256-Digest-Manifest-Main-Attributes: A");
        refused(withSf(wrongMain, Map.of()), Reason.TAMPERED_ENTRY, "main attributes");
        // a section listed without any digest vouches for nothing
        String noDigest = perSection.substring(0, at) + perSection.substring(at).replaceFirst("SHA-256-Digest: [^\\r\\n]*\\r\\n", "");
        refused(withSf(noDigest, Map.of()), Reason.UNSIGNED_ENTRY, "com/acme/sf/B.txt is not signed");
    }

    @Test
    void aSignatureFileListingOnlySomeEntriesLeavesTheOthersUnsigned() {
        String sf = text(SF);
        int at = sf.indexOf("Name: com/acme/sf/B.txt");
        int end = sf.indexOf("\r\n\r\n", at) + 4;
        refused(withSf(sf.substring(0, at) + sf.substring(end), Map.of()), Reason.UNSIGNED_ENTRY, "com/acme/sf/B.txt is not signed");
    }

    @Test
    void namesInTheSignatureFileMayStartWithDotSlashOrSlashAsTheJdkAllows() {
        accepted(withSf(text(SF).replace("Name: com/acme/sf/A.class", "Name: ./com/acme/sf/A.class")
                .replace("Name: com/acme/sf/B.txt", "Name: /com/acme/sf/B.txt"), Map.of()));
    }

    @Test
    void aManifestNamingAnEntryTwiceIsRefused() {
        String manifest = text(MANIFEST);
        int at = manifest.indexOf("Name: com/acme/sf/A.class");
        int end = manifest.indexOf("\r\n\r\n", at) + 4;
        byte[] twice = (manifest + manifest.substring(at, end)).getBytes(StandardCharsets.UTF_8);
        refused(withSf(text(SF), Map.of(MANIFEST, twice)), Reason.INVALID_HEADERS, "two sections");
    }

    @Test
    void malformedBlocksCountAsNoSignature() {
        refused(JarVariants.withChanges(signed, Map.of(BLOCK, new byte[] {0x30, 0x03, 1, 2, 3})), Reason.UNSIGNED_ENTRY, "cannot be read");
        byte[] sf = JarVariants.entryOf(signed, SF);
        refused(JarVariants.withChanges(signed, Map.of(BLOCK, cms(sf, publisher, publisher.chain(), true))),
                Reason.UNSIGNED_ENTRY, "carries its own content");
        refused(JarVariants.withChanges(signed, Map.of(BLOCK, cms(sf, publisher, List.of(), false))),
                Reason.UNSIGNED_ENTRY, "lacks its signer's certificate");
        refused(JarVariants.withChanges(signed, Map.of(BLOCK, certificatesOnly())), Reason.UNSIGNED_ENTRY, "has no signer");
    }

    @Test
    void blocksWithTooManyCertificatesOrSignersAreOversized() throws Exception {
        byte[] sf = JarVariants.entryOf(signed, SF);
        List<X509Certificate> many = new ArrayList<>(publisher.chain());
        for (int i = 0; i < SignatureBlock.MAX_CERTIFICATES; i++) {
            many.add(TestPki.selfSigned("CN=Filler " + i, FROM, TO).certificate());
        }
        refused(JarVariants.withChanges(signed, Map.of(BLOCK, cms(sf, publisher, many, false))), Reason.OVERSIZED, "certificates");
        accepted(JarVariants.withChanges(signed, Map.of(BLOCK, cms(sf, publisher, many.subList(0, SignatureBlock.MAX_CERTIFICATES),
                false))));
        CMSSignedDataGenerator two = new CMSSignedDataGenerator();
        for (int i = 0; i < 2; i++) {
            two.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(publisher.key()), publisher.certificate()));
        }
        two.addCertificates(new JcaCertStore(publisher.chain()));
        byte[] twoSigners = JarVariants.withChanges(signed, Map.of(BLOCK,
                two.generate(new CMSProcessableByteArray(sf), false).getEncoded()));
        accepted(twoSigners);
        assertEquals("com.acme.sf", gate(List.of(publisher.certificate()), 2).verify("sf.jar", twoSigners).symbolicName());
        refused(gate(List.of(publisher.certificate()), 1), twoSigners, Reason.OVERSIZED, "signers");
    }

    @Test
    void aSignatureValueChangedIsTampering() {
        byte[] block = JarVariants.entryOf(signed, BLOCK);
        byte[] flipped = block.clone();
        flipped[flipped.length - 1] ^= 0x01; // the last byte of the signature value, which ends the block
        refused(JarVariants.withChanges(signed, Map.of(BLOCK, flipped)), Reason.TAMPERED_ENTRY, "does not verify over");
    }

    @Test
    void anUndecodableDigestValueIsAMismatch() {
        String perSection = withoutWholeDigest(text(SF));
        int at = perSection.indexOf("Name: com/acme/sf/B.txt");
        String undecodable = perSection.substring(0, at)
                + perSection.substring(at).replaceFirst("SHA-256-Digest: [^\\r\\n]*", "SHA-256-Digest: A===");
        refused(withSf(undecodable, Map.of()), Reason.TAMPERED_ENTRY, "manifest section of com/acme/sf/B.txt");
    }

    @Test
    void anEntryTheSignatureFileListsButTheManifestHasNoDigestForIsUnsigned() throws Exception {
        // a whole-manifest .SF vouches for the names it lists; a listed entry whose manifest section is gone has no digest
        String manifest = text(MANIFEST);
        int at = manifest.indexOf("Name: com/acme/sf/B.txt");
        String trimmed = manifest.substring(0, at) + manifest.substring(manifest.indexOf("\r\n\r\n", at) + 4);
        String wholeDigest = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(trimmed.getBytes(StandardCharsets.UTF_8)));
        String sf = text(SF).replaceFirst("SHA-256-Digest-Manifest: [^\\r\\n]*", "SHA-256-Digest-Manifest: " + wholeDigest);
        refused(withSf(sf, Map.of(MANIFEST, trimmed.getBytes(StandardCharsets.UTF_8))), Reason.UNSIGNED_ENTRY,
                "com/acme/sf/B.txt is not signed (no SHA-2 digest");
    }

    @Test
    void disabledAndWeakAlgorithmsCountAsNoSignature() throws Exception {
        TestPki.Identity weakRsa = identity("RSA", 1024, "SHA256withRSA");
        refused(gate(List.of(weakRsa.certificate()), 4), sign(weakRsa, "SHA-256", "SHA256withRSA"), Reason.UNSIGNED_ENTRY,
                "RSA key that is too small");
        TestPki.Identity rsa = identity("RSA", 2048, "SHA256withRSA");
        assertEquals("com.acme.sf", gate(List.of(rsa.certificate()), 4).verify("ok.jar", sign(rsa, "SHA-256", "SHA256withRSA"))
                .symbolicName());
        refused(gate(List.of(rsa.certificate()), 4), sign(rsa, "SHA-256", "SHA1withRSA"), Reason.UNSIGNED_ENTRY,
                "uses a disabled digest algorithm");
        TestPki.Identity dsa = identity("DSA", 2048, "SHA256withDSA");
        assertEquals("com.acme.sf", gate(List.of(dsa.certificate()), 4).verify("ok.jar", sign(dsa, "SHA-256", "SHA256withDSA"))
                .symbolicName());
        TestPki.Identity weakDsa = identity("DSA", 1024, "SHA256withDSA");
        refused(gate(List.of(weakDsa.certificate()), 4), sign(weakDsa, "SHA-256", "SHA256withDSA"), Reason.UNSIGNED_ENTRY,
                "DSA key that is too small");
        TestPki.Identity ed = identity("Ed25519", 0, "Ed25519");
        assertEquals("com.acme.sf", gate(List.of(ed.certificate()), 4).verify("ok.jar", sign(ed, "SHA-512", "Ed25519"))
                .symbolicName());
    }

    @Test
    void aCurveSmallerThan256BitsCountsAsNoSignature() throws Exception {
        // the JDK's own providers know no such curve; a host that installs Bouncy Castle first does
        java.security.Security.insertProviderAt(new org.bouncycastle.jce.provider.BouncyCastleProvider(), 1);
        try {
            TestPki.Identity smallCurve = identity("EC", 224, "SHA256withECDSA");
            byte[] jar = JarVariants.withChanges(signed, Map.of(BLOCK, cms(JarVariants.entryOf(signed, SF), smallCurve,
                    smallCurve.chain(), false)));
            refused(gate(List.of(smallCurve.certificate()), 4), jar, Reason.UNSIGNED_ENTRY, "EC key that is too small");
        } finally {
            java.security.Security.removeProvider("BC");
        }
    }

    private byte[] sign(TestPki.Identity identity, String digest, String algorithm) throws Exception {
        Path file = Files.write(temp.resolve("unsigned.jar"), JarVariants.unsigned(signed));
        JarSigner signer = new JarSigner.Builder(identity.key(), identity.certPath()).digestAlgorithm(digest)
                .signatureAlgorithm(algorithm).signerName("PUBLISHR").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(file.toFile())) {
            signer.sign(in, out);
        }
        return out.toByteArray();
    }

    /** A self-signed identity with a key of another algorithm and size than TestPki's. */
    private static TestPki.Identity identity(String algorithm, int bits, String certificateSignature) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (bits > 0) {
            generator.initialize(bits);
        }
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + algorithm + " " + bits);
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(System.nanoTime()), Date.from(FROM), Date.from(TO), name, pair.getPublic())
                .build(new JcaContentSignerBuilder(certificateSignature).build(pair.getPrivate())));
        return new TestPki.Identity(pair.getPrivate(), List.of(cert));
    }

    /** A SignedData with certificates and no signer, as a .p7b certificate bundle is. */
    private static byte[] certificatesOnly() {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(publisher.chain()));
            return generator.generate(new CMSProcessableByteArray(new byte[0]), false).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theChainOfASignerIsBuiltFromTheBlocksCertificatesByName() throws Exception {
        TestPki.Identity root = TestPki.certificateAuthority("CN=Root", FROM, TO);
        TestPki.Identity inter = TestPki.intermediateBy(root, "CN=Inter", FROM, TO);
        TestPki.Identity leaf = TestPki.issuedBy(inter, "CN=Leaf", FROM, TO);
        TestPki.Identity unrelated = TestPki.selfSigned("CN=Unrelated", FROM, TO);
        List<X509Certificate> shuffled = List.of(root.certificate(), unrelated.certificate(), leaf.certificate(), inter.certificate());
        assertEquals(List.of(leaf.certificate(), inter.certificate(), root.certificate()),
                SignatureBlock.chain(leaf.certificate(), shuffled));
        assertEquals(List.of(unrelated.certificate()), SignatureBlock.chain(unrelated.certificate(), shuffled));
        assertEquals(List.of(leaf.certificate(), inter.certificate()),
                SignatureBlock.chain(leaf.certificate(), List.of(leaf.certificate(), inter.certificate())));
        // a loop of names ends when the certificates are used up
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(leaf.certificate().getEncoded()));
        assertEquals(2, SignatureBlock.chain(leaf.certificate(), List.of(parsed, inter.certificate())).size());
    }
}
