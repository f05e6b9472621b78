package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.sample.host.api.SampleBundles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The bundles the build signed and copied: what the host, the demo and the docs rely on. */
class SampleBundleArtifactsTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();

    @Test
    void theTrustStoreHoldsOneCertificateAndNoKey() throws Exception {
        KeyStore trust = trustStore();
        List<String> aliases = Collections.list(trust.aliases());
        assertEquals(1, aliases.size());
        assertTrue(trust.isCertificateEntry(aliases.get(0)));
        assertFalse(trust.isKeyEntry(aliases.get(0)));
    }

    @Test
    void thePublisherKeyIsOwnerOnly() throws Exception {
        Path key = Path.of(System.getProperty("patchbay.publisher.keystore"));
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(key);
        assertEquals(PosixFilePermissions.fromString("rw-------"), permissions);
    }

    @Test
    void everyEntryOfEveryBundleIsSignedByTheTrustedPublisher() throws Exception {
        Certificate publisher = trustStore().getCertificate(Collections.list(trustStore().aliases()).get(0));
        for (Path jar : List.of(BUNDLES.formatter(), BUNDLES.formatterUpdate(), BUNDLES.greeter(), BUNDLES.greeterUpdate(),
                BUNDLES.greeterUnhealthy(), BUNDLES.greeterThrowingActivator(), BUNDLES.agent())) {
            int checked = 0;
            try (JarFile file = new JarFile(jar.toFile(), true)) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    if (entry.isDirectory() || entry.getName().startsWith("META-INF/")
                            && !entry.getName().startsWith("META-INF/maven/")) {
                        continue;
                    }
                    try (InputStream in = file.getInputStream(entry)) {
                        in.readAllBytes(); // verification happens while reading
                    }
                    Certificate[] signers = entry.getCertificates();
                    assertNotNull(signers, jar + " " + entry.getName() + " is unsigned");
                    assertEquals(publisher, signers[0], jar + " " + entry.getName());
                    checked++;
                }
            }
            assertTrue(checked >= 2, jar + " had only " + checked + " entries");
        }
    }

    @Test
    void theGreeterReleasesShareOneSymbolicNameWithRisingVersions() throws Exception {
        List<Path> greeters = List.of(BUNDLES.greeter(), BUNDLES.greeterUpdate(), BUNDLES.greeterUnhealthy(),
                BUNDLES.greeterThrowingActivator());
        for (int release = 0; release < greeters.size(); release++) {
            Attributes manifest = manifest(greeters.get(release));
            assertEquals("io.patchbay.sample.greeter", manifest.getValue("Bundle-SymbolicName"));
            assertEquals("1." + release + ".0", manifest.getValue("Bundle-Version"));
            assertTrue(manifest.getValue("Import-Package").contains("io.patchbay.sample.formatter;version=\"[1.0,2)\""),
                    manifest.getValue("Import-Package"));
        }
        List<Path> formatters = List.of(BUNDLES.formatter(), BUNDLES.formatterUpdate());
        for (int release = 0; release < formatters.size(); release++) {
            Attributes manifest = manifest(formatters.get(release));
            assertEquals("io.patchbay.sample.formatter", manifest.getValue("Bundle-SymbolicName"));
            assertEquals("1." + release + ".0", manifest.getValue("Bundle-Version"));
            assertTrue(manifest.getValue("Export-Package").startsWith("io.patchbay.sample.formatter;"));
        }
    }

    private static Attributes manifest(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes();
        }
    }

    private static KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(BUNDLES.trustStore())) {
            store.load(in, BUNDLES.trustPassword());
        }
        return store;
    }
}
