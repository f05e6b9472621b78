package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchSink;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.PartialDownload;
import java.net.URI;

/**
 * Appends a ranged answer to the kept bytes of a target, checking what any fetcher hands over: the answer starts
 * at 0 (the whole file: start over) or exactly where the kept bytes end, a partial answer carries the tag the
 * kept bytes came with (if it carries one), and the file never grows beyond its trusted length.
 */
final class ResumeSink implements FetchSink {

    private final PartialDownload partial;
    private final URI uri;
    private final long asked;
    private final String ifRange;
    private final long trustedLength;
    private long held;
    private boolean started;

    ResumeSink(PartialDownload partial, URI uri, long asked, String ifRange, long trustedLength) {
        this.partial = partial;
        this.uri = uri;
        this.asked = asked;
        this.ifRange = ifRange;
        this.trustedLength = trustedLength;
        this.held = asked;
    }

    @Override
    public void start(long offset, String etag) {
        if (started) {
            throw refused("the answer started twice");
        }
        started = true;
        if (offset == 0) {
            partial.restart(etag);
            held = 0;
        } else if (offset != asked) {
            throw refused("the answer starts at byte " + offset + ", but bytes from " + asked + " were asked for");
        } else if (etag != null && !etag.equals(ifRange)) {
            throw refused("the partial answer is of version " + etag + ", the bytes held are of " + ifRange);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (!started) {
            throw refused("bytes arrived before the answer started");
        }
        if (length > trustedLength - held) {
            throw new LengthExceededException(uri + ": more than the " + trustedLength
                    + " bytes trusted metadata lists; stopped (endless-data attack?)");
        }
        partial.append(bytes, offset, length);
        held += length;
    }

    boolean started() {
        return started;
    }

    /** Status 206 marks a wrong answer to the range: the downloader drops the kept bytes and starts over next time. */
    private DownloadException refused(String reason) {
        return new DownloadException(uri + ": " + reason + "; refused", 206, null);
    }
}
