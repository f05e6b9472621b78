package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.framework.api.HealthReport;
import io.patchbay.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check-in runs the host's health checks again and sends them as facts (the staged rollouts' soak reads
 * them), and the agent keeps to the server's sleep hint, which a server shortens during a soak.
 */
class HealthFactsTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    AgentServer server;
    FakePatchService patches = new FakePatchService();
    ManualScheduler scheduler = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();

    @BeforeEach
    void server() throws Exception {
        server = new AgentServer(dir.resolve("server"), clock, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    JsonNode facts() throws Exception {
        return new ObjectMapper().readTree(server.facts().get(0));
    }

    @Test
    void eachCheckInSendsHealthAsRunForItAndKeepsToTheServersShortSleepHint() throws Exception {
        PollingAgent agent = PollingAgent.builder(server.config(dir.resolve("agent"))
                        .withEnrollmentToken(server.enrollmentToken("stable")), patches)
                .scheduler(scheduler).clock(clock).jitter(PollingAgentTest.half()).log(log).build();
        try {
            agent.start();
            scheduler.runNext();
            JsonNode up = facts();
            assertEquals("UP", up.get("health").asText(), up.toString());
            assertEquals("", up.get("health.failing").asText());
            assertEquals("2030-01-01T00:00:00Z", up.get("health.at").asText());
            assertEquals(Duration.ofSeconds(10), agent.lastDelay().orElseThrow(), "the server's hint, 10 s");

            Instant later = clock.instant().plusSeconds(10);
            patches.health = Optional.of(new HealthReport(List.of(new HealthReport.Failure("com.acme.db",
                    "reports unhealthy: pool exhausted")), 2, later));
            assertEquals(Duration.ofSeconds(10), scheduler.runNext());
            JsonNode down = facts();
            assertEquals("DOWN", down.get("health").asText(), down.toString());
            assertEquals("com.acme.db", down.get("health.failing").asText());
            assertEquals(later.toString(), down.get("health.at").asText());
            assertEquals(2, patches.healthCalls.get(), "once per check-in");
        } finally {
            agent.close();
        }
    }
}
