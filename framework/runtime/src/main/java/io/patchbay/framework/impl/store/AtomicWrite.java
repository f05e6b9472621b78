package io.patchbay.framework.impl.store;

import java.io.IOException;
import java.nio.file.Path;

/** Replaces a file so that a reader, also after a power cut, sees the old content or the new, never a mix. */
final class AtomicWrite {
    private AtomicWrite() {
    }

    /**
     * Writes {@code bytes} to {@code temp}, fsyncs it, renames it over {@code target} and fsyncs the directory.
     * {@code temp} must be in the same directory and must not exist. On failure before the rename the temporary
     * file is removed and the target is untouched.
     *
     * @param renamed called right after the rename, before the directory sync: from then on the new content is
     *                what the file system shows, even if the sync fails
     */
    static void replace(FileLayer layer, Path target, Path temp, byte[] bytes, Runnable renamed) throws IOException {
        boolean moved = false;
        try {
            try (FileLayer.Handle handle = layer.createNew(temp)) {
                handle.write(0, bytes);
                // without this, the rename can reach the disk before the data: an empty or torn file after a crash
                handle.force();
            }
            layer.move(temp, target);
            moved = true;
            renamed.run();
            // without this, the rename itself can be lost at a crash
            layer.syncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            if (!moved) {
                try {
                    layer.delete(temp);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
