package io.patchbay.framework.impl.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * {@link StoreIo} on a {@link FileLayer}: write to a temporary file, fsync it, rename it over the target atomically,
 * then fsync the directory so the rename itself survives a power cut.
 */
public final class DurableFiles implements StoreIo {
    /** The largest array Java can allocate: nothing the store wrote from a {@code byte[]} can be longer. */
    static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

    private final FileLayer layer;

    /** On the real file system. */
    public DurableFiles() {
        this(FileLayer.system());
    }

    public DurableFiles(FileLayer layer) {
        this.layer = layer;
    }

    @Override
    public void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        layer.createDirectories(dir);
        // a random name: a leftover from a crash never collides, and the store's collection removes it
        AtomicWrite.replace(layer, target, dir.resolve(".tmp-" + UUID.randomUUID()), bytes, () -> { });
    }

    @Override
    public byte[] read(Path file) throws IOException {
        return layer.read(file, MAX_ENTRY_BYTES);
    }

    @Override
    public boolean exists(Path file) {
        return layer.exists(file);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        return layer.list(dir);
    }

    @Override
    public void delete(Path file) throws IOException {
        layer.delete(file);
    }
}
