package io.patchbay.sample.host.impl.demo;

import io.patchbay.framework.api.SwapResult.Outcome;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.client.HostClient;
import io.patchbay.sample.host.impl.client.ReportText;
import io.patchbay.sample.host.impl.json.SwapReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo: a real host on a temporary data directory and an ephemeral loopback port, driven over HTTP
 * through good patches, failing patches and forged ones. Every step checks that it showed what it meant
 * to show, so the demo doubles as an end-to-end smoke test.
 */
public final class DemoScript {

    static final String GREETER = "io.patchbay.sample.greeter";
    static final String FORMATTER = "io.patchbay.sample.formatter";

    private final SampleBundles bundles;
    private final Path workDirectory;
    private final DemoConsole console;
    private HostClient client;

    public DemoScript(SampleBundles bundles, Path workDirectory, PrintWriter out) {
        this.bundles = bundles;
        this.workDirectory = workDirectory;
        this.console = new DemoConsole(out);
    }

    /** Runs every step; returns how many steps did not go as intended (0 = the demo showed it all). */
    public int run() throws IOException {
        console.title("Patchbay sample host demo");
        Path data = Files.createDirectories(workDirectory.resolve("data"));
        HostSettings settings = HostSettings.forSampleBundles(bundles, 0, data);
        try (SampleHost host = SampleHost.start(settings)) {
            client = new HostClient(host.baseUri());
            console.say("host listening on " + host.baseUri() + ", data directory " + data);
            console.say("started with the initial bundles, no patch applied yet:");
            console.say(ReportText.patchLevel(client.patchLevel()));

            greetingStep();
            compatiblePatchStep();
            rollbackStep("Patch to greeter 1.2.0, whose health check fails", "greeter 1.2.0", bundles.greeterUnhealthy());
            rollbackStep("Patch to greeter 1.3.0, whose activator throws at start", "greeter 1.3.0", bundles.greeterThrowingActivator());
            allOrNothingStep();
            refreshStep();
            forgedBundleSteps();

            console.step("The committed patch level (GET /patch-level)");
            console.say(ReportText.patchLevel(client.patchLevel()));
        }
        console.step("Host stopped.");
        console.title("Licensed features");
        try {
            new LicenseDemo(bundles, console).run(Files.createDirectories(workDirectory.resolve("licensing")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.check(false, "the licensing steps to run uninterrupted");
        }
        console.step("Licensed host stopped.");
        console.say(console.surprises() == 0 ? "Every step went as intended."
                : console.surprises() + " step(s) did NOT go as intended; see UNEXPECTED above.");
        return console.surprises();
    }

    private void greetingStep() {
        console.step("Call the feature: GET /greet?name=Ada");
        String greeting = greet("Ada");
        console.check(greeting.contains("(v1)"), "greeter 1.0.0 answers");
    }

    private void compatiblePatchStep() {
        console.step("Live patch to greeter 1.1.0, a compatible release (POST /patches, no restart)");
        SwapReport report = apply("greeter 1.1.0", bundles.greeterUpdate());
        console.check(report.outcome() == Outcome.COMMITTED, "COMMITTED");
        String greeting = greet("Ada");
        console.check(greeting.contains("(v2)"), "the same running host now answers with greeter 1.1.0");
    }

    /** A greeter release that must fail and leave 1.1.0 answering. */
    private void rollbackStep(String title, String label, Path greeterRelease) {
        console.step(title);
        SwapReport report = apply(label, greeterRelease);
        console.check(report.outcome() == Outcome.ROLLED_BACK, "automatic rollback");
        console.check(greet("Ada").contains("(v2)"), "greeter 1.1.0 still answers");
    }

    private void allOrNothingStep() {
        console.step("One patch of two bundles, formatter 1.1.0 + greeter 1.3.0: all or nothing");
        SwapReport report = apply("formatter 1.1.0 + greeter 1.3.0", bundles.formatterUpdate(), bundles.greeterThrowingActivator());
        console.check(report.outcome() == Outcome.ROLLED_BACK, "the whole patch rolls back");
        String formatter = client.patchLevel().versionOf(FORMATTER);
        console.say("committed formatter: " + formatter);
        console.check(formatter.equals("1.0.0"), "the formatter stays at 1.0.0 although its own update was fine");
    }

    private void refreshStep() {
        console.step("Patch to formatter 1.1.0 alone: the greeter that imports it is refreshed onto it");
        SwapReport report = apply("formatter 1.1.0", bundles.formatterUpdate());
        console.check(report.outcome() == Outcome.COMMITTED, "COMMITTED");
        String greeting = greet("ada  lovelace");
        console.check(greeting.contains("Ada Lovelace"), "names are now formatted by formatter 1.1.0");
    }

    private void forgedBundleSteps() throws IOException {
        Path copies = Files.createDirectories(workDirectory.resolve("copies"));
        console.step("An unsigned copy of greeter 1.1.0 (signature files stripped)");
        Path unsigned = JarCopies.unsigned(bundles.greeterUpdate(), copies.resolve("greeter-unsigned.jar"));
        SwapReport report = apply("unsigned greeter", unsigned);
        console.check(report.outcome() == Outcome.REJECTED, "REJECTED before anything running is touched");

        console.step("A tampered copy of greeter 1.1.0 (greeter.properties edited after signing)");
        Path tampered = JarCopies.tampered(bundles.greeterUpdate(), copies.resolve("greeter-tampered.jar"),
                "greeter.properties", bytes -> new String(bytes, StandardCharsets.UTF_8)
                        .replace("Nice to see you", "Send your password").getBytes(StandardCharsets.UTF_8));
        report = apply("tampered greeter", tampered);
        console.check(report.outcome() == Outcome.REJECTED, "REJECTED before anything running is touched");
        console.check(greet("Ada").contains("Nice to see you"), "the genuine greeter 1.1.0 still answers");
    }

    private String greet(String name) {
        String greeting = client.greet(name);
        console.say("GET /greet?name=" + name + "  ->  " + greeting);
        return greeting;
    }

    private SwapReport apply(String label, Path... jars) {
        List<Path> files = List.of(jars);
        console.say("POST /patches " + files.stream().map(p -> p.getFileName().toString()).toList());
        SwapReport report = client.apply(label, files);
        console.say(ReportText.report(report));
        return report;
    }
}
