package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import io.patchbay.sample.host.impl.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user runs it: apply to a running host, and the whole demo. */
class CommandLineTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();

    @TempDir
    Path data;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void applyExitsZeroOnlyWhenThePatchCommitted() {
        try (SampleHost host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data))) {
            String url = host.baseUri().toString();

            assertEquals(0, run("apply", "--url", url, BUNDLES.greeterUpdate().toString()), err.toString());
            assertTrue(out.toString().contains("COMMITTED"), out.toString());

            assertEquals(1, run("apply", "--url", url, BUNDLES.greeterUnhealthy().toString()));
            assertTrue(out.toString().contains("ROLLED_BACK"), out.toString());
            assertTrue(out.toString().contains("ignores the name it greets"), out.toString());
        }
    }

    @Test
    void applyExitsTwoWhenTheRequestCannotBeMade() throws Exception {
        assertEquals(2, run("apply", "--url", "http://127.0.0.1:1", data.resolve("missing.jar").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertEquals(2, run("apply", "--url", "http://127.0.0.1:" + closedPort, BUNDLES.greeterUpdate().toString()));
        assertTrue(err.toString().contains("cannot reach the host"), err.toString());
    }

    @Test
    void aCommandIsRequired() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("serve, apply, demo or reset"), err.toString());
    }

    @Test
    void resetIsTheWayOutOfARefusedDataDirectoryAndDeletesNothing() throws Exception {
        try (SampleHost host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data))) {
            assertEquals(1, host.patchbay().patchLevel().sequence());
        }
        java.nio.file.Files.delete(data.resolve("journal.log"));
        org.junit.jupiter.api.Assertions.assertThrows(io.patchbay.framework.api.LocalStateException.class,
                () -> SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data)));

        assertEquals(0, run("reset", "--data-dir", data.toString()), err.toString());
        assertTrue(out.toString().contains("moved the local state of"), out.toString());
        try (java.util.stream.Stream<java.nio.file.Path> aside = java.nio.file.Files.list(data)) {
            java.nio.file.Path moved = aside.filter(p -> p.getFileName().toString().startsWith("reset-")).findFirst().orElseThrow();
            assertTrue(java.nio.file.Files.isDirectory(moved.resolve("store")), "the old store is kept");
        }
        try (SampleHost host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data))) {
            assertEquals(1, host.patchbay().patchLevel().sequence(), "a fresh start from the initial bundles");
        }
    }

    @Test
    void theDemoShowsEveryBehaviourAndSucceeds() {
        int exit = run("demo");

        String narration = out.toString();
        assertEquals(0, exit, narration);
        assertTrue(narration.contains("GET /greet?name=Ada  ->  Hello, Ada (v1)"), narration);
        assertTrue(narration.contains("GET /greet?name=Ada  ->  Hello, Ada! Nice to see you (v2)"), narration);
        assertTrue(narration.contains("ROLLED_BACK after"), narration);
        assertTrue(narration.contains("[UNSIGNED_ENTRY]"), narration);
        assertTrue(narration.contains("[TAMPERED_ENTRY]"), narration);
        assertTrue(narration.contains("steps: verify"), narration);
        assertTrue(narration.contains("Every step went as intended."), narration);
    }
}
