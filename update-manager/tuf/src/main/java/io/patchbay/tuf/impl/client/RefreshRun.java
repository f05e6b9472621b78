package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.ExpiredMetadataException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.FetchResponse;
import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.MaxRootRotationsException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RefreshResult;
import io.patchbay.tuf.api.VerificationException;
import io.patchbay.tuf.api.model.MetaFile;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Snapshot;
import io.patchbay.tuf.api.model.Targets;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refresh of the top-level metadata, spec 5.1–5.6: root chain, timestamp, snapshot, targets. Each
 * file is persisted only after it passed every check, so a failure leaves the trusted files as they were.
 */
final class RefreshRun {

    /** The logger, created on first use: a call with nothing to report starts no logging framework. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(RefreshRun.class);
    }

    private final UpdaterSettings settings;
    private final TrustedMetadataSet trusted;
    private final Root initialRoot;

    /** @param verifiedRoles targets role files this updater verified before (same bytes and keys skip re-verification) */
    RefreshRun(UpdaterSettings settings, VerifiedRoles verifiedRoles) {
        this.settings = settings;
        // (No lambdas on this path: each one's first call costs a one-shot client call start-up time.)
        Optional<byte[]> stored = settings.metadataStore().load(Metadata.ROOT);
        if (stored.isEmpty()) {
            throw new LocalStorageException(
                    "no trusted root.json in the metadata store: install a root obtained out of band first");
        }
        byte[] rootBytes = stored.get();
        // 5.1: the update start time is read once and used for every expiry check of this refresh.
        this.trusted = new TrustedMetadataSet(rootBytes, settings.clock().instant(), verifiedRoles);
        this.initialRoot = trusted.root();
    }

    TrustedMetadataSet trusted() {
        return trusted;
    }

    Endpoint endpoint() {
        return settings.location().endpointFor(trusted.root());
    }

    RefreshResult run() {
        int rotations = updateRoot();
        boolean timestampChanged = updateTimestamp();
        Snapshot snapshot = updateSnapshot();
        Targets targets = new RoleLoader(settings, trusted, endpoint()).loadTopLevelTargets();
        return new RefreshResult(trusted.root().version(), trusted.timestamp().orElseThrow().version(),
                snapshot.version(), targets.version(), rotations, rotations > 0 || timestampChanged);
    }

    /** 5.3: fetch N+1.root.json until there is none, each verified by the old and the new keys. */
    private int updateRoot() {
        int rotations = 0;
        while (true) {
            long next = trusted.root().version() + 1;
            String name = RemoteNames.metadataFile(Metadata.ROOT, next);
            byte[] data;
            try {
                data = BoundedFetch.fetch(settings.fetcher(),
                        endpoint().metadata(name, settings.limits().maxRootBytes()));
            } catch (DownloadException e) {
                if (e.isNotFound()) {
                    break;
                }
                throw e;
            }
            if (rotations == settings.limits().maxRootRotations()) {
                throw new MaxRootRotationsException("accepted " + rotations + " new root versions (up to v"
                        + trusted.root().version() + ") in one refresh, and " + name
                        + " exists too; the limit is " + settings.limits().maxRootRotations()
                        + ". Refresh again to continue, or check the repository for a root flood");
            }
            trusted.updateRoot(data, name);
            settings.metadataStore().store(Metadata.ROOT, data);
            rotations++;
            Log.LOG.info("trusted root rotated to v{}", next);
        }
        trusted.requireRootNotExpired();
        if (rotations > 0 && (keysChanged(Metadata.TIMESTAMP) || keysChanged(Metadata.SNAPSHOT))) {
            // 5.3.11: recover from a fast-forward attack on timestamp/snapshot by forgetting their versions.
            Log.LOG.info("timestamp or snapshot keys changed with root v{}: deleting trusted timestamp and snapshot",
                    trusted.root().version());
            settings.metadataStore().delete(Metadata.TIMESTAMP);
            settings.metadataStore().delete(Metadata.SNAPSHOT);
            new TimestampEtag(settings.metadataStore()).forget();
        }
        return rotations;
    }

    private boolean keysChanged(String role) {
        return !initialRoot.keysOf(role).equals(trusted.root().keysOf(role));
    }

    /**
     * 5.4, with a conditional GET: when the stored timestamp verified against the current root and its
     * entity tag is known, the fetch sends it, and "not modified" stands for the stored bytes, which then
     * go through {@link TrustedMetadataSet#updateTimestamp} like a downloaded copy (expiry included). If
     * that copy expired, the file is fetched once more in full (a 304 on a tag that is not a content hash
     * may hide a newer file), and that answer decides.
     */
    private boolean updateTimestamp() {
        Optional<byte[]> local = settings.metadataStore().load(Metadata.TIMESTAMP);
        byte[] verifiedLocal = null;
        if (local.isPresent()) {
            try {
                trusted.loadLocalTimestamp(local.get());
                verifiedLocal = local.get();
            } catch (VerificationException e) {
                Log.LOG.warn("ignoring local timestamp.json: {}", e.getMessage());
            }
        }
        TimestampEtag etags = new TimestampEtag(settings.metadataStore());
        String sent = verifiedLocal == null ? null : etags.forVerified(verifiedLocal);
        FetchRequest request = endpoint().metadata(
                RemoteNames.metadataFile(Metadata.TIMESTAMP, 0), settings.limits().maxTimestampBytes());
        FetchResponse response = BoundedFetch.fetchConditional(settings.fetcher(), request, sent);
        if (response.isNotModified()) {
            try {
                return trusted.updateTimestamp(verifiedLocal);
            } catch (ExpiredMetadataException e) {
                // A server whose tags are not content hashes (nginx: mtime and length) can answer 304 for a
                // newer file. The stored copy expired: ask once more, unconditionally, and check that as usual.
                Log.LOG.info("stored timestamp.json expired and the server answered 304: fetching it in full");
                etags.forget();
                response = BoundedFetch.fetchConditional(settings.fetcher(), request, null);
            }
        }
        byte[] data = response.body();
        boolean changed = trusted.updateTimestamp(data);
        if (changed) {
            settings.metadataStore().store(Metadata.TIMESTAMP, data);
        }
        if (changed || Arrays.equals(data, verifiedLocal)) {
            // The stored timestamp.json is now exactly the body that came with this tag, and it verified.
            etags.remember(data, response.etag());
        }
        return changed;
    }

    /** 5.5: keep the local snapshot when it is the one timestamp names, else download it. */
    private Snapshot updateSnapshot() {
        Optional<byte[]> local = settings.metadataStore().load(Metadata.SNAPSHOT);
        if (local.isPresent()) {
            try {
                return trusted.updateSnapshot(local.get(), true);
            } catch (VerificationException e) {
                Log.LOG.debug("local snapshot not usable: {}", e.getMessage());
            }
        }
        MetaFile meta = trusted.timestamp().orElseThrow().snapshotMeta();
        long version = trusted.root().consistentSnapshot() ? meta.version() : 0;
        long max = meta.length().orElse(settings.limits().maxSnapshotBytes());
        byte[] data = BoundedFetch.fetch(settings.fetcher(),
                endpoint().metadata(RemoteNames.metadataFile(Metadata.SNAPSHOT, version), max));
        Snapshot snapshot = trusted.updateSnapshot(data, false);
        settings.metadataStore().store(Metadata.SNAPSHOT, data);
        return snapshot;
    }
}
