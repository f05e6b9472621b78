package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.api.AgentState;
import io.patchbay.agent.impl.device.DeviceTransport;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.testsupport.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 503 + Retry-After from a loaded server, scripted at the transport seam (the real server sheds load only while
 * its in-flight limit is full; the server's own LoadSheddingTest covers that side).
 */
class RetryAfterTest {
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    ManualScheduler scheduler = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();
    Deque<DeviceTransport.Response> script = new ArrayDeque<>();
    List<String> targets = new ArrayList<>();

    static DeviceTransport.Response reply(int status, String json, Map<String, List<String>> headers) {
        return new DeviceTransport.Response(status, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    PollingAgent agent() {
        AgentConfig config = AgentConfig.of(dir, URI.create("https://127.0.0.1:1"), List.of("sha256/" + "A".repeat(43) + "="))
                .withEnrollmentToken("token");
        return PollingAgent.builder(config, new FakePatchService()).scheduler(scheduler).clock(clock)
                .jitter(PollingAgentTest.half()).log(log)
                .transports(endpoint -> (target, body, headers) -> {
                    targets.add(target + (headers.isEmpty() ? "" : " signed"));
                    return script.removeFirst();
                }).build();
    }

    @Test
    void busyServerIsRetriedAfterItsRetryAfterNeverEarlier() {
        script.add(reply(201, "{\"clientId\":\"c-1\",\"channel\":\"stable\",\"pollAfterSeconds\":300}", Map.of()));
        script.add(reply(503, "{\"status\":503,\"error\":\"overloaded\",\"message\":\"busy\"}",
                Map.of("retry-after", List.of("120"))));
        script.add(reply(503, "{\"status\":503,\"error\":\"unavailable\"}",
                Map.of("Retry-After", List.of("Tue, 01 Jan 2030 00:10:00 GMT"))));
        script.add(reply(200, "{\"clientId\":\"c-1\",\"channel\":\"stable\",\"pollAfterSeconds\":60}", Map.of()));
        PollingAgent agent = agent();
        agent.start();
        scheduler.runNext();
        // 120 s plus up to 10 % (the whole fleet got the same value); jitter 0.5 gives 5 %
        assertEquals(Duration.ofSeconds(126), scheduler.nextDelay().orElseThrow());
        assertEquals(AgentState.STOPPED, agent.state(), "a 503 says nothing about reachability yet");
        scheduler.runNext();
        // the HTTP-date form: 00:10:00 minus now (00:02:06) is 474 s, plus 5 %
        assertEquals(Duration.ofMillis(474_000 + 23_700), scheduler.nextDelay().orElseThrow());
        scheduler.runNext();
        assertEquals(AgentState.REACHABLE, agent.state());
        assertEquals(Duration.ofSeconds(60), scheduler.nextDelay().orElseThrow());
        assertEquals(List.of("/device/v1/enroll", "/device/v1/check-in signed", "/device/v1/check-in signed",
                "/device/v1/check-in signed"), targets);
        assertTrue(log.count("unreachable") == 0, log.lines.toString());
    }

    @Test
    void anAbsurdRetryAfterIsCappedAtAnHour() {
        script.add(reply(201, "{\"clientId\":\"c-1\",\"channel\":\"stable\"}", Map.of()));
        script.add(reply(429, "", Map.of("Retry-After", List.of("99999999"))));
        PollingAgent agent = agent();
        agent.start();
        scheduler.runNext();
        assertEquals(Duration.ofMinutes(63), scheduler.nextDelay().orElseThrow());
    }
}
