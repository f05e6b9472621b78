package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static io.patchbay.server.https.ServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.impl.store.AdminTokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin tokens through the admin API: an operator issues a READ_ONLY token that can look but not change, lists
 * tokens without ever seeing a value or hash, revokes one (it stops working at once), and cannot revoke the last
 * OPERATOR token. Weaker or missing credentials change nothing.
 */
class AdminTokensApiTest {
    static final String TOKENS = "/admin/v1/admin-tokens";

    @TempDir
    Path dataDirectory;

    @Test
    void anOperatorIssuesListsAndRevokesTokensButNeverTheLastOperatorOne() throws Exception {
        try (ServerFixture fx = ServerFixture.h2(dataDirectory, b -> b)) {
            String operator = fx.init.adminToken();
            HttpResponse<String> created = fx.admin("POST", TOKENS, operator, "{\"role\":\"READ_ONLY\",\"label\":\"grafana\"}");
            assertEquals(201, created.statusCode(), created.body());
            String viewer = json(created).get("token").asText();
            String viewerId = json(created).get("id").asText();

            // the new token reads the fleet but cannot change anything, including tokens
            assertEquals(200, fx.admin("GET", "/admin/v1/clients", viewer, null).statusCode());
            Map<String, List<String>> before = fx.snapshot();
            assertRefused(403, "forbidden", fx.admin("POST", TOKENS, viewer, "{\"role\":\"OPERATOR\"}"));
            assertRefused(403, "forbidden", fx.admin("GET", TOKENS + "/list", viewer, null));
            assertRefused(403, "forbidden", fx.admin("POST", TOKENS + "/revoke", viewer, "{\"id\":\"" + viewerId + "\"}"));
            assertRefused(401, "unauthorized", fx.admin("POST", TOKENS, null, "{\"role\":\"OPERATOR\"}"));
            assertRefused(400, "invalid_input", fx.admin("POST", TOKENS, operator, "{\"role\":\"ROOT\"}"));
            assertRefused(400, "invalid_input", fx.admin("POST", TOKENS, operator, "{\"role\":\"READ_ONLY\",\"label\":\"a\\u0000b\"}"));
            assertRefused(413, "too_large", fx.admin("POST", TOKENS, operator, "{\"role\":\"READ_ONLY\",\"label\":\""
                    + "x".repeat(300) + "\"}"));
            assertEquals(before, fx.snapshot(), "refused requests wrote nothing");

            HttpResponse<String> listed = fx.admin("GET", TOKENS + "/list", operator, null);
            assertEquals(200, listed.statusCode(), listed.body());
            assertFalse(listed.body().contains(viewer), "a listing never shows a token's value");
            assertFalse(listed.body().contains("hash"), listed.body());
            JsonNode tokens = json(listed).get("tokens");
            assertEquals(2, tokens.size());
            JsonNode grafana = byId(tokens, viewerId);
            assertEquals("READ_ONLY", grafana.get("role").asText());
            assertEquals("grafana", grafana.get("label").asText());
            assertTrue(grafana.get("revokedAt").isNull());

            assertEquals(200, fx.admin("POST", TOKENS + "/revoke", operator, "{\"id\":\"" + viewerId + "\"}").statusCode());
            assertRefused(401, "unauthorized", fx.admin("GET", "/admin/v1/clients", viewer, null));
            assertRefused(404, "unknown_token", fx.admin("POST", TOKENS + "/revoke", operator, "{\"id\":\"" + viewerId + "\"}"));
            assertRefused(400, "invalid_input", fx.admin("POST", TOKENS + "/revoke", operator, "{}"));

            // init's token is the only OPERATOR one: revoking it would lock everyone out
            String initId = null;
            for (JsonNode token : json(fx.admin("GET", TOKENS + "/list", operator, null)).get("tokens")) {
                if (token.get("role").asText().equals("OPERATOR")) {
                    initId = token.get("id").asText();
                }
            }
            assertRefused(409, "last_operator_token", fx.admin("POST", TOKENS + "/revoke", operator,
                    "{\"id\":\"" + initId + "\"}"));
            assertEquals(200, fx.admin("GET", "/admin/v1/clients", operator, null).statusCode());
            // with a second OPERATOR token it can go, and the second one keeps working
            String second = json(fx.admin("POST", TOKENS, operator, "{\"role\":\"OPERATOR\",\"label\":\"ops-2\"}"))
                    .get("token").asText();
            assertEquals(200, fx.admin("POST", TOKENS + "/revoke", second, "{\"id\":\"" + initId + "\"}").statusCode());
            assertRefused(401, "unauthorized", fx.admin("GET", "/admin/v1/clients", operator, null));
            assertEquals(200, fx.admin("GET", TOKENS + "/list", second, null).statusCode());
        }
    }

    static JsonNode byId(JsonNode tokens, String id) {
        for (JsonNode token : tokens) {
            if (token.get("id").asText().equals(id)) {
                return token;
            }
        }
        throw new AssertionError("no token " + id + " in " + tokens);
    }

    @Test
    void validTokensAreBounded() throws Exception {
        try (ServerFixture fx = ServerFixture.h2(dataDirectory, b -> b)) {
            AdminTokens store = new AdminTokens(fx.database, fx.clock);
            for (int i = 1; i < AdminTokens.MAX_ACTIVE; i++) { // init's token is the first
                store.create(io.patchbay.server.store.AdminRole.READ_ONLY, "bulk-" + i);
            }
            assertRefused(409, "too_many_tokens", fx.admin("POST", TOKENS, fx.init.adminToken(),
                    "{\"role\":\"READ_ONLY\"}"));
        }
    }
}
