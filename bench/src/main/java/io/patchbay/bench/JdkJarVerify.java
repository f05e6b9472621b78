package io.patchbay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * VERIFY as the publisher gate did it before it verified from memory: the JDK's own JAR verification of a
 * temporary copy ({@link JarFile} with verification on, every entry read to the end so the JDK compares its
 * digest, every entry's signer checked), plus the SHA-256 of the jar. What remains of the old gate is left out (its
 * manifest header checks, the same in both; its signer check, which here is a plain lookup), so this baseline is a
 * little faster than the old gate was.
 */
final class JdkJarVerify {
    private final Path tempDirectory;
    private final List<X509Certificate> trusted;
    private final byte[] sink = new byte[16 * 1024];

    JdkJarVerify(Path tempDirectory, List<X509Certificate> trusted) {
        this.tempDirectory = tempDirectory;
        this.trusted = trusted;
    }

    String verify(byte[] bytes) throws Exception {
        Path temp = Files.createTempFile(tempDirectory, "verify-", ".jar");
        try {
            Files.write(temp, bytes);
            try (JarFile jar = new JarFile(temp.toFile(), true)) {
                if (jar.getManifest() == null) {
                    throw new SecurityException("no manifest");
                }
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.isDirectory()) {
                        continue;
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        while (in.read(sink) >= 0) {
                            // reading to the end makes the JDK compare the digest
                        }
                    }
                    if (!entry.getName().toUpperCase().startsWith("META-INF/") || entry.getName().lastIndexOf('/') > 8) {
                        requireTrusted(entry);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private void requireTrusted(JarEntry entry) {
        CodeSigner[] signers = entry.getCodeSigners();
        if (signers != null) {
            for (CodeSigner signer : signers) {
                if (trusted.contains(signer.getSignerCertPath().getCertificates().get(0))) {
                    return;
                }
            }
        }
        throw new SecurityException(entry.getName() + " is not signed by a trusted publisher");
    }
}
