package io.patchbay.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/** Builds small bundles in memory and signs them with the JDK's {@link JarSigner}. See {@link JarVariants} to damage them. */
public final class TestJars {
    private TestJars() {
    }

    /** A bundle manifest with a symbolic name and a version, and nothing else yet. */
    public static Builder bundle(String symbolicName, String version) {
        return new Builder().header("Bundle-ManifestVersion", "2").header("Bundle-SymbolicName", symbolicName)
                .header("Bundle-Version", version);
    }

    public static final class Builder {
        private final Manifest manifest = new Manifest();
        private final Map<String, byte[]> entries = new LinkedHashMap<>();

        private Builder() {
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        }

        /** Sets a main manifest header; {@code null} removes it. */
        public Builder header(String name, String value) {
            if (value == null) {
                manifest.getMainAttributes().remove(new Attributes.Name(name));
            } else {
                manifest.getMainAttributes().putValue(name, value);
            }
            return this;
        }

        public Builder entry(String name, byte[] content) {
            entries.put(name, content);
            return this;
        }

        public Builder entry(String name, String content) {
            return entry(name, content.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Adds the compiled classes of {@code type}'s package (not its sub-packages), read from the directory
         * the test classes were compiled to.
         */
        public Builder classesOf(Class<?> type) {
            Path root = codeSource(type);
            Path dir = root.resolve(type.getPackageName().replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    entry(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the classes of " + type.getPackageName(), e);
            }
            return this;
        }

        public byte[] build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    jar.putNextEntry(new JarEntry(e.getKey()));
                    jar.write(e.getValue());
                    jar.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        public byte[] signedBy(TestPki.Identity identity) {
            return sign(build(), identity);
        }
    }

    /** Signs {@code jar} (SHA-256 digests) with the identity's key and chain; existing signatures stay. */
    public static byte[] sign(byte[] jar, TestPki.Identity identity) {
        return sign(jar, identity, "PUBLISHR");
    }

    public static byte[] sign(byte[] jar, TestPki.Identity identity, String signerName) {
        String algorithm = identity.key().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            Path unsigned = Files.createTempFile("unsigned-", ".jar");
            try {
                Files.write(unsigned, jar);
                JarSigner signer = new JarSigner.Builder(identity.key(), identity.certPath())
                        .digestAlgorithm("SHA-256").signatureAlgorithm(algorithm).signerName(signerName).build();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ZipFile in = new ZipFile(unsigned.toFile())) {
                    signer.sign(in, out);
                }
                return out.toByteArray();
            } finally {
                Files.deleteIfExists(unsigned);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign test jar", e);
        }
    }

    public static Path write(Path dir, String name, byte[] jar) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(root)) {
                throw new IllegalArgumentException(type + " was not loaded from a classes directory but from " + root);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
