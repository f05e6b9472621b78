package io.patchbay.bench.jmh;

import io.patchbay.license.gate.api.FeatureSource;
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
 * The feature check on a hot path (issue 9: at most 50 ns): what code asks per call through the gate's entitlements
 * ({@code enabled(feature)}), for a licensed and an unlicensed feature, and the framework's per-bundle question
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
    static final class SnapshotSource implements FeatureSource {
        private volatile Map<String, Boolean> snapshot;

        SnapshotSource(Map<String, Boolean> snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public boolean enabled(String feature) {
            return Boolean.TRUE.equals(snapshot.get(feature));
        }

        @Override
        public void addListener(Runnable changed) {
            // the snapshot never changes in the benchmark
        }

        @Override
        public void removeListener(Runnable changed) {
            // nothing registered
        }
    }

    @Setup
    public void setUp() {
        java.util.HashMap<String, Boolean> license = new java.util.HashMap<>();
        for (int i = 0; i < features; i++) {
            license.put("feature-" + i, i % 2 == 0);
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
