package io.patchbay.tuf.api;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One download the updater asks a {@link Fetcher} for.
 *
 * @param uri      what to fetch
 * @param maxBytes the most bytes to accept; a fetcher must stop reading beyond it and throw
 *                 {@link LengthExceededException} (endless-data attack)
 * @param pinned   true when the location comes from verified root: then the TLS server key MUST be one of
 *                 {@code tlsPins} (and an https fetch with no pins must fail), instead of the system trust store
 * @param tlsPins  "sha256/&lt;base64 SPKI SHA-256&gt;" pins from root's x-patchbay-tls-pins
 */
public record FetchRequest(URI uri, long maxBytes, boolean pinned, List<String> tlsPins) {

    /**
     * Copies the pins so the request cannot change after it was made.
     *
     * @param uri      what to fetch; not null
     * @param maxBytes the most bytes to accept, at least 0
     * @param pinned   whether the location comes from verified root
     * @param tlsPins  the TLS pins; not null (may be empty), copied
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    public FetchRequest {
        Objects.requireNonNull(uri, "uri");
        tlsPins = List.copyOf(tlsPins);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0");
        }
    }

    /**
     * A request checked against the system trust store, for a location not taken from verified root
     * (the first root, or a repository used without {@code x-patchbay-location}).
     *
     * @param uri      what to fetch
     * @param maxBytes the most bytes to accept
     * @return a request with no pins
     */
    public static FetchRequest unpinned(URI uri, long maxBytes) {
        return new FetchRequest(uri, maxBytes, false, List.of());
    }
}
