package io.patchbay.crypto.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsPinsTest {

    private static X509CertificateHolder holder;
    private static X509Certificate certificate;

    @BeforeAll
    static void certificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=patchbay-test");
        holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(0), new Date(4_000_000_000_000L), name,
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
        // Parsed by the JDK, as a TLS stack hands it over.
        certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    }

    @Test
    void pinIsBase64OfSha256OverTheCertificatesSpki() throws Exception {
        // The SPKI taken from the certificate's own DER (by Bouncy Castle), not from the JDK's key object.
        byte[] spki = holder.getSubjectPublicKeyInfo().getEncoded();
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        assertEquals(expected, TlsPins.pinSha256(certificate));
        assertEquals(44, expected.length());
        assertEquals("sha256/" + expected, TlsPins.prefixed(certificate));
        assertTrue(TlsPins.isWellFormed(expected));
    }

    @Test
    void matchesWithOrWithoutPrefixAndIgnoresMalformedPins() {
        String pin = TlsPins.pinSha256(certificate);
        assertTrue(TlsPins.matchesAny(certificate, List.of(pin)));
        assertTrue(TlsPins.matchesAny(certificate, List.of("garbage", "sha256/" + pin)));
        assertFalse(TlsPins.matchesAny(certificate, List.of()));
        String other = Base64.getEncoder().encodeToString(new byte[32]);
        assertFalse(TlsPins.matchesAny(certificate, List.of(other, "sha1/" + pin, pin.substring(0, 43))));
    }

    @Test
    void onlyCanonical32ByteDigestsAreWellFormed() {
        String pin = TlsPins.pinSha256(certificate);
        assertFalse(TlsPins.isWellFormed(null));
        assertFalse(TlsPins.isWellFormed(pin.substring(0, 43)));
        assertFalse(TlsPins.isWellFormed(pin + "="));
        assertFalse(TlsPins.isWellFormed(Base64.getEncoder().encodeToString(new byte[33]).substring(0, 44)));
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertTrue(TlsPins.isWellFormed(Base64.getEncoder().encodeToString(ones)));
        assertFalse(TlsPins.isWellFormed(Base64.getUrlEncoder().encodeToString(ones)), "base64url is not the pin form");
        // Unused bits set in the last character before the padding: decodes, but is not the canonical spelling.
        String canonical = Base64.getEncoder().encodeToString(new byte[32]);
        assertTrue(TlsPins.isWellFormed(canonical));
        assertFalse(TlsPins.isWellFormed(canonical.substring(0, 42) + "B="));
    }

    @Test
    void pinnedTrustManagerAcceptsOnlyThePinnedLeafKeyAndFailsClosedWithoutAPin() throws Exception {
        X509Certificate[] chain = {certificate};
        new PinnedTrustManager(List.of("garbage", TlsPins.prefixed(certificate))).checkServerTrusted(chain, "EC");
        String other = Base64.getEncoder().encodeToString(new byte[32]);
        java.security.cert.CertificateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.security.cert.CertificateException.class,
                () -> new PinnedTrustManager(List.of(other)).checkServerTrusted(chain, "EC"));
        assertTrue(refused.getMessage().contains("not pinned"), refused.getMessage());
        assertFalse(PinnedTrustManager.anyWellFormed(List.of("garbage", "sha256/short")));
        for (List<String> none : List.of(List.<String>of(), List.of("garbage"))) {
            org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class,
                    () -> new PinnedTrustManager(none).checkServerTrusted(chain, "EC"));
        }
        org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class,
                () -> new PinnedTrustManager(List.of(TlsPins.prefixed(certificate))).checkServerTrusted(
                        new X509Certificate[0], "EC"));
        assertEquals(0, new PinnedTrustManager(List.of(other)).getAcceptedIssuers().length);
        org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class,
                () -> new PinnedTrustManager(List.of(other)).checkClientTrusted(chain, "EC"));
    }

    @Test
    void aRefusedKeyIsNamedAgainstThePins() throws Exception {
        X509Certificate[] chain = {certificate};
        String zeros = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] ff = new byte[32];
        java.util.Arrays.fill(ff, (byte) 0xff);
        String ones = "sha256/" + Base64.getEncoder().encodeToString(ff);
        PinnedTrustManager trust = new PinnedTrustManager(List.of(zeros, ones));
        assertEquals("sha256/" + zeros + " or " + ones, trust.expectedPins());
        assertEquals(null, trust.refusedPin());
        org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class,
                () -> trust.checkServerTrusted(new X509Certificate[0], "EC"));
        assertEquals(null, trust.refusedPin(), "no certificate, no key to name");
        org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class,
                () -> trust.checkServerTrusted(chain, "EC"));
        assertEquals(TlsPins.prefixed(certificate), trust.refusedPin());

        PinnedTrustManager malformed = new PinnedTrustManager(List.of("garbage"));
        org.junit.jupiter.api.Assertions.assertThrows(java.security.cert.CertificateException.class,
                () -> malformed.checkServerTrusted(chain, "EC"));
        assertEquals(TlsPins.prefixed(certificate), malformed.refusedPin(), "named even when no pin is usable");
        assertEquals("sha256/garbage", malformed.expectedPins());

        PinnedTrustManager accepting = new PinnedTrustManager(List.of(TlsPins.prefixed(certificate)));
        accepting.checkServerTrusted(chain, "EC");
        assertEquals(null, accepting.refusedPin());
    }
}
