package io.patchbay.server.impl.release;

import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.store.Releases;
import io.patchbay.server.store.Release;
import io.patchbay.server.store.ReleaseBundle;
import io.patchbay.server.store.StoreException;
import io.patchbay.tuf.api.model.TargetFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals staged uploads into a release: each bundle becomes the TUF target
 * {@code bundles/<symbolic name>/<version>/<sha256>.jar}, the release is stored at the next level, and
 * targets, snapshot and timestamp are re-signed with the online keys — the repository publication runs
 * inside the release's database transaction, so a refused or failed release publishes nothing and a failed
 * publication stores nothing. (If the commit itself fails after the publication, the new targets are listed
 * but no release names them: harmless, nothing is deployed.)
 */
public final class ReleasePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ReleasePublisher.class);

    private final BundleUploads uploads;
    private final ServerRepository repository;
    private final Releases releases;

    public ReleasePublisher(BundleUploads uploads, ServerRepository repository, Releases releases) {
        this.uploads = Objects.requireNonNull(uploads);
        this.repository = Objects.requireNonNull(repository);
        this.releases = Objects.requireNonNull(releases);
    }

    public static String targetPath(BundleUploads.Upload upload) {
        return "bundles/" + upload.symbolicName() + "/" + upload.version() + "/" + upload.sha256() + ".jar";
    }

    /**
     * @throws HttpError 404 {@code unknown_upload} for an id that is not staged
     * @throws StoreException refusals of the release itself (invalid, duplicate, a bundle version with other bytes)
     */
    public Release seal(String releaseId, List<String> uploadIds, String createdBy) throws StoreException, IOException {
        if (uploadIds == null || uploadIds.isEmpty()) {
            throw new HttpError(400, "invalid_input", "uploads: name at least one upload id");
        }
        if (uploadIds.size() > io.patchbay.server.store.StoreLimits.MAX_RELEASE_BUNDLES) {
            throw new HttpError(413, "too_large", "uploads: at most "
                    + io.patchbay.server.store.StoreLimits.MAX_RELEASE_BUNDLES + " bundles per release");
        }
        Set<String> seen = new HashSet<>();
        List<BundleUploads.Upload> staged = new ArrayList<>();
        List<ReleaseBundle> bundles = new ArrayList<>();
        for (String id : uploadIds) {
            BundleUploads.Upload upload = uploads.find(id).orElseThrow(() -> new HttpError(404, "unknown_upload",
                    "no staged upload '" + id + "'; POST the jar to /admin/v1/uploads first"));
            if (!seen.add(id)) {
                throw new HttpError(400, "invalid_input", "uploads: '" + id + "' appears twice");
            }
            staged.add(upload);
            bundles.add(new ReleaseBundle(targetPath(upload), upload.symbolicName(), upload.version(), upload.sha256(),
                    upload.length()));
        }
        Releases.validate(releaseId, bundles);
        Release release;
        synchronized (repository) {
            release = releases.create(releaseId, bundles, createdBy, level -> {
                List<ServerRepository.NewTarget> targets = staged.stream()
                        .map(u -> new ServerRepository.NewTarget(u.file(), targetPath(u))).toList();
                List<TargetFile> listed = repository.publish(targets);
                LOG.info("published release {} at level {}: {} target(s)", releaseId, level, listed.size());
            });
        }
        for (BundleUploads.Upload upload : staged) {
            uploads.remove(upload);
        }
        return release;
    }
}
