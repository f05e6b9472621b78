package io.patchbay.framework.itest.container;

import static io.patchbay.framework.itest.support.TestBundles.FORMATTER;
import static io.patchbay.framework.itest.support.TestBundles.GREETER;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.itest.support.TestBundles;
import io.patchbay.testsupport.JarVariants;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The publisher-signature gate, fed variants of the real signed jars made by the test: each is refused
 * with its specific reason, and the running system is left exactly as it was. Bundles installed behind
 * Patchbay's back, straight through the BundleContext, must not resolve unless properly signed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SignatureGateInContainerTest extends PatchbayInContainer {

    /** An entry every greeter jar has: the release's settings, read by its activator. */
    private static final String GREETER_SETTINGS = "greeter.properties";
    private static final String GREETER_ACTIVATOR_CLASS = "io/patchbay/sample/greeter/impl/GreeterActivator.class";

    @Test
    public void unsignedBundleIsRefused() throws IOException {
        byte[] unsigned = JarVariants.unsigned(bytes(TestBundles.greeterUpdate()));

        assertRefusedWithoutChange(artifact("greeter-v2-unsigned.jar", unsigned), Reason.UNSIGNED_ENTRY);
    }

    @Test
    public void signedBundleWithAnEntryAddedAfterSigningIsRefused() throws IOException {
        byte[] extended = JarVariants.withUnsignedEntry(bytes(TestBundles.greeterUpdate()),
                "io/patchbay/sample/greeter/impl/smuggled.properties",
                "template=pwned\n".getBytes(StandardCharsets.UTF_8));

        assertRefusedWithoutChange(artifact("greeter-v2-extra-entry.jar", extended), Reason.UNSIGNED_ENTRY);
    }

    @Test
    public void bundleWithATamperedResourceIsRefused() throws IOException {
        byte[] tampered = JarVariants.tampered(bytes(TestBundles.greeterUpdate()), GREETER_SETTINGS,
                content -> new String(content, StandardCharsets.UTF_8).replace("(v2)", "(evil)")
                        .getBytes(StandardCharsets.UTF_8));

        assertRefusedWithoutChange(artifact("greeter-v2-tampered-resource.jar", tampered), Reason.TAMPERED_ENTRY);
    }

    @Test
    public void bundleWithATamperedClassIsRefused() throws IOException {
        byte[] tampered = JarVariants.tampered(bytes(TestBundles.greeterUpdate()), GREETER_ACTIVATOR_CLASS,
                JarVariants::flipLastByte);

        assertRefusedWithoutChange(artifact("greeter-v2-tampered-class.jar", tampered), Reason.TAMPERED_ENTRY);
    }

    @Test
    public void bundleSignedByAnUntrustedKeyIsRefused() throws IOException {
        byte[] stranger = JarVariants.resigned(bytes(TestBundles.greeterUpdate()),
                TestPki.stranger("Stranger"));

        assertRefusedWithoutChange(artifact("greeter-v2-stranger.jar", stranger), Reason.UNKNOWN_SIGNER);
    }

    @Test
    public void oneBadBundleRefusesTheWholePatch() throws IOException {
        byte[] unsignedFormatter = JarVariants.unsigned(bytes(TestBundles.formatterUpdate()));
        Patch patch = new Patch("good greeter, unsigned formatter", List.of(
                Patch.Artifact.read(TestBundles.greeterUpdate()),
                new Patch.Artifact("formatter-v2-unsigned.jar", unsignedFormatter, null)), false);

        assertRefusedWithoutChange(patch, Reason.UNSIGNED_ENTRY);
    }

    /**
     * The resolver-hook gate: whoever installs a bundle, only one signed by a trusted publisher may
     * resolve. Bundles installed directly, not through a patch, in three bad variants.
     */
    @Test
    public void badlySignedBundlesInstalledDirectlyDoNotResolve() throws IOException {
        Map<Long, BundleSnapshot> before = snapshot();
        List<byte[]> variants = List.of(
                JarVariants.unsigned(bytes(TestBundles.greeterUpdate())),
                JarVariants.tampered(bytes(TestBundles.formatterUpdate()),
                        "io/patchbay/sample/formatter/impl/StandardNameFormatter.class", JarVariants::flipLastByte),
                JarVariants.resigned(bytes(TestBundles.greeterUnhealthy()), TestPki.stranger("Stranger")));
        int index = 0;
        for (byte[] variant : variants) {
            String location = "itest:direct-install-" + index++;
            Bundle bundle;
            try {
                bundle = context.installBundle(location, new ByteArrayInputStream(variant));
            } catch (BundleException refusedAtInstall) {
                continue; // refusing the install outright is just as good as never resolving
            }
            assertFalse(location + " resolved",
                    frameworkWiring().resolveBundles(List.of(bundle)));
            try {
                bundle.start();
                fail(location + " started: " + bundle.getSymbolicName() + " " + bundle.getVersion());
            } catch (BundleException expected) {
                assertEquals(location + " state", Bundle.INSTALLED, bundle.getState());
            }
        }
        assertEquals("no second greeter appeared", V1_WITH_FORMATTER_V1, greetThroughRegistry());
        assertSameRunningBundles(before, snapshot());
    }

    /**
     * The control for the gate above: a properly signed bundle installed directly does resolve. And the
     * gate judges revisions, not bundles: updating that admitted bundle with unsigned bytes yields a
     * revision that must not resolve.
     */
    @Test
    public void gateAdmitsASignedRevisionAndRefusesAnUnsignedUpdateOfIt() throws IOException, BundleException {
        Bundle bundle = context.installBundle("itest:direct-install-signed",
                new ByteArrayInputStream(bytes(TestBundles.formatterUpdate())));
        try {
            assertTrue("a bundle signed by the trusted publisher resolves",
                    frameworkWiring().resolveBundles(List.of(bundle)));

            bundle.update(new ByteArrayInputStream(JarVariants.unsigned(bytes(TestBundles.formatterUpdate()))));
            frameworkWiring().refreshBundles(List.of(bundle));

            assertFalse("the unsigned revision resolved", frameworkWiring().resolveBundles(List.of(bundle)));
            try {
                bundle.start();
                fail("the unsigned revision started");
            } catch (BundleException expected) {
                assertEquals(Bundle.INSTALLED, bundle.getState());
            }
        } finally {
            bundle.uninstall();
        }
        assertEquals(V1_WITH_FORMATTER_V1, greetThroughRegistry());
    }

    private void assertRefusedWithoutChange(Patch patch, Reason reason) {
        PatchLevel levelBefore = patchbay.patchLevel();
        Map<Long, BundleSnapshot> before = snapshot();

        SwapResult result = patchbay.apply(patch);

        assertEquals(SwapResults.describe(result), SwapResult.Outcome.REJECTED, result.outcome());
        assertTrue("cause is a BundleRejectedException: " + result.cause(),
                result.cause() instanceof BundleRejectedException);
        assertEquals(SwapResults.describe(result), reason, ((BundleRejectedException) result.cause()).reason());
        assertEquals(levelBefore, patchbay.patchLevel());
        assertEquals(levelBefore, result.after());
        assertSameRunningBundles(before, snapshot());
        assertEquals(V1_WITH_FORMATTER_V1, greetThroughRegistry());
        assertEquals(V1_WITH_FORMATTER_V1, greetThroughPatchbay());
        assertEquals("1.0.0", installed(GREETER).getVersion().toString());
        assertEquals("1.0.0", installed(FORMATTER).getVersion().toString());
    }

    private void assertRefusedWithoutChange(Patch.Artifact artifact, Reason reason) {
        assertRefusedWithoutChange(new Patch(artifact.name(), List.of(artifact), false), reason);
    }

    private static void assertSameRunningBundles(Map<Long, BundleSnapshot> before, Map<Long, BundleSnapshot> after) {
        for (Map.Entry<Long, BundleSnapshot> entry : before.entrySet()) {
            BundleSnapshot was = entry.getValue();
            BundleSnapshot now = after.get(entry.getKey());
            assertTrue("bundle " + entry.getKey() + " " + was.symbolicName() + " is still installed", now != null);
            assertEquals(was.symbolicName() + " version", was.version(), now.version());
            assertEquals(was.symbolicName() + " state", was.state(), now.state());
            assertTrue(was.symbolicName() + " has the same revision (not updated, not refreshed)",
                    was.revision() == now.revision());
            assertEquals(was.symbolicName() + " last modified", was.lastModified(), now.lastModified());
        }
        for (Long id : after.keySet()) {
            BundleSnapshot now = after.get(id);
            if (!before.containsKey(id) && now.state() != Bundle.INSTALLED && now.state() != Bundle.UNINSTALLED) {
                fail("a new bundle " + now.symbolicName() + " " + now.version() + " got past INSTALLED");
            }
        }
    }

    private static Patch.Artifact artifact(String name, byte[] jar) {
        return new Patch.Artifact(name, jar, null);
    }

    private FrameworkWiring frameworkWiring() {
        return context.getBundle(0).adapt(FrameworkWiring.class);
    }

    private static byte[] bytes(Path jar) throws IOException {
        return Files.readAllBytes(jar);
    }
}
