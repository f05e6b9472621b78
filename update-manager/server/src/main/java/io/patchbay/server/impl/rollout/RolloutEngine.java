package io.patchbay.server.impl.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.impl.device.DeviceApi;
import io.patchbay.server.impl.http.Json;
import io.patchbay.server.impl.store.RolloutProgress;
import io.patchbay.server.impl.store.RolloutProgress.Soak;
import io.patchbay.server.impl.store.RolloutProgress.Step;
import io.patchbay.server.impl.store.Rollouts;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives rollouts: evaluates them on the housekeeping timer and right after the device events that can change them
 * (a final install report naming a group's deployment, a health DOWN during a soak), and shortens the sleep hint of
 * soaking clients so their health is sampled several times within the soak. Every node runs one; the store's
 * conditional transitions make them agree. A halt is logged at WARN with its reason, which the status and the
 * history also carry.
 */
public final class RolloutEngine implements DeviceApi.Observer {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);
    /** Health samples wanted within one soak: the sleep hint is at most soak / this. */
    static final int SAMPLES_PER_SOAK = 5;

    private final Rollouts rollouts;
    private final RolloutProgress progress;
    private final Clock clock;

    public RolloutEngine(Rollouts rollouts, RolloutProgress progress, Clock clock) {
        this.rollouts = Objects.requireNonNull(rollouts);
        this.progress = Objects.requireNonNull(progress);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The housekeeping pass: every running or paused rollout, with late members added. Never throws. */
    public void evaluateAll() {
        try {
            for (String id : rollouts.evaluable()) {
                evaluate(id, true);
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("rollout evaluation failed: {}", e.getMessage());
        }
    }

    /**
     * Evaluates one rollout until it stops advancing (an empty group finishes at once, so several steps may follow).
     *
     * @return the last step that did something, or NONE
     */
    public Step evaluate(String id, boolean addLateMembers) throws StoreException {
        Step last = new Step(Step.Kind.NONE, null);
        boolean sync = addLateMembers;
        for (int i = 0; i < 2 * 100 + 4; i++) {
            Step step;
            try {
                step = progress.evaluate(id, sync);
            } catch (ConflictException e) {
                if (!"rollout_changed".equals(e.code())) {
                    throw e;
                }
                LOG.debug("rollout {} moved on another node meanwhile", id);
                return last;
            }
            sync = false;
            switch (step.kind()) {
                case NONE -> {
                    return last;
                }
                case HALTED -> {
                    LOG.warn("rollout {} HALTED (emergency stop): {}", id, step.detail());
                    return step;
                }
                case FINISHED -> {
                    LOG.info("rollout {} finished: {}", id, step.detail());
                    return step;
                }
                case ADVANCED -> LOG.info("rollout {}: {}", id, step.detail());
                case PROGRESS -> {
                }
            }
            last = step;
        }
        return last;
    }

    @Override
    public Duration checkedIn(String clientId, String factsJson, Duration pollInterval) {
        try {
            List<Soak> soaks = progress.soaking(clientId);
            if (soaks.isEmpty()) {
                return pollInterval;
            }
            JsonNode facts = factsJson == null ? null : Json.tree(factsJson);
            Duration hint = pollInterval;
            for (Soak soak : soaks) {
                if (facts != null && down(facts, soak.committedAt())
                        && progress.recordDown(soak, clientId, facts.path("health.failing").asText(null))) {
                    LOG.info("client {} reported health DOWN while soaking in rollout {}", clientId, soak.rolloutId());
                    evaluate(soak.rolloutId(), false);
                    continue;
                }
                Duration sample = soak.soak().dividedBy(SAMPLES_PER_SOAK);
                Duration left = Duration.between(clock.instant(), soak.endsAt());
                hint = min(hint, max(Duration.ofSeconds(1), min(sample, left)));
            }
            return hint;
        } catch (StoreException | RuntimeException e) {
            LOG.warn("rollout check of client {}'s check-in failed: {}", clientId, e.getMessage());
            return pollInterval;
        }
    }

    @Override
    public void reported(String clientId, String deploymentId, InstallState state) {
        if (deploymentId == null || !state.isFinal()) {
            return;
        }
        try {
            var rollout = progress.rolloutOf(deploymentId);
            if (rollout.isPresent()) {
                evaluate(rollout.get(), false);
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("rollout evaluation after {}'s report failed: {}", clientId, e.getMessage());
        }
    }

    /**
     * "health" is DOWN and the checks ran after the install committed ("health.at" missing or unreadable counts as
     * now: the agent reports what it just saw).
     */
    static boolean down(JsonNode facts, Instant committedAt) {
        if (!"DOWN".equals(facts.path("health").asText(null))) {
            return false;
        }
        String at = facts.path("health.at").asText(null);
        if (at == null) {
            return true;
        }
        try {
            return !Instant.parse(at).isBefore(committedAt);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
