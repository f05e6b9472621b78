package io.patchbay.framework.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted over a directory, so a test can fill a real file system and free it again: the way to make
 * the container cache's writes fail as on a full disk. Needs root (as the project's machines and CI run); where it
 * cannot mount, {@link #mount} says why and the caller decides.
 */
public final class TinyDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;

    private TinyDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler.bin");
    }

    /** Mounts a tmpfs of {@code kilobytes} at {@code dir} (created if missing). */
    public static TinyDisk mount(Path dir, int kilobytes) throws IOException {
        Files.createDirectories(dir);
        run("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "tmpfs", dir.toString());
        return new TinyDisk(dir);
    }

    /** Whether this machine lets the test mount one. */
    public static boolean available(Path scratch) {
        try (TinyDisk disk = mount(scratch, 64)) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Fills the file system so that at most {@code leaveBytes} remain free. */
    public void fillLeaving(long leaveBytes) throws IOException {
        long free = Files.getFileStore(mountPoint).getUsableSpace();
        long size = Math.max(0, free - leaveBytes);
        byte[] chunk = new byte[4096];
        try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            for (long written = 0; written < size; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        } catch (IOException full) {
            // the last chunk did not fit: the disk is as full as it gets
        }
    }

    /** Frees what {@link #fillLeaving} took. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() {
        try {
            run("umount", "-l", mountPoint.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
            String output = new String(process.getInputStream().readAllBytes());
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
