package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.impl.crypto.Signatures;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.MetadataStore;
import io.patchbay.tuf.api.RefreshResult;
import io.patchbay.tuf.api.model.PathPattern;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.TargetFile;
import java.util.Optional;

/**
 * The state behind one {@link io.patchbay.tuf.api.TufUpdater}: the trusted set of the last successful
 * refresh, which target lookups and downloads then use. A failed refresh forgets it, so nothing is
 * looked up against metadata that did not pass every check.
 */
public final class ClientSession {

    private final UpdaterSettings settings;
    private final TargetDownloader downloader;
    private final VerifiedRoles verifiedRoles = new VerifiedRoles();
    private RefreshRun current;

    public ClientSession(UpdaterSettings settings) {
        this.settings = settings;
        this.downloader = new TargetDownloader(settings);
    }

    public static Root initialize(MetadataStore store, byte[] rootBytes) {
        if (store.load(Metadata.ROOT).isPresent()) {
            throw new IllegalStateException("the metadata store already holds a trusted root.json");
        }
        Metadata.Parsed parsed = MetadataChecks.parse(rootBytes, Metadata.ROOT, "initial root.json");
        Metadata metadata = parsed.metadata();
        Root root = Root.of(metadata);
        Signatures.verifyRole(root, Metadata.ROOT, parsed);
        store.store(Metadata.ROOT, rootBytes);
        return root;
    }

    public RefreshResult refresh() {
        current = null;
        RefreshResult result;
        try {
            RefreshRun run = new RefreshRun(settings, verifiedRoles);
            result = run.run();
            current = run;
        } catch (RuntimeException e) {
            syncAfter(e);
            throw e;
        }
        settings.metadataStore().sync();
        return result;
    }

    /** What a failed call stored (e.g. a new timestamp before snapshot failed) is made durable too. */
    private void syncAfter(RuntimeException failure) {
        try {
            settings.metadataStore().sync();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private RefreshRun refreshed() {
        if (current == null) {
            refresh();
        }
        return current;
    }

    /** @throws IllegalArgumentException if {@code targetPath} is not valid Unicode (no metadata can list it) */
    public Optional<TargetFile> findTarget(String targetPath) {
        PathPattern.utf8(targetPath);
        RefreshRun run = refreshed();
        Optional<TargetFile> found;
        try {
            RoleLoader loader = new RoleLoader(settings, run.trusted(), run.endpoint());
            found = new DelegationSearch(loader, settings.limits().maxDelegations()).find(targetPath);
        } catch (RuntimeException e) {
            syncAfter(e);
            throw e;
        }
        settings.metadataStore().sync();
        return found;
    }

    public Optional<byte[]> cachedTarget(TargetFile target) {
        return downloader.cached(target);
    }

    public byte[] download(TargetFile target) {
        RefreshRun run = refreshed();
        Endpoint endpoint = settings.location().requireTargets(run.endpoint());
        return downloader.download(target, endpoint, run.trusted().root().consistentSnapshot());
    }

    public Root trustedRoot() {
        if (current != null) {
            return current.trusted().root();
        }
        byte[] stored = settings.metadataStore().load(Metadata.ROOT).orElseThrow(() ->
                new io.patchbay.tuf.api.LocalStorageException("no trusted root.json in the metadata store"));
        return Root.of(Metadata.parse(stored));
    }
}
