package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The small admin commands: {@code enroll-token} and {@code cancel}. */
final class AdminCommands {
    private AdminCommands() {
    }

    /** Prints {@code answer} as JSON (for --json), one document on stdout. */
    static void printJson(Io io, JsonNode answer) {
        try {
            io.out().println(OperatorConfig.MAPPER.writeValueAsString(answer));
            io.out().flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    @Command(name = "enroll-token", mixinStandardHelpOptions = true,
            description = "Issue a one-time enrollment token for a new host (printed on stdout).")
    static final class EnrollToken implements Callable<Integer> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--channel", paramLabel = "C", description = "The channel the host enrolls into (default ${DEFAULT-VALUE}).")
        String channel = "stable";

        @Option(names = "--expires", paramLabel = "TTL", description = "How long the token is valid: 30m, 24h, 7d (default ${DEFAULT-VALUE}; at most 30d).")
        String expires = "24h";

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        EnrollToken(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Duration ttl = duration(spec, "--expires", expires);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("channel", channel);
            body.put("ttlSeconds", ttl.toSeconds());
            JsonNode answer = admin.client().post("/admin/v1/enrollment-tokens", body);
            if (json) {
                printJson(io, answer);
            } else {
                io.out().println(text(answer, "token"));
                io.out().println("(id " + text(answer, "id") + ", channel " + text(answer, "channel") + ", expires "
                        + text(answer, "expiresAt") + ")");
                io.out().flush();
            }
            return 0;
        }

        static Duration duration(CommandLine.Model.CommandSpec spec, String option, String value) {
            Matcher m = DURATION.matcher(value.strip());
            if (!m.matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + value
                        + "' is not a duration like 30m, 24h or 7d");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancel a deployment: it stops being assigned. Clients that already committed it keep it;",
                    "the others get the next deployment in line (or none) at their next check-in."})
    static final class Cancel implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment id (printed by deploy).")
        String deploymentId;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        Cancel(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            JsonNode answer = admin.client().post("/admin/v1/deployments/cancel", Map.of("deploymentId", deploymentId));
            if (json) {
                printJson(io, answer);
            } else {
                JsonNode kept = answer.path("keptBy");
                io.out().println("Cancelled " + text(answer, "deploymentId") + " at " + text(answer, "cancelledAt")
                        + (kept.isEmpty() ? "" : "; kept by " + kept.size() + " client(s) that committed it: "
                        + String.join(", ", OperatorConfig.MAPPER.convertValue(kept, String[].class))));
                io.out().flush();
            }
            return 0;
        }
    }
}
