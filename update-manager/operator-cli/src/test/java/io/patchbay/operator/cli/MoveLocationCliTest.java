package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.client.TufClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code patchbay server move-location} against a server run by {@code patchbay server start}, moved from
 * {@code https://127.0.0.1:PORT} to {@code https://localhost:PORT} (the same server under a second name, as a new DNS
 * name would be): the refusals and their exit codes, the wait for a host that has not followed, the config following
 * the move, and a TUF client bootstrapped with root v1 ending on the new location.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoveLocationCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    CliServer server;
    int port;

    @BeforeAll
    void start() throws Exception {
        server = CliServer.start(temp);
        port = URI.create(server.config.serverUrl()).getPort();
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    CliRun move(String phase, String... rest) {
        return CliRun.run(CliRun.args(server.admin, "server move-location " + phase, rest));
    }

    @Test
    void theMoveWithItsRefusalsTheWaitForAHostAndTheConfigFollowed() throws Exception {
        CliRun idle = move("status");
        assertEquals(0, idle.exit(), idle.toString());
        assertTrue(idle.out().contains("phase:     IDLE"), idle.out());
        CliRun nothing = move("finish");
        assertEquals(CliException.OUT_OF_ORDER, nothing.exit(), nothing.toString());
        assertTrue(nothing.oneErrorLine().contains("location_not_moved"), nothing.err());

        RotateCertCliTest.CheckingIn host = RotateCertCliTest.CheckingIn.enroll(server.data.resolve("operator.json"));
        host.checkIn();

        int closed = CliServer.freePort();
        CliRun unreachable = move("stage", "https://127.0.0.1:" + closed);
        assertEquals(CliException.REFUSED, unreachable.exit(), unreachable.toString());
        assertTrue(unreachable.oneErrorLine().contains("location_unreachable"), unreachable.err());
        CliRun invalid = move("stage", "http://localhost:" + port);
        assertEquals(CliException.REFUSED, invalid.exit(), invalid.toString());
        assertTrue(invalid.oneErrorLine().contains("invalid_location"), invalid.err());
        assertTrue(Files.notExists(server.data.resolve("repository/metadata/2.root.json")), "nothing published");

        String moved = "https://localhost:" + port;
        CliRun staged = move("stage", moved);
        assertEquals(0, staged.exit(), staged.toString());
        assertTrue(staged.out().contains("Staged: root v2 names " + moved), staged.out());
        JsonNode status = JSON.readTree(move("status", "--json").out());
        assertEquals("MOVING", status.get("phase").asText());
        assertEquals(1, status.get("pendingClients").asLong(), "the host has not checked in since");

        CliRun early = move("finish");
        assertEquals(CliException.NOT_READY, early.exit(), early.toString());
        assertTrue(early.oneErrorLine().contains("1 live client(s)"), early.err());
        host.checkIn();
        CliRun finished = move("finish");
        assertEquals(0, finished.exit(), finished.toString());
        assertTrue(finished.out().contains("can be retired"), finished.out());
        OperatorConfig config = OperatorConfig.read(server.data.resolve("operator.json"));
        assertEquals(moved, config.serverUrl(), "the command's config follows the move");
        assertEquals(moved, config.publicUrl());
        assertEquals(0, CliRun.run(CliRun.args(server.admin, "fleet")).exit(), "admin commands reach the new name");

        TufUpdater client = TufClient.builder().metadataDir(temp.resolve("tuf")).clock(Clock.systemUTC())
                .bootstrapRoot(Files.readAllBytes(server.data.resolve("repository/metadata/1.root.json"))).build();
        client.refresh();
        assertEquals(2, client.trustedRoot().version());
        assertEquals(URI.create(moved + "/repo/metadata/"), client.trustedRoot().location().orElseThrow().metadataUrl());
    }
}
