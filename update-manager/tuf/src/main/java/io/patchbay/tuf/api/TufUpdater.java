package io.patchbay.tuf.api;

import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.TargetFile;
import java.util.Optional;

/**
 * A TUF 1.0 client: the detailed client workflow of the specification (5.1-5.7). Built by
 * {@code io.patchbay.tuf.client.TufClient.builder()}.
 *
 * <p>Every failed check throws a {@link VerificationException} subtype, a failed download a
 * {@link TransportException}, a local store failure a {@link LocalStorageException}; each leaves the trusted
 * files as they were. Thread-safe: calls are serialized.
 */
public interface TufUpdater {

    /** Spec 5.1-5.6: updates root (one version at a time), timestamp, snapshot and top-level targets. */
    RefreshResult refresh();

    /**
     * Spec 5.6.7: searches the delegation tree (refreshing first if this updater has not yet).
     *
     * @throws IllegalArgumentException if {@code targetPath} is not valid Unicode (no metadata can list it)
     */
    Optional<TargetFile> findTarget(String targetPath);

    /** @throws TargetNotFoundException if no trusted role lists {@code targetPath} */
    default TargetFile requireTarget(String targetPath) {
        return findTarget(targetPath).orElseThrow(() -> new TargetNotFoundException("no trusted targets role lists '"
                + targetPath + "'"));
    }

    /** A stored copy that still matches {@code target}'s trusted length and hashes. */
    Optional<byte[]> cachedTarget(TargetFile target);

    /** Spec 5.7: downloads, verifies length and all hashes, stores (if a target store is set) and returns it. */
    byte[] download(TargetFile target);

    /** {@link #requireTarget}, then the verified cached copy or a verified download. */
    default byte[] fetchTarget(String targetPath) {
        TargetFile target = requireTarget(targetPath);
        return cachedTarget(target).orElseGet(() -> download(target));
    }

    /** The root trusted after the last refresh (or the stored one before any). */
    Root trustedRoot();
}
