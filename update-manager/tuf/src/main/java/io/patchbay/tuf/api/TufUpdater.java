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

    /**
     * Spec 5.1-5.6: updates root (one version at a time), timestamp, snapshot and top-level targets.
     *
     * @return the versions now trusted
     * @throws VerificationException  if downloaded metadata fails a check; the failing file is not trusted, what
     *                                was verified before it (a newer timestamp, say) stays trusted
     * @throws TransportException     if a download fails
     * @throws LocalStorageException  if the trusted store cannot be read or written
     */
    RefreshResult refresh();

    /**
     * Spec 5.6.7: searches the delegation tree (refreshing first if this updater has not yet).
     *
     * @param targetPath the target's path as the repository lists it (e.g. {@code bundles/app-1.2.0.jar})
     * @return the trusted description of the target (length, hashes, custom fields), or empty if no trusted
     *         role lists it
     * @throws IllegalArgumentException if {@code targetPath} is not valid Unicode (no metadata can list it)
     * @throws VerificationException    if delegated metadata fails a check, or the search meets a limit
     * @throws TransportException       if a download fails
     */
    Optional<TargetFile> findTarget(String targetPath);

    /**
     * As {@link #findTarget}, for a target that must exist.
     *
     * @param targetPath the target's path as the repository lists it
     * @return the trusted description of the target
     * @throws TargetNotFoundException if no trusted role lists {@code targetPath}
     */
    default TargetFile requireTarget(String targetPath) {
        return findTarget(targetPath).orElseThrow(() -> new TargetNotFoundException("no trusted targets role lists '"
                + targetPath + "'"));
    }

    /**
     * A stored copy that still matches {@code target}'s trusted length and hashes, so nothing is downloaded again.
     *
     * @param target a description this updater returned
     * @return the verified bytes, or empty if none are stored or the stored copy does not match
     */
    Optional<byte[]> cachedTarget(TargetFile target);

    /**
     * Spec 5.7: downloads, verifies length and all hashes, stores (if a target store is set) and returns it.
     * Refreshes first if this updater has not yet; resumes an interrupted download when the target store
     * keeps partial downloads.
     *
     * @param target a description this updater returned
     * @return the verified bytes
     * @throws BadHashException       if the bytes do not match the trusted length or hashes
     * @throws VerificationException  if the refresh fails a check, or the targets location is not trusted
     * @throws TransportException     if the download fails or is longer than the trusted length
     * @throws LocalStorageException  if the verified bytes cannot be stored
     */
    byte[] download(TargetFile target);

    /**
     * {@link #requireTarget}, then the verified cached copy or a verified download.
     *
     * @param targetPath the target's path as the repository lists it
     * @return the verified bytes
     * @throws TargetNotFoundException if no trusted role lists {@code targetPath}
     */
    default byte[] fetchTarget(String targetPath) {
        TargetFile target = requireTarget(targetPath);
        return cachedTarget(target).orElseGet(() -> download(target));
    }

    /**
     * The root trusted after the last refresh (or the stored one before any), e.g. for its locations and push keys.
     *
     * @return the trusted root
     * @throws LocalStorageException if there was no refresh yet and no root is stored
     */
    Root trustedRoot();
}
