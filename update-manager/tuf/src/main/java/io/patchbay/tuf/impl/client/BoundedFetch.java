package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.FetchResponse;
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

    /** The conditional form: the bound is re-checked on a body; "not modified" is refused unless a tag was sent. */
    static FetchResponse fetchConditional(Fetcher fetcher, FetchRequest request, String ifNoneMatch) {
        FetchResponse response = fetcher.fetchConditional(request, ifNoneMatch);
        if (response == null) {
            throw new io.patchbay.tuf.api.DownloadException("fetcher returned nothing for " + request.uri());
        }
        if (response.isNotModified()) {
            if (ifNoneMatch == null) {
                throw new io.patchbay.tuf.api.DownloadException(request.uri()
                        + " answered 304 Not Modified, but the request was not conditional", 304, null);
            }
            return response;
        }
        if (response.body().length > request.maxBytes()) {
            throw new LengthExceededException(request.uri() + ": " + response.body().length
                    + " bytes, at most " + request.maxBytes() + " allowed");
        }
        return response;
    }
}
