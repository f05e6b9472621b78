package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond the in-flight limit the device API answers 503 with Retry-After. One request is held in flight by
 * a body that the client only sends once the server has started reading it (Expect: 100-continue) and a
 * latch releases; no sleeps.
 */
class LoadSheddingTest {
    @TempDir
    Path dataDirectory;

    @Test
    void aSaturatedServerAnswers503WithRetryAfterAndRecovers() throws Exception {
        try (ServerFixture fx = ServerFixture.h2(dataDirectory, b -> b.maxInFlight(1))) {
            ServerFixture.Device device = ServerFixture.Device.generate();
            String body = device.enrollBody(fx.enrollmentToken("stable"));
            CountDownLatch serverReading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            HttpRequest held = HttpRequest.newBuilder(fx.uri("/device/v1/enroll"))
                    .header("Content-Type", "application/json").expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> gated(body, serverReading, release)))
                    .build();
            CompletableFuture<HttpResponse<String>> first = fx.http.sendAsync(held, HttpResponse.BodyHandlers.ofString());
            assertTrue(serverReading.await(10, TimeUnit.SECONDS), "the server never asked for the body");

            HttpResponse<String> shed = fx.post("/device/v1/enroll", ServerFixture.Device.generate().enrollBody("x"),
                    java.util.Map.of());
            assertRefused(503, "unavailable", shed);
            assertEquals("5", shed.headers().firstValue("Retry-After").orElse(null));
            // The admin API is not behind the device limit.
            assertEquals(200, fx.admin("GET", "/admin/v1/clients", fx.init.adminToken(), null).statusCode());

            release.countDown();
            assertEquals(201, first.get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(201, fx.post("/device/v1/enroll", ServerFixture.Device.generate()
                    .enrollBody(fx.enrollmentToken("stable")), java.util.Map.of()).statusCode());
        }
    }

    /** The body, sent only after {@code release}; {@code reading} says the client was asked for it. */
    private static InputStream gated(String body, CountDownLatch reading, CountDownLatch release) {
        reading.countDown();
        try {
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IOException("never released");
            }
        } catch (InterruptedException | IOException e) {
            throw new UncheckedIOException(new IOException(e));
        }
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }
}
