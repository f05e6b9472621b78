package io.patchbay.tuf.impl.http;

import io.patchbay.crypto.api.PinnedTrustManager;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PinnedTrustManagerTest {

    private static TestCertificates.Identity server;
    private static TestCertificates.Identity other;

    @BeforeAll
    static void certificates() throws Exception {
        server = TestCertificates.selfSigned("server");
        other = TestCertificates.selfSigned("other");
    }

    @Test
    void pinIsSha256OfTheSubjectPublicKeyInfo() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(server.certificate().getPublicKey().getEncoded());
        assertEquals("sha256/" + Base64.getEncoder().encodeToString(digest), server.pin());
    }

    @Test
    void acceptsAPinnedLeafKey() {
        PinnedTrustManager manager = new PinnedTrustManager(List.of(other.pin(), server.pin()));
        assertDoesNotThrow(() -> manager.checkServerTrusted(new X509Certificate[] {server.certificate()}, "ECDHE_ECDSA"));
    }

    @Test
    void refusesAnUnpinnedKey() {
        PinnedTrustManager manager = new PinnedTrustManager(List.of(other.pin()));
        CertificateException e = assertThrows(CertificateException.class,
                () -> manager.checkServerTrusted(new X509Certificate[] {server.certificate()}, "ECDHE_ECDSA"));
        assertTrue(e.getMessage().contains("not pinned"), e.getMessage());
    }

    @Test
    void onlyTheLeafCounts() {
        // A pinned certificate further down the chain proves nothing without chain validation.
        PinnedTrustManager manager = new PinnedTrustManager(List.of(other.pin()));
        assertThrows(CertificateException.class, () -> manager.checkServerTrusted(
                new X509Certificate[] {server.certificate(), other.certificate()}, "ECDHE_ECDSA"));
    }

    @Test
    void failsClosedWithoutPinsOrCertificates() {
        PinnedTrustManager none = new PinnedTrustManager(List.of());
        assertThrows(CertificateException.class,
                () -> none.checkServerTrusted(new X509Certificate[] {server.certificate()}, "ECDHE_ECDSA"));
        PinnedTrustManager pinned = new PinnedTrustManager(List.of(server.pin()));
        assertThrows(CertificateException.class, () -> pinned.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"));
        assertThrows(CertificateException.class, () -> pinned.checkServerTrusted(null, "ECDHE_ECDSA"));
        assertThrows(CertificateException.class,
                () -> pinned.checkClientTrusted(new X509Certificate[] {server.certificate()}, "ECDHE_ECDSA"));
        assertEquals(0, pinned.getAcceptedIssuers().length);
    }
}
