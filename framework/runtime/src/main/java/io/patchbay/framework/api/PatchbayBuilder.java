package io.patchbay.framework.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Configures and starts an embedded {@link Patchbay}. */
public final class PatchbayBuilder {

    private Path dataDirectory;
    private final List<X509Certificate> publisherTrust = new ArrayList<>();
    private final List<String> hostPackages = new ArrayList<>();
    private final List<PatchbayConfig.HostService<?>> hostServices = new ArrayList<>();
    private final List<Path> initialBundles = new ArrayList<>();
    private Duration healthTimeout = Duration.ofSeconds(10);
    private Duration serviceWaitTimeout = Duration.ofSeconds(5);
    private Duration operationTimeout = Duration.ofSeconds(30);
    private Duration recoveryRetry = Duration.ofSeconds(5);
    private long maxBundleBytes = PatchbayConfig.DEFAULT_MAX_BUNDLE_BYTES;
    private final Map<String, String> frameworkProperties = new HashMap<>();
    private Clock clock = Clock.systemUTC();

    PatchbayBuilder() {
    }

    /**
     * Where the runtime keeps its bundle store, journal, swap history and container cache (required). One runtime at
     * a time may use it.
     *
     * @param dir the data directory; created when missing
     * @return this builder
     */
    public PatchbayBuilder dataDirectory(Path dir) {
        this.dataDirectory = dir;
        return this;
    }

    /**
     * Trusts bundles signed by this publisher certificate.
     *
     * @param certificate a publisher's certificate (never the key store)
     * @return this builder
     */
    public PatchbayBuilder trustPublisher(X509Certificate certificate) {
        publisherTrust.add(Objects.requireNonNull(certificate));
        return this;
    }

    /**
     * Trusts every certificate in a PKCS#12 or JKS trust store.
     *
     * @param trustStore a certificate-only store ({@code .jks} is read as JKS, anything else as PKCS#12)
     * @param password   the store's password
     * @return this builder
     * @throws PatchbayException when the store cannot be read
     */
    public PatchbayBuilder trustPublishers(Path trustStore, char[] password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore ks = KeyStore.getInstance(trustStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                Certificate cert = ks.getCertificate(alias);
                if (cert instanceof X509Certificate x509) {
                    publisherTrust.add(x509);
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new PatchbayException("cannot read publisher trust store " + trustStore + ": " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Exports a host package into the container, e.g. {@code "com.acme.api;version=1.2.0"}.
     *
     * @param exportClause an OSGi export clause for a package on the host's class path
     * @return this builder
     */
    public PatchbayBuilder hostPackage(String exportClause) {
        hostPackages.add(exportClause);
        return this;
    }

    /**
     * Registers a host object as a service in the container, for bundles to use.
     *
     * @param <T>     the service type
     * @param type    its interface, in a package the host exports
     * @param service the implementation
     * @return this builder
     */
    public <T> PatchbayBuilder hostService(Class<T> type, T service) {
        return hostService(type, service, Map.of());
    }

    /**
     * Registers a host object as a service in the container, with service properties.
     *
     * @param <T>        the service type
     * @param type       its interface, in a package the host exports
     * @param service    the implementation
     * @param properties the service properties
     * @return this builder
     */
    public <T> PatchbayBuilder hostService(Class<T> type, T service, Map<String, Object> properties) {
        hostServices.add(new PatchbayConfig.HostService<>(type, service, properties));
        return this;
    }

    /**
     * Bundles committed as the first patch level when the data directory holds none yet.
     *
     * @param jars signed bundle jars
     * @return this builder
     */
    public PatchbayBuilder initialBundles(List<Path> jars) {
        initialBundles.addAll(jars);
        return this;
    }

    /**
     * How long a swap's health gate waits for every bundle to be active and every health check to pass (default
     * 10 s).
     *
     * @param timeout the bound
     * @return this builder
     */
    public PatchbayBuilder healthTimeout(Duration timeout) {
        this.healthTimeout = timeout;
        return this;
    }

    /**
     * How long a call through a service access point waits for a provider while one is being swapped (default 5 s).
     *
     * @param timeout the bound
     * @return this builder
     */
    public PatchbayBuilder serviceWaitTimeout(Duration timeout) {
        this.serviceWaitTimeout = timeout;
        return this;
    }

    /**
     * Bounds each operation that runs bundle code: stop, update, refresh, start (default 30 s).
     *
     * @param timeout the bound
     * @return this builder
     */
    public PatchbayBuilder operationTimeout(Duration timeout) {
        this.operationTimeout = timeout;
        return this;
    }

    /**
     * How soon a failed rollback is retried, doubling up to 16 times this (default 5 s).
     *
     * @param interval the first delay
     * @return this builder
     */
    public PatchbayBuilder recoveryRetry(Duration interval) {
        this.recoveryRetry = interval;
        return this;
    }

    /**
     * The largest bundle jar a patch may carry (default 16 MiB). A larger one is refused as {@code OVERSIZED}, and the
     * refusal names this limit. Raising it raises what a hostile upload can make verification cost: inflating and
     * digesting 4× this many bytes (about 0.2 s for the default here).
     *
     * @param bytes the limit
     * @return this builder
     */
    public PatchbayBuilder maxBundleBytes(long bytes) {
        this.maxBundleBytes = bytes;
        return this;
    }

    /**
     * Sets a property of the OSGi framework the runtime launches (bundles read it with
     * {@code BundleContext.getProperty}).
     *
     * @param key   the property's name
     * @param value its value
     * @return this builder
     */
    public PatchbayBuilder frameworkProperty(String key, String value) {
        frameworkProperties.put(key, value);
        return this;
    }

    /**
     * The clock that judges certificate validity and stamps the journal and history (tests inject their own).
     *
     * @param clock the clock
     * @return this builder
     */
    public PatchbayBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /**
     * The configuration as set so far.
     *
     * @return the configuration {@link #start()} would use
     * @throws IllegalStateException when no data directory is set
     */
    public PatchbayConfig config() {
        if (dataDirectory == null) {
            throw new IllegalStateException("a data directory is required");
        }
        return new PatchbayConfig(dataDirectory, publisherTrust, hostPackages, hostServices, initialBundles,
                healthTimeout, serviceWaitTimeout, operationTimeout, recoveryRetry, maxBundleBytes, frameworkProperties,
                clock);
    }

    /**
     * Starts the runtime: recovers any unfinished swap from the journal, installs the committed bundle
     * set from the store (or {@linkplain #initialBundles the initial bundles}), then starts them.
     *
     * @return the running runtime; close it to stop
     */
    public Patchbay start() {
        return PatchbayFactory.get().start(config());
    }

    /**
     * Runs Patchbay on an OSGi framework someone else launched (an existing OSGi host, or a test
     * container): recovery and the committed set are applied through {@code context}, and
     * {@link Patchbay#stop()} releases Patchbay's hooks but leaves that framework running.
     * Host packages and framework properties do not apply in this mode.
     *
     * @param context a bundle context of the running framework
     * @return the attached runtime
     */
    public Patchbay attach(org.osgi.framework.BundleContext context) {
        return PatchbayFactory.get().attach(config(), context);
    }
}
