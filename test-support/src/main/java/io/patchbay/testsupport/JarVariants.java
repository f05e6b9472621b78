package io.patchbay.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Bad variants of a signed jar, made the way an attacker or a broken pipeline would: signatures stripped, an entry
 * changed, added or removed after signing, or the whole jar re-signed by someone else. Entry order is kept, so the
 * manifest stays first.
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
        return withChanges(signedJar, Map.of(entry, content));
    }

    /** Copies {@code jar}, replacing (or, with a null value, removing) the named entries and appending new ones. */
    public static byte[] withChanges(byte[] jar, Map<String, byte[]> changes) {
        Map<String, byte[]> remaining = new LinkedHashMap<>(changes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            copyEntries(jar, zip, (name, bytes) -> remaining.containsKey(name) ? remaining.remove(name) : bytes);
            for (Map.Entry<String, byte[]> added : remaining.entrySet()) {
                if (added.getValue() != null) {
                    zip.putNextEntry(new ZipEntry(added.getKey()));
                    zip.write(added.getValue());
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The jar stripped of its signatures and signed again by {@code signer}. */
    public static byte[] resigned(byte[] signedJar, TestPki.Identity signer) {
        return TestJars.sign(unsigned(signedJar), signer, "STRANGER");
    }

    /** A copy of {@code bytes} with the last byte flipped: same length, different digest. */
    public static byte[] flipLastByte(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }

    /** The content of one entry. */
    public static byte[] entryOf(byte[] jar, String name) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    /** The files JAR signing writes into META-INF (JDK semantics). */
    public static boolean isSignatureFile(String name) {
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
                byte[] bytes = entry.isDirectory() ? new byte[0] : in.readAllBytes();
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

    /** Maps an entry's bytes to its new bytes, or to {@code null} to drop it. */
    @FunctionalInterface
    private interface EntryChange {
        byte[] apply(String name, byte[] bytes);
    }
}
