package io.patchbay.e2e.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A sample host in its own JVM ({@code java -jar patchbay-sample-host.jar serve --agent-root ...}) with the
 * build-signed agent, on a loopback port of its choosing. Killing and starting it again keeps its data directories,
 * as a host restarted after a crash does; the output of every run goes to one log file.
 */
public final class HostProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

    private final String name;
    private final Path dir;
    private final Path root;
    private final String channel;
    private ManagedProcess process;
    private HostHttp http;
    private int runs;

    /** {@code token}: the one-time enrollment token (written to a file the agent reads until enrolled). */
    public HostProcess(String name, Path work, Path root, String token, String channel) {
        this.name = name;
        this.dir = work.resolve(name);
        this.root = root;
        this.channel = channel;
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("enroll-token"), token + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the JVM; {@link #awaitListening()} waits for its HTTP port. */
    public HostProcess launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        runs++;
        // C1 and the serial GC: several JVMs share two cores, and a host's work here is short.
        process = ManagedProcess.start(name, List.of(ServerProcess.javaBinary(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx256m", "-jar", Layout.sampleHostJar().toString(), "serve", "--port", "0",
                "--data-dir", dir.resolve("data").toString(), "--agent-root", root.toString(),
                "--agent-token-file", dir.resolve("enroll-token").toString(), "--agent-channel", channel,
                "--agent-data", dir.resolve("agent").toString()), dir, dir.resolve("host.log"), Map.of());
        http = null;
        return this;
    }

    /** Waits until this run listens (the line it prints), then serves HTTP requests through {@link #http()}. */
    public HostProcess awaitListening() {
        Pattern thisRun = Pattern.compile("(?s)(?:.*?" + LISTENING.pattern() + "){" + runs + "}");
        String base = process.awaitOutput(thisRun, START_TIMEOUT);
        http = new HostHttp(URI.create(base));
        return this;
    }

    public String name() {
        return name;
    }

    public HostHttp http() {
        if (http == null) {
            throw new IllegalStateException(name + " is not listening");
        }
        return http;
    }

    /** The client id the server gave this host's agent (its identity file), once enrolled. */
    public String awaitClientId(Duration timeout) {
        Path file = dir.resolve("agent/agent/identity/client-id");
        Await.until(name + " enrolled (" + file + ")", timeout, () -> Files.isRegularFile(file), () -> tail(40));
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ManagedProcess process() {
        return process;
    }

    /** SIGKILL: no shutdown hook, no goodbye to the server. */
    public void kill() {
        process.kill();
        http = null;
    }

    public String tail(int lines) {
        return process == null ? "----- " + name + ": not started" : process.tail(lines);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
