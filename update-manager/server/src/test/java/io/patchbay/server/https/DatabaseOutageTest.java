package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.CHECK_IN;
import static io.patchbay.server.https.AbstractDeviceApiTest.FEEDBACK;
import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static io.patchbay.server.https.ServerFixture.checkInBody;
import static io.patchbay.server.https.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.server.testing.TcpRelay;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away under a running server (PostgreSQL behind a relay whose connections are reset, as a failed
 * network or a database fail-over would): device requests get 503 with Retry-After rather than a 500 or a
 * misleading 401, nothing a client was told was accepted is lost, and the server serves again once the database is
 * back, with no restart.
 */
class DatabaseOutageTest {
    static final Duration HEAL_WITHIN = Duration.ofSeconds(20);
    static final String FAILED = "{\"targetSequence\":2,\"state\":\"ROLLED_BACK\",\"cause\":\"health check failed\"}";

    @TempDir
    Path dataDirectory;

    @Test
    void anOutageAnswers503WithRetryAfterLosesNoAcceptedReportAndHeals() throws Exception {
        try (TcpRelay relay = new TcpRelay(io.patchbay.server.testing.PostgresServer.get().port());
             ServerFixture fx = ServerFixture.postgresThrough(dataDirectory, relay)) {
            ServerFixture.Device device = fx.enroll("stable");
            assertEquals(200, fx.signed(device, CHECK_IN, checkInBody(1)).statusCode());
            HttpResponse<String> accepted = fx.signed(device, FEEDBACK, FAILED);
            assertEquals(202, accepted.statusCode(), accepted.body());
            Map<String, List<String>> before = fx.snapshot();

            relay.cut();
            // the signed request's key lookup is the first thing to need the database: it must not turn into
            // "unknown client" (which would make an agent re-enroll) but into "try again later"
            HttpResponse<String> checkIn = fx.signed(device, CHECK_IN, checkInBody(2));
            assertRefused(503, "unavailable", checkIn);
            assertEquals("5", checkIn.headers().firstValue("Retry-After").orElse(null));
            assertRefused(503, "unavailable", fx.signed(device, FEEDBACK,
                    "{\"targetSequence\":3,\"state\":\"COMMITTED\"}"));
            assertRefused(503, "unavailable", fx.post("/device/v1/enroll",
                    ServerFixture.Device.generate().enrollBody("any"), Map.of()));
            HttpResponse<String> adminView = fx.admin("GET", "/admin/v1/clients", fx.init.adminToken(), null);
            assertRefused(503, "unavailable", adminView);
            assertEquals(before, fx.snapshot(), "the outage changed nothing and lost nothing");

            relay.restore();
            // the pool reconnects on its own; the client, as an agent does after Retry-After, simply asks again
            HttpResponse<String> healed = fx.signed(device, CHECK_IN, checkInBody(3));
            long deadline = System.nanoTime() + HEAL_WITHIN.toNanos();
            while (healed.statusCode() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(200); // the retry interval of a bounded wait for the pool, not a wait for an outcome
                healed = fx.signed(device, CHECK_IN, checkInBody(3));
            }
            assertEquals(200, healed.statusCode(), healed.body());
            HttpResponse<String> resent = fx.signed(device, FEEDBACK, "{\"targetSequence\":3,\"state\":\"COMMITTED\"}");
            assertEquals(202, resent.statusCode(), resent.body());
            HttpResponse<String> failed = fx.admin("GET", "/admin/v1/installs/failed", fx.init.adminToken(), null);
            assertEquals("health check failed", json(failed).get("installs").get(0).get("cause").asText(),
                    "the report accepted before the outage survived it");
            assertEquals(2, fx.count("install_reports"));
        }
    }
}
