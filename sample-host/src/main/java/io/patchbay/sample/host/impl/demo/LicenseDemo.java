package io.patchbay.sample.host.impl.demo;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.sample.feature.api.Reports;
import io.patchbay.sample.host.api.HostLicensing;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.client.HostClient;
import io.patchbay.sample.host.impl.json.LicenseRequestBody;
import io.patchbay.sample.host.impl.json.LicenseView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;

/**
 * The demo's licensing part: a real license server in-process ({@link DemoLicenseServer}) and a host with the license
 * gate and the licensed reports bundle, trusting the server's vendor key and pinned to its TLS key. The feature is held
 * without a license, turned on live when a trial license key is activated online, and turned off live when the trial
 * expires (the host's license clock is moved two hours), after the call in flight completes.
 */
final class LicenseDemo {

    static final String REPORTS = "io.patchbay.sample.reports";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final SampleBundles bundles;
    private final DemoConsole console;

    LicenseDemo(SampleBundles bundles, DemoConsole console) {
        this.bundles = bundles;
        this.console = console;
    }

    void run(Path work) throws InterruptedException, IOException {
        try (DemoLicenseServer server = DemoLicenseServer.start(work.resolve("license-server"))) {
            console.say("license server (update server + license extension) on " + server.baseUri() + ", pinned "
                    + server.pins().get(0));
            run(server, Files.createDirectories(work.resolve("data")));
        }
    }

    private void run(DemoLicenseServer server, Path data) throws InterruptedException, IOException {
        DemoClock clock = new DemoClock();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-license-tick");
            thread.setDaemon(true);
            return thread;
        });
        HostLicensing licensing = HostLicensing.offline("io.patchbay.sample.demo", server.vendorKeys())
                .withTransport(server.transport()).withClock(clock).withScheduler(ticks, HostLicensing.DEFAULT_TICK);
        HostSettings settings = HostSettings.forSampleBundles(bundles, 0, data)
                .withLicensing(licensing, List.of(bundles.licenseGate(), bundles.reports()));
        try (SampleHost host = SampleHost.start(settings)) {
            HostClient client = new HostClient(host.baseUri());
            LicenseClient license = host.licensing().orElseThrow();
            console.say("licensed host on " + host.baseUri() + " with the license gate and reports 1.0.0"
                    + " (Patchbay-Feature: reports), trusting vendor key(s) " + licensing.vendorKeys().keySet());
            heldStep(host.patchbay(), client);
            activationStep(host.patchbay(), client, server.issueTrial("reports", clock.instant(), Duration.ofHours(1)));
            expiryStep(host.patchbay(), client, license, clock);
        } finally {
            ticks.shutdownNow();
        }
    }

    private void heldStep(Patchbay patchbay, HostClient client) {
        console.step("Licensed feature 'reports' without a license: its bundle is held");
        int state = BundleStates.state(patchbay.bundleContext(), REPORTS);
        console.say("reports bundle: " + BundleStates.name(state));
        console.check(state == Bundle.INSTALLED, "held, not started");
        HostClient.Answer answer = report(client, "sales");
        console.check(answer.status() == 503 && answer.text().contains("FEATURE_MISSING"),
                "503 naming the feature and the reason");
    }

    private void activationStep(Patchbay patchbay, HostClient client, String licenseKey) throws InterruptedException {
        console.step("Activate a 1-hour trial live: the vendor issues a key, POST /license/activate {\"licenseKey\"}");
        console.say("issued license key " + licenseKey.substring(0, Math.min(8, licenseKey.length())) + "...;"
                + " the host activates it online over pinned HTTPS");
        boolean started = BundleStates.after(patchbay.bundleContext(), REPORTS, s -> s == Bundle.ACTIVE, WAIT,
                () -> client.activate(new LicenseRequestBody(licenseKey, null)));
        lastEvent(client.license(), "enabled");
        console.check(started, "the reports bundle started, no restart");
        HostClient.Answer answer = report(client, "sales");
        console.check(answer.status() == 200 && answer.text().startsWith("Report on sales"), "the feature answers");
    }

    private void expiryStep(Patchbay patchbay, HostClient client, LicenseClient license, DemoClock clock)
            throws InterruptedException {
        console.step("The trial expires while a call is in flight (license clock moved 2 hours ahead)");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> patchbay.service(Reports.class)
                .call(r -> {
                    entered.countDown();
                    awaitQuietly(release);
                    return r.report("q4");
                }));
        console.check(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "a call to Reports is in flight");
        clock.advance(Duration.ofHours(2));
        license.tick();
        HostClient.Answer refused = report(client, "sales");
        console.check(refused.status() == 503 && refused.text().contains("EXPIRED"), "new calls: 503 with the reason");
        int during = BundleStates.state(patchbay.bundleContext(), REPORTS);
        console.say("reports bundle while the call is in flight: " + BundleStates.name(during));
        console.check(during == Bundle.ACTIVE, "the call in flight is not cut off");
        boolean stopped = BundleStates.after(patchbay.bundleContext(), REPORTS, s -> s != Bundle.ACTIVE
                && s != Bundle.STOPPING, WAIT, release::countDown);
        String completed = inFlight.completeOnTimeout("(no answer)", WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        console.say("the call in flight completed: " + completed);
        console.check(completed.startsWith("Report on q4"), "it completed with its answer");
        console.say("reports bundle now: " + BundleStates.name(BundleStates.state(patchbay.bundleContext(), REPORTS)));
        console.check(stopped, "then the bundle stopped, live");
        LicenseView view = client.license();
        String message = lastEvent(view, "disabled");
        console.check(message.contains("'reports'") && message.contains("expired"),
                "the callback names the feature and the reason");
    }

    private HostClient.Answer report(HostClient client, String subject) {
        HostClient.Answer answer = client.report(subject);
        console.say("GET /report?subject=" + subject + "  ->  " + answer.status() + " " + answer.text());
        return answer;
    }

    /** Prints and returns the latest license event of {@code kind} (as GET /license shows it). */
    private String lastEvent(LicenseView view, String kind) {
        for (int i = view.events().size() - 1; i >= 0; i--) {
            LicenseView.Event event = view.events().get(i);
            if (event.kind().equals(kind)) {
                console.say("license callback: " + event.kind() + " " + event.feature() + " " + event.code() + ": "
                        + event.message());
                return event.message();
            }
        }
        console.say("license callback: none of kind " + kind);
        return "";
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
