package io.patchbay.crypto.api;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts a TLS server only if its leaf certificate's key has one of the pins ({@link TlsPins}, with or without the
 * {@code sha256/} prefix). The pin replaces CA, name and date checks: it names the exact key, and only the holder of
 * its private key completes the handshake. Only the leaf is compared: other certificates in the chain are not
 * validated, so a pin on them would prove nothing. No dates either: a device's clock may be wrong, and a
 * certificate is renewed over the same key. No (well-formed) pin: nothing is accepted (fail closed).
 *
 * <p>Extends X509ExtendedTrustManager so that JSSE does not wrap it with its own host-name check. Used by the update
 * agent's device transport, license-manager's HTTPS lease transport, the TUF client's pinned fetches and the
 * operator CLI's admin client, which names the refused key ({@link #refusedPin}) against the pins
 * ({@link #expectedPins}) when a handshake fails. Thread-safe: the pins are an immutable copy, and the refused pin
 * is the latest refusal's.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final List<String> pins;
    private volatile String refusedPin;

    /** @param pins with or without the {@code sha256/} prefix; none (or none well formed) refuses every server */
    public PinnedTrustManager(List<String> pins) {
        this.pins = List.copyOf(pins);
    }

    /**
     * Whether at least one pin is well formed (else this manager refuses every server). Lets a caller
     * refuse a configuration at startup rather than at the first handshake.
     *
     * @param pins with or without the {@code sha256/} prefix; null elements count as malformed
     * @return true if some pin is a canonical 44-character pin-sha256 value
     */
    public static boolean anyWellFormed(List<String> pins) {
        return pins.stream().anyMatch(p -> p != null && TlsPins.isWellFormed(
                p.startsWith(TlsPins.PREFIX) ? p.substring(TlsPins.PREFIX.length()) : p));
    }

    /**
     * The key the latest refused server presented, so a caller can name it: the handshake's own exception reaches
     * the caller wrapped, or only as a generic TLS failure.
     *
     * @return the leaf key's pin with the {@code sha256/} prefix; null while no server was refused for its key (a
     *         server that sends no certificate does not count)
     */
    public String refusedPin() {
        return refusedPin;
    }

    /**
     * The pins as a message shows them.
     *
     * @return every pin with the {@code sha256/} prefix, in the order given, joined by {@code " or "}
     */
    public String expectedPins() {
        return pins.stream().map(p -> p.startsWith(TlsPins.PREFIX) ? p : TlsPins.PREFIX + p)
                .collect(Collectors.joining(" or "));
    }

    /**
     * A TLS context whose only trust is these pins. Host names are not checked by it: the pin names the key.
     *
     * @param pins with or without the {@code sha256/} prefix; none well formed refuses every server
     * @return a new, initialised context (no client certificate)
     * @throws IllegalStateException if the JDK offers no TLS context
     */
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
        if (!anyWellFormed(pins)) {
            refusedPin = TlsPins.prefixed(chain[0]);
            throw new CertificateException("no TLS pins: refusing every server (fail closed)");
        }
        if (!TlsPins.matchesAny(chain[0], pins)) {
            refusedPin = TlsPins.prefixed(chain[0]);
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
