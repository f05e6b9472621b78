package io.patchbay.agent.impl.poll;

import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.impl.health.HealthProbe;
import io.patchbay.agent.impl.device.Messages.Bundle;
import io.patchbay.agent.impl.device.Messages.CheckInRequest;
import io.patchbay.agent.impl.push.PushChannel;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.agent.impl.report.SwapMarker;
import io.patchbay.framework.api.PatchService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A check-in's body: the running patch level, the channel, and the facts: the configured ones, the trusted root's
 * version ({@value PollingAgent#ROOT_VERSION_FACT}), the push channel's counts ({@code push.*}) and the host's
 * health, its checks run again for this check-in ({@code health*}, see {@link HealthProbe}).
 */
final class CheckInRequests {
    private final PatchService patches;
    private final SwapMarker marker;
    private final AgentConfig config;
    private final PushChannel push;
    private final HealthProbe health;

    /** @param push the push channel, or null without one */
    CheckInRequests(PatchService patches, SwapMarker marker, AgentConfig config, PushChannel push, HealthProbe health) {
        this.patches = patches;
        this.marker = marker;
        this.config = config;
        this.push = push;
        this.health = health;
    }

    /** @param rootVersion the trusted root's version, or null when unknown */
    CheckInRequest request(Long rootVersion) {
        PatchLevel level = patches.patchLevel();
        List<Bundle> bundles = level.bundles().stream().map(b -> new Bundle(b.symbolicName(), b.version())).toList();
        Map<String, Object> facts = new LinkedHashMap<>(config.facts());
        if (rootVersion != null) {
            facts.put(PollingAgent.ROOT_VERSION_FACT, rootVersion);
        }
        if (push != null) {
            facts.putAll(push.facts());
        }
        facts.putAll(health.facts());
        // the release level it runs (after a rollback below the runtime's commit counter)
        return new CheckInRequest(marker.runningLevel(patches), bundles, facts, config.channel());
    }
}
