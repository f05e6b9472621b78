package io.patchbay.agent.testing;

import io.patchbay.agent.osgi.AgentActivator;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The agent bundle as the build makes it (bnd's manifest and the embedded packages, both in target/classes), jarred
 * with a chosen Bundle-Version and signed by a test publisher: {@code mvn test} runs before {@code package}, so
 * the packaged (and build-signed) jar does not exist yet.
 */
public final class AgentBundleJar {
    private AgentBundleJar() {
    }

    public static byte[] build(String version, TestPki.Identity publisher) throws Exception {
        return build(version, publisher, null);
    }

    /**
     * As {@link #build(String, TestPki.Identity)}, with {@code activator} (a test class, copied into the jar) as the
     * Bundle-Activator instead of the agent's own: an agent revision that fails to start or reports unhealthy.
     */
    public static byte[] build(String version, TestPki.Identity publisher, Class<?> activator) throws Exception {
        Path classes = Path.of(AgentActivator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        if (!"io.patchbay.agent.osgi.AgentActivator".equals(manifest.getMainAttributes().getValue("Bundle-Activator"))) {
            throw new IllegalStateException("target/classes holds no bnd manifest for the agent bundle");
        }
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        if (activator != null) {
            manifest.getMainAttributes().putValue("Bundle-Activator", activator.getName());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest); Stream<Path> walk = Files.walk(classes)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                jar.write(readAll(file));
                jar.closeEntry();
            }
            if (activator != null) {
                String name = activator.getName().replace('.', '/') + ".class";
                Path testClasses = Path.of(activator.getProtectionDomain().getCodeSource().getLocation().toURI());
                jar.putNextEntry(new JarEntry(name));
                jar.write(readAll(testClasses.resolve(name)));
                jar.closeEntry();
            }
        }
        return TestJars.sign(bytes.toByteArray(), publisher);
    }

    private static byte[] readAll(Path file) throws IOException {
        return Files.readAllBytes(file);
    }
}
