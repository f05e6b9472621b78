package io.patchbay.tuf.repo;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.testing.DirectorySnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A key ring with one ed25519 key per top-level role and helpers to read what the tooling published, for
 * tests of the tooling itself (which init with their own options). Tests that need a published repository
 * served over HTTP use {@link io.patchbay.tuf.repo.testing.RepoSimulator}; client tests, which cannot use
 * this tooling, sign with the in-memory fixture of the client module's tests.
 */
final class RepoFixture {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    final Path repoDir;
    final KeyRing ring;

    RepoFixture(Path tmp) {
        this.repoDir = tmp.resolve("repo");
        this.ring = KeyRing.at(tmp.resolve("keys"));
        for (String role : new String[] {"root", "targets", "snapshot", "timestamp"}) {
            ring.generate(role, 1, "ed25519");
        }
    }

    TufRepository init() {
        TufRepository repo = TufRepository.init(repoDir, ring, InitOptions.defaults(), CLOCK);
        if (!repo.publish().isPublished()) {
            throw new AssertionError("init did not publish");
        }
        return repo;
    }

    Metadata metadata(String fileName) throws IOException {
        return Metadata.parse(Files.readAllBytes(repoDir.resolve("metadata").resolve(fileName)));
    }

    /** File name to content of everything under the repository (to prove that a refused edit wrote nothing). */
    Map<String, String> snapshotOfFiles() {
        return DirectorySnapshot.of(repoDir);
    }
}
