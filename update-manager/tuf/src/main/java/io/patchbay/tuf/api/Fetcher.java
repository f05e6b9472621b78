package io.patchbay.tuf.api;

/**
 * Fetches repository files. The default is the client's HTTP fetcher
 * (java.net.http, timeouts, no redirects, TLS 1.3, SPKI pinning for pinned requests); tests and
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
}
