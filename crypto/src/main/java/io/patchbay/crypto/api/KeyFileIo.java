package io.patchbay.crypto.api;

import io.patchbay.crypto.api.InsecureKeyFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Key files on disk. A file is written whole into a temporary file beside its target, flushed to the
 * device, then moved into place atomically, so a crash leaves the old file or the new one, never half a
 * key. A private key's temporary file is created with rw------- as an attribute of its creation, so no
 * moment exists in which others could open it (the umask can only remove bits).
 */
final class KeyFileIo {

    public static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** Key files are small; a larger file is not ours, and is not read into memory whole. */
    public static final int MAX_BYTES = 16 * 1024;

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFileIo() {
    }

    /**
     * @param ownerOnly create the file rw------- (private keys); otherwise the default permissions
     * @param replace   replace an existing file (rotation); otherwise refuse with FileAlreadyExistsException
     */
    public static void write(Path target, byte[] content, boolean ownerOnly, boolean replace) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        FileAttribute<?>[] attributes = ownerOnly
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        if (!replace && Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "key file exists; refusing to overwrite it");
        }
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp", attributes);
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot create " + absolute + " owner-only: the file system has no POSIX "
                    + "permissions", e);
        }
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (replace) {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } else {
                publishNew(temp, absolute);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /**
     * Reads a private key file after checking it is a regular file with no group or other permission bits
     * (like ssh's check). A check by path, then a read: it guards against the common mistake (a key copied
     * with default permissions), not against someone who can already rewrite the directory.
     */
    public static byte[] readOwnerOnly(Path file) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (UnsupportedOperationException e) {
            throw new InsecureKeyFileException(file, "cannot check that private key file " + file
                    + " is owner-only: the file system has no POSIX permissions");
        }
        if (!attributes.isRegularFile()) {
            throw new InsecureKeyFileException(file, "private key file " + file + " is not a regular file");
        }
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new InsecureKeyFileException(file, "private key file " + file + " is accessible to others (permissions "
                    + PosixFilePermissions.toString(permissions) + "); it must be owner-only: chmod 600 " + file);
        }
        return read(file);
    }

    public static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("key file " + file + " is larger than " + MAX_BYTES + " bytes: not a key");
            }
            return bytes;
        }
    }

    /** Makes the finished temporary file the target, failing if the target appeared meanwhile. */
    private static void publishNew(Path temp, Path target) throws IOException {
        try {
            // link(2) fails if the target exists: an atomic create-new for a file that is already complete.
            Files.createLink(target, temp);
            return;
        } catch (UnsupportedOperationException noHardLinks) {
            // fall back to a check and an atomic move (a narrow race with another writer of the same name)
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "key file exists; refusing to overwrite it");
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException atomic) {
            throw new IOException("cannot write " + target + " atomically", atomic);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename durable. Not every platform can open a directory for fsync; the file itself is
        // already on the device, so a failure here costs durability of the name only.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort, see above
        }
    }
}
