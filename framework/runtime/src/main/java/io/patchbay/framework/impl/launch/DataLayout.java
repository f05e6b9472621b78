package io.patchbay.framework.impl.launch;

import io.patchbay.framework.api.LocalStateException;
import io.patchbay.framework.api.StoreException;
import io.patchbay.framework.impl.store.FileLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Where things live in the data directory. Nothing is ever written to the working directory. */
record DataLayout(Path root) {

    Path store() {
        return root.resolve("store");
    }

    Path journal() {
        return root.resolve("journal.log");
    }

    Path history() {
        return root.resolve("history.log");
    }

    Path felixCache() {
        return root.resolve("felix-cache");
    }

    /** Scratch space for verification; emptied at start. */
    Path tmp() {
        return root.resolve("tmp");
    }

    /** Everything that makes up the runtime's local state, as {@link LocalStateReset} moves it aside. */
    List<Path> state() {
        return List.of(journal(), store(), history(), felixCache());
    }

    /**
     * Prepares the directory, refusing one whose journal is gone while other state remains: without the journal the
     * committed level is unknown, and guessing it (starting empty, or from the initial bundles) would downgrade or
     * uninstall what runs. Nothing is changed then; {@link LocalStateReset} is the explicit way to start over.
     */
    static DataLayout prepare(Path root) {
        DataLayout layout = new DataLayout(root.toAbsolutePath());
        if (!Files.exists(layout.journal())) {
            List<Path> leftovers = layout.state().stream().filter(DataLayout::nonEmpty).toList();
            if (!leftovers.isEmpty()) {
                throw new LocalStateException("the journal " + layout.journal() + " is missing, but " + leftovers
                        + " still hold state: the committed patch level is unknown, so the runtime will not guess it."
                        + " Nothing was changed. Restore the journal from a backup, or move the state aside and start"
                        + " over from the initial bundles with Patchbay.resetLocalState(" + root + ")"
                        + " (see the host developer guide, \"Resetting local state\").");
            }
        }
        try {
            FileLayer.system().createDirectories(layout.store()); // durable: the store's entries depend on it
            deleteTree(layout.tmp());
            Files.createDirectories(layout.tmp());
        } catch (IOException e) {
            throw new StoreException("cannot prepare data directory " + root + ": " + e.getMessage(), e);
        }
        return layout;
    }

    /** A directory with at least one entry, or any file. */
    private static boolean nonEmpty(Path path) {
        if (!Files.isDirectory(path)) {
            return Files.exists(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
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
