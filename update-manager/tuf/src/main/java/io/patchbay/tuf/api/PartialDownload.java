package io.patchbay.tuf.api;

/**
 * The unverified bytes of an unfinished target download, kept by a {@link TargetStore} so that a later download
 * resumes after them instead of starting over. They are never trusted: the updater hands out nothing before the
 * complete file has the length and every hash its trusted metadata lists, and discards them when it does not.
 */
public interface PartialDownload extends AutoCloseable {

    /**
     * How many bytes are kept: the offset a resumed download asks for.
     *
     * @return 0 when none
     */
    long length();

    /**
     * The entity tag the kept bytes came with, sent as {@code If-Range} so a changed file is fetched whole.
     *
     * @return the tag, or null (then the updater cannot tell whether the file changed, and discards the kept bytes)
     */
    String etag();

    /**
     * Drops the kept bytes and starts over with bytes of the representation tagged {@code etag}.
     *
     * @param etag the new answer's well-formed entity tag, or null
     */
    void restart(String etag);

    /**
     * Appends the next bytes of the download.
     *
     * @param bytes  a buffer holding them (copied: the caller reuses it)
     * @param offset where they start in {@code bytes}
     * @param length how many there are
     */
    void append(byte[] bytes, int offset, int length);

    /**
     * All kept bytes, in order, for verification once the download is complete.
     *
     * @return a new array
     */
    byte[] read();

    /** Drops the kept bytes and their tag, leaving nothing behind; appending afterwards starts anew. */
    void discard();

    /** Releases what is held open; the kept bytes stay for the next download. */
    @Override
    void close();
}
