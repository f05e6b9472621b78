package io.patchbay.server.testing;

import io.patchbay.crypto.api.TlsPins;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTPS the way the agent and the operator command line do it: the server is trusted only if its key's pin is
 * in a set (normally root's {@code x-patchbay-tls-pins}); no CA, no host name. Each client is new, so it opens
 * new connections: a key switch on the server is seen by its first request.
 */
public final class PinnedHttps {
    private PinnedHttps() {
    }

    /** An HTTP/1.1 client that trusts exactly the keys with these pins (with or without {@code sha256/}). */
    public static HttpClient client(List<String> pins) {
        return HttpClient.newBuilder().sslContext(context(new Pinned(pins, null)))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The pin-sha256 of the key the server at 127.0.0.1:{@code port} presents in a new handshake. */
    public static String presentedPin(int port) throws Exception {
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        SSLContext context = context(new Pinned(null, seen));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
        }
        return TlsPins.pinSha256(seen.get());
    }

    private static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks against {@code pins}, or (pins null) only records the key, for {@link #presentedPin}. */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final List<String> pins;
        private final AtomicReference<X509Certificate> seen;

        Pinned(List<String> pins, AtomicReference<X509Certificate> seen) {
            this.pins = pins;
            this.seen = seen;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no certificate");
            }
            if (seen != null) {
                seen.set(chain[0]);
            }
            if (pins != null && !TlsPins.matchesAny(chain[0], pins)) {
                throw new CertificateException("server key sha256/" + TlsPins.pinSha256(chain[0]) + " is not pinned");
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
}
