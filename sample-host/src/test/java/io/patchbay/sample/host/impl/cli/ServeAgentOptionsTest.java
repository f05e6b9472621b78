package io.patchbay.sample.host.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.sample.host.api.HostAgent;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** serve's --agent-* options: what settings they make, and the combinations refused before anything starts. */
class ServeAgentOptionsTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();

    private static HostSettings settings(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        return serve.settings();
    }

    @Test
    void withoutAgentOptionsTheHostRunsNoAgent() {
        HostSettings settings = settings("serve", "--port", "0");
        assertEquals(Optional.empty(), settings.agent());
        assertEquals(2, settings.initialBundles().size());
    }

    @Test
    void theAgentOptionsConfigureTheBuildSignedAgent() {
        HostSettings settings = settings("serve", "--agent-root", "/srv/root.json", "--agent-token-file", "/srv/token",
                "--agent-channel", "canary", "--agent-data", "/var/lib/agent");
        HostAgent agent = settings.agent().orElseThrow();
        assertEquals(BUNDLES.agent(), agent.bundle());
        assertEquals(Path.of("/srv/root.json"), agent.root());
        assertEquals(Optional.of(Path.of("/srv/token")), agent.tokenFile());
        assertEquals(Optional.of("canary"), agent.channel());
        assertEquals(Optional.of(Path.of("/var/lib/agent")), agent.dataDirectory());
        assertEquals(2, settings.initialBundles().size(), "the agent is added by the launcher, not listed here");
    }

    @Test
    void onlyTheRootIsRequired() {
        HostAgent agent = settings("serve", "--agent-root", "root.json").agent().orElseThrow();
        assertEquals(Optional.empty(), agent.tokenFile());
        assertEquals(Optional.empty(), agent.channel());
        assertEquals(Optional.empty(), agent.dataDirectory());
    }

    @Test
    void agentOptionsWithoutARootAreAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute("serve", "--port", "0", "--agent-token-file", "/srv/token");
        assertEquals(2, exit, "refused before the host starts");
        assertTrue(err.toString().contains("need --agent-root"), err.toString());
    }

    @Test
    void aBlankChannelIsRefused() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertEquals(2, commandLine.execute("serve", "--port", "0", "--agent-root", "r.json", "--agent-channel", " "));
        assertTrue(err.toString().contains("channel must not be blank"), err.toString());
    }
}
