package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.MetadataStore;
import io.patchbay.tuf.api.TufException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.impl.store.DirectoryMetadataStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every refresh and lookup ends with {@link MetadataStore#sync()} after its last store, also when it fails
 * after storing something (a new timestamp before a bad snapshot), so the directory store may make its
 * renames durable with one directory sync per call.
 */
class StoreSyncTest extends ClientTestBase {

    /** Records store/delete/sync calls around the directory store. */
    static final class Recording implements MetadataStore {
        final MetadataStore inner;
        final List<String> calls = new ArrayList<>();
        RuntimeException syncFailure;

        Recording(MetadataStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<byte[]> load(String roleName) {
            return inner.load(roleName);
        }

        @Override
        public void store(String roleName, byte[] bytes) {
            calls.add("store " + roleName);
            inner.store(roleName, bytes);
        }

        @Override
        public void delete(String roleName) {
            calls.add("delete " + roleName);
            inner.delete(roleName);
        }

        @Override
        public void sync() {
            calls.add("sync");
            inner.sync();
            if (syncFailure != null) {
                throw syncFailure;
            }
        }
    }

    private TufUpdater updater(Recording recording) {
        return TufClient.builder().metadataStore(recording).targetDir(dir.resolve("targets")).fetcher(repo.fetcher)
                .clock(clock).repository(RepoFixture.METADATA_URL, RepoFixture.TARGETS_URL).build();
    }

    @Test
    void aRefreshAndALookupEachEndWithOneSync() {
        repo.delegate(repo.targets, "bins", List.of("bin/*"), false);
        repo.addTarget("top.txt", new byte[] {1});
        repo.publish();
        Recording recording = new Recording(store);
        TufUpdater updater = updater(recording);
        updater.refresh();
        assertEquals(List.of("store timestamp", "store snapshot", "store targets", "sync"), recording.calls);
        recording.calls.clear();
        updater.findTarget("bin/x");
        assertEquals(List.of("store bins", "sync"), recording.calls);
        recording.calls.clear();
        updater.refresh(); // nothing new: nothing stored, the sync is a no-op for the directory store
        assertEquals(List.of("sync"), recording.calls);
    }

    @Test
    void aFailedRefreshSyncsWhatItStoredAndReportsItsOwnFailure() {
        repo.publish();
        // A new snapshot whose signature no longer matches: timestamp is stored, snapshot is refused.
        repo.publishSnapshotOnly(true);
        repo.snapshot.signed().put("x", 1);
        repo.putMetadata("snapshot", repo.snapshot);
        repo.publishTimestampOnly(true);
        Recording recording = new Recording(store);
        recording.syncFailure = new LocalStorageException("disk full");
        TufException e = assertThrows(TufException.class, () -> updater(recording).refresh());
        assertEquals(List.of("store timestamp", "sync"), recording.calls);
        assertEquals(1, e.getSuppressed().length, "the sync failure rides along, the refresh failure stays first");
        assertTrue(e.getSuppressed()[0].getMessage().contains("disk full"));
    }

    @Test
    void theDirectoryStoreKeepsWhatItStoredAcrossSync() {
        repo.publish();
        DirectoryMetadataStore fresh = new DirectoryMetadataStore(dir.resolve("metadata"));
        updater(new Recording(fresh)).refresh();
        fresh.sync();
        fresh.sync();
        assertTrue(fresh.load("snapshot").isPresent());
        assertEquals(repo.snapshot.version(), storedVersion("snapshot"));
    }
}
