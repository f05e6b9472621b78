package io.patchbay.framework.spi;

import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.framework.Bundle;

/**
 * The license gate, as a service one bundle registers (the license-manager's gate bundle). The runtime lets a bundle
 * whose manifest names licensed features ({@link PatchbayHeaders#REQUIRED_FEATURES}) resolve and start only while a
 * {@code FeatureGate} permits every one of them. Without one (not installed, stopped, being swapped, or throwing),
 * such bundles that are not running stay stopped: the runtime fails closed. Bundles already running are not stopped
 * by the runtime when the gate goes away; stopping them is the gate's decision, so a swap of the gate is seamless.
 *
 * <p>{@link #permits} is called while the framework resolves bundles and on every start: it must answer from memory,
 * quickly, and never block or call into the framework (no resolve, start or refresh from inside it).
 */
@ConsumerType
public interface FeatureGate {

    /**
     * Whether {@code bundle} may resolve and run now.
     *
     * @param bundle   the bundle asking
     * @param features the features its manifest names (never empty)
     * @return true only when every feature is licensed
     */
    boolean permits(Bundle bundle, Set<String> features);
}
