package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code patchbay server rotate-cert status|stage|activate|finish}: the two-phase renewal of the server's TLS
 * certificate, driven through the admin API of the running server (which holds the repository and its root key,
 * and swaps its certificate live). The command keeps its own config's pins in step: after stage it also trusts the
 * new key, after activate only the new one, so the next admin command still connects.
 */
@Command(name = "rotate-cert", description = {"Renew the server's TLS certificate in two phases through the admin API:",
        "stage (new key, root pins old and new), activate (serve the new one), finish (root drops the old pin)."})
final class RotateCertCommand implements Runnable {
    private static final String BASE = "/admin/v1/server/certificate";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "'status', 'stage', 'activate' or 'finish' is needed");
    }

    /** What every phase shares: printing the renewal's state and keeping the config's pins in step. */
    abstract static class Phase extends RootRotationPhase {
        Phase(Io io) {
            super(io, BASE, Map.of("rotation_not_staged", CliException.OUT_OF_ORDER,
                    "rotation_not_activated", CliException.OUT_OF_ORDER,
                    "rotation_awaiting_finish", CliException.OUT_OF_ORDER,
                    "rotation_clients_pending", CliException.NOT_READY));
        }

        /** Trusts exactly {@code pin} (and {@code next}, if not null) from now on; pins may carry {@code sha256/}. */
        void pinConfig(String pin, String next) {
            OperatorConfig config = admin.loaded();
            OperatorConfig updated = config.withPins(bare(pin), next == null ? null : bare(next));
            if (updated.equals(config)) {
                return;
            }
            try {
                updated.replace(admin.configFile());
            } catch (IOException e) {
                throw new CliException(CliException.FAILED, "the phase succeeded, but " + admin.configFile()
                        + " could not be updated with the server's pins " + updated.pins() + ": " + e.getMessage(), e);
            }
        }

        int print(String headline, JsonNode s, String next) {
            if (json) {
                printJson(s);
                return 0;
            }
            var out = io.out();
            out.println(headline);
            out.println("  phase:     " + s.path("phase").asText());
            out.println("  serving:   " + s.path("servingPin").asText());
            line("  next:      ", s.path("nextPin"));
            line("  previous:  ", s.path("previousPin"));
            List<String> pins = new ArrayList<>();
            s.path("rootPins").forEach(p -> pins.add(p.asText()));
            out.println("  root:      v" + s.path("rootVersion").asLong() + " pins " + String.join(", ", pins));
            if (s.hasNonNull("pendingClients")) {
                out.println("  clients not seen since stage: " + s.path("pendingClients").asLong()
                        + " (every live client will have checked in by " + s.path("activatableAt").asText() + ")");
            }
            if (next != null) {
                out.println("Next: " + next);
            }
            out.flush();
            return 0;
        }

        private void line(String label, JsonNode value) {
            if (value.isTextual()) {
                io.out().println(label + value.asText());
            }
        }

        static String bare(String pin) {
            return pin.startsWith("sha256/") ? pin.substring("sha256/".length()) : pin;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Where the renewal stands (read-only token suffices).")
    static final class Status extends Phase {
        Status(Io io) {
            super(io);
        }

        @Override
        public Integer call() {
            return print("Certificate renewal:", status(), null);
        }
    }

    @Command(name = "stage", mixinStandardHelpOptions = true, description = {
            "Generate the server's next TLS key and publish root N+1 pinning the old and the new key.",
            "The server keeps serving the old certificate. Repeating it resumes or changes nothing."})
    static final class Stage extends Phase {
        Stage(Io io) {
            super(io);
        }

        @Override
        public Integer call() {
            JsonNode s = post("stage", Map.of());
            pinConfig(s.path("servingPin").asText(), s.path("nextPin").asText());
            return print(s.path("changed").asBoolean() ? "Staged: root v" + s.path("rootVersion").asLong()
                    + " pins the new key beside the old one; the old certificate is still served."
                    : "Already staged; nothing changed.", s,
                    "patchbay server rotate-cert activate   (once clients have refreshed to root v"
                            + s.path("rootVersion").asLong() + ")");
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = {
            "Serve the staged certificate, without a restart (and after one). Refused (exit 7) while live clients",
            "have not checked in since stage: a client without the new root refuses the new certificate."})
    static final class Activate extends Phase {
        @Option(names = "--force", description = "Activate even though some live clients have not checked in since stage.")
        boolean force;

        Activate(Io io) {
            super(io);
        }

        @Override
        public Integer call() {
            JsonNode s = post("activate", Map.of("force", force));
            pinConfig(s.path("servingPin").asText(), null);
            return print(s.path("changed").asBoolean() ? "Activated: the server now presents the new certificate."
                    : "Already active; nothing changed.", s, "patchbay server rotate-cert finish");
        }
    }

    @Command(name = "finish", mixinStandardHelpOptions = true, description = {
            "Publish root N+2 without the old pin. The old key is retired in the data directory, not deleted."})
    static final class Finish extends Phase {
        Finish(Io io) {
            super(io);
        }

        @Override
        public Integer call() {
            JsonNode s = post("finish", Map.of());
            return print(s.path("changed").asBoolean() ? "Finished: root v" + s.path("rootVersion").asLong()
                    + " pins only the new key." : "Already finished; nothing changed.", s, null);
        }
    }
}
