package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay deploy RELEASE (--channel C | --clients ID,ID) --policy P …}: {@code POST /admin/v1/deployments}.
 * Values are written the command-line way ({@code when-idle}, {@code time-forced}) and sent as the server's
 * enum names ({@code WHEN_IDLE}, {@code TIME_FORCED}); the server checks the combinations.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Assign a release to a channel or to a group of clients, with an update policy.")
final class DeployCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "RELEASE", description = "The release id (printed by publish).")
    String releaseId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--channel", paramLabel = "C", required = true, description = "Every client enrolled in channel C.")
        String channel;

        @Option(names = "--clients", paramLabel = "ID", split = ",", required = true, description = "These clients (1-1000 ids, comma-separated).")
        List<String> clients;
    }

    @Option(names = "--policy", required = true, paramLabel = "P",
            description = "When hosts apply it: now, when-idle, after-commit, ask-user, deadline.")
    String policy;

    @Option(names = "--deadline", paramLabel = "ISO", description = "For --policy deadline: an instant, e.g. 2030-01-01T02:00:00Z.")
    String deadline;

    @Option(names = "--on-expiry", paramLabel = "ACTION", description = "For --policy deadline: disable:FEATURE[,FEATURE…] or shutdown.")
    String onExpiry;

    @Option(names = "--type", paramLabel = "T", description = "forced (default), soft, download-only, time-forced.")
    String type = "forced";

    @Option(names = "--forced-at", paramLabel = "ISO", description = "For --type time-forced: when soft becomes forced.")
    String forcedAt;

    @Option(names = "--window", paramLabel = "JSON",
            description = "Maintenance window, a JSON object, e.g. {\"days\":[\"SAT\"],\"start\":\"02:00\",\"durationMinutes\":120,\"zone\":\"UTC\"}.")
    String window;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    DeployCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Map<String, Object> body = request();
        JsonNode answer = admin.client().post("/admin/v1/deployments", body);
        if (json) {
            AdminCommands.printJson(io, answer);
        } else {
            String to = target.channel != null ? "channel " + target.channel : target.clients.size() + " client(s)";
            io.out().println("Deployment " + AdminCommands.text(answer, "deploymentId") + ": release "
                    + AdminCommands.text(answer, "releaseId") + " to " + to + ", " + AdminCommands.text(answer, "actionType")
                    + ", policy " + answer.path("policy").path("name").asText());
            io.out().flush();
        }
        return 0;
    }

    /** The request body, checked for form only (the server decides what combinations mean). */
    Map<String, Object> request() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("releaseId", releaseId);
        if (target.channel != null) {
            body.put("channel", target.channel);
        } else {
            body.put("clientIds", target.clients);
        }
        body.put("actionType", enumName("--type", type, "forced", "soft", "download-only", "time-forced"));
        if (forcedAt != null) {
            body.put("forcedAt", instant("--forced-at", forcedAt));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", enumName("--policy", policy, "now", "when-idle", "after-commit", "ask-user", "deadline"));
        if (deadline != null) {
            p.put("deadline", instant("--deadline", deadline));
        }
        if (onExpiry != null) {
            if (onExpiry.equals("shutdown")) {
                p.put("deadlineAction", "SHUT_DOWN");
            } else if (onExpiry.startsWith("disable:") && onExpiry.length() > "disable:".length()) {
                p.put("deadlineAction", "DISABLE_FEATURES");
                p.put("features", Arrays.stream(onExpiry.substring("disable:".length()).split(",")).map(String::strip).toList());
            } else {
                throw usage("--on-expiry: '" + onExpiry + "' is not disable:FEATURE[,FEATURE…] or shutdown");
            }
        }
        body.put("policy", p);
        if (window != null) {
            try {
                JsonNode parsed = OperatorConfig.MAPPER.readTree(window);
                if (parsed == null || !parsed.isObject()) {
                    throw usage("--window: must be a JSON object");
                }
                body.put("maintenanceWindow", parsed);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw usage("--window: not JSON: " + Table.oneLine(String.valueOf(e.getOriginalMessage())));
            }
        }
        return body;
    }

    private String enumName(String option, String value, String... allowed) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(lower)) {
            throw usage(option + ": '" + value + "' is not one of " + String.join(", ", allowed));
        }
        return lower.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private String instant(String option, String value) {
        try {
            return Instant.parse(value).toString();
        } catch (DateTimeParseException e) {
            throw usage(option + ": '" + value + "' is not an ISO-8601 instant like 2030-01-01T02:00:00Z");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
