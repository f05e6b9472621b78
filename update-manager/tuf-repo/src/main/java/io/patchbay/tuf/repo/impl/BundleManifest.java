package io.patchbay.tuf.repo.impl;

import io.patchbay.tuf.repo.RepositoryException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/** The OSGi identity of a bundle jar, read from its manifest; it becomes the target's "custom.bundle" field. */
public record BundleManifest(String symbolicName, String version) {

    /**
     * Reads the bundle identity of a jar. Empty for a jar without Bundle-SymbolicName (not a bundle).
     * Bundle-Version defaults to 0.0.0 as in OSGi core R8 §3.2.1.
     */
    public static Optional<BundleManifest> read(Path jar) {
        try (InputStream in = Files.newInputStream(jar); JarInputStream jis = new JarInputStream(in)) {
            Manifest manifest = jis.getManifest();
            if (manifest == null) {
                return Optional.empty();
            }
            String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null || bsn.isBlank()) {
                return Optional.empty();
            }
            String version = manifest.getMainAttributes().getValue("Bundle-Version");
            return Optional.of(new BundleManifest(stripDirectives(bsn),
                    version == null || version.isBlank() ? "0.0.0" : version.trim()));
        } catch (IOException e) {
            throw new RepositoryException("cannot read the jar manifest of " + jar + ": " + e.getMessage(), e);
        }
    }

    /** "com.example.foo;singleton:=true" names the bundle com.example.foo. */
    private static String stripDirectives(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    }
}
