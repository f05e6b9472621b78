package io.patchbay.license.gate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.spi.PatchbayHeaders;
import io.patchbay.license.api.Entitlements;
import io.patchbay.license.gate.impl.Gate;
import io.patchbay.license.gate.testapi.Reports;
import io.patchbay.license.gate.testbundle.ReportsActivator;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceRegistration;

/**
 * What the gate tests share: an embedded runtime whose initial bundle is a licensed test bundle ({@code Patchbay-Feature:
 * reports}, offering {@link Reports}), a gate opened on its system bundle context, and ways to wait for the bundle's
 * state and for the gate's drain without sleeping.
 */
abstract class GateFixture {
    static final String REPORTS = "com.acme.reports";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final TestPki.Identity PUBLISHER = TestPki.selfSigned("CN=Acme Releases",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));

    @TempDir
    Path root;
    Patchbay patchbay;
    MutableSource source;
    ServiceRegistration<Entitlements> sourceRegistration;
    Gate gate;

    @BeforeEach
    void start() {
        byte[] reports = TestJars.bundle(REPORTS, "1.0.0")
                .header("Bundle-Activator", ReportsActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\",io.patchbay.license.gate.testapi;version=\"[1,2)\"")
                .header(PatchbayHeaders.REQUIRED_FEATURES, "reports")
                .classesOf(ReportsActivator.class)
                .signedBy(PUBLISHER);
        patchbay = Patchbay.builder()
                .dataDirectory(root.resolve("data"))
                .trustPublisher(PUBLISHER.certificate())
                .hostPackage("io.patchbay.license.gate.testapi;version=1.0.0")
                .serviceWaitTimeout(Duration.ofMillis(300))
                .initialBundles(List.of(TestJars.write(root.resolve("work"), "reports.jar", reports)))
                .start();
        source = new MutableSource();
        Reports.BLOCK.set(null);
        Reports.ENTERED.set(null);
    }

    @AfterEach
    void stop() {
        Reports.BLOCK.set(null);
        if (gate != null) {
            gate.close();
        }
        patchbay.stop();
    }

    void openGate(Duration drainTimeout) {
        gate = new Gate(patchbay.bundleContext(), drainTimeout);
        gate.open();
    }

    void registerSource() {
        sourceRegistration = patchbay.bundleContext().registerService(Entitlements.class, source, null);
    }

    Bundle reports() {
        for (Bundle bundle : patchbay.bundleContext().getBundles()) {
            if (REPORTS.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(REPORTS + " is not installed");
    }

    /** Runs {@code action} and waits (bounded) until the reports bundle is in {@code state}. */
    void expectState(int state, Runnable action) throws InterruptedException {
        Bundle bundle = reports();
        CountDownLatch reached = new CountDownLatch(1);
        BundleListener listener = event -> {
            if (event.getBundle() == bundle && bundle.getState() == state) {
                reached.countDown();
            }
        };
        patchbay.bundleContext().addBundleListener(listener);
        try {
            action.run();
            if (bundle.getState() != state) {
                assertTrue(reached.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "state " + state + " not reached: "
                        + bundle.getState());
            }
        } finally {
            patchbay.bundleContext().removeBundleListener(listener);
        }
    }

    String report() {
        return patchbay.service(Reports.class).call(r -> r.report("q3"));
    }

    void startByHandAndExpectStoppedAgain() throws Exception {
        Bundle bundle = reports();
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch stoppedAgain = new CountDownLatch(1);
        org.osgi.framework.SynchronousBundleListener listener = event -> {
            if (event.getBundle() != bundle) {
                return;
            }
            if (event.getType() == org.osgi.framework.BundleEvent.STARTED) {
                started.set(true);
            } else if (event.getType() == org.osgi.framework.BundleEvent.STOPPED && started.get()) {
                stoppedAgain.countDown();
            }
        };
        patchbay.bundleContext().addBundleListener(listener);
        try {
            bundle.start();
            assertTrue(stoppedAgain.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "not stopped again");
        } finally {
            patchbay.bundleContext().removeBundleListener(listener);
        }
    }

    static Thread awaitGateThreadWaiting() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("patchbay-license-gate") && thread.getState() == Thread.State.TIMED_WAITING
                        && List.of(thread.getStackTrace()).stream().anyMatch(f -> f.getMethodName().equals("drain"))) {
                    return thread;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the gate never started draining");
    }
}
