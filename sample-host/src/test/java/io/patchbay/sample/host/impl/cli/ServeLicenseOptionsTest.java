package io.patchbay.sample.host.impl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.TlsPins;
import io.patchbay.sample.host.api.HostLicensing;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** serve's --license-* options: the licensing they configure, and the combinations refused before anything starts. */
class ServeLicenseOptionsTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();
    private static final String PIN = TlsPins.PREFIX + Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    private static HostSettings settings(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        return ((ServeCommand) parsed.subcommand().commandSpec().userObject()).settings();
    }

    private Path vendorKeys() throws Exception {
        String key = SigningKeyPair.generate(new SecureRandom()).publicKey().base64Url();
        return Files.writeString(dir.resolve("vendor-keys"), "# trusted license keys\nvendor-2026=" + key + "\n");
    }

    private static String usageError(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertEquals(2, commandLine.execute(args), "refused before the host starts");
        return err.toString();
    }

    @Test
    void withoutLicenseOptionsNoGateRuns() {
        HostSettings settings = settings("serve", "--port", "0");
        assertEquals(Optional.empty(), settings.licensing());
        assertEquals(2, settings.initialBundles().size());
    }

    @Test
    void theOptionsConfigureAPinnedServerTheKeyAndTheGatedBundles() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("license-key"), "ACME-1234\n");
        HostSettings settings = settings("serve", "--license-vendor-keys", vendorKeys().toString(),
                "--license-server", "https://licenses.example.com:8443", "--license-pin", PIN,
                "--license-key-file", keyFile.toString());
        HostLicensing licensing = settings.licensing().orElseThrow();
        assertEquals(Optional.of("ACME-1234"), licensing.licenseKey());
        assertTrue(licensing.transport().isPresent());
        assertEquals(java.util.Set.of("vendor-2026"), licensing.vendorKeys().keySet());
        assertTrue(settings.initialBundles().containsAll(java.util.List.of(BUNDLES.licenseGate(), BUNDLES.reports())));
    }

    @Test
    void combinationsThatCannotWorkAreUsageErrors() throws Exception {
        String keys = vendorKeys().toString();
        assertTrue(usageError("serve", "--license-server", "https://l.example", "--license-pin", PIN)
                .contains("need --license-vendor-keys"));
        assertTrue(usageError("serve", "--license-vendor-keys", keys, "--license-server", "https://l.example")
                .contains("go together"));
        assertTrue(usageError("serve", "--license-vendor-keys", keys, "--license-key-file", keys)
                .contains("needs --license-server"));
        assertTrue(usageError("serve", "--license-vendor-keys", keys, "--license-server", "http://l.example",
                "--license-pin", PIN).contains("https"));
        assertTrue(usageError("serve", "--license-vendor-keys", keys, "--license-server", "https://l.example",
                "--license-pin", "sha256/short").contains("no well-formed TLS pin"));
        Path bad = Files.writeString(dir.resolve("bad-keys"), "k1=not-a-key\n");
        assertTrue(usageError("serve", "--license-vendor-keys", bad.toString()).contains("vendor key 'k1'"));
        Path empty = Files.writeString(dir.resolve("empty-keys"), "# none\n");
        assertTrue(usageError("serve", "--license-vendor-keys", empty.toString()).contains("no vendor key"));
    }
}
