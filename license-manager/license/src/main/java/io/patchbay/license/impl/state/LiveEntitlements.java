package io.patchbay.license.impl.state;

import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.EntitlementsListener;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@link Entitlements}: one volatile reference to an immutable state, replaced as a whole at each
 * evaluation, so a check is a volatile read and a map lookup (no lock, no allocation) and a reader never sees half
 * of an update. Listeners run after the new state is visible, on the publishing thread.
 */
public final class LiveEntitlements implements Entitlements {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEntitlements.class);

    private record State(Map<String, FeatureStatus> features, LicenseCode defaultCode) {
    }

    private volatile State state = new State(Map.of(), LicenseCode.FEATURE_MISSING);
    private final List<EntitlementsListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public boolean enabled(String feature) {
        FeatureStatus s = state.features.get(feature);
        return s != null && s.enabled();
    }

    @Override
    public FeatureStatus status(String feature) {
        State now = state;
        FeatureStatus s = now.features.get(Objects.requireNonNull(feature, "feature"));
        return s != null ? s : new FeatureStatus(feature, now.defaultCode, null, false);
    }

    @Override
    public Map<String, FeatureStatus> snapshot() {
        return state.features;
    }

    @Override
    public void addListener(EntitlementsListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(EntitlementsListener listener) {
        listeners.remove(listener);
    }

    /** A feature whose status changed; {@code before} is null when the feature was not named before. */
    record Transition(String feature, FeatureStatus before, FeatureStatus after) {
    }

    /** Makes an evaluation current and tells the listeners what changed; returns the changes. */
    List<Transition> publish(Evaluation evaluation) {
        State before = state;
        State after = new State(evaluation.features(), evaluation.defaultCode());
        state = after;
        Set<String> names = new HashSet<>(before.features.keySet());
        names.addAll(after.features.keySet());
        Map<String, FeatureStatus> changed = new HashMap<>();
        List<Transition> transitions = new ArrayList<>();
        for (String name : names) {
            FeatureStatus old = before.features.get(name);
            FeatureStatus now = after.features.get(name);
            FeatureStatus reported = now != null ? now : new FeatureStatus(name, after.defaultCode, null, false);
            if (!reported.equals(old)) {
                changed.put(name, reported);
                transitions.add(new Transition(name, old, reported));
            }
        }
        if (!changed.isEmpty()) {
            Map<String, FeatureStatus> view = Map.copyOf(changed);
            for (EntitlementsListener l : listeners) {
                try {
                    l.changed(view);
                } catch (RuntimeException e) {
                    LOG.warn("An entitlements listener failed", e);
                }
            }
        }
        return transitions;
    }
}
