package io.patchbay.framework.api;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a runtime is started with; built by {@link PatchbayBuilder}.
 *
 * @param dataDirectory      holds the bundle store, the journal and the container's cache
 * @param publisherTrust     certificates whose holders may sign bundles
 * @param hostPackages       packages the host exports into the container, as in
 *                           {@code org.osgi.framework.system.packages.extra}
 * @param hostServices       services the host registers for bundles
 * @param initialBundles     installed as the first patch when the store holds no committed level
 * @param healthTimeout      how long the health gate waits for bundles and health checks
 * @param serviceWaitTimeout how long a {@link ServiceAccess} call waits for a service
 * @param operationTimeout   how long one operation that runs bundle code (stop, update, refresh, start) may take
 *                           before the swap gives up on it and rolls back; also bounds {@link Patchbay#stop()}
 * @param recoveryRetry      how soon a failed rollback is retried (then with a doubling back-off)
 * @param maxBundleBytes     the largest bundle jar the publisher gate verifies; its contents may inflate to 4× that.
 *                           Larger jars are refused as {@code OVERSIZED} before any work is spent on them
 * @param frameworkProperties extra Felix properties
 * @param clock              the time source for certificate validity, journal records and events
 */
public record PatchbayConfig(Path dataDirectory, List<X509Certificate> publisherTrust,
                             List<String> hostPackages, List<HostService<?>> hostServices,
                             List<Path> initialBundles, Duration healthTimeout,
                             Duration serviceWaitTimeout, Duration operationTimeout, Duration recoveryRetry,
                             long maxBundleBytes, Map<String, String> frameworkProperties, Clock clock) {

    /**
     * Checks the bounds: every timeout positive, the bundle size limit within its ceiling.
     *
     * @param dataDirectory      holds the bundle store, the journal and the container's cache
     * @param publisherTrust     certificates whose holders may sign bundles
     * @param hostPackages       packages the host exports into the container, as in
     *                           {@code org.osgi.framework.system.packages.extra}
     * @param hostServices       services the host registers for bundles
     * @param initialBundles     installed as the first patch when the store holds no committed level
     * @param healthTimeout      how long the health gate waits for bundles and health checks
     * @param serviceWaitTimeout how long a {@link ServiceAccess} call waits for a service
     * @param operationTimeout   how long one operation that runs bundle code (stop, update, refresh, start) may take
     *                           before the swap gives up on it and rolls back; also bounds {@link Patchbay#stop()}
     * @param recoveryRetry      how soon a failed rollback is retried (then with a doubling back-off)
     * @param maxBundleBytes     the largest bundle jar the publisher gate verifies; its contents may inflate to 4× that.
     *                           Larger jars are refused as {@code OVERSIZED} before any work is spent on them
     * @param frameworkProperties extra Felix properties
     * @param clock              the time source for certificate validity, journal records and events
     */
    public PatchbayConfig {
        requirePositive(healthTimeout, "healthTimeout");
        requirePositive(serviceWaitTimeout, "serviceWaitTimeout");
        requirePositive(operationTimeout, "operationTimeout");
        requirePositive(recoveryRetry, "recoveryRetry");
        if (maxBundleBytes <= 0 || maxBundleBytes > MAX_BUNDLE_BYTES_CEILING) {
            throw new IllegalArgumentException("maxBundleBytes must be between 1 and " + MAX_BUNDLE_BYTES_CEILING
                    + " (jars are verified in memory), is " + maxBundleBytes);
        }
        publisherTrust = List.copyOf(publisherTrust);
        hostPackages = List.copyOf(hostPackages);
        hostServices = List.copyOf(hostServices);
        initialBundles = List.copyOf(initialBundles);
        frameworkProperties = Map.copyOf(frameworkProperties);
    }

    /** The default {@code maxBundleBytes}: 16 MiB; OSGi bundles are rarely above a few MiB. */
    public static final long DEFAULT_MAX_BUNDLE_BYTES = 16L * 1024 * 1024;
    /** Jars are verified from memory, and a Java array holds at most 2 GiB; 512 MiB keeps inflation bounded too. */
    public static final long MAX_BUNDLE_BYTES_CEILING = 512L * 1024 * 1024;

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, is " + duration);
        }
    }

    /**
     * A service the host offers to bundles.
     *
     * @param <T>        the service type
     * @param type       its interface
     * @param service    the implementation
     * @param properties the service properties
     */
    public record HostService<T>(Class<T> type, T service, Map<String, Object> properties) {
        /**
         * Copies the properties.
         *
         * @param type       its interface
         * @param service    the implementation
         * @param properties the service properties
         */
        public HostService {
            properties = Map.copyOf(properties);
        }
    }
}
