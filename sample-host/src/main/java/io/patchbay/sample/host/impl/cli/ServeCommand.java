package io.patchbay.sample.host.impl.cli;

import io.patchbay.sample.host.api.HostAgent;
import io.patchbay.sample.host.api.HostLicensing;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the host until the process is stopped (Ctrl-C stops it cleanly). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the host's HTTP service on 127.0.0.1.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port on 127.0.0.1; 0 = any free port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Patchbay's data directory (default: target/patchbay-data, beside the bundles dir)")
    Path dataDirectory;

    @Option(names = "--trust-store", paramLabel = "FILE",
            description = "PKCS#12 store of trusted publisher certificates (default: the build's, in the bundles dir)")
    Path trustStore;

    @Option(names = "--trust-password", paramLabel = "PASSWORD", interactive = true, arity = "0..1",
            description = "its password (default: the build's constant); give the option alone to be prompted")
    char[] trustPassword;

    @Mixin
    BundleOptions bundleOptions;

    @Mixin
    AgentOptions agentOptions;

    @Mixin
    LicenseOptions licenseOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        HostSettings settings = settings();
        SampleHost host = SampleHost.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }, "sample-host-shutdown"));
        System.out.println("Patchbay sample host listening on " + host.baseUri() + " (data: "
                + settings.dataDirectory().toAbsolutePath() + "). Ctrl-C stops it.");
        settings.agent().ifPresent(agent -> System.out.println("  update agent " + agent.bundle().getFileName()
                + ", server named by " + agent.root().toAbsolutePath()
                + agent.channel().map(c -> ", channel " + c).orElse("")));
        System.out.println("  curl '" + host.baseUri() + "/greet?name=Ada'");
        System.out.println("  curl " + host.baseUri() + "/patch-level");
        if (settings.licensing().isPresent()) {
            System.out.println("  curl " + host.baseUri() + "/license   (the licensed feature: curl '" + host.baseUri()
                    + "/report?subject=sales')");
        }
        System.out.println("  java -jar patchbay-sample-host.jar apply --url " + host.baseUri() + " BUNDLE.jar...");
        stopped.await();
        return 0;
    }

    /** The host's settings from the options (a usage error for agent options without --agent-root). */
    HostSettings settings() {
        SampleBundles bundles = bundleOptions.bundles();
        Optional<HostAgent> agent;
        Optional<HostLicensing> licensing;
        try {
            agent = agentOptions.agent(bundles);
            licensing = licenseOptions.licensing();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        // Under target/ by default, so a sample run leaves nothing behind in the checkout.
        Path data = dataDirectory == null ? bundles.directory().resolveSibling("patchbay-data") : dataDirectory;
        HostSettings settings = new HostSettings(port, data,
                trustStore == null ? bundles.trustStore() : trustStore,
                trustPassword == null ? bundles.trustPassword() : trustPassword,
                List.of(bundles.formatter(), bundles.greeter()), Clock.systemUTC());
        settings = agent.map(settings::withAgent).orElse(settings);
        if (licensing.isPresent()) {
            settings = settings.withLicensing(licensing.get(), List.of(bundles.licenseGate(), bundles.reports()));
        }
        return settings;
    }
}
