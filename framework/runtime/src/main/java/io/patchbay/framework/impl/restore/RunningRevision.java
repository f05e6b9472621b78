package io.patchbay.framework.impl.restore;

import io.patchbay.framework.impl.store.Sha256;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;

/**
 * The jars Felix keeps in its cache for a bundle's revisions ({@code bundle<id>/version<n>.<m>/bundle.jar}, beside
 * the bundle's {@code data} area), searched for the committed bytes to heal a damaged store entry with. The cache is
 * never trusted on its own: only a jar whose SHA-256 is the one the journal committed counts, so a layout change or
 * a missing file simply means "no copy to heal from".
 */
final class RunningRevision {
    private static final long MAX_JAR_BYTES = 512L * 1024 * 1024;

    private RunningRevision() {
    }

    /** A jar of {@code bundle}'s cached revisions whose SHA-256 is {@code sha256}. */
    static Optional<byte[]> jarWithHash(Bundle bundle, String sha256) {
        try {
            File data = bundle.getDataFile("");
            if (data == null) {
                return Optional.empty();
            }
            try (Stream<Path> revisions = Files.list(data.toPath().getParent())) {
                for (Path revision : revisions.filter(p -> p.getFileName().toString().startsWith("version")).toList()) {
                    Path jar = revision.resolve("bundle.jar");
                    if (Files.isRegularFile(jar) && Files.size(jar) <= MAX_JAR_BYTES) {
                        byte[] bytes = Files.readAllBytes(jar);
                        if (Sha256.hex(bytes).equals(sha256)) {
                            return Optional.of(bytes);
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
