package io.patchbay.license.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.testing.RecordingCallbacks;
import io.patchbay.license.testing.SimulatedLicenseServer;
import io.patchbay.license.testing.SimulatedMachine;
import io.patchbay.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LicenseClient#renewNow()}: a revocation takes effect as soon as the host is told (a push), not at the next
 * lease interval; a burst of requests is one renewal; and it refuses, with its reason, what it cannot renew.
 */
class RenewNowTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final LeasePolicy LEASE = new LeasePolicy(Duration.ofHours(1), Duration.ofDays(3));

    @TempDir
    Path tmp;
    private final MutableClock clock = new MutableClock(T0);
    private final SigningKeyPair vendor = SigningKeyPair.generate(new SecureRandom());
    private final RecordingCallbacks callbacks = new RecordingCallbacks();
    private final SimulatedLicenseServer server = new SimulatedLicenseServer(vendor, clock, "KEY-ACME-1",
            List.of(FeatureGrant.of("reports")), T0.plus(Duration.ofDays(365)), LEASE);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private LicenseClient open(LeaseTransport transport) throws IOException {
        return LicenseClient.builder().dataDirectory(tmp).applicationId("com.example.app")
                .vendorKeys(server.trustedKeys()).clock(clock).fingerprint(SimulatedMachine.server("alpha"))
                .transport(transport).callbacks(callbacks).open();
    }

    private LicenseClient activated(LeaseTransport transport) throws Exception {
        LicenseClient client = open(transport);
        client.activate("KEY-ACME-1");
        return client;
    }

    private static LicenseCode code(LicenseClient client) {
        return client.entitlements().status("reports").code();
    }

    @Test
    void aRevocationTakesEffectAtOnceInsteadOfAtTheNextInterval() throws Exception {
        LicenseClient client = activated(server);
        client.tick(); // the first lease after activation: the next is due an interval later
        server.status(LeaseStatus.REVOKED);
        clock.advance(Duration.ofMinutes(1));
        client.tick();
        assertEquals(LicenseCode.VALID, code(client), "the lease is not due for an hour: tick alone waits");

        assertEquals(RenewalOutcome.RENEWED, client.renewNow());
        assertEquals(LicenseCode.REVOKED, code(client));
        assertTrue(callbacks.events.contains("disabled reports REVOKED"), callbacks.events.toString());

        server.status(LeaseStatus.ACTIVE);
        clock.advance(LicenseClient.RENEW_NOW_SPACING);
        assertEquals(RenewalOutcome.RENEWED, client.renewNow(), "a reinstatement the same way");
        assertEquals(LicenseCode.VALID, code(client));
    }

    @Test
    void renewalsHereAreSpacedOnTheClientsClockAndTheScheduleGoesOn() throws Exception {
        LicenseClient client = activated(server);
        int before = server.renewals();
        assertEquals(RenewalOutcome.RENEWED, client.renewNow());
        for (int i = 0; i < 100; i++) {
            assertEquals(RenewalOutcome.TOO_SOON, client.renewNow());
        }
        assertEquals(before + 1, server.renewals(), "a flood is one renewal");
        clock.advance(LicenseClient.RENEW_NOW_SPACING.minusSeconds(1));
        assertEquals(RenewalOutcome.TOO_SOON, client.renewNow());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(RenewalOutcome.RENEWED, client.renewNow());
        clock.set(T0.minus(Duration.ofDays(1))); // set back: never stuck behind a future mark
        assertEquals(RenewalOutcome.RENEWED, client.renewNow());
        assertEquals(before + 3, server.renewals());
    }

    /** Callers arriving while a renewal runs are served by the one renewal that starts after them. */
    @Test
    void callersDuringARenewalShareOneRenewalStartedAfterThem() throws Exception {
        CountDownLatch inRenewal = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int[] renewals = {0};
        LeaseTransport slow = new LeaseTransport() {
            @Override
            public String renew(String signedRequest) throws IOException {
                renewals[0]++;
                if (renewals[0] == 1) {
                    inRenewal.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return server.renew(signedRequest);
            }

            @Override
            public String activate(String signedRequest) throws IOException {
                return server.activate(signedRequest);
            }
        };
        LicenseClient client = activated(slow);
        Future<RenewalOutcome> first = threads.submit(client::renewNow);
        assertTrue(inRenewal.await(30, TimeUnit.SECONDS));
        List<Thread> waiting = new ArrayList<>();
        List<Future<RenewalOutcome>> later = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            later.add(threads.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                return client.renewNow();
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !allBlocked(waiting, 8)) {
            Thread.onSpinWait();
        }
        assertTrue(allBlocked(waiting, 8), "the 8 callers wait for the running renewal");
        clock.advance(LicenseClient.RENEW_NOW_SPACING); // so the follow-up is not too soon
        release.countDown();

        assertEquals(RenewalOutcome.RENEWED, first.get(30, TimeUnit.SECONDS));
        List<RenewalOutcome> outcomes = new ArrayList<>();
        for (Future<RenewalOutcome> f : later) {
            outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, outcomes.stream().filter(o -> o == RenewalOutcome.RENEWED).count(), outcomes.toString());
        assertEquals(7, outcomes.stream().filter(o -> o == RenewalOutcome.COALESCED).count(), outcomes.toString());
        assertEquals(2, renewals[0], "nine requests, two renewals");
    }

    private static boolean allBlocked(List<Thread> threads, int count) {
        synchronized (threads) {
            return threads.size() == count && threads.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED);
        }
    }

    @Test
    void anUnreachableServerIsFailedAndChangesNothing() throws Exception {
        LicenseClient client = activated(server);
        server.status(LeaseStatus.REVOKED);
        server.online(false);
        assertEquals(RenewalOutcome.FAILED, client.renewNow());
        assertEquals(LicenseCode.VALID, code(client), "no answer is no revocation (the lease and its grace run on)");
    }

    @Test
    void whatCannotBeRenewedIsRefusedWithItsReason() throws Exception {
        LicenseClient unlicensed = open(server);
        assertEquals(RenewalOutcome.NOT_LEASED, unlicensed.renewNow());
        unlicensed.activate("KEY-ACME-1");
        int before = server.renewals();

        LicenseClient offline = open(null); // the same data directory, no license server configured
        assertEquals(LicenseCode.VALID, code(offline));
        assertEquals(RenewalOutcome.OFFLINE, offline.renewNow());
        assertEquals(before, server.renewals());
    }
}
