package io.patchbay.server.testing;

import io.patchbay.crypto.api.TlsPins;
import io.patchbay.crypto.api.PinnedTrustManager;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * HTTPS the way the agent does it: the server is trusted only if its key's pin is in root's
 * {@code x-patchbay-tls-pins} (the TUF client's own {@link PinnedTrustManager}); no CA, no host name. Each client
 * is new, so it opens new connections: a key switch on the server is seen by its first request.
 */
public final class PinnedHttps {
    private PinnedHttps() {
    }

    /** An HTTP/1.1 client that trusts exactly the keys with these {@code sha256/} pins. */
    public static HttpClient client(List<String> pins) {
        return HttpClient.newBuilder().sslContext(context(new PinnedTrustManager(pins)))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The pin-sha256 of the key the server at 127.0.0.1:{@code port} presents in a new handshake. */
    public static String presentedPin(int port) throws Exception {
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        // Records the key and trusts it: this only observes what is presented (a raw socket has no host check).
        X509TrustManager recording = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.set(chain[0]);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try (SSLSocket socket = (SSLSocket) context(recording).getSocketFactory().createSocket("127.0.0.1", port)) {
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
}
