package io.patchbay.license.gate.impl;

import io.patchbay.framework.spi.FeatureGate;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.EntitlementsListener;
import io.patchbay.license.api.FeatureStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.Bundle;

/**
 * The gate's answer, to the framework ({@link FeatureGate}) and to code ({@link Entitlements}, registered by the
 * gate): whatever the license engine's entitlements (the source) say. A bundle is permitted while every feature it
 * names is enabled. No source means nothing is enabled, and a source that throws permits nothing. Listeners hear of
 * the source's changes, and of the changes a new source (or none) makes.
 */
public final class LicensedFeatures implements FeatureGate, Entitlements {
    private volatile Entitlements source;
    private final List<EntitlementsListener> listeners = new CopyOnWriteArrayList<>();
    private final EntitlementsListener relay = this::fire;

    /** Uses {@code next} from now on (null for none), telling listeners what that changes. */
    public synchronized void use(Entitlements next) {
        Entitlements previous = source;
        if (previous == next) {
            return;
        }
        if (previous != null) {
            previous.removeListener(relay);
        }
        Map<String, FeatureStatus> before = previous == null ? Map.of() : previous.snapshot();
        source = next;
        if (next != null) {
            next.addListener(relay);
        }
        Map<String, FeatureStatus> after = next == null ? Map.of() : next.snapshot();
        Map<String, FeatureStatus> changed = new HashMap<>();
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            FeatureStatus now = after.getOrDefault(name, FeatureStatus.missing(name));
            if (!Objects.equals(before.get(name), now)) {
                changed.put(name, now);
            }
        }
        if (!changed.isEmpty()) {
            fire(Map.copyOf(changed));
        }
    }

    public boolean hasSource() {
        return source != null;
    }

    /** One volatile read, then the source's own check (an immutable map in the license engine). */
    @Override
    public boolean enabled(String feature) {
        Entitlements current = source;
        return current != null && current.enabled(feature);
    }

    @Override
    public FeatureStatus status(String feature) {
        Entitlements current = source;
        return current == null ? FeatureStatus.missing(feature) : current.status(feature);
    }

    @Override
    public Map<String, FeatureStatus> snapshot() {
        Entitlements current = source;
        return current == null ? Map.of() : current.snapshot();
    }

    @Override
    public void addListener(EntitlementsListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(EntitlementsListener listener) {
        listeners.remove(listener);
    }

    private void fire(Map<String, FeatureStatus> changed) {
        for (EntitlementsListener listener : listeners) {
            listener.changed(changed);
        }
    }

    @Override
    public boolean permits(Bundle bundle, Set<String> features) {
        Entitlements current = source;
        if (current == null || features.isEmpty()) {
            return false;
        }
        for (String feature : features) {
            if (!current.enabled(feature)) {
                return false;
            }
        }
        return true;
    }
}
