package io.patchbay.framework.e2e;

import io.patchbay.framework.testing.RuntimeFixture;

import static io.patchbay.framework.testing.RuntimeFixture.GREETER;
import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.testapi.Greeter;
import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.testsupport.RawFelix;
import io.patchbay.testsupport.TestJars;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

class AttachModeTest {
    @TempDir
    Path root;

    @Test
    void runsOnSomeoneElsesFrameworkExemptsItsBundlesAndLeavesItRunning() throws Exception {
        RuntimeFixture fixture = new RuntimeFixture(root);
        Path cache = root.resolve("container-cache");
        RawFelix felix = RawFelix.open(cache, ActivatorBundles.HOST_PACKAGES, true);
        Framework framework = felix.framework();
        try {
            BundleContext context = framework.getBundleContext();
            Bundle containerOwn = context.installBundle("test:container-own",
                    new ByteArrayInputStream(TestJars.bundle("com.container.own", "1.0.0").build()));

            Patchbay patchbay = fixture.builder()
                    .initialBundles(List.of(fixture.jarFile("g1.jar", greeter("1.0.0", "hello v1").signedBy(PUBLISHER))))
                    .attach(context);
            containerOwn.start();
            assertEquals(Bundle.ACTIVE, containerOwn.getState(), "bundles present before attaching are exempt");
            assertEquals(1, patchbay.patchLevel().sequence());
            assertEquals("hello v1, x", patchbay.service(Greeter.class).call(g -> g.greet("x")));
            assertTrue(patchbay.apply(patch("v2", greeter("2.0.0", "hello v2").signedBy(PUBLISHER))).committed());
            assertEquals("hello v2, x", patchbay.service(Greeter.class).call(g -> g.greet("x")));

            Bundle late = context.installBundle("test:late", new ByteArrayInputStream(TestJars.bundle("com.container.late", "1.0.0").build()));
            assertThrows(BundleException.class, late::start);

            patchbay.stop();
            assertEquals(Bundle.ACTIVE, framework.getState(), "stopping an attached runtime leaves the framework running");
            assertEquals(Bundle.ACTIVE, context.getBundle("patchbay:" + GREETER).getState());

            try (Patchbay again = fixture.builder().attach(context)) {
                assertEquals(2, again.patchLevel().sequence());
                assertEquals("hello v2, x", again.service(Greeter.class).call(g -> g.greet("x")));
            }
        } finally {
            felix.close();
        }
    }
}
