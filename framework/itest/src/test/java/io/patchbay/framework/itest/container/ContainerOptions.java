package io.patchbay.framework.itest.container;

import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackage;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.url;

import io.patchbay.framework.itest.support.TestBundles;
import java.nio.file.Path;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.UrlProvisionOption;

/**
 * What every in-container test runs on: a Felix container with slf4j (found through SPI Fly), Bouncy
 * Castle for the test's throwaway signer, the Patchbay framework bundle and the sample feature API.
 * The sample greeter and formatter are not provisioned here: the test hands them to Patchbay, which
 * installs them as its first committed patch level.
 *
 * <p>Third-party bundles come by {@code mvn:} URL from the local repository Maven filled (the build
 * passes each jar's resolved path; its directory names the version). Project bundles come by
 * {@code file:} URL from {@code target/bundles}: the very jars the build signed, never a stale copy.
 */
final class ContainerOptions {

    /**
     * Logging starts below Pax Exam's own bundles (level 2), which log as they start: SPI Fly must weave
     * slf4j-api, and slf4j-simple be registered with it, before anyone first calls LoggerFactory, or
     * slf4j settles on its no-op logger for good.
     */
    private static final int LOGGING_LEVEL = 1;
    private static final int LIBRARY_LEVEL = 3;
    private static final int SUBJECT_LEVEL = 4;

    private ContainerOptions() {
    }

    static Option[] standard() {
        return options(
                junitBundles(),
                // The test signs jars with the JDK's own JarSigner, which the system bundle may not export.
                bootDelegationPackage("jdk.security.jarsigner"),
                maven("org.ow2.asm", "asm", "itest.asm", LOGGING_LEVEL),
                maven("org.ow2.asm", "asm-tree", "itest.asm.tree", LOGGING_LEVEL),
                maven("org.ow2.asm", "asm-analysis", "itest.asm.analysis", LOGGING_LEVEL),
                maven("org.ow2.asm", "asm-commons", "itest.asm.commons", LOGGING_LEVEL),
                maven("org.ow2.asm", "asm-util", "itest.asm.util", LOGGING_LEVEL),
                maven("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle", "itest.spifly", LOGGING_LEVEL),
                maven("org.slf4j", "slf4j-api", "itest.slf4j.api", LOGGING_LEVEL),
                maven("org.slf4j", "slf4j-simple", "itest.slf4j.simple", LOGGING_LEVEL),
                maven("org.bouncycastle", "bcprov-jdk18on", "itest.bcprov", LIBRARY_LEVEL),
                maven("org.bouncycastle", "bcutil-jdk18on", "itest.bcutil", LIBRARY_LEVEL),
                maven("org.bouncycastle", "bcpkix-jdk18on", "itest.bcpkix", LIBRARY_LEVEL),
                // the shared test scaffolding (jar variants, throwaway PKI) the probe calls inside the container
                url(TestBundles.testSupport().toUri().toString()).startLevel(LIBRARY_LEVEL),
                file(TestBundles.featureApi()),
                file(TestBundles.frameworkBundle()));
    }

    /** The standard container plus the license gate bundle, installed and started like the framework. */
    static Option[] withLicenseGate() {
        return options(composite(standard()), file(TestBundles.licenseGate()));
    }

    /** {@code mvn:group/artifact/version}, the version read from the resolved jar's directory. */
    private static UrlProvisionOption maven(String group, String artifact, String pathProperty, int startLevel) {
        Path jar = Path.of(TestBundles.required(pathProperty));
        String version = jar.getParent().getFileName().toString();
        return url("mvn:" + group + "/" + artifact + "/" + version).startLevel(startLevel);
    }

    private static UrlProvisionOption file(Path jar) {
        return url(jar.toUri().toString()).startLevel(SUBJECT_LEVEL);
    }
}
