package io.patchbay.tuf.testing;

import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.Fetcher;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wraps a fetcher and records every URI asked for. */
public final class CountingFetcher implements Fetcher {

    private final Fetcher delegate;
    private final List<URI> requests = Collections.synchronizedList(new ArrayList<>());

    public CountingFetcher(Fetcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] fetch(FetchRequest request) {
        requests.add(request.uri());
        return delegate.fetch(request);
    }

    public List<URI> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many requests had a path ending in {@code suffix} (e.g. "timestamp.json", ".jar"). */
    public long count(String suffix) {
        return requests().stream().filter(u -> u.getPath().endsWith(suffix)).count();
    }

    public void clear() {
        requests.clear();
    }
}
