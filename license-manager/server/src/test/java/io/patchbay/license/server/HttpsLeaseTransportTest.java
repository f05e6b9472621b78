package io.patchbay.license.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.crypto.api.TlsPins;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LeaseTransport;
import io.patchbay.license.http.HttpsLeaseTransport;
import io.patchbay.license.server.api.LicenseServerApi;
import io.patchbay.license.server.LicenseServerFixture.License;
import io.patchbay.license.testing.SimulatedMachine;
import io.patchbay.testsupport.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license core's production transport against the real license server: only the pinned key is trusted, an
 * oversize or late answer is refused, and an outage is no answer (the lease and the offline grace keep the feature).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsLeaseTransportTest {
    private static final String LEASED = "\"checkInSeconds\":3600,\"offlineGraceSeconds\":259200";

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

    private LicenseClient client(String dir, LeaseTransport transport) throws Exception {
        return LicenseClient.builder().dataDirectory(temp.resolve(dir)).applicationId("com.example.app")
                .vendorKeys(fx.vendorKeys()).clock(clientClock).fingerprint(SimulatedMachine.server(dir)).transport(transport).open();
    }

    private List<String> pins() {
        return List.of(TlsPins.PREFIX + fx.server.certificatePinSha256());
    }

    @Test
    void aServerWithAnotherKeyIsRefusedAndNothingIsActivated() throws Exception {
        License license = fx.issue("");
        String otherPin = TlsPins.PREFIX + Base64.getEncoder().encodeToString(new byte[32]);
        try (LicenseClient client = client("mismatch", new HttpsLeaseTransport(fx.server.baseUri(), List.of(otherPin)))) {
            IOException refused = assertThrows(IOException.class, () -> client.activate(license.key()));
            assertTrue(String.valueOf(refused.getMessage()).contains("failed"), refused.getMessage());
            assertTrue(causes(refused).contains("not pinned"), causes(refused));
            assertFalse(client.entitlements().enabled("reports"));
        }
        assertThrows(IllegalArgumentException.class, () -> new HttpsLeaseTransport(fx.server.baseUri(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new HttpsLeaseTransport(
                URI.create("http://127.0.0.1:1"), pins()));
    }

    @Test
    void anAnswerLargerThanTheLimitIsRefused() throws Exception {
        License license = fx.issue("");
        HttpsLeaseTransport small = new HttpsLeaseTransport(fx.server.baseUri(), pins(), Duration.ofSeconds(10),
                Duration.ofSeconds(30), 256);
        try (LicenseClient client = client("oversize", small)) {
            IOException refused = assertThrows(IOException.class, () -> client.activate(license.key()));
            assertTrue(causes(refused).contains("larger than 256 bytes"), causes(refused));
            assertFalse(client.entitlements().enabled("reports"));
        }
    }

    @Test
    void aServerThatNeverAnswersIsCutOffAtTheExchangeTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpsLeaseTransport transport = new HttpsLeaseTransport(
                    URI.create("https://127.0.0.1:" + silent.getLocalPort()), pins(), Duration.ofSeconds(2),
                    Duration.ofMillis(300), 4096);
            long started = System.nanoTime();
            IOException late = assertThrows(IOException.class, () -> transport.renew("x.y.z"));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0);
            assertTrue(late.getMessage().contains("no complete answer within"), late.getMessage());
        }
    }

    @Test
    void refusalsNameTheServersReason() throws Exception {
        IOException refused = assertThrows(IOException.class,
                () -> new HttpsLeaseTransport(fx.server.baseUri(), pins()).activate("not.a.jws"));
        assertTrue(refused.getMessage().contains("/license/v1/activate refused: 400"), refused.getMessage());
    }

    @Test
    void anOutageIsNoAnswerTheGraceKeepsTheFeatureThenItStops() throws Exception {
        License license = fx.issue(LEASED);
        try (LicenseClient client = client("outage", new HttpsLeaseTransport(fx.server.baseUri(), pins()))) {
            client.activate(license.key());
            assertTrue(client.entitlements().enabled("reports"));
            fx.server.close();
            try {
                clientClock.advance(Duration.ofHours(2));
                client.tick();
                FeatureStatus overdue = client.entitlements().status("reports");
                assertEquals(LicenseCode.LEASE_OVERDUE, overdue.code());
                assertTrue(overdue.inGrace() && overdue.enabled(), "a server outage within grace cuts nobody off");

                clientClock.advance(Duration.ofDays(4));
                client.tick();
                assertEquals(LicenseCode.LEASE_OVERDUE, client.entitlements().status("reports").code());
                assertFalse(client.entitlements().enabled("reports"), "after the lease and the grace it stops");
            } finally {
                fx.start();
            }
        }
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append(" / ");
        }
        return all.toString();
    }

    /** Activates as a host whose update agent is {@code clientId}: what the sample host's transport does. */
    private static LeaseTransport naming(LeaseTransport https, String clientId) {
        return new LeaseTransport() {
            @Override
            public String renew(String signedRequest) throws IOException {
                return https.renew(signedRequest);
            }

            @Override
            public String activate(String signedRequest) throws IOException {
                return https.activate(signedRequest, clientId);
            }
        };
    }

    /** Activates a fresh license from a host whose agent is {@code clientId}; the license's server-side view. */
    private JsonNode activatedAs(String dir, String clientId, License license) throws Exception {
        clientClock.set(fx.clock.instant()); // another test moved the host's clock on
        LeaseTransport https = new HttpsLeaseTransport(fx.server.baseUri(), pins());
        try (LicenseClient client = client(dir, naming(https, clientId))) {
            client.activate(license.key());
        }
        return LicenseServerFixture.json(fx.admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(),
                fx.operatorToken, null));
    }

    @Test
    void anActivationNamesTheHostsUpdateClientSoARevocationWakesIt() throws Exception {
        License license = fx.issue("");
        JsonNode details = activatedAs("named", "client-42", license);
        assertEquals("client-42", details.get("activations").get(0).get("clientId").asText(), details.toString());
        HttpResponse<String> revoked = fx.setStatus("revoke", license.id());
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(1, LicenseServerFixture.json(revoked).get("notified").asInt(), "its agent is woken to renew");
    }

    @Test
    void anIdTheServerWouldRefuseIsLeftOutAndTheActivationStillSucceeds() throws Exception {
        JsonNode details = activatedAs("unnamed", "not an id/../x", fx.issue(""));
        assertTrue(details.get("activations").get(0).path("clientId").isNull(), details.toString());
    }
}
