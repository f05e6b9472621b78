package io.patchbay.license.api;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.testing.RecordingCallbacks;
import io.patchbay.license.testing.SimulatedLicenseServer;
import io.patchbay.license.testing.SimulatedMachine;
import io.patchbay.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the license client's tests share: a simulated license server and machine, injected clocks (the client's can
 * be set back while the server's runs on) and helpers to open, activate and run a client. No sleeps: time moves by
 * hand and {@code tick()} runs.
 */
abstract class LicenseClientFixture {

    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    static final LeasePolicy LEASE = new LeasePolicy(Duration.ofHours(1), Duration.ofDays(3));

    @TempDir
    Path tmp;

    final MutableClock clientClock = new MutableClock(T0);
    final MutableClock serverClock = new MutableClock(T0);
    final SigningKeyPair vendor = SigningKeyPair.generate(new SecureRandom());
    final RecordingCallbacks callbacks = new RecordingCallbacks();
    final SimulatedMachine alpha = SimulatedMachine.server("alpha");
    SimulatedLicenseServer server = server(T0.plus(Duration.ofDays(365)));

    SimulatedLicenseServer server(Instant expiry) {
        return new SimulatedLicenseServer(vendor, serverClock, "KEY-ACME-1",
                List.of(FeatureGrant.of("reports"), FeatureGrant.of("export")), expiry, LEASE);
    }

    LicenseClient open(Path dir, FingerprintSource machine) throws IOException {
        return LicenseClient.builder().dataDirectory(dir).applicationId("com.example.app")
                .vendorKeys(server.trustedKeys()).clock(clientClock).fingerprint(machine).transport(server)
                .callbacks(callbacks).open();
    }

    LicenseClient activated(Path dir) throws Exception {
        LicenseClient client = open(dir, alpha);
        client.activate("KEY-ACME-1");
        return client;
    }

    /** Both clocks move together, the client ticking every {@code step}. */
    void run(LicenseClient client, Duration total, Duration step) {
        for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plus(step)) {
            clientClock.advance(step);
            serverClock.advance(step);
            client.tick();
        }
    }

    static LicenseCode code(LicenseClient client, String feature) {
        return client.entitlements().status(feature).code();
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The lease client's retry delay, as the tests need it. */
    static final class LeaseClientRetry {
        static final Duration RETRY = Duration.ofMinutes(5);
    }
}

