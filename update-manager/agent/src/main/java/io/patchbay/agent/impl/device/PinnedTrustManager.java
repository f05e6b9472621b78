package io.patchbay.agent.impl.device;

import io.patchbay.crypto.api.TlsPins;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts exactly a server whose leaf key is one of the pins, whatever the system trust store says. No host
 * name check and no validity dates: the pin is the identity (the server's certificate is self-signed and
 * renewed over the same key, or rotated through a pin change), and a device's clock may be wrong.
 * Implementing the extended interface keeps the JDK from wrapping it with its own host name check.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final List<String> pins;

    PinnedTrustManager(List<String> pins) {
        this.pins = List.copyOf(pins);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0 || !TlsPins.matchesAny(chain[0], pins)) {
            throw new CertificateException("server key " + (chain == null || chain.length == 0 ? "(none)"
                    : TlsPins.prefixed(chain[0])) + " is not pinned");
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
        throw new CertificateException("the agent authenticates no clients");
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
