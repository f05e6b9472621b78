package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static io.patchbay.server.https.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.impl.http.SecurityHeaders;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's sign-in, session cookie and CSRF token against an attacker: bad and revoked tokens, fixation,
 * expiry, forged cross-site requests (cookie without the CSRF header, or with another session's), a READ_ONLY session
 * trying every action, floods, oversized bodies, and path tricks on the asset handler; and the headers every
 * response carries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSecurityTest {
    static final String SESSION = "/dashboard/v1/session";
    static final String COOKIE = "__Host-pb_session";
    static final String CSRF = "X-Patchbay-CSRF";
    /** Every state-changing admin route of the server (the license extension's are not on this class path). */
    static final List<String> ACTIONS = List.of("/admin/v1/enrollment-tokens", "/admin/v1/clients/revoke",
            "/admin/v1/releases", "/admin/v1/deployments", "/admin/v1/deployments/cancel", "/admin/v1/pushes",
            "/admin/v1/server/push-key/rotate", "/admin/v1/admin-tokens", "/admin/v1/admin-tokens/revoke",
            "/admin/v1/server/certificate/stage", "/admin/v1/server/certificate/activate",
            "/admin/v1/server/certificate/finish", "/admin/v1/rollouts", "/admin/v1/rollouts/pause",
            "/admin/v1/rollouts/resume", "/admin/v1/rollouts/cancel", "/admin/v1/rollouts/rollback");

    @TempDir
    static Path dataDirectory;
    ServerFixture fx;
    String readOnlyToken;

    /** A signed-in browser: its cookie value and the CSRF token the page got. */
    record Browser(String cookie, String csrf, JsonNode session) {
    }

    @BeforeAll
    void start() throws Exception {
        fx = ServerFixture.h2(dataDirectory, b -> b);
        readOnlyToken = json(fx.admin("POST", "/admin/v1/admin-tokens", fx.adminToken,
                "{\"role\":\"READ_ONLY\",\"label\":\"viewer\"}")).get("token").asText();
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    @BeforeEach
    void newMinute() {
        fx.clock.advance(Duration.ofMinutes(2)); // a fresh sign-in window for each test
    }

    Browser signIn(String token) throws Exception {
        HttpResponse<String> response = fx.post(SESSION, "{\"token\":\"" + token + "\"}", Map.of());
        assertEquals(201, response.statusCode(), response.body());
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        String value = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        return new Browser(value, json(response).get("csrfToken").asText(), json(response));
    }

    HttpResponse<String> send(String method, String path, String cookie, String csrf, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fx.uri(path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (csrf != null) {
            request.header(CSRF, csrf);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return fx.send(request.build());
    }

    static String cookie(Browser browser) {
        return COOKIE + "=" + browser.cookie();
    }

    @Test
    void signInWithABadOrRevokedTokenIsRefusedAndOpensNothing() throws Exception {
        long before = fx.count("admin_tokens");
        for (String bad : new String[] {"", "pbadm_nope", "' OR '1'='1", fx.adminToken + "x"}) {
            assertRefused(401, "unauthorized", fx.post(SESSION, "{\"token\":\"" + bad + "\"}", Map.of()));
        }
        assertRefused(400, "malformed_json", fx.post(SESSION, "{\"token\":", Map.of()));
        assertRefused(415, "unsupported_media_type", send("POST", SESSION, null, null, null));
        String doomed = json(fx.admin("POST", "/admin/v1/admin-tokens", fx.adminToken,
                "{\"role\":\"OPERATOR\",\"label\":\"doomed\"}")).get("token").asText();
        String doomedId = json(fx.admin("POST", "/admin/v1/admin-tokens", fx.adminToken,
                "{\"role\":\"READ_ONLY\",\"label\":\"x\"}")).get("id").asText();
        Browser browser = signIn(doomed);
        assertEquals(200, send("GET", "/admin/v1/clients", cookie(browser), null, null).statusCode());
        String id = browser.session().get("tokenId").asText();
        assertEquals(200, fx.admin("POST", "/admin/v1/admin-tokens/revoke", fx.adminToken, "{\"id\":\"" + id + "\"}")
                .statusCode());
        assertRefused(401, "unauthorized", send("GET", "/admin/v1/clients", cookie(browser), null, null));
        assertRefused(401, "unauthorized", fx.post(SESSION, "{\"token\":\"" + doomed + "\"}", Map.of()));
        assertRefused(401, "unauthorized", send("GET", SESSION + "/current", cookie(browser), null, null));
        assertTrue(before + 2 >= fx.count("admin_tokens") && doomedId != null);
    }

    @Test
    void eachSignInMakesAFreshSessionAndAPlantedCookieIsNeverAdopted() throws Exception {
        Browser first = signIn(fx.adminToken);
        // an attacker plants a cookie of their choosing before the victim signs in
        String planted = COOKIE + "=pbses_AttackerChosenValue0000000000000000000000000";
        HttpRequest request = HttpRequest.newBuilder(fx.uri(SESSION)).header("Content-Type", "application/json")
                .header("Cookie", planted).POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + fx.adminToken
                        + "\"}")).build();
        HttpResponse<String> response = fx.send(request);
        assertEquals(201, response.statusCode(), response.body());
        assertFalse(response.headers().firstValue("Set-Cookie").orElseThrow().contains("AttackerChosen"));
        assertRefused(401, "unauthorized", send("GET", "/admin/v1/clients", planted, null, null));
        Browser second = signIn(fx.adminToken);
        assertNotEquals(first.cookie(), second.cookie());
        assertNotEquals(first.csrf(), second.csrf());
        // two cookies of the session's name (one planted beside the real one): refused, not guessed
        assertRefused(401, "unauthorized", send("GET", "/admin/v1/clients", cookie(second) + "; " + planted, null, null));
        for (String garbage : new String[] {";;;=", COOKIE + "=", COOKIE + "=\"" + second.cookie() + "",
                COOKIE + "=" + second.cookie().toUpperCase(), "x=" + second.cookie(), COOKIE + "=" + "a".repeat(4000)}) {
            assertRefused(401, "unauthorized", send("GET", "/admin/v1/clients", garbage, null, null));
        }
    }

    @Test
    void anExpiredOrIdleSessionIsRefused() throws Exception {
        Browser browser = signIn(fx.adminToken);
        fx.clock.advance(Duration.ofMinutes(31));
        assertRefused(401, "unauthorized", send("GET", "/admin/v1/clients", cookie(browser), null, null));
        Browser busy = signIn(fx.adminToken);
        for (int i = 0; i < 23; i++) {
            fx.clock.advance(Duration.ofMinutes(20));
            assertEquals(200, send("GET", "/admin/v1/clients", cookie(busy), null, null).statusCode());
        }
        fx.clock.advance(Duration.ofMinutes(20));
        assertRefused(401, "unauthorized", send("GET", "/admin/v1/clients", cookie(busy), null, null));
    }

    @Test
    void aCookieWithoutTheCsrfHeaderOrWithAnotherSessionsChangesNothing() throws Exception {
        Browser victim = signIn(fx.adminToken);
        Browser attacker = signIn(readOnlyToken);
        String body = "{\"channel\":\"stable\",\"ttlSeconds\":60}";
        Map<String, List<String>> before = fx.snapshot();
        assertRefused(403, "csrf", send("POST", "/admin/v1/enrollment-tokens", cookie(victim), null, body));
        assertRefused(403, "csrf", send("POST", "/admin/v1/enrollment-tokens", cookie(victim), attacker.csrf(), body));
        assertRefused(403, "csrf", send("POST", "/admin/v1/enrollment-tokens", cookie(victim), "", body));
        assertRefused(403, "csrf", send("POST", "/admin/v1/enrollment-tokens", cookie(victim),
                victim.csrf().substring(1), body));
        assertRefused(403, "csrf", send("POST", SESSION + "/end", cookie(victim), null, "{}"));
        assertEquals(before, fx.snapshot(), "forged requests wrote nothing");
        assertEquals(201, send("POST", "/admin/v1/enrollment-tokens", cookie(victim), victim.csrf(), body).statusCode());
        // reads need no CSRF token; a bearer caller (the command line) needs none either
        assertEquals(200, send("GET", "/admin/v1/clients", cookie(victim), null, null).statusCode());
        assertEquals(201, fx.admin("POST", "/admin/v1/enrollment-tokens", fx.adminToken, body).statusCode());
    }

    @Test
    void aReadOnlySessionIsRefusedOnEveryAction() throws Exception {
        Browser viewer = signIn(readOnlyToken);
        assertEquals("READ_ONLY", viewer.session().get("role").asText());
        Map<String, List<String>> before = fx.snapshot();
        for (String action : ACTIONS) {
            HttpResponse<String> refused = send("POST", action, cookie(viewer), viewer.csrf(), "{}");
            assertRefused(403, "forbidden", refused);
        }
        HttpRequest upload = HttpRequest.newBuilder(fx.uri("/admin/v1/uploads")).header("Cookie", cookie(viewer))
                .header(CSRF, viewer.csrf()).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'P', 'K'})).build();
        assertRefused(403, "forbidden", fx.send(upload));
        assertEquals(before, fx.snapshot(), "nothing changed");
        assertEquals(200, send("GET", "/admin/v1/releases/list", cookie(viewer), null, null).statusCode());
        assertEquals(200, send("GET", "/admin/v1/audit", cookie(viewer), null, null).statusCode());
    }

    @Test
    void aFloodOfSignInsIsBoundedInRateAndInSessions() throws Exception {
        int created = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 40; i++) {
            last = fx.post(SESSION, "{\"token\":\"" + fx.adminToken + "\"}", Map.of());
            if (last.statusCode() == 201) {
                created++;
            }
        }
        assertEquals(30, created, "30 sign-ins a minute per node");
        assertRefused(429, "too_many_sign_ins", last);
        assertTrue(last.headers().firstValue("Retry-After").isPresent());
        assertRefused(429, "too_many_sign_ins", fx.post(SESSION, "{\"token\":\"bad\"}", Map.of()));
        try (var c = fx.database.dataSource().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM dashboard_sessions s JOIN admin_tokens t ON t.id = s.token_id"
                     + " WHERE t.label = 'init'")) {
            rs.next();
            assertTrue(rs.getInt(1) <= 5, "at most 5 sessions per token, was " + rs.getInt(1));
        }
        fx.clock.advance(Duration.ofMinutes(1));
        signIn(fx.adminToken);
    }

    @Test
    void oversizedBodiesAreRefusedBeforeReading() throws Exception {
        assertRefused(413, "too_large", fx.post(SESSION, "{\"token\":\"" + "a".repeat(4000) + "\"}", Map.of()));
        Browser browser = signIn(fx.adminToken);
        assertRefused(413, "too_large", send("POST", SESSION + "/end", cookie(browser), browser.csrf(),
                "{\"x\":\"" + "a".repeat(4000) + "\"}"));
        assertRefused(413, "too_large", send("GET", "/dashboard", null, null, "{}"));
    }

    @Test
    void theAssetHandlerServesItsOwnFilesAndNothingElse() throws Exception {
        HttpResponse<String> app = send("GET", "/dashboard/assets/app.js", null, null, null);
        assertEquals(200, app.statusCode());
        assertEquals("text/javascript; charset=utf-8", app.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(app.body().contains("import"), "a module");
        for (String probe : new String[] {"/dashboard/assets/../../admin/v1/clients", "/dashboard/assets/..%2f..%2fpom.xml",
                "/dashboard/assets/%2e%2e/%2e%2e/etc/passwd", "/dashboard/assets/..%5c..%5cpom.xml",
                "/dashboard/assets/app.js%00.txt", "/dashboard/assets/index.html", "/dashboard/assets/",
                "/dashboard/assets/V8__dashboard.sql", "/dashboard/assets/..", "/dashboard/assets/%2e%2e",
                "/dashboard/assets/app.js/../../../io/patchbay/server/impl/ServerRuntime.class",
                "/dashboard/assets/dashboard%2fapp.js", "/dashboard/assets/APP.JS"}) {
            HttpResponse<String> response = fx.send(HttpRequest.newBuilder(URI.create(fx.server.baseUri() + probe))
                    .GET().build());
            int status = response.statusCode();
            assertTrue(status == 404 || status == 400 || status == 401, probe + " -> " + status);
            assertFalse(response.body().contains("CREATE TABLE") || response.body().contains("root:")
                    || response.body().contains("<project") || response.body().contains("import {"), probe);
        }
    }

    @Test
    void everyResponseCarriesAStrictPolicyAndTheCookieItsFlags() throws Exception {
        HttpResponse<String> page = send("GET", "/dashboard", null, null, null);
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertFalse(page.body().contains("<script>") || page.body().contains("style="), "nothing inline");
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no other origin");
        for (HttpResponse<String> response : List.of(page, send("GET", "/dashboard/assets/style.css", null, null, null),
                send("GET", "/admin/v1/clients", null, null, null), send("GET", "/nowhere", null, null, null),
                fx.post(SESSION, "{\"token\":\"bad\"}", Map.of()))) {
            var headers = response.headers();
            String csp = headers.firstValue("Content-Security-Policy").orElseThrow();
            assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY, csp);
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self';")
                    && csp.contains("style-src 'self';") && csp.contains("frame-ancestors 'none'")
                    && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
            assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElseThrow());
            assertEquals("no-referrer", headers.firstValue("Referrer-Policy").orElseThrow());
            assertEquals("no-store", headers.firstValue("Cache-Control").orElseThrow());
        }
        HttpResponse<String> signedIn = fx.post(SESSION, "{\"token\":\"" + fx.adminToken + "\"}", Map.of());
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.startsWith(COOKIE + "=pbses_"), setCookie);
        for (String flag : new String[] {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict", "; Max-Age=28800"}) {
            assertTrue(setCookie.contains(flag), setCookie + " lacks " + flag);
        }
        assertFalse(setCookie.toLowerCase().contains("domain="), setCookie);
        assertFalse(signedIn.body().contains("pbses_"), "the cookie value is not in the body (scripts never see it)");
    }

    @Test
    void signOutEndsTheSessionEverywhere() throws Exception {
        Browser browser = signIn(fx.adminToken);
        HttpResponse<String> out = send("POST", SESSION + "/end", cookie(browser), browser.csrf(), "{}");
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertRefused(401, "unauthorized", send("GET", "/admin/v1/clients", cookie(browser), null, null));
        assertRefused(401, "unauthorized", send("POST", SESSION + "/end", cookie(browser), browser.csrf(), "{}"));
    }

    @Test
    void successfulChangesAreAuditedWithWhoWhenAndWhatWhateverTheClient() throws Exception {
        Browser browser = signIn(fx.adminToken);
        String body = "{\"channel\":\"audited\",\"ttlSeconds\":60}";
        assertEquals(201, fx.admin("POST", "/admin/v1/enrollment-tokens", fx.adminToken, body).statusCode());
        assertEquals(201, send("POST", "/admin/v1/enrollment-tokens", cookie(browser), browser.csrf(), body)
                .statusCode());
        send("POST", "/admin/v1/enrollment-tokens", cookie(browser), null, body); // refused: not audited
        fx.admin("POST", "/admin/v1/enrollment-tokens", readOnlyToken, body); // refused: not audited

        JsonNode entries = json(fx.admin("GET", "/admin/v1/audit?limit=3", readOnlyToken, null)).get("entries");
        assertEquals(3, entries.size(), entries.toString());
        assertEquals("SESSION", entries.get(0).get("via").asText());
        assertEquals("/admin/v1/enrollment-tokens", entries.get(0).get("path").asText());
        assertEquals("init", entries.get(0).get("tokenLabel").asText());
        assertEquals(201, entries.get(0).get("status").asInt());
        assertTrue(entries.get(0).get("detail").asText().contains("audited"));
        assertEquals("BEARER", entries.get(1).get("via").asText());
        assertEquals(SESSION, entries.get(2).get("path").asText(), "the sign-in itself");
        assertFalse(entries.get(2).get("detail").asText().contains(fx.adminToken), "the token is redacted");
        assertTrue(entries.get(2).get("detail").asText().contains("[redacted]"));
        assertEquals(fx.clock.instant().toString(), entries.get(0).get("at").asText());

        long next = json(fx.admin("GET", "/admin/v1/audit?limit=1", readOnlyToken, null)).get("next").asLong();
        JsonNode older = json(fx.admin("GET", "/admin/v1/audit?limit=1&before=" + next, readOnlyToken, null))
                .get("entries");
        assertEquals("BEARER", older.get(0).get("via").asText());
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/audit?before=x", readOnlyToken, null));
        assertRefused(400, "bad_query", fx.admin("GET", "/admin/v1/audit?limit=100000", readOnlyToken, null));
        assertRefused(401, "unauthorized", fx.admin("GET", "/admin/v1/audit", null, null));
    }
}
