package io.patchbay.server.impl.http;

import java.util.Objects;

/**
 * One resource: the only method it accepts, the largest body it reads, and whether it counts against the
 * in-flight limit (the device API does: a fleet polling at once must get 503 + Retry-After, not a queue).
 */
public record Route(String method, int maxBodyBytes, boolean limited, Endpoint endpoint) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpoint, "endpoint");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative");
        }
    }

    public static Route get(Endpoint endpoint) {
        return new Route("GET", 0, false, endpoint);
    }

    public static Route post(int maxBodyBytes, boolean limited, Endpoint endpoint) {
        return new Route("POST", maxBodyBytes, limited, endpoint);
    }
}
