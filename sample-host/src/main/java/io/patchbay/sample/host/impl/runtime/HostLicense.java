package io.patchbay.sample.host.impl.runtime;

import io.patchbay.framework.api.PatchbayBuilder;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LeaseTransport;
import io.patchbay.license.api.LicenseException;
import io.patchbay.sample.host.api.HostLicensing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's licensing: its {@link LicenseClient} on {@code <data>/license}, handed into the container as the
 * license gate's {@link Entitlements} source, ticked on a schedule, and reported through {@link LicenseLog}. A
 * license that cannot be installed at start (no server, a refused key or token) leaves the host running unlicensed:
 * gated features stay off and say why.
 */
public final class HostLicense implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostLicense.class);
    /** The license api as the gate bundle imports it ([1.1,1.2)): the host's Entitlements must be that class. */
    static final String LICENSE_API_EXPORT = "io.patchbay.license.api;version=1.1.0";
    /** What the gate's embedded license core imports besides the license api (Bouncy Castle's Ed25519 and HPKE). */
    private static final List<String> BOUNCY_CASTLE_PACKAGES = List.of("org.bouncycastle.crypto",
            "org.bouncycastle.crypto.hpke", "org.bouncycastle.crypto.params", "org.bouncycastle.math.ec.rfc7748",
            "org.bouncycastle.math.ec.rfc8032");
    /** A token is a few KiB; the license core refuses larger ones anyway. */
    private static final long MAX_TOKEN_FILE = 64 * 1024;

    private final LicenseClient client;
    private final LicenseLog log;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final HostLicensing settings;
    private ScheduledFuture<?> ticking;

    private HostLicense(LicenseClient client, LicenseLog log, HostLicensing settings) {
        this.client = client;
        this.log = log;
        this.settings = settings;
        this.ownScheduler = settings.scheduler().isEmpty();
        this.scheduler = settings.scheduler().orElseGet(() -> Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sample-host-license-tick");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Opens the client in {@code <dataDirectory>/license} and installs the configured token or license key. */
    public static HostLicense open(HostLicensing settings, Path dataDirectory) {
        return open(settings, dataDirectory, () -> null);
    }

    /**
     * As {@link #open(HostLicensing, Path)}, with the host's update client id (read at each online activation) sent
     * along, so that the license server can wake this host through push when it revokes or suspends the license.
     */
    public static HostLicense open(HostLicensing settings, Path dataDirectory, Supplier<String> updateClientId) {
        LicenseLog log = new LicenseLog(settings.clock());
        LicenseClient.Builder builder = LicenseClient.builder().dataDirectory(dataDirectory.resolve("license"))
                .applicationId(settings.applicationId()).vendorKeys(settings.vendorKeys()).clock(settings.clock())
                .callbacks(log);
        settings.transport().map(t -> naming(t, updateClientId)).ifPresent(builder::transport);
        settings.fingerprint().ifPresent(builder::fingerprint);
        LicenseClient client;
        try {
            client = builder.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the license data in " + dataDirectory.resolve("license"), e);
        }
        HostLicense license = new HostLicense(client, log, settings);
        try {
            license.installConfigured();
        } catch (RuntimeException e) {
            license.close();
            throw e;
        }
        return license;
    }

    private void installConfigured() {
        settings.tokenFile().ifPresent(file -> {
            try {
                importToken(readToken(file));
            } catch (LicenseException | IOException e) {
                LOG.warn("License token {} not installed: {}", file, e.getMessage());
            }
        });
        if (settings.licenseKey().isPresent() && client.license().isEmpty()) {
            try {
                activate(settings.licenseKey().get());
            } catch (LicenseException | IOException e) {
                LOG.warn("License key not activated (the host runs unlicensed until it is): {}", e.getMessage());
            }
        }
    }

    private static String readToken(Path file) throws IOException {
        if (Files.size(file) > MAX_TOKEN_FILE) {
            throw new IOException(file + " is larger than " + MAX_TOKEN_FILE + " bytes: not a license token");
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    /** What the container needs so that the gate bundle reads this client: the api, its libraries, the source. */
    void embed(PatchbayBuilder builder) {
        String bcVersion = bouncyCastleVersion();
        builder.hostPackage(LICENSE_API_EXPORT)
                .hostService(Entitlements.class, client.entitlements());
        BOUNCY_CASTLE_PACKAGES.forEach(p -> builder.hostPackage(p + ";version=" + bcVersion));
    }

    /** Bouncy Castle's own package version (the gate imports [1.87,2)), from its provider. */
    private static String bouncyCastleVersion() {
        return new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr();
    }

    /** Starts the periodic tick. */
    void startTicking() {
        long millis = settings.tickInterval().toMillis();
        ticking = scheduler.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            client.tick();
        } catch (RuntimeException e) {
            // A failed tick must not end the schedule; the next one retries.
            LOG.warn("License tick failed", e);
        }
    }

    /**
     * Renews the lease now, on the license thread (never the caller's: the agent calls this on its own thread, and a
     * renewal is a network exchange), because the server asked: it revoked or suspended the license, say, and a
     * feature must go off now rather than at the next interval. The client coalesces and spaces such renewals.
     */
    public void renewSoon() {
        try {
            scheduler.execute(() -> {
                try {
                    LOG.info("License server asked for a check: lease renewal {}", client.renewNow());
                } catch (RuntimeException e) {
                    LOG.warn("License renewal on request failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the host is stopping
        }
    }

    public LicenseClient client() {
        return client;
    }

    public LicenseLog log() {
        return log;
    }

    public void importToken(String token) throws LicenseException {
        client.importToken(token);
    }

    public void activate(String licenseKey) throws LicenseException, IOException {
        client.activate(licenseKey);
    }

    /** Why {@code feature} may not run now, or empty when it may. */
    public Optional<String> unavailable(String feature) {
        FeatureStatus status = client.entitlements().status(feature);
        if (status.enabled()) {
            return Optional.empty();
        }
        String sentence = log.offReason(feature);
        return Optional.of("feature '" + feature + "' is not licensed: " + status.code()
                + (sentence == null ? "" : " (" + sentence + ")"));
    }

    @Override
    public void close() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
        client.close();
    }

    /** {@code transport}, with every activation naming the update client {@code updateClientId} gives then. */
    private static LeaseTransport naming(LeaseTransport transport, Supplier<String> updateClientId) {
        return new LeaseTransport() {
            @Override
            public String renew(String signedRequest) throws IOException {
                return transport.renew(signedRequest);
            }

            @Override
            public String activate(String signedRequest) throws IOException {
                return transport.activate(signedRequest, updateClientId.get());
            }

            @Override
            public String activate(String signedRequest, String clientId) throws IOException {
                return transport.activate(signedRequest, clientId);
            }
        };
    }
}
