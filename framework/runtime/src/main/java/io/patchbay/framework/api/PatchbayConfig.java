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
 * @param frameworkProperties extra Felix properties
 * @param clock              the time source for certificate validity, journal records and events
 */
public record PatchbayConfig(Path dataDirectory, List<X509Certificate> publisherTrust,
                             List<String> hostPackages, List<HostService<?>> hostServices,
                             List<Path> initialBundles, Duration healthTimeout,
                             Duration serviceWaitTimeout, Duration operationTimeout, Duration recoveryRetry,
                             Map<String, String> frameworkProperties, Clock clock) {

    public PatchbayConfig {
        requirePositive(healthTimeout, "healthTimeout");
        requirePositive(serviceWaitTimeout, "serviceWaitTimeout");
        requirePositive(operationTimeout, "operationTimeout");
        requirePositive(recoveryRetry, "recoveryRetry");
        publisherTrust = List.copyOf(publisherTrust);
        hostPackages = List.copyOf(hostPackages);
        hostServices = List.copyOf(hostServices);
        initialBundles = List.copyOf(initialBundles);
        frameworkProperties = Map.copyOf(frameworkProperties);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, is " + duration);
        }
    }

    /** A service the host offers to bundles. */
    public record HostService<T>(Class<T> type, T service, Map<String, Object> properties) {
        public HostService {
            properties = Map.copyOf(properties);
        }
    }
}
