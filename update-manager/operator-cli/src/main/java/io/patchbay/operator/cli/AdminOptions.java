package io.patchbay.operator.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every admin command shares: which config (server URL, pin, token) and which token. */
final class AdminOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Operator config (server URL, pin, token). Default: $PATCHBAY_CONFIG, else ~/.patchbay/operator.json.")
    Path config;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the admin token from FILE instead of the config.")
    Path tokenFile;

    AdminClient client() {
        OperatorConfig loaded = OperatorConfig.read(config != null ? config : OperatorConfig.defaultLocation());
        return new AdminClient(URI.create(loaded.serverUrl()), loaded.pinSha256(), loaded.tokenOr(tokenFile));
    }
}
