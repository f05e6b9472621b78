package io.patchbay.server.https;

import static io.patchbay.server.https.AbstractDeviceApiTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.api.PushSettings;
import io.patchbay.server.https.ServerFixture.Device;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.tuf.api.model.Root;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-node stream cap (503 + Retry-After; a client may replace its own stream), and data directories initialised
 * before pushes existed: a push key is generated and published by a root rotation at start, or, with the root key
 * away, pushes are refused with {@code no_push_key} until {@code rotate-push-key} runs.
 */
class PushCapAndUpgradeTest {
    static final String PATH = "/device/v1/push";

    @TempDir
    Path dataDirectory;

    @Test
    void aNodeAtItsCapAnswers503WithRetryAfterButLetsAClientReplaceItsStream() throws Exception {
        try (ServerFixture fx = ServerFixture.h2(dataDirectory, b -> b.push(PushSettings.defaults()
                .withMaxConnections(1)))) {
            Device first = fx.enroll("stable");
            Device second = fx.enroll("stable");
            try (PushStreamClient held = PushStreamClient.open(fx.http, fx.uri(PATH), first.signGet(fx.clock, PATH));
                 PushStreamClient refused = PushStreamClient.open(fx.http, fx.uri(PATH), second.signGet(fx.clock, PATH))) {
                assertEquals(200, held.status());
                assertEquals(503, refused.status());
                assertEquals("30", refused.response.headers().firstValue("Retry-After").orElse(""));
                assertTrue(refused.body().contains("at_capacity"));
                try (PushStreamClient again = PushStreamClient.open(fx.http, fx.uri(PATH),
                        first.signGet(fx.clock, PATH))) {
                    assertEquals(200, again.status(), "a client may replace its own stream at the cap");
                    assertEquals("hello", again.nextEvent().event());
                    assertTrue(held.ended(), "the replaced stream ended");
                }
            }
        }
    }

    @Test
    void aStoppingServerEndsEveryStreamCleanly() throws Exception {
        PushStreamClient stream;
        try (ServerFixture fx = ServerFixture.h2(dataDirectory, b -> b)) {
            Device device = fx.enroll("stable");
            stream = PushStreamClient.open(fx.http, fx.uri(PATH), device.signGet(fx.clock, PATH));
            assertEquals("hello", stream.nextEvent().event());
        }
        assertTrue(stream.ended());
        assertTrue(!stream.cut, "the stream ended with its last chunk, not a reset");
        stream.close();
    }

    /** Makes the data directory look as it did before pushes: root lists no push key, no push-keys/ files. */
    private void forgetPushKeys(ServerFixture fx) throws Exception {
        ServerRepository.open(dataDirectory, fx.clock).rotatePushKeys(List.of());
        try (Stream<Path> files = Files.walk(dataDirectory.resolve("push-keys"))) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void anOlderDataDirectoryGetsAPushKeyByARootRotationAtStart() throws Exception {
        long rootVersion;
        String token;
        try (ServerFixture fx = ServerFixture.h2(dataDirectory, b -> b)) {
            token = fx.adminToken;
            fx.server.close();
            forgetPushKeys(fx);
            rootVersion = PushAdminApiTest.publishedRoot(dataDirectory).version();
            assertTrue(PushAdminApiTest.publishedRoot(dataDirectory).pushKeys().isEmpty());
        }
        try (ServerFixture fx = ServerFixture.h2Started(dataDirectory, token)) {
            Root root = PushAdminApiTest.publishedRoot(dataDirectory);
            assertEquals(rootVersion + 1, root.version());
            assertEquals(1, root.pushKeys().size());
            HttpResponse<String> key = fx.admin("GET", "/admin/v1/server/push-key", fx.adminToken, null);
            assertEquals(root.pushKeys().get(0), ServerFixture.json(key).get("pushKey").asText());
            assertEquals(201, fx.admin("POST", "/admin/v1/pushes", fx.adminToken,
                    "{\"action\":\"CHECK_NOW\",\"all\":true}").statusCode());
        }
    }

    @Test
    void withTheRootKeyAwayPushesAreRefusedUntilTheKeyIsRotated() throws Exception {
        String token;
        try (ServerFixture fx = ServerFixture.h2(dataDirectory, b -> b)) {
            token = fx.adminToken;
            fx.server.close();
            forgetPushKeys(fx);
        }
        Path rootKeys = dataDirectory.resolve(ServerRepository.ROOT_KEYS);
        Path away = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-offline");
        Files.move(rootKeys, away);
        try (ServerFixture fx = ServerFixture.h2Started(dataDirectory, token)) {
            assertRefused(409, "no_push_key", fx.admin("POST", "/admin/v1/pushes", fx.adminToken,
                    "{\"action\":\"CHECK_NOW\",\"all\":true}"));
            assertRefused(409, "root_keys_unavailable", fx.admin("POST", "/admin/v1/server/push-key/rotate",
                    fx.adminToken, "{}"));
            Files.move(away, rootKeys);
            HttpResponse<String> rotated = fx.admin("POST", "/admin/v1/server/push-key/rotate", fx.adminToken, "{}");
            assertEquals(200, rotated.statusCode(), rotated.body());
            assertEquals(201, fx.admin("POST", "/admin/v1/pushes", fx.adminToken,
                    "{\"action\":\"CHECK_NOW\",\"all\":true}").statusCode());
        }
    }

}
