package io.patchbay.agent.impl.poll;

import io.patchbay.agent.api.AgentConfig;
import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.device.DeviceEndpoint;
import io.patchbay.agent.impl.device.DeviceTransport;
import io.patchbay.tuf.api.model.TrustedLocation;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The device API client for the current endpoint: root's signed location when it has one, else the configured
 * one; a new client (and transport) only when the endpoint changed. Used on the agent's thread and the push
 * channel's.
 */
final class DeviceClients {
    private final AgentConfig config;
    private final Supplier<Optional<TrustedLocation>> trustedLocation;
    private final Function<DeviceEndpoint, DeviceTransport> transports;
    private final Clock clock;
    private final SecureRandom random;
    private DeviceEndpoint endpoint;
    private DeviceClient client;

    DeviceClients(AgentConfig config, Supplier<Optional<TrustedLocation>> trustedLocation,
                  Function<DeviceEndpoint, DeviceTransport> transports, Clock clock, SecureRandom random) {
        this.config = config;
        this.trustedLocation = trustedLocation;
        this.transports = transports;
        this.clock = clock;
        this.random = random;
    }

    synchronized DeviceClient current() {
        DeviceEndpoint now = trustedLocation.get().flatMap(DeviceEndpoint::fromTrustedLocation)
                .orElseGet(this::configured);
        if (!now.equals(endpoint)) {
            endpoint = now;
            client = new DeviceClient(now, transports.apply(now), clock, random);
        }
        return client;
    }

    /** The endpoint last used, or null. */
    synchronized DeviceEndpoint endpoint() {
        return endpoint;
    }

    private DeviceEndpoint configured() {
        if (config.serverUrl() == null) {
            throw new IllegalStateException("no device API location: the signed root names none and none is configured");
        }
        return new DeviceEndpoint(config.serverUrl(), config.serverPins());
    }
}
