package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.FetchResponse;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.MetadataStore;
import java.util.Optional;

/**
 * The entity tag under which the stored timestamp.json was fetched, kept as the store's fetch note
 * {@code <sha256 hex of the stored bytes> <etag>}. The hash binds the tag to the bytes it describes: a
 * note left behind by a crash between the two writes, or by anything else that changed the stored file,
 * no longer matches and is not used. A note is written only after the timestamp it describes passed 5.4
 * and was stored, so the tag of a timestamp that failed verification is never sent.
 */
final class TimestampEtag {

    private final MetadataStore store;

    TimestampEtag(MetadataStore store) {
        this.store = store;
    }

    /**
     * @param verifiedLocal the stored timestamp.json, verified against the current root in this refresh
     * @return the entity tag to send with the next fetch of timestamp.json, or null for none
     */
    String forVerified(byte[] verifiedLocal) {
        Optional<String> note = store.loadFetchNote(Metadata.TIMESTAMP);
        if (note.isEmpty()) {
            return null;
        }
        String text = note.get();
        int space = text.indexOf(' ');
        if (space != 64 || !text.regionMatches(0, sha256Hex(verifiedLocal), 0, 64)) {
            return null;
        }
        String etag = text.substring(space + 1);
        return FetchResponse.isWellFormedEtag(etag) ? etag : null;
    }

    /**
     * Records the tag of {@code storedBytes}, the timestamp.json now stored and verified; a null tag (the
     * server sent none, or a malformed one) removes the note, so the next fetch is unconditional.
     */
    void remember(byte[] storedBytes, String etag) {
        if (etag == null) {
            store.deleteFetchNote(Metadata.TIMESTAMP);
        } else {
            store.storeFetchNote(Metadata.TIMESTAMP, sha256Hex(storedBytes) + " " + etag);
        }
    }

    void forget() {
        store.deleteFetchNote(Metadata.TIMESTAMP);
    }

    private static String sha256Hex(byte[] data) {
        return Hashes.hex("sha256", data);
    }
}
