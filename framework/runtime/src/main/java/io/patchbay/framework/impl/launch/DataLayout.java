package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where things live in the data directory. Nothing is ever written to the working directory. */
record DataLayout(Path root) {

    Path store() {
        return root.resolve("store");
    }

    Path journal() {
        return root.resolve("journal.log");
    }

    Path felixCache() {
        return root.resolve("felix-cache");
    }

    /** Scratch space for verification; emptied at start. */
    Path tmp() {
        return root.resolve("tmp");
    }

    static DataLayout prepare(Path root) {
        DataLayout layout = new DataLayout(root.toAbsolutePath());
        try {
            Files.createDirectories(layout.store());
            deleteTree(layout.tmp());
            Files.createDirectories(layout.tmp());
        } catch (IOException e) {
            throw new StoreException("cannot prepare data directory " + root + ": " + e.getMessage(), e);
        }
        return layout;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
