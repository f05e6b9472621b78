package io.patchbay.server.impl.rotation;

import io.patchbay.crypto.api.PinnedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Checks, before a root names a new location, that the location already serves this repository with a pinned
 * key: a client that takes the new root can never go back (only a signed root moves it), so a root naming an
 * address that does not answer, or answers with another key or another repository, would strand every client
 * that refreshes. The check fetches root {@code N} (the one clients hold now) from the new address, trusting only
 * the pins the new root will carry, and compares it byte for byte with the published one.
 *
 * <p>The request is the operator's, made from the server: bounded (connect and whole-request timeouts, the body
 * read up to the expected length plus one byte), never redirected, and the refusal names the cause but never
 * echoes the response.
 */
public class LocationProbe {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param metadataUrl the new metadata base URL (ends in '/')
     * @param pins        the pins the new root carries
     * @param rootVersion the version of the root clients hold now
     * @param expected    that root's published bytes
     * @throws RotationRefused {@code location_unreachable} or {@code location_mismatch}
     */
    public void check(URI metadataUrl, List<String> pins, long rootVersion, byte[] expected) {
        URI url = metadataUrl.resolve(rootVersion + ".root.json");
        HttpClient client = HttpClient.newBuilder().sslContext(PinnedTrustManager.sslContext(pins))
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        byte[] body;
        int status;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                body = in.readNBytes(expected.length + 1);
            }
        } catch (IOException e) {
            throw new RotationRefused(RotationRefused.LOCATION_UNREACHABLE, "the new location does not answer with"
                    + " the server's pinned key: GET " + url + " failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); make it serve this server first"
                    + " (DNS, proxy or a node), or force if clients reach it where this server cannot");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RotationRefused(RotationRefused.LOCATION_UNREACHABLE, "interrupted while probing " + url);
        }
        if (status != 200) {
            throw new RotationRefused(RotationRefused.LOCATION_MISMATCH, "GET " + url + " answered " + status
                    + ", not this repository's root v" + rootVersion + "; the new location must serve /repo of this"
                    + " server");
        }
        if (!Arrays.equals(body, expected)) {
            throw new RotationRefused(RotationRefused.LOCATION_MISMATCH, "GET " + url + " answered with another"
                    + " root v" + rootVersion + " than this server publishes: the new location serves another"
                    + " repository");
        }
    }
}
