package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.repo.InitOptions;
import io.patchbay.tuf.repo.TufRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "init", description = "Create root v1 (all ring keys of each top-level role), targets, snapshot and "
        + "timestamp v1.")
final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOptions options;

    @Option(names = "--threshold", paramLabel = "ROLE=N", description = "Signature threshold of a top-level role (default 1).")
    Map<String, Integer> thresholds = new LinkedHashMap<>();

    @Option(names = "--no-consistent-snapshot", description = "Plain file names instead of VERSION.role.json / HASH.name.")
    boolean noConsistentSnapshot;

    @Option(names = "--metadata-url", paramLabel = "URL", description = "Trusted location of metadata (x-patchbay-location).")
    URI metadataUrl;

    @Option(names = "--targets-url", paramLabel = "URL", description = "Trusted location of targets (x-patchbay-location).")
    URI targetsUrl;

    @Option(names = "--tls-pin", paramLabel = "sha256/BASE64", description = "TLS server key pin (repeatable).")
    List<String> tlsPins = new ArrayList<>();

    private final Clock clock;

    InitCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        // Refuse a bad pin before anything is generated or signed (e.g. the docs' placeholder text).
        for (String pin : tlsPins) {
            try {
                TrustedLocation.checkPin(pin);
            } catch (MalformedMetadataException e) {
                throw new IllegalArgumentException("--tls-pin: " + e.getMessage()
                        + ". See docs/guides/operator.md for how to compute it from the server certificate");
            }
        }
        InitOptions init = InitOptions.defaults().withConsistentSnapshot(!noConsistentSnapshot).withExpiry(options.expiry());
        for (Map.Entry<String, Integer> e : thresholds.entrySet()) {
            init = init.withThreshold(e.getKey(), e.getValue());
        }
        if (metadataUrl != null || targetsUrl != null || !tlsPins.isEmpty()) {
            if (metadataUrl == null || targetsUrl == null) {
                throw new IllegalArgumentException("a trusted location needs both --metadata-url and --targets-url");
            }
            init = init.withLocation(new TrustedLocation(metadataUrl, targetsUrl, tlsPins));
        }
        TufRepository repo = TufRepository.init(options.repo, options.ring(), init, clock);
        return RepoOptions.report(repo.publish(), spec.commandLine().getOut());
    }
}
