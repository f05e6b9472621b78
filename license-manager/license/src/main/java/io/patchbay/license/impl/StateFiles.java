package io.patchbay.license.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The client's small state files (license token, last lease, trusted time): owner-only, replaced atomically
 * (a temporary file beside the target, synced, then moved over it), read with a size bound. Each holds a signed
 * text, so what is read back is checked by its signature, not trusted because of where it was.
 */
public final class StateFiles {

    public static final int MAX_BYTES = 64 * 1024;

    private StateFiles() {
    }

    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The file's text, trimmed; empty when there is no file. At most {@link #MAX_BYTES} (and one more) are read: a
     * larger file yields a text its signature check refuses as too long, so a flooded file is a refused license
     * (reported with its reason), not a host that cannot start.
     */
    public static Optional<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(new String(in.readNBytes(MAX_BYTES + 1), StandardCharsets.UTF_8).trim());
        }
    }

    public static void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
