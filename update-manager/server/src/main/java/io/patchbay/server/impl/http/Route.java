package io.patchbay.server.impl.http;

import java.util.Objects;

/**
 * One resource: the only method it accepts, the largest body it reads, and whether it counts against the
 * in-flight limit (the device API does: a fleet polling at once must get 503 + Retry-After, not a queue).
 *
 * @param streamedType null for a JSON body read by the router; otherwise the one media type of a body the
 *                     endpoint streams itself (after authenticating), with {@code maxBodyBytes} checked against
 *                     Content-Length up front and enforced again by the endpoint while it reads
 */
public record Route(String method, int maxBodyBytes, boolean limited, Endpoint endpoint, String streamedType) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpoint, "endpoint");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative");
        }
    }

    public static Route get(Endpoint endpoint) {
        return new Route("GET", 0, false, endpoint, null);
    }

    public static Route post(int maxBodyBytes, boolean limited, Endpoint endpoint) {
        return new Route("POST", maxBodyBytes, limited, endpoint, null);
    }

    /** A POST whose body of {@code mediaType} the endpoint reads from {@link Exchange#request()} itself. */
    public static Route streamedPost(int maxBodyBytes, String mediaType, Endpoint endpoint) {
        return new Route("POST", maxBodyBytes, false, endpoint, Objects.requireNonNull(mediaType, "mediaType"));
    }
}
