package io.patchbay.license.gate.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the gate reads which features are licensed now: a service registered by whatever evaluates the license (the
 * license engine; a host or a test may register one too). While none is registered nothing is licensed, so no gated
 * bundle starts; bundles already running are left alone until a source says their feature is off.
 */
@ConsumerType
public interface FeatureSource {

    /** Whether the feature may run now. Called on hot paths and while the framework resolves: answer from memory. */
    boolean enabled(String feature);

    /** {@code changed} runs after every change of what {@link #enabled} answers, on any thread; it must return quickly. */
    void addListener(Runnable changed);

    void removeListener(Runnable changed);
}
