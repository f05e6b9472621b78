package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.repo.TufRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "rotate-root", aliases = "rotate-keys",
        description = "New root version N+1 (signed by a threshold of the old and of the new root keys) that changes the "
                + "keys/threshold of a top-level role, the trusted location or the TLS pins. For a delegated --role, "
                + "its delegating role changes instead.")
final class RotateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOptions options;

    @Option(names = "--role", paramLabel = "ROLE", description = "Role whose keys change (root, targets, snapshot, "
            + "timestamp or a delegated role).")
    String role;

    @Option(names = "--add-key", paramLabel = "KEYID|FILE.pub", description = "Key to add (repeatable).")
    List<String> addKeys = new ArrayList<>();

    @Option(names = "--remove-key", paramLabel = "KEYID", description = "Key id (prefix) to revoke (repeatable).")
    List<String> removeKeys = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "N", description = "New threshold of --role.")
    Integer threshold;

    @Option(names = "--metadata-url", paramLabel = "URL", description = "New trusted metadata location.")
    URI metadataUrl;

    @Option(names = "--targets-url", paramLabel = "URL", description = "New trusted targets location.")
    URI targetsUrl;

    @Option(names = "--tls-pin", paramLabel = "sha256/BASE64", description = "Replace the TLS pins (repeatable).")
    List<String> tlsPins = new ArrayList<>();

    @Option(names = "--clear-tls-pins", description = "Remove all TLS pins.")
    boolean clearTlsPins;

    private final Clock clock;

    RotateCommand(Clock clock) {
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
        TufRepository repo = options.open(clock);
        boolean keyChange = !addKeys.isEmpty() || !removeKeys.isEmpty() || threshold != null;
        if (keyChange) {
            if (role == null) {
                throw new IllegalArgumentException("--add-key/--remove-key/--threshold need --role");
            }
            repo.rotateKeys(role, KeyArgs.resolve(addKeys, options.ring()), KeyArgs.ids(removeKeys, options.ring()), threshold);
        } else if (role != null) {
            repo.touch(role);
        }
        if (metadataUrl != null || targetsUrl != null) {
            if (metadataUrl == null || targetsUrl == null) {
                throw new IllegalArgumentException("a location change needs both --metadata-url and --targets-url");
            }
            List<String> pins = clearTlsPins || !tlsPins.isEmpty() ? tlsPins : currentPins(repo);
            repo.setLocation(new TrustedLocation(metadataUrl, targetsUrl, pins));
        } else if (clearTlsPins || !tlsPins.isEmpty()) {
            repo.setTlsPins(tlsPins);
        } else if (!keyChange && role == null) {
            repo.touch("root");
        }
        return RepoOptions.report(repo.publish(), spec.commandLine().getOut());
    }

    private static List<String> currentPins(TufRepository repo) {
        return repo.location().map(TrustedLocation::tlsPins).orElse(List.of());
    }
}
