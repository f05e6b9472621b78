package io.patchbay.framework.impl.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.framework.api.ServiceUnavailableException;
import io.patchbay.framework.testapi.Greeter;
import io.patchbay.framework.testing.ActivatorBundles;
import io.patchbay.testsupport.RawFelix;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;

class TrackedServiceAccessTest {
    @TempDir
    Path dir;
    RawFelix felix;
    Framework framework;
    BundleContext context;

    @BeforeEach
    void start() throws Exception {
        felix = RawFelix.open(dir.resolve("cache"), ActivatorBundles.HOST_PACKAGES, true);
        framework = felix.framework();
        context = framework.getBundleContext();
    }

    @AfterEach
    void stop() throws Exception {
        felix.close();
    }

    /** A service with a checked exception, for the proxy. */
    interface Fetcher {
        String fetch(String key) throws IOException;
    }

    @Test
    void waitsForAServiceThatAppearsLater() throws Exception {
        try (TrackedServiceAccess<Greeter> access = new TrackedServiceAccess<>(context, Greeter.class, Duration.ofSeconds(20))) {
            Thread caller = Thread.currentThread();
            CompletableFuture<Void> registration = CompletableFuture.runAsync(() -> {
                while (caller.getState() != Thread.State.TIMED_WAITING) {
                    Thread.onSpinWait();
                }
                context.registerService(Greeter.class, name -> "late hello, " + name, null);
            });
            assertEquals("late hello, bob", access.call(g -> g.greet("bob")));
            registration.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void givesUpAfterTheTimeout() {
        try (TrackedServiceAccess<Greeter> access = new TrackedServiceAccess<>(context, Greeter.class, Duration.ofMillis(50))) {
            ServiceUnavailableException e = assertThrows(ServiceUnavailableException.class, () -> access.call(g -> g.greet("x")));
            assertTrue(e.getMessage().contains(Greeter.class.getName()), e.getMessage());
            assertEquals(Optional.empty(), access.current());
        }
    }

    @Test
    void retriesOnceOnTheReplacementWhenTheServiceWentAwayMidCall() {
        ServiceRegistration<Greeter> first = context.registerService(Greeter.class, name -> "old", null);
        AtomicReference<ServiceRegistration<Greeter>> replacement = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        try (TrackedServiceAccess<Greeter> access = new TrackedServiceAccess<>(context, Greeter.class, Duration.ofSeconds(5))) {
            String result = access.call(greeter -> {
                if (calls.incrementAndGet() == 1) {
                    first.unregister();
                    replacement.set(context.registerService(Greeter.class, name -> "new, " + name, null));
                    throw new IllegalStateException("service is closing");
                }
                return greeter.greet("amy");
            });
            assertEquals("new, amy", result);
            assertEquals(2, calls.get());
        }
    }

    @Test
    void aFailureOfALiveServiceIsTheCallersAndNotRetried() {
        context.registerService(Greeter.class, name -> "x", null);
        AtomicInteger calls = new AtomicInteger();
        try (TrackedServiceAccess<Greeter> access = new TrackedServiceAccess<>(context, Greeter.class, Duration.ofSeconds(5))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> access.call(g -> {
                calls.incrementAndGet();
                throw new IllegalArgumentException("bad name");
            }));
            assertEquals("bad name", e.getMessage());
            assertEquals(1, calls.get());
        }
    }

    @Test
    void prefersTheHighestRankedService() {
        context.registerService(Greeter.class, name -> "low", null);
        context.registerService(Greeter.class, name -> "high", new java.util.Hashtable<>(java.util.Map.of("service.ranking", 10)));
        try (TrackedServiceAccess<Greeter> access = new TrackedServiceAccess<>(context, Greeter.class, Duration.ofSeconds(5))) {
            assertEquals("high", access.call(g -> g.greet("")));
            assertEquals("high", access.current().orElseThrow().greet(""));
        }
    }

    @Test
    void theProxyCallsThroughAndRethrowsCheckedExceptions() {
        context.registerService(Fetcher.class, key -> {
            if (key.isEmpty()) {
                throw new IOException("empty key");
            }
            return "value of " + key;
        }, null);
        try (TrackedServiceAccess<Fetcher> access = new TrackedServiceAccess<>(context, Fetcher.class, Duration.ofSeconds(5))) {
            Fetcher proxy = access.proxy();
            assertEquals("value of k", assertDoesNotThrowIo(() -> proxy.fetch("k")));
            IOException e = assertThrows(IOException.class, () -> proxy.fetch(""));
            assertEquals("empty key", e.getMessage());
            assertTrue(proxy.toString().contains("Fetcher"));
            assertSame(proxy, proxy);
            assertTrue(proxy.equals(proxy));
        }
    }

    @Test
    void aProxyNeedsAnInterface() {
        try (TrackedServiceAccess<String> access = new TrackedServiceAccess<>(context, String.class, Duration.ofSeconds(1))) {
            assertThrows(IllegalArgumentException.class, access::proxy);
        }
    }

    @Test
    void theAccessPointsHandOutOneTrackerPerType() {
        try (AccessPoints points = new AccessPoints(context, Duration.ofSeconds(1))) {
            ServiceAccess<Greeter> a = points.forType(Greeter.class);
            assertSame(a, points.forType(Greeter.class));
            points.close();
            assertThrows(IllegalStateException.class, () -> points.forType(Greeter.class));
        }
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T assertDoesNotThrowIo(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
