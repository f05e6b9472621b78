package io.patchbay.crypto.api;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts a TLS server only if its leaf certificate's key has one of the pins ({@link TlsPins}, with or without the
 * {@code sha256/} prefix). The pin replaces CA, name and date checks: it names the exact key, and only the holder of
 * its private key completes the handshake. Only the leaf is compared: other certificates in the chain are not
 * validated, so a pin on them would prove nothing. No (well-formed) pin: nothing is accepted (fail closed).
 *
 * <p>Extends X509ExtendedTrustManager so that JSSE does not wrap it with its own host-name check. This is the shared
 * copy for code outside update-manager (license-manager's HTTPS lease transport); update-manager keeps its own until
 * it moves here.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final List<String> pins;

    /** @throws IllegalArgumentException when no pin is well formed: such a manager could never accept a server */
    public PinnedTrustManager(List<String> pins) {
        this.pins = List.copyOf(pins);
        if (this.pins.stream().noneMatch(p -> TlsPins.isWellFormed(
                p.startsWith(TlsPins.PREFIX) ? p.substring(TlsPins.PREFIX.length()) : p))) {
            throw new IllegalArgumentException("no well-formed TLS pin (sha256/<44 base64 characters>) in " + pins);
        }
    }

    /** A TLS context whose only trust is these pins. */
    public static SSLContext sslContext(List<String> pins) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedTrustManager(pins)}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        if (!TlsPins.matchesAny(chain[0], pins)) {
            throw new CertificateException("server key " + TlsPins.prefixed(chain[0]) + " ("
                    + chain[0].getSubjectX500Principal() + ") is not pinned; pinned: " + pins);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
