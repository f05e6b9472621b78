package io.patchbay.agent.impl.poll;

import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.impl.push.PushChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * The push channel's view of a {@link PollingAgent}: its identity and device client, and the only things a push may
 * do: move the next scheduled check forward, and tell the host a check was asked for. Called from the channel's
 * threads.
 */
final class PushHost implements PushChannel.Host {
    private final PollingAgent agent;

    PushHost(PollingAgent agent) {
        this.agent = agent;
    }

    @Override
    public Optional<ClientIdentity> identity() {
        return Optional.ofNullable(agent.currentIdentity());
    }

    @Override
    public DeviceClient client() {
        return agent.client();
    }

    @Override
    public void check() {
        agent.checkWithin(Duration.ZERO);
    }

    /** CHECK_NOW: the host hears of it first (so a test sees it done once the check is scheduled), then the check. */
    @Override
    public void check(Duration delay) {
        agent.hostNotices().checkRequested(delay);
        agent.checkWithin(delay);
    }

    @Override
    public void reportHome(Duration delay) {
        agent.checkWithin(delay); // the check-in is the heartbeat: patch level, facts, then the unreported history
    }
}
