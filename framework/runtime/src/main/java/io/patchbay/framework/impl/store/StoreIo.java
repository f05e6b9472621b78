package io.patchbay.framework.impl.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations the store needs, behind an interface so a test can make a write fail the way a full
 * disk does without filling one.
 */
public interface StoreIo {

    /** Writes {@code bytes} to {@code target} durably and atomically: a reader sees the old file or the new one. */
    void writeAtomically(Path target, byte[] bytes) throws IOException;

    byte[] read(Path file) throws IOException;

    boolean exists(Path file);

    /** The regular files directly inside {@code dir}. */
    List<Path> list(Path dir) throws IOException;

    void delete(Path file) throws IOException;
}
