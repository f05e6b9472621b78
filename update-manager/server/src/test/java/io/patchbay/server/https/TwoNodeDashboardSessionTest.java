package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.testing.DataDirectories;
import io.patchbay.server.testing.PostgresServer;
import io.patchbay.testsupport.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dashboard sessions on two server nodes sharing PostgreSQL (as behind a load balancer): a sign-in on node A works
 * on node B, its CSRF token too, every change is audited whichever node took it, and a sign-out on B ends the session
 * on A.
 */
class TwoNodeDashboardSessionTest {
    @TempDir
    Path nodeA;
    @TempDir
    Path nodeB;

    @Test
    void aSessionSignedInOnOneNodeWorksAndEndsOnTheOther() throws Exception {
        MutableClock clock = new MutableClock(ServerFixture.START);
        PostgresServer postgres = PostgresServer.get();
        String url = postgres.createDatabase("dash2_" + Long.toHexString(System.nanoTime()));
        InitResult init = builder(nodeA, url, postgres, clock).init();
        DataDirectories.copy(nodeA, nodeB);
        try (UpdateServer a = builder(nodeA, url, postgres, clock).start();
             UpdateServer b = builder(nodeB, url, postgres, clock).start()) {
            HttpClient http = ServerFixture.client(ServerFixture.trusting(a.certificate()));
            HttpResponse<String> signedIn = send(http, a.baseUri(), "POST", "/dashboard/v1/session", null, null,
                    "{\"token\":\"" + init.adminToken() + "\"}");
            assertEquals(201, signedIn.statusCode(), signedIn.body());
            String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String csrf = ServerFixture.json(signedIn).get("csrfToken").asText();

            assertEquals(200, send(http, b.baseUri(), "GET", "/admin/v1/clients", cookie, null, null).statusCode());
            assertRefused(403, "csrf", send(http, b.baseUri(), "POST", "/admin/v1/enrollment-tokens", cookie, null,
                    "{\"channel\":\"stable\"}"));
            assertEquals(201, send(http, b.baseUri(), "POST", "/admin/v1/enrollment-tokens", cookie, csrf,
                    "{\"channel\":\"stable\"}").statusCode());
            HttpResponse<String> audit = send(http, a.baseUri(), "GET", "/admin/v1/audit?limit=1", cookie, null, null);
            assertEquals("/admin/v1/enrollment-tokens",
                    ServerFixture.json(audit).get("entries").get(0).get("path").asText(), "B's change, read on A");

            assertEquals(200, send(http, b.baseUri(), "POST", "/dashboard/v1/session/end", cookie, csrf, "{}")
                    .statusCode());
            assertRefused(401, "unauthorized", send(http, a.baseUri(), "GET", "/admin/v1/clients", cookie, null, null));
        }
    }

    private static UpdateServer.Builder builder(Path dir, String url, PostgresServer postgres, MutableClock clock) {
        return UpdateServer.builder(dir).database(url, PostgresServer.USER, postgres.password()).clock(clock)
                .pollInterval(Duration.ofMinutes(5));
    }

    private static HttpResponse<String> send(HttpClient http, URI base, String method, String path, String cookie,
            String csrf, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header("X-Patchbay-CSRF", csrf);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
