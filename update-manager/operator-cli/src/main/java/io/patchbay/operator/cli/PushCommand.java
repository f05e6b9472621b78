package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay push check-now|report-home|status}: wake hosts through the push channel. A push carries no location
 * and no code: it only makes a host check (as a poll would) or report home at once. "report-home --all" followed by
 * "push status ID --wait 60s" lists the hosts that did not answer: dead, disabled or cut off.
 */
@Command(name = "push", description = {"Ask hosts to check for updates now, or to report home, through the push channel;",
        "then see who answered."})
final class PushCommand implements Runnable {
    static final String PUSHES = "/admin/v1/pushes";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "'check-now', 'report-home' or 'status' is needed");
    }

    /** Exactly one audience. */
    static final class Audience {
        @Option(names = "--client", paramLabel = "ID", split = ",", required = true,
                description = "These hosts (repeat or comma-separate; up to 1000).")
        List<String> clients;

        @Option(names = "--channel", paramLabel = "C", required = true, description = "Every host on channel C.")
        String channel;

        @Option(names = "--all", required = true, description = "The whole fleet.")
        boolean all;
    }

    abstract static class Send implements Callable<Integer> {
        final Io io;
        private final String action;

        @Mixin
        AdminOptions admin;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Audience audience;

        @Option(names = "--urgent", description = "Check at once instead of within a short random delay (herd control).")
        boolean urgent;

        @Option(names = "--ttl", paramLabel = "TTL",
                description = "How long the push is valid: 30s, 5m, 1h (default: the server's, 5m; at most 1h).")
        String ttl;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Send(Io io, String action) {
            this.io = io;
            this.action = action;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("action", action);
            body.put("urgency", urgent ? "URGENT" : "NORMAL");
            if (ttl != null) {
                body.put("ttlSeconds", AdminCommands.EnrollToken.duration(spec, "--ttl", ttl).toSeconds());
            }
            if (audience.clients != null) {
                if (audience.clients.size() == 1) {
                    body.put("clientId", audience.clients.get(0));
                } else {
                    body.put("clientIds", audience.clients);
                }
            } else if (audience.channel != null) {
                body.put("channel", audience.channel);
            } else {
                body.put("all", true);
            }
            JsonNode push = admin.client().post(PUSHES, body);
            if (json) {
                AdminCommands.printJson(io, push);
                return 0;
            }
            var out = io.out();
            out.println("Push " + push.path("id").asLong() + " (" + push.path("action").asText() + ", "
                    + push.path("urgency").asText() + ") to " + push.path("targeted").asLong() + " host(s); expires "
                    + push.path("expiresAt").asText());
            out.println("Next: patchbay push status " + push.path("id").asLong() + " --wait 60s");
            out.flush();
            return 0;
        }
    }

    @Command(name = "check-now", mixinStandardHelpOptions = true,
            description = "Make hosts run their update check now (the same check as a poll; its policy still applies).")
    static final class CheckNow extends Send {
        CheckNow(Io io) {
            super(io, "CHECK_NOW");
        }
    }

    @Command(name = "report-home", mixinStandardHelpOptions = true,
            description = "Make hosts report home (a check-in with their running patch level) now.")
    static final class ReportHome extends Send {
        ReportHome(Io io) {
            super(io, "REPORT_HOME");
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {
            "Who answered push ID: targeted hosts that checked in after it was created. With --wait, waits (up to 60s)",
            "until all answered. Hosts listed as unanswered are dead, disabled, offline or not connected to the push channel."})
    static final class Status implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "ID", description = "The push id (printed by check-now / report-home).")
        long id;

        @Option(names = "--wait", paramLabel = "TTL", description = "Wait until everyone answered, at most this long (e.g. 30s; at most 60s).")
        String wait;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Status(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            long seconds = 0;
            if (wait != null) {
                Duration d = AdminCommands.EnrollToken.duration(spec, "--wait", wait);
                if (d.toSeconds() > 60) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--wait must be at most 60s");
                }
                seconds = d.toSeconds();
            }
            JsonNode status = admin.client().get(PUSHES + "/" + id + (seconds > 0 ? "?waitSeconds=" + seconds : ""));
            if (json) {
                AdminCommands.printJson(io, status);
                return 0;
            }
            var out = io.out();
            JsonNode push = status.path("push");
            out.println("Push " + push.path("id").asLong() + " (" + push.path("action").asText() + ", created "
                    + push.path("createdAt").asText() + "): " + status.path("answered").asLong() + " answered, "
                    + status.path("unanswered").asLong() + " unanswered");
            List<String> silent = new ArrayList<>();
            status.path("unansweredClients").forEach(n -> silent.add(n.asText()));
            for (String client : silent) {
                out.println("  no answer: " + client);
            }
            if (silent.size() < status.path("unanswered").asLong()) {
                out.println("  ... and " + (status.path("unanswered").asLong() - silent.size()) + " more");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "rotate-push-key", mixinStandardHelpOptions = true, description = {
            "Generate a new push key and publish root N+1 listing only it (signed with the root key, which must be in",
            "the server's repo-root-keys/); the server signs pushes with it from now on. Hosts pick the new root up at",
            "their next check-in; until then they refuse pushes (a push is only a wake-up, so nothing else is lost)."})
    static final class RotateKey implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        RotateKey(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            JsonNode key = admin.client().post("/admin/v1/server/push-key/rotate", Map.of());
            if (json) {
                AdminCommands.printJson(io, key);
                return 0;
            }
            io.out().println("Push key rotated: root v" + key.path("rootVersion").asLong() + " lists only "
                    + key.path("pushKey").asText());
            io.out().flush();
            return 0;
        }
    }
}
