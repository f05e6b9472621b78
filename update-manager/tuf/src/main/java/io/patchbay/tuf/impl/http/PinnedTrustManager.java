package io.patchbay.tuf.impl.http;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts a TLS server only if the public key of its certificate (the leaf, chain[0]) has one of the pinned
 * SHA-256 SPKI hashes from signed root. The pin replaces CA, name and date checks: it names the exact key,
 * which root's signers vouch for, and only the holder of the matching private key can complete the
 * handshake. Only the leaf is compared: other certificates in the chain are not validated here, so a pin
 * on them would prove nothing. No pins: nothing is accepted (fail closed).
 *
 * <p>Extends X509ExtendedTrustManager so that JSSE does not wrap it with its own host-name check.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final Set<String> pins;

    public PinnedTrustManager(List<String> pins) {
        this.pins = Set.copyOf(pins);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        if (pins.isEmpty()) {
            throw new CertificateException("no TLS pins in trusted root: refusing every server (fail closed)");
        }
        String pin = SpkiPins.pinOf(chain[0]);
        if (!pins.contains(pin)) {
            throw new CertificateException("server key " + pin + " (" + chain[0].getSubjectX500Principal()
                    + ") is not pinned by trusted root; pinned: " + pins);
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
