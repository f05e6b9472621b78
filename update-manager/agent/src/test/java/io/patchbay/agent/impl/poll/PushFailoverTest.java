package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.api.PushSettings;
import io.patchbay.agent.api.Scheduler;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.DaemonThreads;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.testing.DataDirectories;
import io.patchbay.server.testing.PinnedHttps;
import io.patchbay.server.testing.PostgresServer;
import io.patchbay.server.testing.TcpRelay;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.client.TufClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's failover, with the real agent and two real update-server nodes on one PostgreSQL: node B's data
 * directory is a copy of node A's after init, so both present the same TLS key and sign with the same push key.
 * The agent knows one address, the location in its signed root: a TCP relay standing in for a load balancer,
 * first in front of node B. Node B is closed and the relay pointed at node A; the agent reconnects (its own
 * backoff, on the test's scheduler and clock) and checks once.
 *
 * <p>The nodes say hello with different keepalives (B 20 s, A 25 s), and the agent logs the keepalive of each
 * hello: that is how the test sees which node holds the stream. Both nodes re-scan the push table only every
 * 10 minutes, so a push created through node A reaches the stream on node B through LISTEN/NOTIFY alone.
 */
class PushFailoverTest {
    static final long WAIT_MS = 20_000;
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(AgentServer.START);
    final ManualScheduler checks = new ManualScheduler(clock);
    final ManualScheduler pushTimers = new ManualScheduler(clock);
    /** Every delay the agent scheduled a check with, as it happened (hellos and pushes schedule from the reader). */
    final BlockingQueue<Duration> scheduled = new LinkedBlockingQueue<>();
    final DaemonThreads readers = new DaemonThreads("test-push-reader");
    final RecordingLog log = new RecordingLog();
    String jdbcUrl;
    String password;
    TcpRelay relay;
    InitResult init;
    UpdateServer a;
    UpdateServer b;
    HttpClient admin;
    PollingAgent agent;

    @BeforeEach
    void nodes() throws Exception {
        PostgresServer postgres = PostgresServer.get();
        jdbcUrl = postgres.createDatabase("failover_" + Long.toHexString(System.nanoTime()));
        password = postgres.password();
        relay = new TcpRelay(0); // no node listens yet: refused until node B is up
        relay.cut();
        init = node(dir.resolve("node-a"), "node-a", 25).init();
        DataDirectories.copy(dir.resolve("node-a"), dir.resolve("node-b"));
        a = node(dir.resolve("node-a"), "node-a", 25).start();
        b = node(dir.resolve("node-b"), "node-b", 20).start();
        relay.retarget(b.port());
        relay.restore();
        admin = PinnedHttps.client(pins());
    }

    private UpdateServer.Builder node(Path data, String id, int keepaliveSeconds) {
        return UpdateServer.builder(data).database(jdbcUrl, PostgresServer.USER, password).clock(clock)
                .pollInterval(Duration.ofHours(6)).publicUrl(relayUri())
                .push(io.patchbay.server.api.PushSettings.defaults().withNodeId(id)
                        .withKeepalive(Duration.ofSeconds(keepaliveSeconds)).withRescan(Duration.ofMinutes(10)));
    }

    private URI relayUri() {
        return URI.create("https://127.0.0.1:" + relay.port());
    }

    private List<String> pins() {
        return List.of("sha256/" + init.certificatePinSha256());
    }

    @AfterEach
    void stop() throws Exception {
        // Each in its own step, so one that fails does not leave the others running; the first failure is reported.
        Exception first = null;
        for (AutoCloseable started : new AutoCloseable[] {agent, b, a, relay}) {
            try {
                if (started != null) {
                    started.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Test
    void whenNodeBDiesTheAgentReconnectsThroughTheSameAddressToNodeAAndChecksOnce() throws Exception {
        agent = agent();
        agent.start();
        checks.runNext(); // enrolls and checks in: relay -> node B
        assertEquals(1, checkIns());
        scheduled.clear();
        pushTimers.runNext(); // the push channel connects: relay -> node B
        checkScheduledAtOnce(); // its hello
        checks.runNext();
        assertEquals(2, checkIns(), "one check per hello");
        assertEquals(1, log.count("push channel connected (keepalive 20 s)"), "node B said hello: " + log.lines);

        // 1. A push created through node A reaches the agent streaming from node B (LISTEN/NOTIFY) and it checks in.
        String clientId = agent.clientId().orElseThrow();
        long onB = push(clientId, "CHECK_NOW");
        checkScheduledAtOnce();
        checks.runNext();
        assertEquals(3, checkIns(), "CHECK_NOW through node B: one check-in");
        assertEquals(1, pushStatus(onB).get("answered").asLong());
        assertEquals(1, agent.pushStats().acceptedCount());

        // 2. Node B dies; the balancer sends new connections to node A.
        Thread streamOnB = readers.last();
        b.close();
        b = null;
        streamOnB.join(WAIT_MS);
        assertFalse(streamOnB.isAlive(), "the stream ended with node B (it was on node B, node A still runs)");
        assertEquals(1, pushTimers.pending(), "only the reconnect is left on the push timers");
        Duration backoff = pushTimers.nextDelay().orElseThrow();
        assertTrue(backoff.compareTo(Duration.ofSeconds(1)) >= 0 && backoff.compareTo(Duration.ofSeconds(5)) <= 0,
                "the first reconnect waits within the backoff's floor: " + backoff);
        assertTrue(checks.nextDelay().orElseThrow().compareTo(Duration.ofHours(1)) > 0,
                "no check while the stream is down: the regular poll is hours away");
        relay.retarget(a.port());
        long before = checkIns();
        scheduled.clear();
        pushTimers.runNext(); // reconnect after the backoff: relay -> node A
        checkScheduledAtOnce(); // node A's hello
        checks.runNext();
        assertEquals(before + 1, checkIns(), "one check after the new hello");
        assertEquals(1, log.count("push channel connected again (keepalive 25 s)"), "node A said hello: " + log.lines);
        assertEquals(2, agent.pushStats().connectionCount());
        assertTrue(scheduled.stream().noneMatch(Duration::isZero), "no second check asked for: " + scheduled);
        assertTrue(checks.nextDelay().orElseThrow().compareTo(Duration.ofHours(1)) > 0,
                "only the regular poll is left, hours away");
        assertEquals(before + 1, checkIns(), "still exactly one");

        // 3. A push created through node A reaches the agent, now on node A.
        long onA = push(clientId, "REPORT_HOME");
        checkScheduledAtOnce();
        checks.runNext();
        assertEquals(before + 2, checkIns(), "REPORT_HOME through node A: one heartbeat");
        assertEquals(1, pushStatus(onA).get("answered").asLong());
        assertEquals(2, agent.pushStats().acceptedCount());
        assertTrue(agent.pushStats().facts().keySet().stream().noneMatch(k -> k.startsWith("push.refused.")),
                agent.pushStats().facts().toString());
    }

    private PollingAgent agent() throws Exception {
        TufUpdater tuf = TufClient.builder().metadataDir(dir.resolve("tuf/metadata"))
                .targetDir(dir.resolve("tuf/targets")).clock(clock)
                .bootstrapRoot(Files.readAllBytes(init.trustedRootFile())).build();
        assertEquals(Optional.of(relayUri().getPort()),
                tuf.trustedRoot().location().map(location -> location.metadataUrl().getPort()),
                "the signed root names the one address: the relay");
        List<String> pushKeys = tuf.trustedRoot().pushKeys();
        Scheduler signalling = (task, delay) -> {
            Scheduler.Cancellable cancellable = checks.schedule(task, delay);
            scheduled.add(delay);
            return cancellable;
        };
        AgentConfig config = AgentConfig.of(dir.resolve("agent"), relayUri(), pins())
                .withEnrollmentToken(enrollmentToken())
                .withPush(PushSettings.DEFAULTS.withRate(5, 4, Duration.ofHours(1)));
        return PollingAgent.builder(config, new FakePatchService())
                .scheduler(signalling).clock(clock).log(log).jitter(PollingAgentTest.half())
                .trustedLocation(() -> Optional.ofNullable(tuf.trustedRoot()).flatMap(Root::location))
                .trustRefresh(() -> {
                    tuf.refresh();
                    return tuf.trustedRoot().version();
                })
                .push(() -> pushKeys)
                .pushThreads(pushTimers, readers)
                .build();
    }

    /** Waits until the push channel moved the next check to now (its reader thread schedules it). */
    private void checkScheduledAtOnce() throws InterruptedException {
        while (true) {
            Duration delay = scheduled.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            assertNotNull(delay, "the push channel asked for a check: " + log.lines);
            if (delay.isZero()) {
                return;
            }
        }
    }

    /** The check-ins the shared database recorded, all clients together (there is one). */
    private long checkIns() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, PostgresServer.USER, password);
             PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(check_ins), 0) FROM client_state");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String enrollmentToken() throws Exception {
        return adminOnA("POST", "/admin/v1/enrollment-tokens", "{\"channel\":\"stable\",\"ttlSeconds\":3600}", 201)
                .get("token").asText();
    }

    /** An operator's URGENT push to the client, created through node A's admin API; answers its id. */
    private long push(String clientId, String action) throws Exception {
        return adminOnA("POST", "/admin/v1/pushes", "{\"action\":\"" + action + "\",\"urgency\":\"URGENT\","
                + "\"clientId\":\"" + clientId + "\"}", 201).get("id").asLong();
    }

    private JsonNode pushStatus(long id) throws Exception {
        return adminOnA("GET", "/admin/v1/pushes/" + id, null, 200);
    }

    private JsonNode adminOnA(String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(a.baseUri() + path))
                .header("Authorization", "Bearer " + init.adminToken()).timeout(Duration.ofSeconds(20));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = admin.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
