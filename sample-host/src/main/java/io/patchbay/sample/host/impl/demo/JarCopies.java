package io.patchbay.sample.host.impl.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Makes the bad copies of a signed bundle that an attacker or a broken pipeline would produce. */
public final class JarCopies {

    private JarCopies() {
    }

    /** The same jar with its signature files removed: every entry is now unsigned. */
    public static Path unsigned(Path signedJar, Path target) throws IOException {
        return copy(signedJar, target, name -> isSignatureFile(name) ? null : UnaryOperator.identity());
    }

    /**
     * The same jar, signatures kept, with {@code entry}'s bytes changed by {@code change}: what a
     * modification after signing looks like.
     */
    public static Path tampered(Path signedJar, Path target, String entry, UnaryOperator<byte[]> change)
            throws IOException {
        boolean[] found = {false};
        copy(signedJar, target, name -> {
            if (!name.equals(entry)) {
                return UnaryOperator.identity();
            }
            found[0] = true;
            return change;
        });
        if (!found[0]) {
            throw new IllegalArgumentException(signedJar + " has no entry " + entry);
        }
        return target;
    }

    /** Per entry: how to change its bytes, or {@code null} to drop it. */
    private interface EntryPlan {
        UnaryOperator<byte[]> forEntry(String name);
    }

    private static Path copy(Path source, Path target, EntryPlan plan) throws IOException {
        try (InputStream in = Files.newInputStream(source); ZipInputStream zin = new ZipInputStream(in);
             OutputStream out = Files.newOutputStream(target); ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry entry = zin.getNextEntry(); entry != null; entry = zin.getNextEntry()) {
                UnaryOperator<byte[]> change = plan.forEntry(entry.getName());
                byte[] bytes = zin.readAllBytes();
                if (change != null) {
                    zout.putNextEntry(new ZipEntry(entry.getName()));
                    zout.write(change.apply(bytes));
                    zout.closeEntry();
                }
            }
        }
        return target;
    }

    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
                && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA")
                || upper.endsWith(".EC") || upper.startsWith("META-INF/SIG-"));
    }
}
