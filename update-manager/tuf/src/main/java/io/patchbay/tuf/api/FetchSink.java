package io.patchbay.tuf.api;

/**
 * Receives the answer of a ranged fetch ({@link Fetcher#fetchRange}) while it arrives, so that the bytes that
 * came before a broken connection are kept and a later fetch can resume after them. Nothing handed to a sink
 * is trusted: the updater verifies the complete file before it hands out any of it.
 *
 * <p>A sink may refuse an answer by throwing (a {@link TufException}); the fetcher then stops reading, drops the
 * connection and lets the exception through unchanged.
 */
public interface FetchSink {

    /**
     * Called once, before any {@link #write}.
     *
     * @param offset where in the file the body starts: 0 for a whole-file answer (the download starts over),
     *               or the offset that was asked for
     * @param etag   the answer's well-formed entity tag ({@link FetchResponse#isWellFormedEtag}), or null
     */
    void start(long offset, String etag);

    /**
     * The next bytes of the body, in order; the sink must copy what it keeps (the fetcher reuses its buffer).
     *
     * @param bytes  a buffer holding the bytes
     * @param offset where they start in {@code bytes}
     * @param length how many there are
     */
    void write(byte[] bytes, int offset, int length);
}
