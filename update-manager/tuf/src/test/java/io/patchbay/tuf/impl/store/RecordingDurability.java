package io.patchbay.tuf.impl.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records each durability step with what the file system held at that moment, so a test can pin the order a power
 * cut depends on (bytes forced before the rename, the directory synced after it), which no read-back can show.
 */
final class RecordingDurability implements AtomicFiles.Durability {
    /** One step: "force" of {@code path} or "sync" of a directory; {@code watched} is the watched file's content. */
    record Step(String kind, Path path, String content, String watched) {
    }

    private final List<Step> steps = new ArrayList<>();
    private Path watchedFile;
    private IOException failForce;

    /** Records {@code file}'s content at every step (null while it does not exist). */
    RecordingDurability watching(Path file) {
        this.watchedFile = file;
        return this;
    }

    RecordingDurability failingForce(IOException failure) {
        this.failForce = failure;
        return this;
    }

    List<Step> steps() {
        return steps;
    }

    List<Path> directorySyncs() {
        return steps.stream().filter(s -> s.kind().equals("sync")).map(Step::path).toList();
    }

    long forces() {
        return steps.stream().filter(s -> s.kind().equals("force")).count();
    }

    @Override
    public void force(FileChannel channel, Path file) throws IOException {
        steps.add(new Step("force", file, read(file), read(watchedFile)));
        if (failForce != null) {
            throw failForce;
        }
    }

    @Override
    public void syncDirectory(Path dir) {
        steps.add(new Step("sync", dir, null, read(watchedFile)));
    }

    private static String read(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
