import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Build-time generator (run as a single-file program by exec-maven-plugin) for the padded bundles'
 * filler: pseudo-random bytes, which deflate cannot shrink, so the signed jar really is that large.
 * A fixed seed per bundle version keeps the build reproducible while versions still differ.
 *
 * <p>Usage: {@code java GeneratePadding.java <output file> <bytes> <seed>}
 */
public final class GeneratePadding {

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: GeneratePadding <output file> <bytes> <seed>");
        }
        Path out = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream stream = Files.newOutputStream(out)) {
            stream.write(bytes);
        }
    }
}
