/**
 * Update policies, the host-side API: when a pending patch may be swapped into a running host.
 *
 * <p>An operator's deployment names an {@link io.patchbay.policy.api.UpdatePolicy} (NOW, WHEN_IDLE,
 * AFTER_COMMIT, ASK_USER, DEADLINE), a hawkBit {@link io.patchbay.policy.api.ActionType} and any number of
 * {@link io.patchbay.policy.api.MaintenanceWindow}s. The host implements the plain-Java
 * {@link io.patchbay.policy.api.HostCallbacks} it cares about (every method has a safe default) and calls
 * {@link io.patchbay.policy.api.CommitPoint#reached()} at its commit points. The update agent asks a
 * {@link io.patchbay.policy.api.PolicyEngine} on every tick what to do.
 *
 * <p>Nothing here depends on OSGi at run time: the host puts this package on its class path and exports it
 * into the container as a host package, so the agent bundle and the host share the same classes.
 */
@Export
@Version("1.2.0")
package io.patchbay.policy.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
