package io.patchbay.license.gate;

import io.patchbay.license.gate.api.FeatureSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A license state the test sets: enabling or disabling a feature tells the listeners, as the license engine does. */
final class MutableSource implements FeatureSource {
    private final Set<String> enabled = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    void enable(String feature) {
        enabled.add(feature);
        listeners.forEach(Runnable::run);
    }

    void disable(String feature) {
        enabled.remove(feature);
        listeners.forEach(Runnable::run);
    }

    @Override
    public boolean enabled(String feature) {
        return enabled.contains(feature);
    }

    @Override
    public void addListener(Runnable changed) {
        listeners.add(changed);
    }

    @Override
    public void removeListener(Runnable changed) {
        listeners.remove(changed);
    }

    int listeners() {
        return listeners.size();
    }
}
