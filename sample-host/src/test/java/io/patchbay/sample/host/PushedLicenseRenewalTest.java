package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LeasePolicy;
import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LeaseTransport;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.testing.SimulatedMachine;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.sample.host.api.HostAgent;
import io.patchbay.sample.host.api.HostLicensing;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.demo.BundleStates;
import io.patchbay.testsupport.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * A revocation reaches a licensed sample host at once: the server pushes "check now", the agent accepts it and calls
 * the host's {@link HostCallbacks#checkRequested()} (called here as the agent calls it, through the host's service in
 * the container), and the host renews its lease on its license thread, so the licensed feature stops without
 * waiting for the lease interval (an hour; the injected clock never moves and no scheduled tick runs).
 */
class PushedLicenseRenewalTest {
    private static final SampleBundles BUNDLES = SampleBundles.besideHost();
    private static final String REPORTS = "io.patchbay.sample.reports";
    private static final String KEY_ID = "test-vendor-1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;
    private final SigningKeyPair vendor = SigningKeyPair.generate(new SecureRandom());
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final ScheduledExecutorService licenseThread = Executors.newSingleThreadScheduledExecutor();
    private final Vendor server = new Vendor();
    private SampleHost host;

    /** The vendor's lease endpoint: grants signed with the vendor key, in the status the test sets. */
    private final class Vendor implements LeaseTransport {
        final AtomicReference<LeaseStatus> status = new AtomicReference<>(LeaseStatus.ACTIVE);
        final AtomicInteger renewals = new AtomicInteger();

        @Override
        public String renew(String signedRequest) throws IOException {
            renewals.incrementAndGet();
            try {
                LeaseRequest request = LicenseTokens.verifyLeaseRequest(signedRequest);
                Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                return LicenseTokens.issueLease(new LeaseGrant(request.licenseId(), request.instanceKey(),
                        request.nonce(), status.get(), now, now.plus(Duration.ofHours(1)),
                        "fresh-" + renewals.get(), null, null), vendor, KEY_ID);
            } catch (LicenseException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public String activate(String signedRequest) throws IOException {
            throw new IOException("activation is not part of this test");
        }
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        licenseThread.shutdownNow();
    }

    private String leasedLicense(LicenseClient client) {
        Instant start = clock.instant();
        LicenseClaims claims = new LicenseClaims("lic-reports", "Demo Customer", client.instanceKey(),
                client.fingerprint(), List.of(FeatureGrant.of("reports")), start.minus(Duration.ofHours(1)),
                start.plus(Duration.ofDays(30)), new LeasePolicy(Duration.ofHours(1), Duration.ofDays(3)), null);
        return LicenseTokens.issue(claims, vendor, KEY_ID);
    }

    @Test
    void aRevocationPushedByTheServerStopsTheFeatureWithoutWaitingForTheLease() throws Exception {
        HostLicensing licensing = HostLicensing.offline("io.patchbay.sample.test", Map.of(KEY_ID, vendor.publicKey()))
                .withTransport(server).withClock(clock).withFingerprint(SimulatedMachine.server("alpha"))
                .withScheduler(licenseThread, Duration.ofHours(6));
        host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, root.resolve("data"))
                .withAgent(HostAgent.of(BUNDLES.agent(), root.resolve("no-root.json")))
                .withLicensing(licensing, List.of(BUNDLES.licenseGate(), BUNDLES.reports())));
        LicenseClient license = host.licensing().orElseThrow();
        BundleContext container = host.patchbay().bundleContext();
        assertTrue(BundleStates.after(container, REPORTS, s -> s == Bundle.ACTIVE, WAIT, () -> {
            try {
                license.importToken(leasedLicense(license));
                license.tick(); // the first lease; the next is due in an hour
            } catch (LicenseException e) {
                throw new AssertionError(e);
            }
        }));
        assertEquals(1, server.renewals.get());

        server.status.set(LeaseStatus.REVOKED);
        HostCallbacks callbacks = container.getService(container.getServiceReference(HostCallbacks.class));
        assertTrue(BundleStates.after(container, REPORTS, s -> s == Bundle.INSTALLED || s == Bundle.RESOLVED, WAIT,
                callbacks::checkRequested), "stopped by the renewal the push asked for");
        assertEquals(LicenseCode.REVOKED, license.entitlements().status("reports").code());
        assertEquals(2, server.renewals.get());
    }
}
