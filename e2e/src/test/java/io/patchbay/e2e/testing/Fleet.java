package io.patchbay.e2e.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.testing.NginxServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One fleet on loopback: an update server (its own JVM, started by the operator command line) and sample hosts
 * (each its own JVM, agent embedded, enrolled with a token from {@code patchbay enroll-token}), optionally behind a
 * TLS-terminating nginx. The server asks for 1 s check-ins and lists a host dead after {@link #DEAD_AFTER} silent
 * intervals, so the tests stay quick. {@link #close()} kills every process, whatever state the test left.
 */
public final class Fleet implements AutoCloseable {

    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    public static final int DEAD_AFTER = 3;
    public static final String CHANNEL = "stable";
    /** What a host's agent needs after its check-in to download and swap (JVMs share two cores). */
    public static final Duration SWAP_ALLOWANCE = Duration.ofSeconds(20);

    private final Path work;
    private final ServerProcess server;
    private final NginxServer nginx;
    private final List<HostProcess> hosts = new ArrayList<>();

    private Fleet(Path work, ServerProcess server, NginxServer nginx) {
        this.work = work;
        this.server = server;
        this.nginx = nginx;
    }

    /** A server on 127.0.0.1 (its public URL: itself). */
    public static Fleet start(String name) {
        return start(name, POLL_INTERVAL);
    }

    /** A server on 127.0.0.1 that tells agents to poll every {@code pollInterval}. */
    public static Fleet start(String name, Duration pollInterval) {
        Path work = Layout.workDirectory(name);
        ServerProcess server = ServerProcess.init(work, ServerProcess.freePort(), null);
        Fleet fleet = new Fleet(work, server, null);
        try {
            server.start(pollInterval, DEAD_AFTER);
            return fleet;
        } catch (RuntimeException | Error e) {
            fleet.close();
            throw e;
        }
    }

    /**
     * The server behind nginx: its public URL (the location the signed root names for the repository and the
     * device API, and the admin commands' URL) is nginx's, which terminates TLS with the server's own key.
     */
    public static Fleet behindNginx(String name) throws Exception {
        Path work = Layout.workDirectory(name);
        int nginxPort = ServerProcess.freePort();
        ServerProcess server = ServerProcess.init(work, ServerProcess.freePort(),
                URI.create("https://127.0.0.1:" + nginxPort));
        NginxServer nginx = null;
        try {
            server.start(POLL_INTERVAL, DEAD_AFTER);
            nginx = NginxServer.tlsProxy(nginxPort, URI.create("https://127.0.0.1:" + server.port()),
                    server.certificate(), server.exportPrivateKeyPem(work.resolve("nginx-key.pem")), work);
            return new Fleet(work, server, nginx);
        } catch (Exception | Error e) {
            if (nginx != null) {
                nginx.close();
            }
            server.close();
            throw e;
        }
    }

    /** Starts {@code count} hosts in channel {@link #CHANNEL} at once, and waits until each listened and enrolled. */
    public List<HostProcess> startHosts(int count) {
        List<HostProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String token = cli().json("enroll-token", "--channel", CHANNEL, "--expires", "1h").get("token").asText();
            HostProcess host = new HostProcess("host-" + (char) ('a' + hosts.size()), work, server.trustedRoot(),
                    token, CHANNEL);
            hosts.add(host);
            started.add(host.launch());
        }
        for (HostProcess host : started) {
            host.awaitListening();
            host.awaitClientId(HostProcess.START_TIMEOUT);
        }
        return started;
    }

    /** Where the server itself answers (not nginx): the dashboard's origin, https://127.0.0.1:PORT. */
    public URI serverUrl() {
        return URI.create("https://127.0.0.1:" + server.port());
    }

    /** The signed root the hosts were given. */
    public Path trustedRoot() {
        return server.trustedRoot();
    }

    public OperatorCli cli() {
        return server.cli();
    }

    public Optional<NginxServer> nginx() {
        return Optional.ofNullable(nginx);
    }

    /** {@code patchbay publish JARS --release-id ID}: the sealed release (its level). */
    public long publish(String releaseId, Path... jars) {
        String[] args = new String[jars.length + 3];
        args[0] = "publish";
        for (int i = 0; i < jars.length; i++) {
            args[i + 1] = jars[i].toString();
        }
        args[jars.length + 1] = "--release-id";
        args[jars.length + 2] = releaseId;
        return cli().json(args).path("release").path("level").asLong();
    }

    /**
     * The release the hosts already run: they start at level 1 (their initial bundles, the build's formatter and
     * greeter 1.0.0, and the agent), and the server's first release is level 1, so it names that level.
     */
    public void publishBaseline() {
        long level = publish("r1-baseline", Layout.sampleBundle("patchbay-sample-formatter"),
                Layout.sampleBundle("patchbay-sample-greeter"));
        if (level != 1) {
            throw new IllegalStateException("the baseline release is level " + level + ", not 1");
        }
    }

    /** {@code patchbay deploy ID --channel stable --policy P}: the deployment id. */
    public String deploy(String releaseId, String policy) {
        return cli().json("deploy", releaseId, "--channel", CHANNEL, "--policy", policy).path("deploymentId").asText();
    }

    /** {@code patchbay fleet [--dead] --json}: the client with {@code clientId}, or a missing node. */
    public JsonNode client(String clientId, boolean deadOnly) {
        JsonNode clients = deadOnly ? cli().json("fleet", "--dead").path("clients") : cli().json("fleet").path("clients");
        for (JsonNode client : clients) {
            if (clientId.equals(client.path("clientId").asText())) {
                return client;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * {@code patchbay deployments --status D --json}: for each of {@code clientIds}, the state of its last report
     * naming D. (Progress reports name the deployment; today's final reports, sent from the runtime's swap history,
     * do not, so a finished swap shows as its last progress state. Levels and {@code reports} tell the outcome.)
     */
    public List<String> deploymentStates(String deploymentId, List<String> clientIds) {
        JsonNode listed = cli().json("deployments", "--status", deploymentId).path("clients");
        List<String> states = new ArrayList<>();
        for (String clientId : clientIds) {
            String state = "(not listed)";
            for (JsonNode client : listed) {
                if (clientId.equals(client.path("clientId").asText())) {
                    state = client.path("state").asText();
                }
            }
            states.add(state);
        }
        return states;
    }

    /** Waits until {@code patchbay fleet --json} lists each client ALIVE at {@code level} (its check-ins say so). */
    public void awaitLevel(List<String> clientIds, long level) {
        Await.until("clients " + clientIds + " checked in at level " + level, Duration.ofSeconds(30), () -> {
            JsonNode listed = cli().json("fleet").path("clients");
            for (String clientId : clientIds) {
                boolean atLevel = false;
                for (JsonNode client : listed) {
                    atLevel |= clientId.equals(client.path("clientId").asText())
                            && client.path("patchSequence").asLong() == level
                            && client.path("state").asText().equals("ALIVE");
                }
                if (!atLevel) {
                    return false;
                }
            }
            return true;
        }, this::diagnostics);
    }

    /** {@code patchbay reports --json}: the failed installs, newest first. */
    public JsonNode failedInstalls() {
        return cli().json("reports").path("installs");
    }

    /** Every process's output tail and the command line's log: what a failed assertion prints. */
    public String diagnostics() {
        StringBuilder text = new StringBuilder("\n===== fleet diagnostics (" + work + ")\n");
        text.append(server.tail(60)).append('\n');
        for (HostProcess host : hosts) {
            text.append(host.tail(60)).append('\n');
        }
        if (nginx != null) {
            text.append("----- nginx: ").append(nginx.logs()).append('\n');
        }
        text.append(ManagedProcess.tailOf(cli().log(), "operator command line", 60));
        return text.toString();
    }

    /** Kills every host, nginx and the server; each is tried even when another one fails. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (HostProcess host : hosts) {
            try {
                host.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        try {
            if (nginx != null) {
                nginx.close();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            throw failure;
        }
    }

}
