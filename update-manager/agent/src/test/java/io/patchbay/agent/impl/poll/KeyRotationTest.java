package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.api.AgentState;
import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.device.DeviceEndpoint;
import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.device.DeviceTransport;
import io.patchbay.agent.impl.device.HttpsDeviceTransport;
import io.patchbay.agent.impl.device.Messages.CheckInReply;
import io.patchbay.agent.impl.device.Messages.CheckInRequest;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.testing.AgentServer;
import io.patchbay.agent.testing.FakePatchService;
import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.crypto.api.KeyFiles;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client key rotation against a real update server (its overlap is 10 minutes), time driven by hand on a clock the
 * server shares. The agent's keys on disk, the server's record of them and requests signed with either are checked.
 */
class KeyRotationTest {
    static final Duration INTERVAL = Duration.ofDays(30);

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(AgentServer.START);
    ManualScheduler scheduler = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();
    FakePatchService patches = new FakePatchService();
    AgentServer server;
    AgentConfig config;
    PollingAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        server = new AgentServer(dir.resolve("server"), clock);
        config = server.config(dir.resolve("agent")).withEnrollmentToken(server.enrollmentToken("stable"))
                .withKeyRotation(INTERVAL);
        agent = start(endpoint -> transport(endpoint));
    }

    @AfterEach
    void tearDown() {
        agent.close();
        server.close();
    }

    PollingAgent start(Function<DeviceEndpoint, DeviceTransport> transports) {
        scheduler = new ManualScheduler(clock);
        PollingAgent started = PollingAgent.builder(config, patches).scheduler(scheduler).clock(clock)
                .jitter(PollingAgentTest.half()).log(log).transports(transports).build();
        started.start();
        scheduler.runNext();
        return started;
    }

    HttpsDeviceTransport transport(DeviceEndpoint endpoint) {
        return new HttpsDeviceTransport(endpoint, config.requestTimeout());
    }

    /** The agent's identity as on disk now (the key files the {@code current} file names). */
    ClientIdentity onDisk() throws IOException {
        Path identity = dir.resolve("agent/identity");
        Path keys = Files.exists(identity.resolve("current"))
                ? identity.resolve(Files.readString(identity.resolve("current")).strip()) : identity;
        return new ClientIdentity(KeyFiles.readSigningKey(keys.resolve("signing.key")),
                KeyFiles.readSealingKey(keys.resolve("sealing.key")), agent.clientId().orElseThrow());
    }

    static String hex(ClientIdentity identity) {
        return HexFormat.of().formatHex(identity.signing().publicKey().raw());
    }

    /** A check-in signed by {@code signer}, as a second device holding those keys would send it. */
    CheckInReply checkInAs(ClientIdentity signer) throws DeviceException {
        DeviceEndpoint endpoint = new DeviceEndpoint(config.serverUrl(), config.serverPins());
        return new DeviceClient(endpoint, transport(endpoint), clock, new SecureRandom())
                .checkIn(signer, new CheckInRequest(3, List.of(), Map.of(), null));
    }

    void assertServerHolds(ClientIdentity current, ClientIdentity previous) throws Exception {
        Map<String, String> keys = server.clientKeys(current.clientId());
        assertEquals(hex(current), keys.get("signing"));
        assertEquals(previous == null ? "null" : hex(previous), keys.get("previous"));
    }

    @Test
    void keysAreRotatedWhenTheIntervalHasPassedAndNotBefore() throws Exception {
        ClientIdentity enrolled = onDisk();
        clock.set(AgentServer.START.plus(INTERVAL).minusSeconds(60));
        scheduler.runNext();
        assertEquals(hex(enrolled), hex(onDisk()), "not due yet");

        clock.set(AgentServer.START.plus(INTERVAL));
        scheduler.runNext(); // check-in, then the rotation
        ClientIdentity rotated = onDisk();
        assertFalse(hex(enrolled).equals(hex(rotated)));
        assertServerHolds(rotated, enrolled);
        assertEquals(1, log.count("rotated its signing and sealing keys"), log.lines.toString());
        Path keys = dir.resolve("agent/identity").resolve(Files.readString(dir.resolve("agent/identity/current")).strip());
        for (String key : List.of("signing.key", "sealing.key")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(keys.resolve(key)), key + " must be owner-only");
        }
        assertFalse(Files.exists(dir.resolve("agent/identity/signing.key")), "the rotated-out private key is gone");
        assertFalse(Files.exists(dir.resolve("agent/identity/pending")));

        scheduler.runNext(); // signed with the new key; no second rotation for another interval
        assertEquals(AgentState.REACHABLE, agent.state());
        assertEquals(hex(rotated), hex(onDisk()));
        assertEquals(1, log.count("rotated its signing and sealing keys"));
    }

    @Test
    void onDemandRotationAndTheOldKeyOnlyWithinTheOverlap() throws Exception {
        ClientIdentity old = onDisk();
        agent.rotateKeys();
        assertEquals(Duration.ZERO, scheduler.nextDelay().orElseThrow(), "at once, on the agent's thread");
        scheduler.runNext();
        ClientIdentity rotated = onDisk();
        assertServerHolds(rotated, old);

        clock.set(clock.instant().plus(Duration.ofMinutes(9)));
        CheckInReply late = checkInAs(old); // a request signed just before the switch still verifies
        assertTrue(late.finishKeyRotation(), "and the server says it was signed with the rotated-out key");
        clock.set(clock.instant().plus(Duration.ofMinutes(2))); // past the 10 minute overlap
        DeviceException refused = assertThrows(DeviceException.class, () -> checkInAs(old));
        assertEquals(401, refused.status());
        assertEquals("bad_signature", refused.code());
        assertFalse(checkInAs(rotated).finishKeyRotation());
        scheduler.runNext();
        assertEquals(AgentState.REACHABLE, agent.state());
    }

    /** Fails the key rotation request: before it is sent, or after the server accepted it (the answer is lost). */
    static DeviceTransport losing(DeviceTransport wire, boolean afterTheServerAccepted) {
        return (target, body, headers) -> {
            if (!target.endsWith(DeviceClient.KEYS)) {
                return wire.post(target, body, headers);
            }
            if (afterTheServerAccepted) {
                DeviceTransport.Response accepted = wire.post(target, body, headers);
                assertEquals(200, accepted.status());
            }
            throw new IOException("connection reset (the agent dies here)");
        };
    }

    /** A rotation whose request or answer is lost; the agent then stops (dies). Returns the identity before it. */
    ClientIdentity rotateAndDie(boolean afterTheServerAccepted) throws Exception {
        ClientIdentity old = onDisk();
        agent.close();
        agent = start(endpoint -> losing(transport(endpoint), afterTheServerAccepted));
        agent.rotateKeys();
        scheduler.runNext();
        assertEquals(hex(old), hex(onDisk()), "unconfirmed: the old key is still the current one");
        assertTrue(Files.exists(dir.resolve("agent/identity/pending")), "the new pair is kept as pending");
        agent.close();
        return old;
    }

    @Test
    void crashBeforeTheServerAcceptedTheRotationIsRetriedWithTheOldKey() throws Exception {
        ClientIdentity old = rotateAndDie(false);
        assertServerHolds(old, null);

        // the restart, long after: the server never saw the new keys
        clock.set(clock.instant().plus(Duration.ofDays(2)));
        agent = start(endpoint -> transport(endpoint));
        ClientIdentity rotated = onDisk();
        assertFalse(hex(old).equals(hex(rotated)));
        assertServerHolds(rotated, old);
        assertEquals(AgentState.REACHABLE, agent.state());
        assertFalse(Files.exists(dir.resolve("agent/identity/pending")));
    }

    @Test
    void crashAfterTheServerAcceptedTheRotationRecoversWithThePendingKey() throws Exception {
        ClientIdentity old = rotateAndDie(true); // the agent did not learn that the server switched
        Map<String, String> serverKeys = server.clientKeys(old.clientId());
        assertEquals(hex(old), serverKeys.get("previous"));

        // restarted after the overlap: the old key is refused now, the pending one is current
        clock.set(clock.instant().plus(Duration.ofHours(1)));
        agent = start(endpoint -> transport(endpoint));
        ClientIdentity rotated = onDisk();
        assertEquals(serverKeys.get("signing"), hex(rotated), "the pending pair became current");
        assertEquals(AgentState.REACHABLE, agent.state());
        assertEquals(1, log.count("rotation confirmed"), log.lines.toString());
        assertFalse(Files.exists(dir.resolve("agent/identity/pending")));
    }

    @Test
    void aForgedRotationIsRefusedAndTheAgentKeepsItsKeys() throws Exception {
        ClientIdentity real = onDisk();
        SecureRandom random = new SecureRandom();
        ClientIdentity forger = new ClientIdentity(SigningKeyPair.generate(random), SealingKeyPair.generate(random),
                real.clientId());
        DeviceEndpoint endpoint = new DeviceEndpoint(config.serverUrl(), config.serverPins());
        DeviceClient device = new DeviceClient(endpoint, transport(endpoint), clock, random);
        DeviceException refused = assertThrows(DeviceException.class, () -> device.rotateKeys(forger, forger));
        assertEquals(401, refused.status());
        assertEquals("bad_signature", refused.code());
        assertServerHolds(real, null);

        scheduler.runNext();
        assertEquals(AgentState.REACHABLE, agent.state());
        assertEquals(hex(real), hex(onDisk()));
    }

    @Test
    void aRevokedClientCannotRotateAndStopsSigning() throws Exception {
        server.revoke(agent.clientId().orElseThrow());
        agent.rotateKeys();
        scheduler.runNext();
        assertEquals(AgentState.REVOKED, agent.state());
        assertEquals(0, log.count("rotated its signing"), log.lines.toString());
        assertEquals(1, log.count("was revoked"), log.lines.toString());
        assertFalse(Files.exists(dir.resolve("agent/identity")), "the identity is retired, pending pair and all");
    }
}
