package io.patchbay.operator.cli;

import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.PushSettings;
import io.patchbay.server.api.UpdateServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code patchbay server init|start}: the update server, embedded in this process. */
@Command(name = "server", description = {"Set up (init) or run (start) an update server in this process; renew its certificate (rotate-cert),",
        "replace its push key (rotate-push-key) or move it to another public URL (move-location)."})
final class ServerCommands implements Runnable {
    static final int DEFAULT_PORT = 8443;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "'server init', 'server start', 'server rotate-cert', 'server rotate-push-key' or 'server move-location' is needed");
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Create the server's keys, TLS certificate, TUF repository and first admin token in DIR.",
                    "Prints the admin token once and writes DIR/operator.json (owner-only) for the admin commands."})
    static final class Init implements java.util.concurrent.Callable<Integer> {
        private final Io io;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data directory (new).")
        Path data;

        @Option(names = "--public-url", paramLabel = "URL",
                description = "The https URL clients reach the server at (written into the signed root). "
                        + "Default: https://127.0.0.1:PORT.")
        URI publicUrl;

        @Option(names = "--port", paramLabel = "P", description = "The port the server will listen on (default ${DEFAULT-VALUE}).")
        int port = DEFAULT_PORT;

        @Mixin
        DatabaseOptions database;

        Init(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws Exception {
            if (port < 1 || port > 65535) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 1..65535");
            }
            UpdateServer.Builder builder = UpdateServer.builder(data).port(port);
            database.applyTo(builder, null, null);
            if (publicUrl != null) {
                try {
                    builder.publicUrl(publicUrl);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--public-url: " + e.getMessage());
                }
            }
            if (Files.exists(data.resolve(OperatorConfig.FILE_NAME))) {
                throw new CliException(CliException.FAILED, data + " is already initialised");
            }
            InitResult init = builder.init();
            String serverUrl = publicUrl != null ? publicUrl.toString().replaceAll("/+$", "") : "https://127.0.0.1:" + port;
            Path configFile = data.resolve(OperatorConfig.FILE_NAME).toAbsolutePath();
            new OperatorConfig(serverUrl, init.certificatePinSha256(), init.adminToken(), port,
                    publicUrl == null ? null : publicUrl.toString(), null, database.url(), database.user())
                    .writeNew(configFile);
            var out = io.out();
            out.println("Initialised " + data.toAbsolutePath());
            out.println("  server URL:        " + serverUrl);
            out.println("  TLS pin:           sha256/" + init.certificatePinSha256());
            out.println("  certificate:       " + init.certificateFile().toAbsolutePath());
            out.println("  trusted root:      " + init.trustedRootFile().toAbsolutePath() + "  (ship it to clients)");
            out.println("  root key:          " + data.toAbsolutePath().resolve("repo-root-keys") + "  (move it offline)");
            out.println("  operator config:   " + configFile + "  (owner-only; holds the token)");
            out.println();
            out.println("Admin token (OPERATOR; shown this once, the server keeps only its hash):");
            out.println("  " + init.adminToken());
            out.println();
            out.println("Next: patchbay server start --data " + data + "   and   export " + OperatorConfig.ENV + "=" + configFile);
            out.flush();
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Serve the device API, the admin API and /repo over HTTPS until SIGINT or SIGTERM.")
    static final class Start implements java.util.concurrent.Callable<Integer> {
        private final Io io;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data directory init wrote.")
        Path data;

        @Option(names = "--port", paramLabel = "P", description = "The port (default: the one given to init, else 8443).")
        Integer port;

        @Option(names = "--bind", paramLabel = "HOST", description = "The interface to bind (default ${DEFAULT-VALUE}).")
        String bind = "127.0.0.1";

        @Mixin
        DatabaseOptions database;

        @Option(names = "--poll-interval", paramLabel = "TTL",
                description = "The check-in interval told to hosts: 30s, 5m, 1h (default ${DEFAULT-VALUE}; at least 1s).")
        String pollInterval = "5m";

        @Option(names = "--dead-after", paramLabel = "N",
                description = "A host is listed dead after N poll intervals without a check-in (default ${DEFAULT-VALUE}).")
        int deadAfter = 3;

        @Option(names = "--push-keepalive", paramLabel = "TTL",
                description = "A keepalive on every idle push stream this often (default ${DEFAULT-VALUE}; 1s..10m).")
        String pushKeepalive = "25s";

        @Option(names = "--push-max-connections", paramLabel = "N",
                description = "Push streams this node holds at most; beyond it 503 + Retry-After (default ${DEFAULT-VALUE}).")
        int pushMaxConnections = 20_000;

        @Option(names = "--push-ttl", paramLabel = "TTL",
                description = "A push's lifetime when the operator names none (default ${DEFAULT-VALUE}; 10s..1h).")
        String pushTtl = "5m";

        @Option(names = "--node-id", paramLabel = "NAME",
                description = "This node's name in push streams' hello (default: random per start).")
        String nodeId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Start(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(data)) {
                throw new CliException(CliException.FAILED, data + " is not a data directory; run 'patchbay server init --data "
                        + data + "' first");
            }
            Path configFile = data.resolve(OperatorConfig.FILE_NAME);
            OperatorConfig config = Files.exists(configFile) ? OperatorConfig.read(configFile) : null;
            int listen = port != null ? port : config != null && config.port() != null ? config.port() : DEFAULT_PORT;
            if (listen < 1 || listen > 65535) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--port must be 1..65535");
            }
            java.time.Duration interval = AdminCommands.EnrollToken.duration(spec, "--poll-interval", pollInterval);
            if (interval.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--poll-interval must be at least 1s");
            }
            if (deadAfter < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dead-after must be at least 1");
            }
            UpdateServer.Builder builder = UpdateServer.builder(data).bindHost(bind).port(listen)
                    .pollInterval(interval).deadAfterIntervals(deadAfter).push(pushSettings());
            database.applyTo(builder, config == null ? null : config.dbUrl(), config == null ? null : config.dbUser());
            if (config != null && config.publicUrl() != null) {
                builder.publicUrl(URI.create(config.publicUrl()));
            }
            UpdateServer server;
            try {
                server = builder.start();
            } catch (java.io.IOException e) {
                throw new CliException(CliException.FAILED, "cannot start the server on " + bind + ":" + listen + ": "
                        + PatchbayMain.describe(e), e);
            }
            io.out().println("Serving " + server.baseUri() + " (TLS pin sha256/" + server.certificatePinSha256()
                    + "); stop with Ctrl-C or SIGTERM");
            io.out().flush();
            io.stop().awaitThenClose(server);
            return 0;
        }

        private PushSettings pushSettings() {
            try {
                return PushSettings.defaults()
                        .withKeepalive(AdminCommands.EnrollToken.duration(spec, "--push-keepalive", pushKeepalive))
                        .withMaxConnections(pushMaxConnections)
                        .withDefaultTtl(AdminCommands.EnrollToken.duration(spec, "--push-ttl", pushTtl))
                        .withNodeId(nodeId);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }
}
