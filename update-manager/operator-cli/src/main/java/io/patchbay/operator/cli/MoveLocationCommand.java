package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay server move-location status|stage URL|finish}: moving the server to another public URL by a root
 * rotation, through the admin API of the running server (which holds the root key and probes the new address).
 * After finish the command's own config follows the move when it used the old address.
 */
@Command(name = "move-location", description = {"Move the server to another public URL by a signed root rotation:",
        "stage URL (the new address must already serve this server; root N+1 names it), then finish once every",
        "live host has followed (the old address can then be retired)."})
final class MoveLocationCommand implements Runnable {
    private static final String BASE = "/admin/v1/server/location";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "'status', 'stage' or 'finish' is needed");
    }

    static CommandLine create(Io io) {
        CommandLine move = new CommandLine(new MoveLocationCommand());
        move.addSubcommand("status", new Status(io));
        move.addSubcommand("stage", new Stage(io));
        move.addSubcommand("finish", new Finish(io));
        return move;
    }

    /** What every phase shares: printing where the move stands. */
    abstract static class Phase extends RootRotationPhase {
        Phase(Io io) {
            super(io, BASE, Map.of("location_clients_pending", CliException.NOT_READY,
                    "location_move_pending", CliException.NOT_READY, "location_not_moved", CliException.OUT_OF_ORDER));
        }

        int print(String headline, JsonNode s, String next) {
            if (json) {
                printJson(s);
                return 0;
            }
            var out = io.out();
            out.println(headline);
            out.println("  phase:     " + s.path("phase").asText());
            out.println("  location:  " + s.path("location").asText("(none)") + "   (root v" + s.path("rootVersion").asLong() + ")");
            if (s.hasNonNull("previousLocation")) {
                out.println("  previous:  " + s.path("previousLocation").asText() + "   (moved in root v"
                        + s.path("movedInRoot").asLong() + " at " + s.path("movedAt").asText() + ")");
                out.println("  hosts still on an older root: " + s.path("pendingClients").asLong()
                        + " (every live host will have followed by " + s.path("settledBy").asText() + ")");
            }
            if (next != null) {
                out.println("Next: " + next);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Where the move stands (read-only token suffices).")
    static final class Status extends Phase {
        Status(Io io) {
            super(io);
        }

        @Override
        public Integer call() {
            return print("Server location:", status(), null);
        }
    }

    @Command(name = "stage", mixinStandardHelpOptions = true, description = {
            "Publish root N+1 naming URL (https://host[:port]) with the same TLS pins. The server first fetches its",
            "current root from URL, trusting only the pinned key, and refuses (exit 3) when URL does not serve it.",
            "Refused (exit 7) while live hosts have not followed a previous move. The old address must keep",
            "serving: hosts fetch the new root from it."})
    static final class Stage extends Phase {
        @Parameters(index = "0", paramLabel = "URL", description = "The new public URL, e.g. https://updates.example:8443.")
        String url;

        @Option(names = "--force", description = "Skip the probe and the wait for a previous move (a host that takes "
                + "a root naming an address it cannot reach is stranded until the next move).")
        boolean force;

        Stage(Io io) {
            super(io);
        }

        @Override
        public Integer call() {
            JsonNode s = post("stage", Map.of("publicUrl", url, "force", force));
            return print(s.path("changed").asBoolean() ? "Staged: root v" + s.path("rootVersion").asLong()
                    + " names " + s.path("location").asText() + "; keep the old address serving until hosts follow."
                    : "Root already names " + s.path("location").asText() + "; nothing changed.", s,
                    "patchbay server move-location finish   (once every live host reported root v"
                            + s.path("movedInRoot").asLong() + ")");
        }
    }

    @Command(name = "finish", mixinStandardHelpOptions = true, description = {
            "Confirm that every live host follows the move, so the old address can be retired; refused (exit 7)",
            "while some still hold an older root. This command's config then uses the new address."})
    static final class Finish extends Phase {
        @Option(names = "--force", description = "Confirm even though some live hosts have not followed.")
        boolean force;

        Finish(Io io) {
            super(io);
        }

        @Override
        public Integer call() {
            JsonNode s = post("finish", Map.of("force", force));
            String moved = followMove(s.path("previousLocation").asText(), s.path("location").asText());
            return print("Settled: every live host updates from " + s.path("location").asText()
                    + "; the old address " + s.path("previousLocation").asText() + " can be retired."
                    + (moved == null ? "" : "\n" + moved), s, null);
        }

        /** Points this command's config at the new address when it used the old one; says so, or null. */
        private String followMove(String from, String to) {
            OperatorConfig config = admin.loaded();
            String current = config.serverUrl().replaceAll("/+$", "");
            if (!current.equals(from)) {
                return null;
            }
            String publicUrl = config.publicUrl() != null && config.publicUrl().replaceAll("/+$", "").equals(from)
                    ? to : config.publicUrl();
            try {
                config.withUrls(to, publicUrl).replace(admin.configFile());
                return admin.configFile() + " now names " + to + ".";
            } catch (IOException e) {
                throw new CliException(CliException.FAILED, "the move is settled, but " + admin.configFile()
                        + " could not be pointed at " + to + ": " + e.getMessage(), e);
            }
        }
    }
}
