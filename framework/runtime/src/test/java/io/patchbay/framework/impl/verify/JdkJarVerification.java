package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.framework.api.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The reference the gate is tested against: the gate's previous implementation, which checked that a jar is
 * completely signed by trusted publishers with the JDK's own JAR verification ({@link JarFile} on a temporary copy,
 * every entry read so the JDK compares its digest). Kept in the tests for the differential tests and the VERIFY
 * before/after benchmark; see {@link JarSignatureCheck} for what the gate does now.
 *
 * <p>The bytes are opened as a {@link JarFile} (through a short-lived temporary file), not streamed with
 * {@code JarInputStream}: a zip's local headers and its central directory can disagree, and the container loads
 * classes through the central directory, so that is what must be verified. Every entry is read fully so the JDK
 * compares its digest; entries with the same name twice are refused for the same reason.
 */
final class JdkJarVerification {
    /** A read buffer per thread; its content is thrown away. */
    private static final ThreadLocal<byte[]> SINK_FOR_THREAD = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final Path tempDirectory;
    private final SignerTrust trust;

    JdkJarVerification(Path tempDirectory, SignerTrust trust) {
        this.tempDirectory = tempDirectory;
        this.trust = trust;
    }

    /** Returns the jar's manifest when every entry is signed by a trusted, valid publisher. */
    Manifest check(String artifact, byte[] bytes) {
        Path temp;
        try {
            Files.createDirectories(tempDirectory);
            temp = Files.createTempFile(tempDirectory, "verify-", ".jar");
            Files.write(temp, bytes);
        } catch (IOException e) {
            throw new StoreException("cannot write a temporary copy of " + artifact
                    + " for verification in " + tempDirectory + ": " + e.getMessage(), e);
        }
        try (JarFile jar = new JarFile(temp.toFile(), true)) {
            return checkOpen(artifact, jar);
        } catch (IOException e) {
            throw new BundleRejectedException(artifact, Reason.CORRUPT_JAR, "not a readable jar: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temporary file in the data directory's tmp folder is harmless and removed at start
            }
        }
    }

    private Manifest checkOpen(String artifact, JarFile jar) throws IOException {
        Manifest manifest;
        try {
            manifest = jar.getManifest();
        } catch (SecurityException e) {
            throw new BundleRejectedException(artifact, Reason.TAMPERED_ENTRY, "manifest: " + e.getMessage(), e);
        }
        if (manifest == null) {
            throw new BundleRejectedException(artifact, Reason.INVALID_HEADERS, "the jar has no META-INF/MANIFEST.MF");
        }
        Map<CodeSigner, Optional<SignerTrust.Refusal>> verdicts = new IdentityHashMap<>();
        Set<String> names = new HashSet<>();
        int signed = 0;
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (!names.add(name)) {
                throw new BundleRejectedException(artifact, Reason.CORRUPT_JAR, "entry " + name + " appears twice");
            }
            if (entry.isDirectory()) {
                continue;
            }
            readFully(artifact, jar, entry);
            if (isSignatureRelated(name)) {
                continue;
            }
            CodeSigner[] signers = entry.getCodeSigners();
            if (signers == null || signers.length == 0) {
                throw new BundleRejectedException(artifact, Reason.UNSIGNED_ENTRY, "entry " + name + " is not signed"
                        + (!hasSignature(jar) ? " (the jar carries no signature)" : ""));
            }
            requireTrustedSigner(artifact, name, signers, verdicts);
            signed++;
        }
        if (signed == 0) {
            // nothing but a manifest: no signer vouches for its headers (imports, fragment host, capabilities)
            throw new BundleRejectedException(artifact, Reason.UNSIGNED_ENTRY, "the jar has no signed content"
                    + (hasSignature(jar) ? "" : " (the jar carries no signature)"));
        }
        requireSignedEntriesPresent(artifact, manifest, names);
        return manifest;
    }

    /** An entry passes when at least one of its signers is trusted; the verdict per signer is computed once. */
    private void requireTrustedSigner(String artifact, String entry, CodeSigner[] signers,
                                      Map<CodeSigner, Optional<SignerTrust.Refusal>> verdicts) {
        SignerTrust.Refusal first = null;
        for (CodeSigner signer : signers) {
            Optional<SignerTrust.Refusal> verdict = verdicts.computeIfAbsent(signer, trust::evaluate);
            if (verdict.isEmpty()) {
                return;
            }
            first = first == null ? verdict.get() : first;
        }
        throw new BundleRejectedException(artifact, first.reason(), "entry " + entry + ": " + first.detail());
    }

    /** A name the manifest signs but the jar lacks means an entry was removed after signing. */
    private static void requireSignedEntriesPresent(String artifact, Manifest manifest, Set<String> names) {
        for (Map.Entry<String, Attributes> section : manifest.getEntries().entrySet()) {
            boolean hasDigest = section.getValue().keySet().stream()
                    .anyMatch(k -> k.toString().toUpperCase(Locale.ROOT).endsWith("-DIGEST"));
            if (hasDigest && !names.contains(section.getKey())) {
                throw new BundleRejectedException(artifact, Reason.TAMPERED_ENTRY,
                        "entry " + section.getKey() + " is signed in the manifest but missing from the jar");
            }
        }
    }

    private static void readFully(String artifact, JarFile jar, JarEntry entry) {
        try (InputStream in = jar.getInputStream(entry)) {
            while (in.read(SINK_FOR_THREAD.get()) >= 0) {
                // reading to the end makes the JDK compare the entry's digest with the signed manifest
            }
        } catch (SecurityException e) {
            throw new BundleRejectedException(artifact, Reason.TAMPERED_ENTRY, "entry " + entry.getName() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BundleRejectedException(artifact, Reason.CORRUPT_JAR, "entry " + entry.getName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean hasSignature(JarFile jar) {
        return jar.stream().map(JarEntry::getName).anyMatch(JdkJarVerification::isSignatureFile);
    }

    /** The files JAR signing itself writes, which are not signed (JDK semantics). */
    static boolean isSignatureRelated(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals("META-INF/MANIFEST.MF") || isSignatureFile(name);
    }

    private static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-");
    }
}
