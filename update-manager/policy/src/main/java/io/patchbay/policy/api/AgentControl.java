package io.patchbay.policy.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The running update agent, as the host reaches it: the agent registers this service in the container while it
 * runs, and the host calls it through the runtime's service access, e.g.
 * {@code patchbay.service(AgentControl.class).proxy().checkNow()} (after the operator said "update now" in the
 * host's own UI, or when the host knows its network is back). Each call only moves the agent's next run forward; the
 * work happens on the agent's own thread under the same update policy as a scheduled check, so a host cannot use it
 * to bypass a maintenance window or a policy.
 */
@ProviderType
public interface AgentControl {

    /** Runs a check (the TUF refresh, the assigned deployment, reports) as soon as the agent is free. */
    void checkNow();

    /** Sends the running patch level and any unreported install results as soon as the agent is free. */
    void reportNow();

    /**
     * The id the update server knows this host by, once the agent has enrolled: what a host hands to other
     * services of the same vendor that wake it through the update server's push channel (the license server, when
     * it revokes or suspends a license this host uses).
     *
     * @return the enrolled client id, or empty before enrollment (and after a revocation)
     * @since 1.2
     */
    default java.util.Optional<String> clientId() {
        return java.util.Optional.empty();
    }
}
