package io.patchbay.sample.host.impl.cli;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The documented way out when the host refuses its data directory (journal missing or damaged, store that cannot
 * be healed): the state moves aside, nothing is deleted, and the next {@code serve} starts from the initial bundles.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Move a stopped host's local state aside (nothing is deleted); the next serve starts afresh.")
final class ResetCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Patchbay's data directory (default: target/patchbay-data, beside the bundles dir)")
    Path dataDirectory;

    @Mixin
    BundleOptions bundleOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path data = dataDirectory == null ? bundleOptions.bundles().directory().resolveSibling("patchbay-data") : dataDirectory;
        if (!Files.isDirectory(data)) {
            spec.commandLine().getErr().println("no data directory at " + data.toAbsolutePath());
            return 2;
        }
        try {
            Path aside = Patchbay.resetLocalState(data);
            spec.commandLine().getOut().println("moved the local state of " + data.toAbsolutePath() + " to " + aside);
            return 0;
        } catch (PatchbayException e) {
            spec.commandLine().getErr().println("cannot reset " + data.toAbsolutePath() + ": " + e.getMessage());
            return 1;
        }
    }
}
