package io.patchbay.license.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.crypto.api.PinnedTrustManager;
import io.patchbay.license.api.LeaseTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The license client's transport to the license server's instance routes ({@link LicenseRoutes}) over HTTPS. The
 * only trust is the server key's pins (the {@code sha256/...} form of the TUF root's {@code x-patchbay-tls-pins}):
 * no CA, no host name. Every exchange is bounded: the connection, the whole exchange (headers and body) and the
 * response size. Any failure, refusal or malformed answer is an {@link IOException} naming the reason, which the
 * client treats as no answer (the lease and the offline grace cover an outage). It decides nothing: the client
 * verifies every signed answer itself.
 */
public final class HttpsLeaseTransport implements LeaseTransport {

    /** A lease grant or a license token is a few KiB; the server's own device body limit is 20 KiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
    /** How long the TCP and TLS connection may take by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long one whole exchange may take by default. */
    public static final Duration DEFAULT_EXCHANGE_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern CLIENT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final URI base;
    private final Duration exchangeTimeout;
    private final int maxResponseBytes;
    private final HttpClient http;

    /**
     * @param base             the license server, e.g. {@code https://licenses.example.com:8443} (https only)
     * @param pins             the server key's pins; at least one well formed
     * @param connectTimeout   for the TCP and TLS connection
     * @param exchangeTimeout  for one whole exchange, from sending to the last byte of the answer
     * @param maxResponseBytes a larger answer is refused (and not read further)
     * @throws IllegalArgumentException when the URL is not https or has a query or fragment, a timeout is not
     *                                  positive, the size limit is below 1, or no pin is well formed
     */
    public HttpsLeaseTransport(URI base, List<String> pins, Duration connectTimeout, Duration exchangeTimeout,
                               int maxResponseBytes) {
        Objects.requireNonNull(base, "base");
        if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null || base.getRawQuery() != null
                || base.getRawFragment() != null) {
            throw new IllegalArgumentException("the license server must be an https URL without query: " + base);
        }
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.exchangeTimeout = positive(exchangeTimeout, "exchange timeout");
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("the response size limit must be positive: " + maxResponseBytes);
        }
        this.maxResponseBytes = maxResponseBytes;
        if (!PinnedTrustManager.anyWellFormed(List.copyOf(pins))) {
            throw new IllegalArgumentException("no well-formed TLS pin (sha256/<44 base64 characters>) in " + pins);
        }
        this.http = HttpClient.newBuilder().sslContext(PinnedTrustManager.sslContext(pins))
                .connectTimeout(positive(connectTimeout, "connect timeout"))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * With the default timeouts and size limit.
     *
     * @param base the license server, https only
     * @param pins the server key's pins; at least one well formed
     * @throws IllegalArgumentException when the URL is not https or no pin is well formed
     */
    public HttpsLeaseTransport(URI base, List<String> pins) {
        this(base, pins, DEFAULT_CONNECT_TIMEOUT, DEFAULT_EXCHANGE_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
    }

    @Override
    public String renew(String signedRequest) throws IOException {
        return exchange(LicenseRoutes.RENEW, signedRequest, null, "lease");
    }

    @Override
    public String activate(String signedRequest) throws IOException {
        return activate(signedRequest, null);
    }

    /** An id the server would refuse (it allows [A-Za-z0-9._-]{1,64}) is left out rather than failing the activation. */
    @Override
    public String activate(String signedRequest, String updateClientId) throws IOException {
        String clientId = updateClientId != null && CLIENT_ID.matcher(updateClientId).matches() ? updateClientId : null;
        return exchange(LicenseRoutes.ACTIVATE, signedRequest, clientId, "token");
    }

    private String exchange(String route, String jws, String clientId, String field) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("request", Objects.requireNonNull(jws, "request"));
        if (clientId != null) {
            body.put("clientId", clientId);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + route)).timeout(exchangeTimeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> answer = send(route, request);
        JsonNode json;
        try {
            json = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IOException(route + " answered " + answer.statusCode() + " with a body that is not JSON");
        }
        if (answer.statusCode() != 200) {
            throw new IOException(route + " refused: " + answer.statusCode() + " " + text(json, "error")
                    + " (" + text(json, "message") + ")");
        }
        JsonNode value = json == null ? null : json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException(route + " answered 200 without a '" + field + "' string");
        }
        return value.asText();
    }

    private HttpResponse<byte[]> send(String route, HttpRequest request) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, info -> new BoundedBody(maxResponseBytes));
        try {
            // The request timeout ends at the headers; this bound also covers a body that trickles in.
            return exchange.get(exchangeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException(route + ": no complete answer within " + exchangeTimeout, e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException(route + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                // The client's own request timeout (same bound) can fire first, also while still connecting: one answer.
                throw new IOException(route + ": no complete answer within " + exchangeTimeout, cause);
            }
            throw new IOException(route + " failed: " + cause, cause);
        }
    }

    private static String text(JsonNode json, String field) {
        return json == null ? "" : json.path(field).asText("");
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive: " + d);
        }
        return d;
    }

    /** Collects at most {@code limit} bytes; one more cancels the exchange and fails it. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (bytes.size() + (long) item.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the answer is larger than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
