package io.patchbay.license.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.license.api.ActivationRequest;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.server.api.LicenseServerApi;
import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.testing.AdminHttp;
import io.patchbay.server.testing.PinnedHttps;
import io.patchbay.server.testing.PostgresServer;
import io.patchbay.crypto.api.TlsPins;
import io.patchbay.testsupport.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real update server over HTTPS on 127.0.0.1 with the license extension found on the class path (as
 * {@code bin/patchbay server start} finds it), an injected clock, its init admin token and a READ_ONLY one.
 */
final class LicenseServerFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2030-01-01T00:00:00.250Z");
    static final ObjectMapper JSON = new ObjectMapper();
    static final SecureRandom RANDOM = new SecureRandom();

    final MutableClock clock = new MutableClock(START);
    final Path dataDirectory;
    final String jdbcUrl;
    final String dbUser;
    final String dbPassword;
    final InitResult init;
    UpdateServer server;
    HttpClient http;
    final String operatorToken;
    final String readOnlyToken;
    private volatile Map<String, SigningPublicKey> vendorKeys;

    private LicenseServerFixture(Path dataDirectory, String jdbcUrl, String user, String password) throws Exception {
        this.dataDirectory = dataDirectory;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = user;
        this.dbPassword = password;
        init = builder(b -> b).init();
        start();
        operatorToken = init.adminToken();
        HttpResponse<String> created = admin("POST", "/admin/v1/admin-tokens", operatorToken,
                "{\"role\":\"READ_ONLY\",\"label\":\"dashboard\"}");
        assertEquals(201, created.statusCode(), created.body());
        readOnlyToken = json(created).get("token").asText();
    }

    static LicenseServerFixture h2(Path dataDirectory) throws Exception {
        return new LicenseServerFixture(dataDirectory, null, "sa", "");
    }

    static LicenseServerFixture postgres(Path dataDirectory) throws Exception {
        PostgresServer postgres = PostgresServer.get();
        String url = postgres.createDatabase("lic_" + Long.toHexString(System.nanoTime()));
        return new LicenseServerFixture(dataDirectory, url, PostgresServer.USER, postgres.password());
    }

    private UpdateServer.Builder builder(UnaryOperator<UpdateServer.Builder> custom) {
        UpdateServer.Builder b = UpdateServer.builder(dataDirectory).clock(clock).pollInterval(Duration.ofMinutes(5));
        if (jdbcUrl != null) {
            b.database(jdbcUrl, dbUser, dbPassword);
        }
        return custom.apply(b);
    }

    /** (Re)starts the server on the same data directory and database. */
    void start() throws Exception {
        server = builder(b -> b).start();
        http = client();
    }

    void restart() throws Exception {
        vendorKeys = null;
        server.close();
        start();
    }

    private HttpClient client() {
        return PinnedHttps.client(java.util.List.of(TlsPins.PREFIX + server.certificatePinSha256()));
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUri() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String method, String pathAndQuery, String token, String json) throws Exception {
        return AdminHttp.send(http, server.baseUri(), method, pathAndQuery, token, json);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static String error(HttpResponse<String> response) throws Exception {
        return json(response).path("error").asText();
    }

    /** A license issued with the operator token: its id and key. */
    record License(String id, String key) {
    }

    License issue(String extraJson) throws Exception {
        String body = "{\"customer\":\"ACME Corp.\",\"features\":[{\"name\":\"reports\",\"limits\":{\"users\":5}},"
                + "{\"name\":\"export\"}]" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}";
        HttpResponse<String> issued = admin("POST", LicenseServerApi.LICENSES, operatorToken, body);
        assertEquals(201, issued.statusCode(), issued.body());
        JsonNode answer = json(issued);
        return new License(answer.get("license").get("id").asText(), answer.get("licenseKey").asText());
    }

    /** The vendor keys as the admin API lists them; fetched once per server start (a rotation restarts in tests). */
    Map<String, SigningPublicKey> vendorKeys() throws Exception {
        if (vendorKeys != null) {
            return vendorKeys;
        }
        HttpResponse<String> keys = admin("GET", LicenseServerApi.KEYS, readOnlyToken, null);
        assertEquals(200, keys.statusCode(), keys.body());
        Map<String, SigningPublicKey> out = new LinkedHashMap<>();
        for (JsonNode key : json(keys).get("keys")) {
            out.put(key.get("keyId").asText(), SigningPublicKey.fromBase64Url(key.get("publicKey").asText()));
        }
        vendorKeys = Map.copyOf(out);
        return vendorKeys;
    }

    JsonNode flags(String licenseId) throws Exception {
        HttpResponse<String> flags = admin("GET", LicenseServerApi.FLAGS + "?id=" + licenseId, readOnlyToken, null);
        assertEquals(200, flags.statusCode(), flags.body());
        return json(flags).get("flags");
    }

    JsonNode flag(String licenseId, String kind) throws Exception {
        for (JsonNode flag : flags(licenseId)) {
            if (flag.get("kind").asText().equals(kind)) {
                return flag;
            }
        }
        return null;
    }

    HttpResponse<String> setStatus(String action, String licenseId) throws Exception {
        return admin("POST", LicenseLicensesPath.of(action), operatorToken,
                "{\"id\":\"" + licenseId + "\",\"reason\":\"test " + action + "\"}");
    }

    /** The instant a client would put in a request: whole seconds of the fixture's clock. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** One running instance: its key and fingerprint, and the freshness value of its last lease. */
    final class Instance {
        final SigningKeyPair key;
        Map<String, String> fingerprint;
        String freshness;
        String licenseId;

        Instance(SigningKeyPair key, Map<String, String> fingerprint) {
            this.key = key;
            this.fingerprint = fingerprint;
        }

        String publicKey() {
            return key.publicKey().base64Url();
        }

        String activationJws(String licenseKey, Instant issuedAt) {
            return LicenseTokens.signActivationRequest(new ActivationRequest(licenseKey, publicKey(), fingerprint,
                    nonce(), issuedAt), key);
        }

        String leaseJws(String licenseId, String presented, Instant issuedAt) {
            return LicenseTokens.signLeaseRequest(new LeaseRequest(licenseId, publicKey(), fingerprint, presented,
                    nonce(), issuedAt), key);
        }

        HttpResponse<String> activate(String licenseKey) throws Exception {
            return send(LicenseServerApi.ACTIVATE, activationJws(licenseKey, now()));
        }

        HttpResponse<String> transfer(String licenseKey) throws Exception {
            return send(LicenseServerApi.TRANSFER, activationJws(licenseKey, now()));
        }

        /** Activates and remembers the license id and first freshness value; asserts 200. */
        JsonNode activated(String licenseKey) throws Exception {
            HttpResponse<String> answer = activate(licenseKey);
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode body = json(answer);
            licenseId = body.get("licenseId").asText();
            freshness = body.get("freshness").asText();
            return body;
        }

        HttpResponse<String> renew() throws Exception {
            return renewPresenting(freshness);
        }

        HttpResponse<String> renewPresenting(String presented) throws Exception {
            HttpResponse<String> answer = send(LicenseServerApi.RENEW, leaseJws(licenseId, presented, now()));
            if (answer.statusCode() == 200) {
                freshness = grant(answer).freshness();
            }
            return answer;
        }

        HttpResponse<String> release() throws Exception {
            return send(LicenseServerApi.RELEASE, leaseJws(licenseId, freshness, now()));
        }

        HttpResponse<String> deactivate() throws Exception {
            return send(LicenseServerApi.DEACTIVATE, leaseJws(licenseId, freshness, now()));
        }

        /** A copy of this instance (its data directory, key and all) on the same or another machine. */
        Instance copy(Map<String, String> otherFingerprint) {
            Instance copy = new Instance(key, otherFingerprint);
            copy.licenseId = licenseId;
            copy.freshness = freshness;
            return copy;
        }
    }

    Instance instance() {
        return new Instance(SigningKeyPair.generate(RANDOM), machine());
    }

    /** A fresh machine: six components, each a digest-shaped value. */
    static Map<String, String> machine() {
        Map<String, String> fp = new LinkedHashMap<>();
        for (String component : new String[] {"machine-id", "mac", "hostname", "os-arch", "cpu", "cloud-id"}) {
            byte[] value = new byte[16];
            RANDOM.nextBytes(value);
            fp.put(component, Base64Url.encode(value));
        }
        return fp;
    }

    HttpResponse<String> send(String path, String jws) throws Exception {
        return post(path, "{\"request\":\"" + jws + "\"}");
    }

    LeaseGrant grant(HttpResponse<String> answer) throws Exception {
        return verifiedLease(json(answer).get("lease").asText());
    }

    LeaseGrant verifiedLease(String jws) throws LicenseException, Exception {
        return LicenseTokens.verifyLease(jws, vendorKeys());
    }

    LicenseClaims verifiedToken(String jws) throws Exception {
        return LicenseTokens.verify(jws, vendorKeys());
    }

    @Override
    public void close() {
        server.close();
    }

    /** The admin status-change paths by action word. */
    static final class LicenseLicensesPath {
        static String of(String action) {
            return switch (action) {
                case "revoke" -> LicenseServerApi.REVOKE;
                case "suspend" -> LicenseServerApi.SUSPEND;
                case "reinstate" -> LicenseServerApi.REINSTATE;
                default -> throw new IllegalArgumentException(action);
            };
        }
    }

    static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "n" + Base64Url.encode(bytes);
    }
}
