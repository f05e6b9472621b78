package io.patchbay.license.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.crypto.api.TlsPins;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.http.HttpsLeaseTransport;
import io.patchbay.license.server.LicenseServerFixture.License;
import io.patchbay.license.server.api.LicenseServerApi;
import io.patchbay.license.testing.SimulatedMachine;
import io.patchbay.testsupport.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license core's real client (license-manager/license) against this real server over HTTPS: the two halves
 * agree on the messages, over the production {@link HttpsLeaseTransport}. Online activation, renewals, revocation
 * at the next renewal, and offline activation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientInteropTest {
    @TempDir
    static Path temp;

    LicenseServerFixture fx;
    final MutableClock clientClock = new MutableClock(LicenseServerFixture.START);

    @BeforeAll
    void start() throws Exception {
        fx = LicenseServerFixture.h2(temp.resolve("server"));
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    private LicenseClient client(String dir, String machine) throws Exception {
        return LicenseClient.builder().dataDirectory(temp.resolve(dir)).applicationId("com.example.app")
                .vendorKeys(fx.vendorKeys()).clock(clientClock).fingerprint(SimulatedMachine.server(machine))
                .transport(transport(fx)).open();
    }

    /** The production transport, pinned to this server's key. */
    static HttpsLeaseTransport transport(LicenseServerFixture server) {
        return new HttpsLeaseTransport(server.server.baseUri(),
                List.of(TlsPins.PREFIX + server.server.certificatePinSha256()));
    }

    /** Both clocks move together; the client ticks every minute. */
    private void run(LicenseClient client, Duration total) {
        for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plusMinutes(1)) {
            clientClock.advance(Duration.ofMinutes(1));
            fx.clock.advance(Duration.ofMinutes(1));
            client.tick();
        }
    }

    @Test
    void onlineActivationRenewalsAndRevocationAtTheNextRenewal() throws Exception {
        License license = fx.issue("\"checkInSeconds\":3600,\"offlineGraceSeconds\":259200");
        try (LicenseClient client = client("online", "alpha")) {
            assertFalse(client.entitlements().enabled("reports"));
            client.activate(license.key());
            assertTrue(client.entitlements().enabled("reports"));
            assertEquals(LicenseCode.VALID, client.entitlements().status("export").code());

            run(client, Duration.ofHours(3));
            assertEquals(LicenseCode.VALID, client.entitlements().status("reports").code(), "renewed twice or more");
            JsonNode shown = LicenseServerFixture.json(fx.admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(),
                    fx.readOnlyToken, null));
            assertTrue(fx.clock.instant().minus(Duration.ofHours(1)).isBefore(
                    java.time.Instant.parse(shown.at("/activations/0/lastSeenAt").asText())),
                    "the server saw a renewal within the last interval: " + shown.get("activations"));
            assertEquals(0, fx.flags(license.id()).size(), "the real client raises no flag: " + fx.flags(license.id()));

            assertEquals(200, fx.setStatus("revoke", license.id()).statusCode());
            run(client, Duration.ofMinutes(61));
            assertEquals(LicenseCode.REVOKED, client.entitlements().status("reports").code());
            assertFalse(client.entitlements().enabled("reports"));
        }
    }

    @Test
    void offlineActivationThroughTheOperatorEndpoint() throws Exception {
        License license = fx.issue("");
        try (LicenseClient client = client("offline", "beta")) {
            Path request = temp.resolve("request.jws");
            client.writeActivationRequest(license.key(), request);
            HttpResponse<String> answer = fx.admin("POST", LicenseServerApi.OFFLINE_ACTIVATE, fx.operatorToken,
                    "{\"request\":\"" + Files.readString(request).strip() + "\"}");
            assertEquals(200, answer.statusCode(), answer.body());
            client.importToken(LicenseServerFixture.json(answer).get("token").asText());
            assertTrue(client.entitlements().enabled("reports"));
        }
    }
}
