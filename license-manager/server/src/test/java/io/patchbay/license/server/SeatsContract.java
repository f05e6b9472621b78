package io.patchbay.license.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.license.server.LicenseServerFixture.Instance;
import io.patchbay.license.server.LicenseServerFixture.License;
import io.patchbay.license.server.api.LicenseServerApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Floating seats: at most N, under a race too; released and culled seats are reusable.
 * Run on H2 and PostgreSQL by {@link AbstractLicenseServerTest}.
 */
interface SeatsContract {
    LicenseServerFixture fx();

    @Test
    default void theNPlusFirstConcurrentSeatIsRefusedAndAReleasedOrCulledSeatIsReusable() throws Exception {
        License license = fx().issue("\"maxMachines\":10,\"maxSeats\":2,\"seatTimeoutSeconds\":900,\"checkInSeconds\":300");
        Instance a = fx().instance();
        Instance b = fx().instance();
        Instance c = fx().instance();
        Instance d = fx().instance();
        a.activated(license.key());
        b.activated(license.key());
        HttpResponse<String> third = c.activate(license.key());
        assertEquals(409, third.statusCode());
        assertEquals("seat_limit", LicenseServerFixture.error(third));
        assertTrue(third.headers().firstValue("Retry-After").isPresent());
        JsonNode shown = LicenseServerFixture.json(fx().admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(),
                fx().readOnlyToken, null));
        assertEquals(2, shown.get("activations").size(), "a refused activation leaves no activation behind");

        HttpResponse<String> released = a.release();
        assertEquals(200, released.statusCode(), released.body());
        assertTrue(LicenseServerFixture.json(released).get("released").asBoolean());
        c.activated(license.key());
        assertEquals("seat_limit", LicenseServerFixture.error(d.activate(license.key())));
        // a's renewal finds no seat free now: its seat went to c.
        assertEquals("seat_limit", LicenseServerFixture.error(a.renew()));

        // c keeps its seat with heartbeats; b stops sending them and its seat dies after the timeout.
        fx().clock.advance(Duration.ofMinutes(10));
        assertEquals(200, c.renew().statusCode());
        fx().clock.advance(Duration.ofMinutes(6));
        d.activated(license.key());
        assertEquals("seat_limit", LicenseServerFixture.error(b.renew()), "b's dead seat went to d");
    }

    @Test
    default void concurrentActivationsTakeAtMostNSeats() throws Exception {
        License license = fx().issue("\"maxMachines\":20,\"maxSeats\":3,\"checkInSeconds\":300");
        int racers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Instance instance = fx().instance();
                answers.add(pool.submit(() -> {
                    go.await();
                    return instance.activate(license.key());
                }));
            }
            go.countDown();
            int granted = 0;
            int refused = 0;
            for (java.util.concurrent.Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    granted++;
                } else {
                    assertEquals("seat_limit", LicenseServerFixture.error(response), response.body());
                    refused++;
                }
            }
            assertEquals(3, granted, "exactly N seats under a race");
            assertEquals(racers - 3, refused);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void aDeadSeatIsCulledAndReusable() throws Exception {
        // No machine limit given: a floating license is limited by its seats.
        License license = fx().issue("\"maxSeats\":1,\"seatTimeoutSeconds\":600,\"checkInSeconds\":120");
        Instance a = fx().instance();
        Instance b = fx().instance();
        a.activated(license.key());
        assertEquals("seat_limit", LicenseServerFixture.error(b.activate(license.key())));
        fx().clock.advance(Duration.ofSeconds(599));
        assertEquals("seat_limit", LicenseServerFixture.error(b.activate(license.key())), "alive until the timeout");
        fx().clock.advance(Duration.ofSeconds(1));
        b.activated(license.key());
        JsonNode seats = LicenseServerFixture.json(fx().admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(),
                fx().readOnlyToken, null)).get("seats");
        assertEquals(2, seats.size(), seats.toString());
        assertTrue(seats.toString().contains("CULLED"), seats.toString());
        assertEquals("seat_limit", LicenseServerFixture.error(a.renew()), "a's seat is b's now");
    }
}
