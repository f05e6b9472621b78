package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.sample.host.api.SampleBundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle developer guide's signing, run for real: a bundle project inheriting {@code patchbay-bundles-parent}
 * is built by a nested Maven, offline, against what this build installed. Missing signing properties must fail at
 * once (not wait for a password on stdin), and signing with your own key, as section 4 documents it, must give a
 * bundle that a host trusting your certificate (section 5) accepts and the build's test publisher's hosts refuse.
 */
class BundleSigningBuildTest {
    private static final String PASSWORD_VARIABLE = "ACME_PUBLISHER_PASSWORD";
    private static final long BUILD_SECONDS = 240;
    /** The JDK running this test, whatever is first on PATH. */
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    @TempDir
    Path work;

    @Test
    void anEmptyStorePasswordFailsTheBuildAtOnceNamingTheProperty() throws Exception {
        Path project = bundleProject();
        Result build = run(project, Map.of(), "mvn", "-B", "-o", "-q", "package", "-Dpatchbay.publisher.storepass=");
        assertNotEquals(0, build.exit(), build.output());
        assertTrue(build.output().contains("patchbay.publisher.storepass"), build.output());
    }

    @Test
    void aTypoInYourKeyStorePathFailsInsteadOfMakingANewKey() throws Exception {
        Path project = bundleProject();
        Result build = run(project, Map.of(), "mvn", "-B", "-o", "-q", "package",
                "-Dpatchbay.publisher.keystore=" + work.resolve("no-such.p12"), "-Dpatchbay.publisher.storepass=secret",
                "-Dpatchbay.publisher.truststore=" + work.resolve("trust.p12"));
        assertNotEquals(0, build.exit(), build.output());
        assertTrue(build.output().contains("does not exist"), build.output());
        assertTrue(!Files.exists(work.resolve("no-such.p12")), "no key store was made up");
    }

    @Test
    void signingWithYourOwnKeyWorksAsDocumented() throws Exception {
        Path home = Files.createDirectories(work.resolve("home/.patchbay"));
        Map<String, String> env = Map.of(PASSWORD_VARIABLE, "correct horse battery staple");
        Path key = home.resolve("acme-publisher.p12");
        // section 4, "With your own key"
        expectSuccess(run(work, env, KEYTOOL, "-genkeypair", "-keyalg", "RSA", "-keysize", "3072", "-sigalg",
                "SHA256withRSA", "-validity", "825", "-alias", "acme-publisher", "-dname", "CN=ACME Releases, O=ACME",
                "-storetype", "PKCS12", "-keystore", key.toString(), "-storepass:env", PASSWORD_VARIABLE));
        // section 5, "How a host trusts your key"
        Path pem = work.resolve("acme-publisher.pem");
        Path trust = home.resolve("acme-trust.p12");
        expectSuccess(run(work, env, KEYTOOL, "-exportcert", "-rfc", "-alias", "acme-publisher", "-storetype", "PKCS12",
                "-keystore", key.toString(), "-storepass:env", PASSWORD_VARIABLE, "-file", pem.toString()));
        expectSuccess(run(work, env, KEYTOOL, "-importcert", "-noprompt", "-alias", "acme-publisher", "-file",
                pem.toString(), "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", "changeit"));

        Path project = bundleProject();
        expectSuccess(run(project, env, "mvn", "-B", "-o", "-q", "package",
                "-Dpatchbay.publisher.keystore=" + key, "-Dpatchbay.publisher.alias=acme-publisher",
                "-Dpatchbay.publisher.storepass=" + env.get(PASSWORD_VARIABLE),
                "-Dpatchbay.publisher.truststore=" + trust, "-Dpatchbay.publisher.trustpass=changeit"));
        Path jar = project.resolve("target/acme-signed-1.0.0.jar");

        try (Patchbay acmeHost = Patchbay.builder().dataDirectory(work.resolve("acme-host"))
                .trustPublishers(trust, "changeit".toCharArray()).start()) {
            SwapResult result = acmeHost.apply(Patch.of(jar));
            assertEquals(SwapResult.Outcome.COMMITTED, result.outcome(), String.valueOf(result.cause()));
        }
        SampleBundles samples = SampleBundles.besideHost();
        try (Patchbay testHost = Patchbay.builder().dataDirectory(work.resolve("test-host"))
                .trustPublishers(samples.trustStore(), samples.trustPassword()).start()) {
            SwapResult result = testHost.apply(Patch.of(jar));
            assertEquals(BundleRejectedException.Reason.UNKNOWN_SIGNER, ((BundleRejectedException) result.cause()).reason());
        }
    }

    /** A one-resource bundle whose pom inherits the repository's bundle parent from the local Maven repository. */
    private Path bundleProject() throws IOException {
        Path project = Files.createDirectories(work.resolve("acme-signed"));
        Files.createDirectories(project.resolve(".mvn")); // pins maven.multiModuleProjectDirectory here
        Files.createDirectories(project.resolve("src/main/resources"));
        Files.writeString(project.resolve("src/main/resources/acme.properties"), "feature=reports\n");
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>io.patchbay</groupId>
                    <artifactId>patchbay-bundles-parent</artifactId>
                    <version>0.1.0-SNAPSHOT</version>
                    <relativePath/>
                  </parent>
                  <artifactId>acme-signed</artifactId>
                  <version>1.0.0</version>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>biz.aQute.bnd</groupId>
                        <artifactId>bnd-maven-plugin</artifactId>
                        <configuration>
                          <bnd><![CDATA[
                Bundle-SymbolicName: com.acme.signed
                Bundle-Version: 1.0.0
                ]]></bnd>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """, StandardCharsets.UTF_8);
        return project;
    }

    private record Result(int exit, String output) {
    }

    private static void expectSuccess(Result result) {
        assertEquals(0, result.exit(), result.output());
    }

    /** Runs a command with stdin left open and unanswered, as a CI job's is: a prompt would hang until the bound. */
    private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile(dir, "run-", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(BUILD_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", line) + " did not finish within " + BUILD_SECONDS
                    + " s (waiting on stdin?):\n" + Files.readString(log));
        }
        process.getOutputStream().close();
        return new Result(process.exitValue(), Files.readString(log));
    }
}
