package io.patchbay.framework.e2e;

import io.patchbay.framework.testing.RuntimeFixture;

import static io.patchbay.framework.testing.RuntimeFixture.PUBLISHER;
import static io.patchbay.framework.testing.RuntimeFixture.STRANGER;
import static io.patchbay.framework.testing.RuntimeFixture.greeter;
import static io.patchbay.framework.testing.RuntimeFixture.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.testapi.Greeter;
import io.patchbay.testsupport.TestJars;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

class GateAndAccessTest {
    @TempDir
    Path root;
    RuntimeFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new RuntimeFixture(root);
    }

    @Test
    void aBundleInstalledBehindPatchbaysBackResolvesOnlyIfSignedByATrustedPublisher() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            BundleContext context = patchbay.bundleContext();
            Path unsigned = fixture.jarFile("unsigned.jar", ActivatorBundles.activatorBundle("com.acme.sneaky", "1.0.0").build());
            Path foreign = fixture.jarFile("foreign.jar", ActivatorBundles.activatorBundle("com.acme.foreign", "1.0.0").signedBy(STRANGER));
            Path trusted = fixture.jarFile("trusted.jar", ActivatorBundles.activatorBundle("com.acme.direct", "1.0.0").signedBy(PUBLISHER));

            Bundle sneaky = context.installBundle(unsigned.toUri().toString());
            assertThrows(BundleException.class, sneaky::start);
            assertEquals(Bundle.INSTALLED, sneaky.getState());

            Bundle viaStream = context.installBundle("anything:at-all",
                    new ByteArrayInputStream(ActivatorBundles.activatorBundle("com.acme.streamed", "1.0.0").build()));
            assertThrows(BundleException.class, viaStream::start);

            Bundle stranger = context.installBundle(foreign.toUri().toString());
            assertThrows(BundleException.class, stranger::start);

            Bundle empty = context.installBundle("test:empty", new ByteArrayInputStream(
                    TestJars.bundle("com.acme.empty", "1.0.0").header("Bundle-Activator", "com.acme.Evil").build()));
            Bundle direct = context.installBundle(trusted.toUri().toString());
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            assertFalse(wiring.resolveBundles(null), "not everything may resolve");
            assertEquals(Bundle.INSTALLED, empty.getState(), "a refused bundle without requirements does not resolve either");
            assertEquals(Bundle.INSTALLED, sneaky.getState());
            direct.start();
            assertEquals(Bundle.ACTIVE, direct.getState());
            assertThrows(BundleException.class, empty::start);
            assertEquals(1, patchbay.patchLevel().sequence(), "a direct install is not part of the patch level");
        }
    }

    @Test
    void callsFromEightThreadsNeverFailDuringRepeatedSwaps() throws Exception {
        try (Patchbay patchbay = fixture.startWithGreeterV1()) {
            Greeter greeter = patchbay.service(Greeter.class).proxy();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong calls = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread caller = new Thread(() -> {
                    while (running.get()) {
                        try {
                            String answer = greeter.greet("x");
                            if (!answer.startsWith("hello v")) {
                                failures.add(new AssertionError("unexpected answer " + answer));
                            }
                            calls.incrementAndGet();
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }
                }, "caller-" + i);
                caller.start();
                callers.add(caller);
            }
            try {
                for (int version = 2; version <= 7; version++) {
                    SwapResult result = patchbay.apply(patch("v" + version,
                            greeter(version + ".0.0", "hello v" + version).signedBy(PUBLISHER)));
                    assertTrue(result.committed(), String.valueOf(result.cause()));
                }
            } finally {
                running.set(false);
                for (Thread caller : callers) {
                    caller.join(30_000);
                }
            }
            System.out.printf("%d calls from 8 threads during 6 swaps, %d failed%n", calls.get(), failures.size());
            assertEquals(List.of(), new ArrayList<>(failures));
            assertTrue(calls.get() > 0);
            assertEquals("hello v7, x", greeter.greet("x"));
        }
    }
}
