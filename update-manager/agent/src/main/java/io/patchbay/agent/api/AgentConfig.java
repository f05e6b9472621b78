package io.patchbay.agent.api;

import io.patchbay.policy.api.CommitPoint;
import io.patchbay.policy.api.HostCallbacks;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's configuration.
 *
 * <p><b>Where the device API is.</b> The agent trusts the same place for the device API as for updates: when a
 * signed TUF root is available and names a location ({@code x-patchbay-location}) with TLS pins, the device API
 * base URL is that location's origin ({@code https://host:port}) and its pins are root's pins, so moving the server
 * is a root rotation like moving the repository. {@link #serverUrl()} and {@link #serverPins()} are the fallback
 * for a host that has no signed root yet (first enrollment) or a repository served from elsewhere (a CDN), see
 * {@code impl.device.DeviceEndpoint}.
 *
 * @param dataDirectory   the agent's own directory: keys (owner-only), client id, state. Not the runtime's.
 * @param serverUrl       the device API base URL, {@code https://host:port}, when root names none
 * @param serverPins      pin-sha256 values of the server's TLS key (with or without {@code sha256/}); never empty
 * @param enrollmentToken the one-time token for the first start; ignored once enrolled; may be null
 * @param channel         the channel reported at check-in, or null for the one the token assigned
 * @param facts           host facts reported at check-in (small strings and numbers)
 * @param minPollDelay    the shortest sleep between check-ins whatever the server says (default 1 s)
 * @param maxPollDelay    the longest (default 1 day): a broken sleep hint must not silence a device
 * @param backoffBase     the first delay after a failure (default 5 s); doubles per failure
 * @param backoffCap      the longest delay between retries while unreachable (default 15 min)
 * @param requestTimeout  connect and whole-request timeout of each device request (default 30 s)
 * @param hostCallbacks   the host's update-policy callbacks (idleness, asking the user, deadline enforcement);
 *                        default {@link HostCallbacks#NONE}: every policy that needs one waits, safely
 * @param commitPoint     the host's commit-point hook for AFTER_COMMIT, or null (AFTER_COMMIT then waits). Passed in
 *                        plain Java today; inside the container it will be looked up as a host service.
 * @param keyRotation     how long a client key pair is used before the agent rotates it (default 30 days, counted
 *                        on the injected clock from enrollment or the last rotation); {@code Agent.rotateKeys()}
 *                        rotates at once
 * @param push            the push channel's settings (default {@link PushSettings#DEFAULTS}: on)
 */
public record AgentConfig(Path dataDirectory, URI serverUrl, List<String> serverPins, String enrollmentToken,
                          String channel, Map<String, Object> facts, Duration minPollDelay, Duration maxPollDelay,
                          Duration backoffBase, Duration backoffCap, Duration requestTimeout,
                          HostCallbacks hostCallbacks, CommitPoint commitPoint, Duration keyRotation,
                          PushSettings push) {

    public AgentConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        serverPins = serverPins == null ? List.of() : List.copyOf(serverPins);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
        minPollDelay = orDefault(minPollDelay, Duration.ofSeconds(1));
        maxPollDelay = orDefault(maxPollDelay, Duration.ofDays(1));
        backoffBase = orDefault(backoffBase, Duration.ofSeconds(5));
        backoffCap = orDefault(backoffCap, Duration.ofMinutes(15));
        requestTimeout = orDefault(requestTimeout, Duration.ofSeconds(30));
        hostCallbacks = hostCallbacks == null ? HostCallbacks.NONE : hostCallbacks;
        keyRotation = orDefault(keyRotation, Duration.ofDays(30));
        push = push == null ? PushSettings.DEFAULTS : push;
        if (keyRotation.isNegative() || keyRotation.isZero()) {
            throw new IllegalArgumentException("the key rotation interval must be positive: " + keyRotation);
        }
        if (serverUrl != null && !"https".equals(serverUrl.getScheme())) {
            throw new IllegalArgumentException("the device API is HTTPS only: " + serverUrl);
        }
        if (minPollDelay.compareTo(maxPollDelay) > 0 || backoffBase.compareTo(backoffCap) > 0
                || minPollDelay.isZero() || backoffBase.isZero()) {
            throw new IllegalArgumentException("poll and backoff delays must be positive and min <= max");
        }
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    /** A configuration with defaults for everything but the data directory and the fallback server. */
    public static AgentConfig of(Path dataDirectory, URI serverUrl, List<String> serverPins) {
        return new AgentConfig(dataDirectory, serverUrl, serverPins, null, null, Map.of(), null, null, null, null,
                null, null, null, null, null);
    }

    public AgentConfig withEnrollmentToken(String token) {
        return new AgentConfig(dataDirectory, serverUrl, serverPins, token, channel, facts, minPollDelay,
                maxPollDelay, backoffBase, backoffCap, requestTimeout, hostCallbacks, commitPoint, keyRotation, push);
    }

    public AgentConfig withChannel(String newChannel) {
        return new AgentConfig(dataDirectory, serverUrl, serverPins, enrollmentToken, newChannel, facts, minPollDelay,
                maxPollDelay, backoffBase, backoffCap, requestTimeout, hostCallbacks, commitPoint, keyRotation, push);
    }

    public AgentConfig withFacts(Map<String, Object> newFacts) {
        return new AgentConfig(dataDirectory, serverUrl, serverPins, enrollmentToken, channel, newFacts, minPollDelay,
                maxPollDelay, backoffBase, backoffCap, requestTimeout, hostCallbacks, commitPoint, keyRotation, push);
    }

    public AgentConfig withBackoff(Duration base, Duration cap) {
        return new AgentConfig(dataDirectory, serverUrl, serverPins, enrollmentToken, channel, facts, minPollDelay,
                maxPollDelay, base, cap, requestTimeout, hostCallbacks, commitPoint, keyRotation, push);
    }

    /** The host's policy callbacks and commit point (null: AFTER_COMMIT waits). */
    public AgentConfig withHost(HostCallbacks callbacks, CommitPoint point) {
        return new AgentConfig(dataDirectory, serverUrl, serverPins, enrollmentToken, channel, facts, minPollDelay,
                maxPollDelay, backoffBase, backoffCap, requestTimeout, callbacks, point, keyRotation, push);
    }

    /** Rotate the client's keys every {@code interval} (default 30 days). */
    public AgentConfig withKeyRotation(Duration interval) {
        return new AgentConfig(dataDirectory, serverUrl, serverPins, enrollmentToken, channel, facts, minPollDelay,
                maxPollDelay, backoffBase, backoffCap, requestTimeout, hostCallbacks, commitPoint, interval, push);
    }

    /** The push channel's settings. */
    public AgentConfig withPush(PushSettings settings) {
        return new AgentConfig(dataDirectory, serverUrl, serverPins, enrollmentToken, channel, facts, minPollDelay,
                maxPollDelay, backoffBase, backoffCap, requestTimeout, hostCallbacks, commitPoint, keyRotation,
                settings);
    }

    public Optional<String> token() {
        return Optional.ofNullable(enrollmentToken).filter(t -> !t.isBlank());
    }

    @Override
    public String toString() {
        // the enrollment token is a credential: keep it out of logs that print the config
        return "AgentConfig[dataDirectory=" + dataDirectory + ", serverUrl=" + serverUrl + ", channel=" + channel
                + ", token=" + (enrollmentToken == null ? "none" : "set") + "]";
    }
}
