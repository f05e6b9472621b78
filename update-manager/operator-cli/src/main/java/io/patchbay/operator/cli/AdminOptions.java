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
        return client(loaded());
    }

    AdminClient client(OperatorConfig loaded) {
        return new AdminClient(URI.create(loaded.serverUrl()), loaded.pins(), loaded.tokenOr(tokenFile));
    }

    /** The config file in use. */
    Path configFile() {
        return config != null ? config : OperatorConfig.defaultLocation();
    }

    OperatorConfig loaded() {
        return OperatorConfig.read(configFile());
    }
}
