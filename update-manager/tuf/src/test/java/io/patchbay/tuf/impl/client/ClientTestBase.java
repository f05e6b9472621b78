package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.testing.MutableClock;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.impl.store.DirectoryMetadataStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A published repository, an initialized client directory, and helpers. */
abstract class ClientTestBase {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    RepoFixture repo;
    DirectoryMetadataStore store;
    MutableClock clock;

    @BeforeEach
    void publishAndInit() {
        repo = new RepoFixture();
        customize(repo);
        repo.publishRoot(repo.signers.get("root"));
        repo.publish();
        store = new DirectoryMetadataStore(dir.resolve("metadata"));
        TufClient.initialize(store, repo.rootBytes());
        clock = new MutableClock(NOW);
    }

    /** Hook to change the fixture before the first publication. */
    void customize(RepoFixture fixture) {
    }

    TufClient.Builder builder() {
        return TufClient.builder().metadataStore(store).targetDir(dir.resolve("targets")).fetcher(repo.fetcher)
                .clock(clock).repository(RepoFixture.METADATA_URL, RepoFixture.TARGETS_URL);
    }

    TufUpdater updater() {
        return builder().build();
    }

    long storedVersion(String role) {
        return stored(role).map(bytes -> Metadata.parse(bytes).version()).orElse(-1L);
    }

    Optional<byte[]> stored(String role) {
        return store.load(role);
    }
}
