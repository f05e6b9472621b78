package io.patchbay.tuf.repo;

import io.patchbay.tuf.api.Metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A key ring with one ed25519 key per top-level role and helpers to read what a repository published. */
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
    Map<String, String> snapshotOfFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(repoDir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(repoDir.relativize(p).toString(), new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}
