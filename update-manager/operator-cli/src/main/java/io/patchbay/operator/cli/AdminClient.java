package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.PinnedTrustManager;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * The admin API over HTTPS, trusting exactly the pinned server key ({@link PinnedTrustManager}), with a bearer
 * token. Every failure becomes a {@link CliException}: the server's error answer → {@code REFUSED} (its
 * {@code error} code and message), no connection or no answer → {@code UNREACHABLE}, a key outside the pin →
 * {@code UNTRUSTED}.
 */
final class AdminClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String token;
    private final PinnedTrustManager trust;
    private final HttpClient http;

    AdminClient(URI base, String pinSha256, String token) {
        this(base, java.util.List.of(pinSha256), token);
    }

    AdminClient(URI base, java.util.List<String> pins, String token) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.token = token;
        this.trust = new PinnedTrustManager(pins);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    JsonNode get(String pathAndQuery) {
        return send(request(pathAndQuery).timeout(REQUEST_TIMEOUT).GET().build());
    }

    JsonNode post(String path, Object body) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(body);
            return send(request(path).timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams {@code file} as the body (with its length), reporting progress as the bytes leave. */
    JsonNode upload(String path, Path file, String contentType, Progress progress) {
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new CliException(CliException.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, progress)), length);
        try {
            return send(request(path).timeout(UPLOAD_TIMEOUT).header("Content-Type", contentType).POST(body).build());
        } finally {
            progress.finish();
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) {
        String what = request.method() + " " + request.uri().getRawPath();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.FAILED, "interrupted", e);
        } catch (IOException e) {
            throw failure(what, e);
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() >= 400) {
            String code = answer.path("error").asText("http_" + response.statusCode());
            String message = answer.path("message").asText("");
            throw new CliException(CliException.REFUSED, "server refused " + what + ": " + response.statusCode() + " "
                    + code + (message.isEmpty() ? "" : " (" + Table.oneLine(message) + ")"), null, code);
        }
        if (answer.isMissingNode()) {
            throw new CliException(CliException.REFUSED, "server answered " + what + " with " + response.statusCode()
                    + " and no JSON");
        }
        return answer;
    }

    private CliException failure(String what, IOException e) {
        if (trust.refusedPin() != null) {
            return new CliException(CliException.UNTRUSTED, "refusing " + base + ": its TLS key "
                    + trust.refusedPin() + " is not the pinned " + trust.expectedPins() + "; nothing was sent", e);
        }
        if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException) {
            return new CliException(CliException.UNREACHABLE, "cannot reach the server at " + base + ": "
                    + (e instanceof ConnectException ? "connection refused or no route (is it running?)" : "connect timed out"), e);
        }
        if (e instanceof HttpTimeoutException) {
            return new CliException(CliException.UNREACHABLE, "no answer from " + base + " to " + what + " in time", e);
        }
        if (e instanceof SSLException) {
            return new CliException(CliException.UNREACHABLE, "TLS with " + base + " failed: " + e.getMessage(), e);
        }
        return new CliException(CliException.UNREACHABLE, "lost the connection to " + base + " during " + what + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? MAPPER.missingNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            return MAPPER.missingNode();
        }
    }

    private static InputStream counting(Path file, Progress progress) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                private long sent;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        progress.update(++sent);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        sent += n;
                        progress.update(sent);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
