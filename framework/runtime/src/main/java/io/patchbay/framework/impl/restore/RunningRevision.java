package io.patchbay.framework.impl.restore;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;

/**
 * The jar a bundle's current revision was installed from, as Felix keeps it in its cache
 * ({@code bundle<id>/version<refresh>.<revision>/bundle.jar} next to the bundle's {@code data} area). Used only to heal
 * a damaged store entry, and only when those bytes hash to what the journal committed: the cache is never trusted on
 * its own, so a layout change or a missing file simply means "no copy to heal from".
 */
final class RunningRevision {
    private static final long MAX_JAR_BYTES = 512L * 1024 * 1024;

    private RunningRevision() {
    }

    static Optional<byte[]> jarOf(Bundle bundle) {
        try {
            File data = bundle.getDataFile("");
            if (data == null) {
                return Optional.empty();
            }
            Path archive = data.toPath().getParent();
            try (Stream<Path> revisions = Files.list(archive)) {
                Optional<Path> newest = revisions.filter(p -> p.getFileName().toString().startsWith("version"))
                        .filter(Files::isDirectory)
                        .max(Comparator.comparing(RunningRevision::revisionKey));
                if (newest.isEmpty()) {
                    return Optional.empty();
                }
                Path jar = newest.get().resolve("bundle.jar");
                if (!Files.isRegularFile(jar) || Files.size(jar) > MAX_JAR_BYTES) {
                    return Optional.empty();
                }
                return Optional.of(Files.readAllBytes(jar));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code version<refresh>.<revision>} compared numerically; an odd name sorts first. */
    private static long revisionKey(Path dir) {
        String name = dir.getFileName().toString().substring("version".length());
        int dot = name.indexOf('.');
        try {
            return dot < 0 ? -1 : Long.parseLong(name.substring(0, dot)) << 32 | Long.parseLong(name.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
