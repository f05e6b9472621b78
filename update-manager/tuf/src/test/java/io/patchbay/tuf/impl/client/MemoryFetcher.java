package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.LengthExceededException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A repository in memory: URI string to bytes; anything else is a 404. Records every request. */
final class MemoryFetcher implements Fetcher {

    final Map<String, byte[]> files = new HashMap<>();
    final List<FetchRequest> requests = new ArrayList<>();

    @Override
    public byte[] fetch(FetchRequest request) {
        requests.add(request);
        byte[] data = files.get(request.uri().toString());
        if (data == null) {
            throw new DownloadException("404 " + request.uri(), 404, null);
        }
        if (data.length > request.maxBytes()) {
            throw new LengthExceededException(request.uri() + " longer than " + request.maxBytes());
        }
        return data.clone();
    }

    List<String> requestedPaths() {
        return requests.stream().map(r -> r.uri().getRawPath()).toList();
    }
}
