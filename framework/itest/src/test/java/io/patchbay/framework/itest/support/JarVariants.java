package io.patchbay.framework.itest.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import jdk.security.jarsigner.JarSigner;

/**
 * Derives bad variants from a real signed bundle jar, the way an attacker or a broken pipeline would:
 * signatures stripped, an entry changed after signing, an entry added after signing, or the whole jar
 * re-signed by a key nobody trusts. Entry order is kept, so the manifest stays first.
 */
public final class JarVariants {

    private JarVariants() {
    }

    /** The jar with every signature file and every per-entry digest removed. */
    public static byte[] unsigned(byte[] signedJar) {
        return rewrite(signedJar, (name, bytes) -> {
            if (isSignatureFile(name)) {
                return null;
            }
            return JarFile.MANIFEST_NAME.equalsIgnoreCase(name) ? mainAttributesOnly(bytes) : bytes;
        });
    }

    /** The signed jar with {@code entry}'s content replaced by {@code change} of it; signatures kept. */
    public static byte[] tampered(byte[] signedJar, String entry, UnaryOperator<byte[]> change) {
        boolean[] found = {false};
        byte[] result = rewrite(signedJar, (name, bytes) -> {
            if (!name.equals(entry)) {
                return bytes;
            }
            found[0] = true;
            return change.apply(bytes);
        });
        if (!found[0]) {
            throw new IllegalArgumentException("the jar has no entry " + entry);
        }
        return result;
    }

    /** The signed jar with one more entry that no signature covers. */
    public static byte[] withUnsignedEntry(byte[] signedJar, String entry, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            copyEntries(signedJar, zip, (name, bytes) -> bytes);
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The jar stripped of its signatures and signed again by {@code signer}. */
    public static byte[] resigned(byte[] signedJar, ThrowawayPublisher signer, Path workDir) {
        try {
            Path unsignedFile = Files.createTempFile(workDir, "unsigned-", ".jar");
            Files.write(unsignedFile, unsigned(signedJar));
            JarSigner jarSigner = new JarSigner.Builder(signer.privateKey(), signer.certPath())
                    .digestAlgorithm("SHA-256")
                    .signatureAlgorithm("SHA256withECDSA")
                    .signerName("STRANGER")
                    .build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipFile zip = new ZipFile(unsignedFile.toFile())) {
                jarSigner.sign(zip, out);
            } finally {
                Files.delete(unsignedFile);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot sign with SHA256withECDSA", e);
        }
    }

    /** A copy of {@code bytes} with the last byte flipped: same length, different digest. */
    public static byte[] flipLastByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }

    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-");
    }

    private static byte[] mainAttributesOnly(byte[] manifestBytes) {
        try {
            Manifest original = new Manifest(new ByteArrayInputStream(manifestBytes));
            Manifest stripped = new Manifest();
            stripped.getMainAttributes().putAll((Attributes) original.getMainAttributes().clone());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stripped.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] rewrite(byte[] jar, EntryChange change) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            copyEntries(jar, zip, change);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void copyEntries(byte[] jar, ZipOutputStream zip, EntryChange change) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = entry.isDirectory() ? new byte[0] : readAll(in);
                byte[] changed = change.apply(entry.getName(), bytes);
                if (changed == null) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                zip.putNextEntry(copy);
                zip.write(changed);
                zip.closeEntry();
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** Maps an entry's bytes to its new bytes, or to {@code null} to drop it. */
    @FunctionalInterface
    private interface EntryChange {
        byte[] apply(String name, byte[] bytes);
    }
}
