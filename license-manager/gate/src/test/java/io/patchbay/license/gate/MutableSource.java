package io.patchbay.license.gate;

import io.patchbay.license.api.Entitlements;
import io.patchbay.license.api.EntitlementsListener;
import io.patchbay.license.api.FeatureStatus;
import io.patchbay.license.api.LicenseCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Entitlements the test sets, as the license engine reports them: a feature enabled (VALID) or disabled with a
 * code, and every change told to the listeners.
 */
final class MutableSource implements Entitlements {
    private final Map<String, FeatureStatus> statuses = new ConcurrentHashMap<>();
    private final List<EntitlementsListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Map.Entry<String, Runnable>> onQuery = new AtomicReference<>();

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

    /**
     * Runs {@code hook} once, on the next question from a thread named {@code thread}, after its answer is taken and
     * before it is returned: the asker then acts on an answer that may no longer hold.
     */
    void onNextQueryFrom(String thread, Runnable hook) {
        onQuery.set(Map.entry(thread, hook));
    }

    @Override
    public boolean enabled(String feature) {
        FeatureStatus status = statuses.get(feature);
        boolean enabled = status != null && status.enabled();
        Map.Entry<String, Runnable> hook = onQuery.get();
        if (hook != null && hook.getKey().equals(Thread.currentThread().getName()) && onQuery.compareAndSet(hook, null)) {
            hook.getValue().run();
        }
        return enabled;
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
