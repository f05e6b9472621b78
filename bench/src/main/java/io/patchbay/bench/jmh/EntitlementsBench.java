package io.patchbay.bench.jmh;

import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.EntitlementsListener;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.gate.impl.LicensedFeatures;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The feature check on a hot path (issue 9: at most 50 ns): what code asks per call through the {@code Entitlements}
 * service the gate registers ({@code enabled(feature)}), for a licensed and an unlicensed feature, and the framework's per-bundle question
 * ({@code permits(bundle, features)}), over a license naming {@code features} features. The license state is an
 * immutable map behind a volatile reference, as the license engine keeps it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class EntitlementsBench {

    @Param({"4", "64"})
    int features;

    private LicensedFeatures gate;
    private String licensed;
    private String unlicensed;
    private Set<String> needed;

    /** The engine's shape: an immutable snapshot, swapped whole on every re-evaluation. */
    static final class SnapshotSource implements Entitlements {
        private volatile Map<String, FeatureStatus> snapshot;

        SnapshotSource(Map<String, FeatureStatus> snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public boolean enabled(String feature) {
            FeatureStatus status = snapshot.get(feature);
            return status != null && status.enabled();
        }

        @Override
        public FeatureStatus status(String feature) {
            return snapshot.getOrDefault(feature, FeatureStatus.missing(feature));
        }

        @Override
        public Map<String, FeatureStatus> snapshot() {
            return snapshot;
        }

        @Override
        public void addListener(EntitlementsListener listener) {
            // the snapshot never changes in the benchmark
        }

        @Override
        public void removeListener(EntitlementsListener listener) {
            // nothing registered
        }
    }

    @Setup
    public void setUp() {
        java.util.HashMap<String, FeatureStatus> license = new java.util.HashMap<>();
        for (int i = 0; i < features; i++) {
            String name = "feature-" + i;
            license.put(name, new FeatureStatus(name, i % 2 == 0 ? LicenseCode.VALID : LicenseCode.EXPIRED, null, false));
        }
        gate = new LicensedFeatures();
        gate.use(new SnapshotSource(Map.copyOf(license)));
        // new String: the caller's name is equal to, not the same object as, the map's key
        licensed = new String("feature-" + (features - 2));
        unlicensed = new String("feature-" + (features - 1));
        needed = Set.of(licensed);
    }

    @Benchmark
    public boolean enabledLicensed() {
        return gate.enabled(licensed);
    }

    @Benchmark
    public boolean enabledUnlicensed() {
        return gate.enabled(unlicensed);
    }

    @Benchmark
    public boolean permitsOneFeature() {
        return gate.permits(null, needed);
    }
}
