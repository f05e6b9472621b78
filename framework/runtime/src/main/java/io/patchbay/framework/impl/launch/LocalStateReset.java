package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.LocalStateException;
import io.patchbay.framework.impl.store.FileLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The explicit way out of a refused data directory: its state moves into {@code reset-<UTC time>/} inside it, so
 * the next start begins afresh (from the initial bundles) and the old state stays for inspection. Nothing is deleted.
 * Holds the directory's lock while it works, so no runtime can be using it.
 */
final class LocalStateReset {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private LocalStateReset() {
    }

    static Path moveAside(Path dataDirectory) {
        try (DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory)) {
            DataLayout layout = new DataLayout(lock.directory());
            Path target = layout.root().resolve("reset-" + STAMP.format(Instant.now()));
            Files.createDirectory(target);
            for (Path part : layout.state()) {
                if (Files.exists(part)) {
                    Files.move(part, target.resolve(part.getFileName()));
                }
            }
            FileLayer.system().syncDirectory(layout.root());
            return target;
        } catch (IOException e) {
            throw new LocalStateException("cannot move the state of " + dataDirectory + " aside: " + e.getMessage(), e);
        }
    }
}
