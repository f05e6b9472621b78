package io.patchbay.operator.cli;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the pinned server keys (one, or two while a certificate renewal is under way), by RFC 7469 pin (SHA-256 of the leaf certificate's SubjectPublicKeyInfo):
 * no system trust store, no CA, no host name check (the server's certificate is self-signed and names
 * localhost; the pin is the identity). Being an {@link X509ExtendedTrustManager}, JSSE adds no host name check
 * of its own. A mismatch fails the handshake, before any request byte is sent.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final List<String> pins;
    private volatile String refusedPin;

    PinnedTrustManager(List<String> pins) {
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("no pin");
        }
        this.pins = pins.stream().map(p -> p.startsWith("sha256/") ? p.substring("sha256/".length()) : p).toList();
    }

    /** The pin of the key the server presented when it did not match, else null. */
    String refusedPin() {
        return refusedPin;
    }

    /** The pins, as {@code sha256/A or sha256/B}. */
    String expectedPins() {
        return pins.stream().map(p -> "sha256/" + p).collect(java.util.stream.Collectors.joining(" or "));
    }

    static String pinOf(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server presented no certificate");
        }
        chain[0].checkValidity();
        String presented = pinOf(chain[0]);
        if (pins.stream().noneMatch(pin -> MessageDigest.isEqual(presented.getBytes(), pin.getBytes()))) {
            refusedPin = presented;
            throw new CertificateException("the server's key sha256/" + presented + " is not the pinned " + expectedPins());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
