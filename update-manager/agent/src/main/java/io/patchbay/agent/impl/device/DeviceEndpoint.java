package io.patchbay.agent.impl.device;

import io.patchbay.tuf.api.model.TrustedLocation;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the device API is and which TLS keys may answer there.
 *
 * @param baseUrl {@code https://host:port} (a path prefix is kept, for a server behind a proxy under a prefix)
 * @param pins    pin-sha256 values of acceptable server keys; never empty (no system trust store fallback)
 */
public record DeviceEndpoint(URI baseUrl, List<String> pins) {

    public DeviceEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the device API is HTTPS only: " + baseUrl);
        }
        pins = List.copyOf(pins);
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("the device API needs the server's TLS pins");
        }
    }

    /**
     * The origin of root's signed location with root's pins, when root names an https location with pins: the
     * device API is served by the same server as the repository, so moving either is a root rotation. Empty for
     * a root without location (plain TUF) or pins; the configured endpoint applies then.
     */
    public static Optional<DeviceEndpoint> fromTrustedLocation(TrustedLocation location) {
        if (location == null || location.tlsPins().isEmpty() || !"https".equals(location.metadataUrl().getScheme())) {
            return Optional.empty();
        }
        URI metadata = location.metadataUrl();
        URI origin = URI.create("https://" + metadata.getRawAuthority());
        return Optional.of(new DeviceEndpoint(origin, location.tlsPins()));
    }

    /** The request target for {@code route} (an absolute path such as {@code /device/v1/check-in}). */
    String target(String route) {
        String prefix = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return prefix + route;
    }

    URI uri(String target) {
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + target);
    }
}
