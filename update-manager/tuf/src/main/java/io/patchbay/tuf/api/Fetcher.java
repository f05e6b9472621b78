package io.patchbay.tuf.api;

/**
 * Fetches repository files. The default is the client's HTTP fetcher
 * (HttpURLConnection, timeouts, no redirects, TLS 1.3, SPKI pinning for pinned requests); tests and
 * simulators plug in their own. Everything fetched is untrusted until the updater has verified it.
 */
public interface Fetcher {

    /**
     * Fetches a whole file.
     *
     * @param request what to fetch, with its bound and TLS pins
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
     * @param request     what to fetch, with its bound and TLS pins
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

    /**
     * Fetches a file from {@code offset} on, to resume an interrupted download: HTTP {@code Range: bytes=offset-}
     * and, when {@code ifRange} is given, {@code If-Range} with it, so that a server whose file changed since
     * sends the whole new file instead of a piece of it. {@code request.maxBytes()} bounds the whole file: a
     * partial answer may carry at most {@code maxBytes - offset} bytes. The answer goes to {@code sink} while it
     * arrives; what was written before a failure stays written.
     *
     * <p>A partial answer (HTTP 206) is accepted only if its {@code Content-Range} starts exactly at
     * {@code offset} and ends within {@code maxBytes}; a whole-file answer (200) is reported with offset 0.
     *
     * <p>Default: a plain {@link #fetch} of the whole file, reported with offset 0 and no entity tag, so a
     * fetcher that does not implement this keeps working (it just never resumes).
     *
     * @param request what to fetch, with its bound (for the whole file) and TLS pins
     * @param offset bytes already held, {@code 0 <= offset <= request.maxBytes()}; 0 sends no {@code Range}
     * @param ifRange a well-formed entity tag the held bytes came with, or null
     * @param sink    receives the answer while it arrives
     * @throws LengthExceededException as {@link #fetch}, counting from the start of the file
     * @throws DownloadException       as {@link #fetch}; with {@link DownloadException#httpStatus()} 206 for a
     *                                 partial answer that is malformed or not the range asked for, 416 when the
     *                                 server finds the range beyond the file
     */
    default void fetchRange(FetchRequest request, long offset, String ifRange, FetchSink sink) {
        byte[] body = fetch(request);
        sink.start(0, null);
        sink.write(body, 0, body.length);
    }
}
