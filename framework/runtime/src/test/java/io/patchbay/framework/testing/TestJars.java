package io.patchbay.framework.testing;

import io.patchbay.framework.testbundle.TestActivator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import jdk.security.jarsigner.JarSigner;

/** Builds tiny bundles with {@link JarOutputStream}, signs them with the JDK's {@link JarSigner}, and damages them. */
public final class TestJars {
    private TestJars() {
    }

    public static Builder bundle(String symbolicName, String version) {
        return new Builder().header("Bundle-ManifestVersion", "2").header("Bundle-SymbolicName", symbolicName)
                .header("Bundle-Version", version);
    }

    /** A bundle running {@link TestActivator}, importing what it needs. */
    public static Builder activatorBundle(String symbolicName, String version) {
        Builder builder = bundle(symbolicName, version)
                .header("Bundle-Activator", TestActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",io.patchbay.framework.spi;version=\"[1.0,2)\","
                        + "io.patchbay.framework.testapi;version=\"[1.0,2)\"");
        Path classes = testClasses().resolve(TestActivator.class.getPackageName().replace('.', '/'));
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.toList()) {
                builder.entry(testClasses().relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return builder;
    }

    private static Path testClasses() {
        try {
            return Path.of(TestActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private final Manifest manifest = new Manifest();
        private final Map<String, byte[]> entries = new LinkedHashMap<>();

        private Builder() {
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        }

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
            return entry(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

    public static byte[] sign(byte[] jar, TestPki.Identity identity) {
        try {
            Path unsigned = Files.createTempFile("unsigned-", ".jar");
            try {
                Files.write(unsigned, jar);
                JarSigner signer = new JarSigner.Builder(identity.key(),
                        CertificateFactory.getInstance("X.509").generateCertPath(identity.chain()))
                        .digestAlgorithm("SHA-256").signatureAlgorithm("SHA256withECDSA").signerName("PUBLISHR").build();
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

    /** Copies {@code jar}, replacing (or with null removing) the named entries and appending new ones. */
    public static byte[] rewrite(byte[] jar, Map<String, byte[]> changes) {
        Map<String, byte[]> remaining = new LinkedHashMap<>(changes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (remaining.containsKey(entry.getName())) {
                    content = remaining.remove(entry.getName());
                    if (content == null) {
                        continue;
                    }
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
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

    public static byte[] entryOf(byte[] jar, String name) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    public static Path write(Path dir, String name, byte[] jar) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
