package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.LengthExceededException;

/** Calls the fetcher and re-checks the bound, so that a custom fetcher that ignores it still fails closed. */
final class BoundedFetch {

    private BoundedFetch() {
    }

    static byte[] fetch(Fetcher fetcher, FetchRequest request) {
        byte[] data = fetcher.fetch(request);
        if (data == null) {
            throw new io.patchbay.tuf.api.DownloadException("fetcher returned nothing for " + request.uri());
        }
        if (data.length > request.maxBytes()) {
            throw new LengthExceededException(request.uri() + ": " + data.length + " bytes, at most "
                    + request.maxBytes() + " allowed");
        }
        return data;
    }
}
