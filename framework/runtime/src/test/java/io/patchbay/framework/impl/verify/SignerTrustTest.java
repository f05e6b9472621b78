package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import io.patchbay.testsupport.TestPki.Identity;
import io.patchbay.testsupport.TestPki.Profile;
import java.security.CodeSigner;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chains of several certificates: which a publisher may present, and the ones an attacker builds (a trusted
 * certificate appended to the attacker's own, an authority with the trusted one's name, intermediates that are no
 * CAs, or may not sign certificates, or exceed a path length, or are out of date).
 */
class SignerTrustTest {
    static final Instant FROM = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant TO = Instant.parse("2031-01-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    static Identity root;
    static Identity intermediate;
    static Identity leaf;

    @BeforeAll
    static void pki() {
        root = TestPki.certificateAuthority("CN=Root CA", FROM, TO);
        intermediate = TestPki.intermediateBy(root, "CN=Intermediate CA", FROM, TO);
        leaf = TestPki.issuedBy(intermediate, "CN=Release Engineer", FROM, TO);
    }

    private static SignerTrust trusting(X509Certificate... anchors) {
        return new SignerTrust(List.of(anchors), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Optional<SignerTrust.Refusal> evaluate(SignerTrust trust, X509Certificate... path) {
        return trust.evaluate(List.of(path));
    }

    private static Reason reason(SignerTrust trust, X509Certificate... path) {
        Optional<SignerTrust.Refusal> refusal = evaluate(trust, path);
        assertTrue(refusal.isPresent(), "expected a refusal");
        return refusal.get().reason();
    }

    @Test
    void acceptsLeafIntermediateRootUpToATrustedRoot() {
        SignerTrust trust = trusting(root.certificate());
        assertEquals(3, leaf.chain().size());
        assertEquals(Optional.empty(), trust.evaluate(leaf.chain()));
        // the root need not be presented: the anchor completes the chain
        assertEquals(Optional.empty(), evaluate(trust, leaf.certificate(), intermediate.certificate()));
    }

    @Test
    void acceptsAChainUpToATrustedIntermediate() {
        assertEquals(Optional.empty(), trusting(intermediate.certificate()).evaluate(leaf.chain()));
        assertEquals(Optional.empty(), evaluate(trusting(intermediate.certificate()), leaf.certificate()));
    }

    @Test
    void refusesALeafWithoutItsIntermediateWhenOnlyTheRootIsTrusted() {
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trusting(root.certificate()), leaf.certificate()));
    }

    @Test
    void refusesAnAttackerLeafPresentedWithATrustedCertificateAppended() {
        Identity attacker = TestPki.selfSigned("CN=Release Engineer", FROM, TO);
        SignerTrust trust = trusting(root.certificate());
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trust, attacker.certificate(), root.certificate()));
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trust, attacker.certificate(), intermediate.certificate(), root.certificate()));
        // also when the trusted certificate is the publisher itself, not a CA
        Identity publisher = TestPki.selfSigned("CN=Publisher", FROM, TO);
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trusting(publisher.certificate()), attacker.certificate(), publisher.certificate()));
    }

    @Test
    void refusesAnAttackerLeafNamingTheTrustedIssuer() {
        // issued by an authority of the same name as the trusted root, but another key
        Identity fakeRoot = TestPki.certificateAuthority("CN=Root CA", FROM, TO);
        Identity forged = TestPki.issuedBy(fakeRoot, "CN=Release Engineer", FROM, TO);
        SignerTrust trust = trusting(root.certificate());
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trust, forged.certificate()));
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trust, forged.certificate(), root.certificate()));
        Identity fakeIntermediate = TestPki.intermediateBy(fakeRoot, "CN=Intermediate CA", FROM, TO);
        Identity forgedLeaf = TestPki.issuedBy(fakeIntermediate, "CN=Release Engineer", FROM, TO);
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trust, forgedLeaf.chain().toArray(X509Certificate[]::new)));
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trust, forgedLeaf.certificate(), fakeIntermediate.certificate(), root.certificate()));
    }

    @Test
    void looksNoHigherThanTheFirstTrustedCertificate() {
        // a trusted publisher presented with another trusted certificate after it that did not issue it, and expired
        Identity publisher = TestPki.selfSigned("CN=Publisher", FROM, TO);
        Identity oldCa = TestPki.certificateAuthority("CN=Old CA", FROM, NOW.minusSeconds(60));
        SignerTrust trust = trusting(publisher.certificate(), oldCa.certificate());
        assertEquals(Optional.empty(), evaluate(trust, publisher.certificate(), oldCa.certificate()));
        // a leaf issued by a trusted root, the root presented, and another trusted certificate after it
        Identity direct = TestPki.issuedBy(root, "CN=Direct", FROM, TO);
        assertEquals(Optional.empty(), evaluate(trusting(root.certificate(), oldCa.certificate()), direct.certificate(),
                root.certificate(), oldCa.certificate()));
    }

    @Test
    void refusesAnIntermediateWithoutTheCaFlag() {
        Identity notACa = TestPki.issuedBy(root, "CN=Not A CA", FROM, TO);
        Identity below = TestPki.issuedBy(notACa, "CN=Below", FROM, TO);
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trusting(root.certificate()), below.chain().toArray(X509Certificate[]::new)));
        // a trusted certificate that is no CA may sign jars itself, but not certify others
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trusting(notACa.certificate()), below.certificate()));
        assertEquals(Optional.empty(), evaluate(trusting(notACa.certificate()), notACa.certificate()));
    }

    @Test
    void refusesAnIssuerWhosePathLengthIsExceeded() {
        Identity strictRoot = TestPki.selfSigned("CN=Strict Root", FROM, TO, Profile.caWithPathLength(0));
        Identity inter = TestPki.intermediateBy(strictRoot, "CN=Strict Intermediate", FROM, TO);
        Identity below = TestPki.issuedBy(inter, "CN=Strict Leaf", FROM, TO);
        Identity direct = TestPki.issuedBy(strictRoot, "CN=Direct Leaf", FROM, TO);
        SignerTrust trust = trusting(strictRoot.certificate());
        assertEquals(Optional.empty(), trust.evaluate(direct.chain()), "path length 0 allows a leaf right below");
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trust, below.chain().toArray(X509Certificate[]::new)));
        Identity oneLevelRoot = TestPki.selfSigned("CN=One Level Root", FROM, TO, Profile.caWithPathLength(1));
        Identity oneInter = TestPki.intermediateBy(oneLevelRoot, "CN=One Intermediate", FROM, TO);
        Identity twoInter = TestPki.intermediateBy(oneInter, "CN=Two Intermediate", FROM, TO);
        SignerTrust oneLevel = trusting(oneLevelRoot.certificate());
        assertEquals(Optional.empty(), oneLevel.evaluate(TestPki.issuedBy(oneInter, "CN=L1", FROM, TO).chain()));
        assertEquals(Reason.UNKNOWN_SIGNER, reason(oneLevel,
                TestPki.issuedBy(twoInter, "CN=L2", FROM, TO).chain().toArray(X509Certificate[]::new)));
    }

    @Test
    void refusesAnIssuerThatMayNotSignCertificates() {
        Identity limited = TestPki.selfSigned("CN=Limited CA", FROM, TO, Profile.CA.withKeyUsage(KeyUsage.digitalSignature));
        Identity below = TestPki.issuedBy(limited, "CN=Limited Leaf", FROM, TO);
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trusting(limited.certificate()), below.chain().toArray(X509Certificate[]::new)));
        Identity allowed = TestPki.selfSigned("CN=Signing CA", FROM, TO,
                Profile.CA.withKeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        assertEquals(Optional.empty(), trusting(allowed.certificate())
                .evaluate(TestPki.issuedBy(allowed, "CN=Fine Leaf", FROM, TO).chain()));
    }

    @Test
    void refusesASignerWhoseCertificateMayNotSignCode() {
        Identity encipherOnly = TestPki.issuedBy(root, "CN=Encipher", FROM, TO, Profile.LEAF.withKeyUsage(KeyUsage.keyEncipherment));
        Identity serverOnly = TestPki.issuedBy(root, "CN=Server", FROM, TO, Profile.LEAF.withExtendedKeyUsages(SERVER_AUTH));
        Identity codeSigner = TestPki.issuedBy(root, "CN=Code", FROM, TO,
                Profile.LEAF.withKeyUsage(KeyUsage.digitalSignature).withExtendedKeyUsages(SERVER_AUTH, CODE_SIGNING));
        Identity anyUsage = TestPki.issuedBy(root, "CN=Any", FROM, TO, Profile.LEAF.withExtendedKeyUsages("2.5.29.37.0"));
        Identity nonRepudiation = TestPki.issuedBy(root, "CN=NR", FROM, TO, Profile.LEAF.withKeyUsage(KeyUsage.nonRepudiation));
        SignerTrust trust = trusting(root.certificate());
        Optional<SignerTrust.Refusal> refusal = trust.evaluate(encipherOnly.chain());
        assertEquals(Reason.UNKNOWN_SIGNER, refusal.orElseThrow().reason());
        assertTrue(refusal.get().detail().contains("may not sign code"), refusal.get().detail());
        assertTrue(refusal.get().detail().contains("key usage allows neither digital signatures"), refusal.get().detail());
        SignerTrust.Refusal server = trust.evaluate(serverOnly.chain()).orElseThrow();
        assertEquals(Reason.UNKNOWN_SIGNER, server.reason());
        assertTrue(server.detail().contains("extended key usage [" + SERVER_AUTH + "] does not include code signing"),
                server.detail());
        assertEquals(Optional.empty(), trust.evaluate(codeSigner.chain()));
        assertEquals(Optional.empty(), trust.evaluate(anyUsage.chain()));
        assertEquals(Optional.empty(), trust.evaluate(nonRepudiation.chain()));
    }

    @Test
    void refusesExpiredAndNotYetValidIntermediatesNamingThem() {
        Identity oldInter = TestPki.intermediateBy(root, "CN=Old Intermediate", FROM, NOW.minus(Duration.ofDays(1)));
        Identity futureInter = TestPki.intermediateBy(root, "CN=Future Intermediate", NOW.plus(Duration.ofDays(1)), TO);
        SignerTrust trust = trusting(root.certificate());
        SignerTrust.Refusal expired = trust.evaluate(TestPki.issuedBy(oldInter, "CN=L", FROM, TO).chain()).orElseThrow();
        assertEquals(Reason.EXPIRED_CERTIFICATE, expired.reason());
        assertTrue(expired.detail().contains("Old Intermediate"), expired.detail());
        SignerTrust.Refusal future = trust.evaluate(TestPki.issuedBy(futureInter, "CN=L", FROM, TO).chain()).orElseThrow();
        assertEquals(Reason.NOT_YET_VALID_CERTIFICATE, future.reason());
        assertTrue(future.detail().contains("Future Intermediate"), future.detail());
    }

    @Test
    void refusesWhenTheTrustedRootItselfExpired() {
        Identity shortRoot = TestPki.certificateAuthority("CN=Short Root", FROM, NOW.minusSeconds(1));
        Identity below = TestPki.issuedBy(shortRoot, "CN=L", FROM, TO);
        // not presented: the anchor's own dates count too
        assertEquals(Reason.EXPIRED_CERTIFICATE, reason(trusting(shortRoot.certificate()), below.certificate()));
    }

    @Test
    void acceptsALeafIssuedByEitherOfTwoTrustedKeysOfTheSameName() {
        Identity oldKey = TestPki.certificateAuthority("CN=Rotating CA", FROM, TO);
        Identity newKey = TestPki.certificateAuthority("CN=Rotating CA", FROM, TO);
        SignerTrust trust = trusting(oldKey.certificate(), newKey.certificate());
        assertEquals(Optional.empty(), evaluate(trust, TestPki.issuedBy(newKey, "CN=L", FROM, TO).certificate()));
        assertEquals(Optional.empty(), evaluate(trust, TestPki.issuedBy(oldKey, "CN=L", FROM, TO).certificate()));
    }

    @Test
    void looksNoFurtherThanEightCertificatesUp() {
        List<Identity> chain = new ArrayList<>();
        chain.add(TestPki.certificateAuthority("CN=Deep Root", FROM, TO));
        for (int i = 0; i < 8; i++) {
            chain.add(TestPki.intermediateBy(chain.get(chain.size() - 1), "CN=Deep " + i, FROM, TO));
        }
        SignerTrust trust = trusting(chain.get(0).certificate());
        Identity six = TestPki.issuedBy(chain.get(6), "CN=Six Below", FROM, TO);
        assertEquals(Optional.empty(), trust.evaluate(six.chain()), "the root is the 8th certificate");
        Identity eight = TestPki.issuedBy(chain.get(8), "CN=Eight Below", FROM, TO);
        assertEquals(10, eight.chain().size());
        assertEquals(Reason.UNKNOWN_SIGNER, reason(trust, eight.chain().toArray(X509Certificate[]::new)));
    }

    @Test
    void reevaluatesValidityAtEveryCallThoughTheChainIsRemembered() {
        MutableClock clock = new MutableClock(NOW);
        SignerTrust trust = new SignerTrust(List.of(root.certificate()), clock);
        assertEquals(Optional.empty(), trust.evaluate(leaf.chain()));
        clock.set(TO.plusSeconds(1));
        assertEquals(Reason.EXPIRED_CERTIFICATE, trust.evaluate(leaf.chain()).orElseThrow().reason());
        clock.set(FROM.minusSeconds(1));
        assertEquals(Reason.NOT_YET_VALID_CERTIFICATE, trust.evaluate(leaf.chain()).orElseThrow().reason());
        clock.set(NOW);
        assertEquals(Optional.empty(), trust.evaluate(leaf.chain()));
        assertEquals(1, trust.remembered());
    }

    @Test
    void remembersABoundedNumberOfChains() {
        SignerTrust trust = trusting(root.certificate());
        Identity stranger = TestPki.selfSigned("CN=Stranger", FROM, TO);
        for (int i = 0; i < SignerTrust.REMEMBERED_CHAINS + 10; i++) {
            Identity other = TestPki.issuedBy(stranger, "CN=Stranger " + i, FROM, TO);
            assertEquals(Reason.UNKNOWN_SIGNER, trust.evaluate(other.chain()).orElseThrow().reason());
        }
        assertEquals(SignerTrust.REMEMBERED_CHAINS, trust.remembered());
        // a refusal is remembered as such, a trusted chain as trusted
        assertEquals(Optional.empty(), trust.evaluate(leaf.chain()));
        assertEquals(Optional.empty(), trust.evaluate(leaf.chain()));
    }

    @Test
    void refusesAnEmptyPathAndEvaluatesACodeSignersPath() throws Exception {
        SignerTrust trust = trusting(root.certificate());
        assertEquals(Reason.UNKNOWN_SIGNER, trust.evaluate(List.of()).orElseThrow().reason());
        CodeSigner signer = new CodeSigner(CertificateFactory.getInstance("X.509").generateCertPath(leaf.chain()), null);
        assertEquals(Optional.empty(), trust.evaluate(signer));
        CodeSigner none = new CodeSigner(CertificateFactory.getInstance("X.509").generateCertPath(List.of()), null);
        assertEquals(Reason.UNKNOWN_SIGNER, trust.evaluate(none).orElseThrow().reason());
    }

    @Test
    void aJarSignedThroughAnIntermediateIsAcceptedAndOneWithAnAppendedTrustedCertificateIsNot() {
        PublisherGate gate = new PublisherGate(new SignerTrust(List.of(root.certificate()), Clock.fixed(NOW, ZoneOffset.UTC)),
                VerifyLimits.DEFAULTS);
        byte[] signed = TestJars.bundle("com.acme.chain", "1.0.0").entry("a.txt", "a").signedBy(leaf);
        assertEquals("com.acme.chain", gate.verify("chain.jar", signed).symbolicName());
        // a leaf naming the real intermediate as its issuer, with the real intermediate and root appended
        Identity fakeIntermediate = TestPki.intermediateBy(TestPki.certificateAuthority("CN=Root CA", FROM, TO),
                "CN=Intermediate CA", FROM, TO);
        Identity attacker = TestPki.withChain(TestPki.issuedBy(fakeIntermediate, "CN=Release Engineer", FROM, TO),
                List.of(intermediate.certificate(), root.certificate()));
        BundleRejectedException e = org.junit.jupiter.api.Assertions.assertThrows(BundleRejectedException.class,
                () -> gate.verify("chain.jar", TestJars.bundle("com.acme.chain", "1.0.0").entry("a.txt", "a").signedBy(attacker)));
        assertEquals(Reason.UNKNOWN_SIGNER, e.reason());
        assertEquals("chain.jar", e.bundle());
    }
}
