package io.patchbay.tuf.api;

/**
 * Fetches repository files. The default is the client's HTTP fetcher
 * (HttpURLConnection, timeouts, no redirects, TLS 1.3, SPKI pinning for pinned requests); tests and
 * simulators plug in their own. Everything fetched is untrusted until the updater has verified it.
 */
public interface Fetcher {

    /**
     * @return the whole body, at most {@code request.maxBytes()} long
     * @throws LengthExceededException if the body is longer than {@code request.maxBytes()}
     * @throws DownloadException       on any network/HTTP failure; {@link DownloadException#isNotFound()}
     *                                 for 404/403
     */
    byte[] fetch(FetchRequest request);

    /**
     * A conditional fetch (HTTP {@code If-None-Match}). The updater uses it only for {@code timestamp.json},
     * with the entity tag of the copy it stores and has verified; a "not modified" answer makes it verify
     * that stored copy again (signatures against the current root, expiry), so the answer can never make
     * it trust anything it did not verify.
     *
     * <p>Default: an unconditional {@link #fetch} without an entity tag, so a fetcher that does not
     * implement this keeps working (every check downloads the whole file).
     *
     * @param ifNoneMatch a well-formed entity tag ({@link FetchResponse#isWellFormedEtag}) to send, or null to
     *                    send none (then the body's entity tag is still reported)
     * @return the body with its entity tag, or {@link FetchResponse#notModified()} only if {@code ifNoneMatch}
     *         was sent
     * @throws LengthExceededException as {@link #fetch}
     * @throws DownloadException       as {@link #fetch}; also for a "not modified" answer to a request that
     *                                 sent no entity tag ({@link DownloadException#httpStatus()} 304)
     */
    default FetchResponse fetchConditional(FetchRequest request, String ifNoneMatch) {
        return FetchResponse.of(fetch(request), null);
    }
}
