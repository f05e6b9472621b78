package io.patchbay.agent.impl.device;

import io.patchbay.crypto.api.PinnedTrustManager;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The device API over HTTPS with the JDK HttpClient: TLS 1.3 (1.2 as the floor, as the server), trusting exactly
 * the pinned server keys, no redirects (a redirect could lead away from the pinned server's origin), a connect
 * and a whole-request timeout, and answers read up to {@link #MAX_RESPONSE_BYTES} (the device API's answers are
 * small JSON; a larger one is refused, never buffered).
 */
public final class HttpsDeviceTransport implements DeviceTransport {
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final DeviceEndpoint endpoint;
    private final HttpClient http;
    private final Duration timeout;

    public HttpsDeviceTransport(DeviceEndpoint endpoint, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedTrustManager(endpoint.pins())}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        this.http = HttpClient.newBuilder().sslContext(context).sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout).build();
    }

    public DeviceEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public Response post(String target, byte[] body, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.uri(target)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = response.body()) {
            return new Response(response.statusCode(), response.headers().map(), readBounded(in, target));
        }
    }

    /**
     * A GET over the same pinned client, answered as a stream. The request timeout bounds the wait for the headers
     * (the JDK client stops its timer when they arrive); the body's liveness is the caller's to watch.
     */
    @Override
    public Stream stream(String target, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.uri(target)).timeout(timeout)
                .header("Accept", "text/event-stream").header("Cache-Control", "no-store").GET();
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new Stream(response.statusCode(), response.headers().map(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Reads an answer up to {@link #MAX_RESPONSE_BYTES}; a larger one is refused, never buffered. */
    static byte[] readBounded(InputStream in, String target) throws IOException {
        byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        if (bytes.length > MAX_RESPONSE_BYTES) {
            throw new IOException("answer from " + target + " exceeds " + MAX_RESPONSE_BYTES + " bytes");
        }
        return bytes;
    }
}
