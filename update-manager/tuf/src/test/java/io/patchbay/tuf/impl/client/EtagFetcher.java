package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.FetchResponse;
import io.patchbay.tuf.api.Fetcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link MemoryFetcher} that answers conditional fetches like a static file server: the entity tag of a
 * body is {@link #etagOf} it (by default a quoted hash of the bytes), and an {@code If-None-Match} equal to
 * the current body's tag gets "not modified". Switches make it misbehave.
 */
final class EtagFetcher implements Fetcher {

    final MemoryFetcher files;
    /** Every conditional request: the URI path and the tag sent (null for none). */
    final List<String[]> conditional = new ArrayList<>();
    Function<byte[], String> etagOf = body -> "\"" + Integer.toHexString(Arrays.hashCode(body)) + "\"";
    /** Ignores If-None-Match: always the full body. */
    boolean ignoreIfNoneMatch;
    /** Answers "not modified" whatever the request sent. */
    boolean alwaysNotModified;

    EtagFetcher(MemoryFetcher files) {
        this.files = files;
    }

    @Override
    public byte[] fetch(FetchRequest request) {
        return files.fetch(request);
    }

    @Override
    public FetchResponse fetchConditional(FetchRequest request, String ifNoneMatch) {
        conditional.add(new String[] {request.uri().getRawPath(), ifNoneMatch});
        if (alwaysNotModified) {
            return FetchResponse.notModified();
        }
        byte[] body = files.fetch(request);
        String etag = etagOf.apply(body);
        if (!ignoreIfNoneMatch && ifNoneMatch != null && ifNoneMatch.equals(etag)) {
            return FetchResponse.notModified();
        }
        return FetchResponse.of(body, etag);
    }

    /** The tag sent with the last conditional request. */
    String lastSent() {
        return conditional.get(conditional.size() - 1)[1];
    }
}
