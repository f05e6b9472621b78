package io.patchbay.license.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.license.server.LicenseServerFixture.Instance;
import io.patchbay.license.server.LicenseServerFixture.License;
import io.patchbay.license.server.api.LicenseServerApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: forged, replayed, oversize, stale and unknown requests; admin roles.
 * Run on H2 and PostgreSQL by {@link AbstractLicenseServerTest}.
 */
interface RefusalsContract {
    LicenseServerFixture fx();

    @Test
    default void forgedReplayedOversizeStaleAndUnknownRequestsAreRefusedWithTheirReasons() throws Exception {
        License license = fx().issue("\"maxMachines\":5");
        Instance instance = fx().instance();
        String jws = instance.activationJws(license.key(), fx().now());
        String[] parts = jws.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String forgedPayload = io.patchbay.crypto.api.Base64Url.encode(payload.replace(license.key(),
                license.key().substring(0, license.key().length() - 1) + "x").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> forged = fx().send(LicenseServerApi.ACTIVATE, parts[0] + "." + forgedPayload + "." + parts[2]);
        assertEquals(400, forged.statusCode());
        assertEquals("bad_signature", LicenseServerFixture.error(forged));
        // Signed by another key than the instance key it names.
        Instance other = fx().instance();
        String swapped = parts[0] + "." + parts[1] + "." + other.activationJws(license.key(), fx().now()).split("\\.")[2];
        assertEquals("bad_signature", LicenseServerFixture.error(fx().send(LicenseServerApi.ACTIVATE, swapped)));

        assertEquals(200, fx().send(LicenseServerApi.ACTIVATE, jws).statusCode());
        HttpResponse<String> replayed = fx().send(LicenseServerApi.ACTIVATE, jws);
        assertEquals(409, replayed.statusCode());
        assertEquals("replayed", LicenseServerFixture.error(replayed));

        HttpResponse<String> oversize = fx().post(LicenseServerApi.ACTIVATE, "{\"request\":\"" + "a".repeat(30_000) + "\"}");
        assertEquals(413, oversize.statusCode());
        HttpResponse<String> huge = fx().send(LicenseServerApi.ACTIVATE, "a".repeat(18_000));
        assertEquals(400, huge.statusCode(), "a message over the core's 16 Ki limit is refused before parsing");
        assertEquals("malformed_json", LicenseServerFixture.error(fx().post(LicenseServerApi.ACTIVATE, "{\"request\":")));
        assertEquals("invalid_input", LicenseServerFixture.error(fx().post(LicenseServerApi.ACTIVATE, "{}")));

        HttpResponse<String> stale = fx().send(LicenseServerApi.ACTIVATE,
                fx().instance().activationJws(license.key(), fx().now().minus(Duration.ofDays(2))));
        assertEquals("stale_request", LicenseServerFixture.error(stale));
        HttpResponse<String> unknown = fx().send(LicenseServerApi.ACTIVATE, fx().instance().activationJws("LK-nosuchkey", fx().now()));
        assertEquals(403, unknown.statusCode());
        assertEquals("unknown_license", LicenseServerFixture.error(unknown));

        instance.licenseId = license.id();
        instance.freshness = null;
        String lease = instance.leaseJws(license.id(), null, fx().now());
        assertEquals(200, fx().send(LicenseServerApi.RENEW, lease).statusCode());
        assertEquals("replayed", LicenseServerFixture.error(fx().send(LicenseServerApi.RENEW, lease)));
        assertEquals("unknown_freshness", LicenseServerFixture.error(instance.renewPresenting("fNeverIssuedValue")));
        assertEquals("not_activated", LicenseServerFixture.error(fx().send(LicenseServerApi.RENEW,
                fx().instance().leaseJws(license.id(), null, fx().now()))));
    }

    @Test
    default void adminRoutesNeedATokenAndTheOperatorRoleToChange() throws Exception {
        License license = fx().issue("");
        String issue = "{\"customer\":\"x\",\"features\":[{\"name\":\"a\"}]}";
        assertEquals(401, fx().admin("GET", LicenseServerApi.LIST, null, null).statusCode());
        assertEquals(401, fx().admin("GET", LicenseServerApi.LIST, "not-a-token", null).statusCode());
        assertEquals(200, fx().admin("GET", LicenseServerApi.LIST, fx().readOnlyToken, null).statusCode());
        assertEquals(200, fx().admin("GET", LicenseServerApi.SHOW + "?id=" + license.id(), fx().readOnlyToken, null).statusCode());
        assertEquals(200, fx().admin("GET", LicenseServerApi.FLAGS, fx().readOnlyToken, null).statusCode());
        assertEquals(403, fx().admin("POST", LicenseServerApi.LICENSES, fx().readOnlyToken, issue).statusCode());
        String change = "{\"id\":\"" + license.id() + "\"}";
        assertEquals(403, fx().admin("POST", LicenseServerApi.REVOKE, fx().readOnlyToken, change).statusCode());
        assertEquals(403, fx().admin("POST", LicenseServerApi.SUSPEND, fx().readOnlyToken, change).statusCode());
        assertEquals(403, fx().admin("POST", LicenseServerApi.ROTATE_KEY, fx().readOnlyToken, "{}").statusCode());
        assertEquals(201, fx().admin("POST", LicenseServerApi.LICENSES, fx().operatorToken, issue).statusCode());
        assertEquals("invalid_input", LicenseServerFixture.error(fx().admin("POST", LicenseServerApi.LICENSES,
                fx().operatorToken, "{\"customer\":\"x\",\"features\":[]}")));
        assertEquals("invalid_input", LicenseServerFixture.error(fx().admin("POST", LicenseServerApi.LICENSES,
                fx().operatorToken, "{\"customer\":\"x\",\"features\":[{\"name\":\"bad name!\"}]}")));
        assertEquals("invalid_input", LicenseServerFixture.error(fx().admin("POST", LicenseServerApi.LICENSES,
                fx().operatorToken, "{\"customer\":\"x\",\"features\":[{\"name\":\"a\"}],\"maxSeats\":2,"
                        + "\"seatTimeoutSeconds\":600,\"checkInSeconds\":600}")));
        assertEquals(404, fx().admin("GET", LicenseServerApi.SHOW + "?id=lic_000000000000000000000000",
                fx().readOnlyToken, null).statusCode());
        assertEquals("invalid_input", LicenseServerFixture.error(fx().admin("GET", LicenseServerApi.SHOW + "?id=x'--",
                fx().readOnlyToken, null)));
        String listed = fx().admin("GET", LicenseServerApi.LIST, fx().readOnlyToken, null).body();
        assertTrue(listed.contains(license.id()));
        assertTrue(!listed.contains(license.key()), "the license key is shown once, at issue");
    }
}
