package io.patchbay.sdk.it;

import static io.patchbay.sdk.it.NestedBuild.maven;
import static io.patchbay.sdk.it.NestedBuild.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.sdk.it.NestedBuild.Result;
import io.patchbay.sdk.it.NestedBuild.Stdin;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle developer's path, outside this repository: a project from {@code patchbay-bundle-archetype}, a key of
 * their own from keytool, a signed build through {@code patchbay-bundle-parent}, and a host that trusts their
 * certificate installing the bundle. Missing signing settings stop the build at once, naming what to set.
 */
class BundleArchetypeTest {
    private static final String PASSWORD = "correct horse battery staple";
    /** Far below the bound: the check runs before anything is compiled, let alone signed. */
    private static final Duration AT_ONCE = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    private static Path project;
    private static Path keystore;
    private static Path certificate;

    @BeforeAll
    static void generateProjectAndKey() throws Exception {
        // docs/guides/bundle-developer.md, "1. A new project"
        maven(work, Map.of(), Stdin.CLOSED, "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate", "-DarchetypeGroupId=io.patchbay",
                "-DarchetypeArtifactId=patchbay-bundle-archetype", "-DarchetypeVersion=" + NestedBuild.VERSION,
                "-DgroupId=com.acme", "-DartifactId=hello-bundle", "-Dversion=1.0.0", "-Dpackage=com.acme.hello",
                "-DinteractiveMode=false").expectSuccess();
        project = work.resolve("hello-bundle");
        assertTrue(Files.isRegularFile(project.resolve("src/main/java/com/acme/hello/impl/Activator.java")));
        // "2. Your signing key"
        keystore = work.resolve("acme-publisher.p12");
        certificate = work.resolve("acme-publisher.pem");
        Map<String, String> env = Map.of("PATCHBAY_PUBLISHER_PASSWORD", PASSWORD);
        tool(work, env, NestedBuild.KEYTOOL, "-genkeypair", "-keyalg", "RSA", "-keysize", "3072", "-sigalg",
                "SHA256withRSA", "-validity", "825", "-alias", "acme-publisher", "-dname", "CN=ACME Releases, O=ACME",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:env",
                "PATCHBAY_PUBLISHER_PASSWORD").expectSuccess();
        tool(work, env, NestedBuild.KEYTOOL, "-exportcert", "-rfc", "-alias", "acme-publisher", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass:env", "PATCHBAY_PUBLISHER_PASSWORD", "-file",
                certificate.toString()).expectSuccess();
    }

    private static Map<String, String> signingEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATCHBAY_PUBLISHER_KEYSTORE", keystore.toString());
        env.put("PATCHBAY_PUBLISHER_ALIAS", "acme-publisher");
        env.put("PATCHBAY_PUBLISHER_PASSWORD", PASSWORD);
        return env;
    }

    @Test
    void theGeneratedProjectBuildsASignedBundleThatATrustingHostCommits() throws Exception {
        Result build = maven(project, signingEnvironment(), Stdin.SILENT, "package").expectSuccess();
        assertTrue(build.output().contains("Tests run: 2, Failures: 0"), "the generated unit test ran:\n" + build.output());
        assertTrue(build.output().contains("maven-jarsigner-plugin:3.1.0:verify (verify)"),
                "package verified the signed jar:\n" + build.output());
        Path jar = project.resolve("target/hello-bundle-1.0.0.jar");

        try (JarFile file = new JarFile(jar.toFile(), true)) {
            Attributes main = file.getManifest().getMainAttributes();
            assertEquals("com.acme.hello", main.getValue("Bundle-SymbolicName"));
            assertEquals("1.0.0", main.getValue("Bundle-Version"));
            assertEquals("com.acme.hello.impl.Activator", main.getValue("Bundle-Activator"));
            assertTrue(main.getValue("Import-Package").contains("io.patchbay.framework.spi"), main.getValue("Import-Package"));
            assertTrue(main.getValue("Export-Package").contains("com.acme.hello.api;version=\"1.0.0\""),
                    main.getValue("Export-Package"));
            int signed = 0;
            for (JarEntry entry : Collections.list(file.entries())) {
                if (entry.isDirectory() || entry.getName().startsWith("META-INF/")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream()); // signers are known once read
                }
                assertNotNull(entry.getCodeSigners(), entry.getName() + " is signed");
                signed++;
            }
            assertTrue(signed >= 4, "classes signed: " + signed);
        }
        Result verify = tool(work, Map.of(), NestedBuild.JARSIGNER, "-verify", "-strict", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, jar.toString());
        assertEquals(0, verify.exit(), verify.output());
        assertTrue(verify.output().contains("jar verified."), verify.output());

        X509Certificate publisher;
        try (InputStream in = Files.newInputStream(certificate)) {
            publisher = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        try (Patchbay host = Patchbay.builder().dataDirectory(work.resolve("host")).trustPublisher(publisher).start()) {
            SwapResult result = host.apply(Patch.of(jar));
            assertEquals(SwapResult.Outcome.COMMITTED, result.outcome(), String.valueOf(result.cause()));
        }
    }

    @Test
    void aMissingPasswordFailsAtOnceNamingTheVariable() throws Exception {
        Map<String, String> env = signingEnvironment();
        env.remove("PATCHBAY_PUBLISHER_PASSWORD");

        Result build = maven(project, env, Stdin.CLOSED, "package");

        assertFailedAtOnce(build, "set PATCHBAY_PUBLISHER_PASSWORD");
    }

    @Test
    void nothingSetNamesTheKeyStoreFirstEvenWithStdinOpen() throws Exception {
        Result build = maven(project, Map.of(), Stdin.SILENT, "package");

        assertFailedAtOnce(build, "set PATCHBAY_PUBLISHER_KEYSTORE");
    }

    @Test
    void aKeyStoreThatDoesNotExistFailsAtOnce() throws Exception {
        Map<String, String> env = signingEnvironment();
        env.put("PATCHBAY_PUBLISHER_KEYSTORE", work.resolve("no-such.p12").toString());

        Result build = maven(project, env, Stdin.SILENT, "package");

        assertFailedAtOnce(build, "key store PATCHBAY_PUBLISHER_KEYSTORE names does not exist");
        assertFalse(Files.exists(work.resolve("no-such.p12")), "no key store was made up");
    }

    private static void assertFailedAtOnce(Result build, String message) {
        assertNotEquals(0, build.exit(), build.output());
        assertTrue(build.output().contains(message), build.output());
        assertTrue(build.took().compareTo(AT_ONCE) < 0, "took " + build.took());
        assertFalse(build.output().contains("maven-compiler-plugin"), "stopped before compiling:\n" + build.output());
        assertFalse(build.output().contains("maven-jarsigner-plugin"), "jarsigner never ran:\n" + build.output());
    }
}
