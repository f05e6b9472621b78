package io.patchbay.tuf.api;

/**
 * The unverified bytes of an unfinished target download, kept by a {@link TargetStore} so that a later download
 * resumes after them instead of starting over. They are never trusted: the updater hands out nothing before the
 * complete file has the length and every hash its trusted metadata lists, and discards them when it does not.
 */
public interface PartialDownload extends AutoCloseable {

    /** How many bytes are kept (0 when none). */
    long length();

    /** The entity tag the kept bytes came with, or null. */
    String etag();

    /** Drops the kept bytes and starts over with bytes of the representation tagged {@code etag} (may be null). */
    void restart(String etag);

    /** Appends the next bytes of the download (copied). */
    void append(byte[] bytes, int offset, int length);

    /** All kept bytes, in order. */
    byte[] read();

    /** Drops the kept bytes and their tag, leaving nothing behind; appending afterwards starts anew. */
    void discard();

    /** Releases what is held open; the kept bytes stay for the next download. */
    @Override
    void close();
}
