package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.PartialDownload;
import java.io.ByteArrayOutputStream;

/** For stores that keep no partial downloads (or none at all): the bytes of this one attempt, in memory. */
final class MemoryPartial implements PartialDownload {

    private final ByteArrayOutputStream bytes;
    private String etag;

    MemoryPartial(long expectedLength) {
        bytes = new ByteArrayOutputStream((int) Math.min(expectedLength, 1 << 20));
    }

    @Override
    public long length() {
        return bytes.size();
    }

    @Override
    public String etag() {
        return etag;
    }

    @Override
    public void restart(String newEtag) {
        bytes.reset();
        etag = newEtag;
    }

    @Override
    public void append(byte[] data, int offset, int length) {
        bytes.write(data, offset, length);
    }

    @Override
    public byte[] read() {
        return bytes.toByteArray();
    }

    @Override
    public void discard() {
        restart(null);
    }

    @Override
    public void close() {
    }
}
