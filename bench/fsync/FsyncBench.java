import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What one journal record's fsync costs on this disk, the way the journal appends (write at the end, force with
 * metadata) against a preallocated file synced without metadata (fdatasync), alone and with a 109 KB file written
 * in a sibling directory before each append (what Felix's cache receives during APPLY, just before COMMIT's fsync).
 *
 * <p>Run with the JDK's source launcher: {@code java bench/fsync/FsyncBench.java DIR [APPENDS]}. DIR must be on the
 * disk under test (not tmpfs); it is created and emptied. Not part of any build or test.
 */
public final class FsyncBench {
    private static final int RECORD_BYTES = 400;
    private static final int CACHE_FILE_BYTES = 109 * 1024;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/fsync/FsyncBench.java DIR [APPENDS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int appends = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Files.createDirectories(dir);
        System.out.println("| mode | other writes | p50 ms | p90 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|");
        try {
            for (int round = 0; round < 3; round++) {
                for (boolean otherWrites : new boolean[] {false, true}) {
                    for (boolean preallocated : new boolean[] {false, true}) {
                        long[] nanos = run(dir, appends, preallocated, otherWrites);
                        Arrays.sort(nanos);
                        System.out.printf("| %s | %s | %.3f | %.3f | %.3f |%n",
                                preallocated ? "preallocated, force(false)" : "append, force(true)",
                                otherWrites ? "109 KB file before each" : "none",
                                nanos[appends / 2] / 1e6, nanos[appends * 9 / 10] / 1e6, nanos[appends * 99 / 100] / 1e6);
                    }
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static long[] run(Path dir, int appends, boolean preallocated, boolean otherWrites) throws IOException {
        Path file = dir.resolve("journal");
        Path cache = dir.resolve("cache");
        Files.deleteIfExists(file);
        Files.createDirectories(cache);
        byte[] record = new byte[RECORD_BYTES];
        Arrays.fill(record, (byte) 'x');
        record[RECORD_BYTES - 1] = '\n';
        byte[] revision = new byte[CACHE_FILE_BYTES];
        new Random(1).nextBytes(revision);
        long[] nanos = new long[appends];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (preallocated) {
                channel.write(ByteBuffer.allocate((appends + 1) * RECORD_BYTES), 0);
                channel.force(true);
            }
            long position = 0;
            for (int i = 0; i < appends; i++) {
                if (otherWrites) {
                    Path revisionDir = Files.createDirectories(cache.resolve("revision" + i));
                    Files.write(revisionDir.resolve("bundle.jar"), revision);
                    if (i >= 2) {
                        deleteTree(cache.resolve("revision" + (i - 2)));
                    }
                }
                long start = System.nanoTime();
                channel.write(ByteBuffer.wrap(record), position);
                position += RECORD_BYTES;
                channel.force(!preallocated);
                nanos[i] = System.nanoTime() - start;
            }
        }
        deleteTree(cache);
        return nanos;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
