package io.patchbay.sample.host.impl.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.PinnedTrustManager;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.crypto.api.TlsPins;
import io.patchbay.license.http.HttpsLeaseTransport;
import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.UpdateServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vendor's side of the demo: a real update server with the license extension (found on the class path, as
 * {@code patchbay server start} finds it) on 127.0.0.1, its own generated TLS and vendor keys, and the operator's
 * admin token from {@code init}. The demo issues licenses through its admin API; the host reaches its instance routes
 * through the production {@link HttpsLeaseTransport}, pinned to its key.
 */
final class DemoLicenseServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LICENSES = "/admin/v1/licenses";
    private static final String KEYS = LICENSES + "/keys";

    private final UpdateServer server;
    private final String adminToken;
    private final HttpClient http;

    private DemoLicenseServer(UpdateServer server, String adminToken) {
        this.server = server;
        this.adminToken = adminToken;
        this.http = HttpClient.newBuilder().sslContext(PinnedTrustManager.sslContext(pins()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static DemoLicenseServer start(Path dataDirectory) throws IOException {
        UpdateServer.Builder builder = UpdateServer.builder(dataDirectory).bindHost("127.0.0.1").port(0);
        InitResult init = builder.init();
        return new DemoLicenseServer(builder.start(), init.adminToken());
    }

    URI baseUri() {
        return server.baseUri();
    }

    List<String> pins() {
        return List.of(TlsPins.PREFIX + server.certificatePinSha256());
    }

    HttpsLeaseTransport transport() {
        return new HttpsLeaseTransport(server.baseUri(), pins());
    }

    /** The vendor keys the server signs with, by key id: what a host is told to trust. */
    Map<String, SigningPublicKey> vendorKeys() throws IOException {
        Map<String, SigningPublicKey> keys = new LinkedHashMap<>();
        for (JsonNode key : admin("GET", KEYS, null, 200).get("keys")) {
            keys.put(key.get("keyId").asText(), SigningPublicKey.fromBase64Url(key.get("publicKey").asText()));
        }
        return keys;
    }

    /** Issues a license whose {@code feature} is a trial until {@code now + length}; returns its license key. */
    String issueTrial(String feature, Instant now, Duration length) throws IOException {
        String body = JSON.createObjectNode().put("customer", "Demo Customer")
                .set("features", JSON.createArrayNode().add(JSON.createObjectNode().put("name", feature)
                        .put("expiresAt", now.truncatedTo(ChronoUnit.SECONDS).plus(length).toString()))).toString();
        return admin("POST", LICENSES, body, 201).get("licenseKey").asText();
    }

    private JsonNode admin(String method, String path, String json, int expected) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken);
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + path, e);
        }
        if (answer.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
