package io.patchbay.license.gate;

import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.EntitlementsListener;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Entitlements the test sets, as the license engine reports them: a feature enabled (VALID) or disabled with a
 * code, and every change told to the listeners.
 */
final class MutableSource implements Entitlements {
    private final Map<String, FeatureStatus> statuses = new ConcurrentHashMap<>();
    private final List<EntitlementsListener> listeners = new CopyOnWriteArrayList<>();

    void enable(String feature) {
        set(new FeatureStatus(feature, LicenseCode.VALID, null, false));
    }

    void disable(String feature) {
        set(new FeatureStatus(feature, LicenseCode.EXPIRED, null, false));
    }

    private void set(FeatureStatus status) {
        statuses.put(status.feature(), status);
        listeners.forEach(l -> l.changed(Map.of(status.feature(), status)));
    }

    @Override
    public boolean enabled(String feature) {
        FeatureStatus status = statuses.get(feature);
        return status != null && status.enabled();
    }

    @Override
    public FeatureStatus status(String feature) {
        return statuses.getOrDefault(feature, FeatureStatus.missing(feature));
    }

    @Override
    public Map<String, FeatureStatus> snapshot() {
        return Map.copyOf(statuses);
    }

    @Override
    public void addListener(EntitlementsListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(EntitlementsListener listener) {
        listeners.remove(listener);
    }

    int listeners() {
        return listeners.size();
    }
}
