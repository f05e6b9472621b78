package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay rollout create|status|list|pause|resume|cancel|rollback}: staged rollouts of a release to a channel,
 * group by group; the server starts each group when the previous one reached its success threshold and halts the
 * rollout when a group crosses its error threshold (install failures, or health DOWN within the soak).
 */
@Command(name = "rollout", description = {"Roll a release out to a channel in groups that start one after the other",
        "and halt on failures or unhealthy hosts. See docs/guides/operator.md, 'Staged rollouts'."})
final class RolloutCommand implements Runnable {
    static final String ROLLOUTS = "/admin/v1/rollouts";
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");
    private static final Pattern NUMBER = Pattern.compile("(\\d{1,6})(%?)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "'create', 'status', 'list', 'pause', 'resume', 'cancel' or 'rollback' is needed");
    }

    static CommandLine create(Io io) {
        CommandLine rollout = new CommandLine(new RolloutCommand());
        rollout.addSubcommand("create", new Create(io));
        rollout.addSubcommand("status", new Status(io));
        rollout.addSubcommand("list", new ListRollouts(io));
        rollout.addSubcommand("pause", new Action(io, "pause"));
        rollout.addSubcommand("resume", new Action(io, "resume"));
        rollout.addSubcommand("cancel", new Action(io, "cancel"));
        rollout.addSubcommand("rollback", new Action(io, "rollback"));
        return rollout;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = {
            "Create a rollout; its first group starts at once. Percent groups are cumulative shares of the channel",
            "(10%% then 50%% then 100%%: the second group adds 40 %% of the hosts); a host's group is stable."})
    static final class Create implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--release", paramLabel = "R", required = true, description = "The release to roll out.")
        String release;

        @Option(names = "--channel", paramLabel = "C", required = true, description = "The channel it goes to.")
        String channel;

        @Option(names = "--name", paramLabel = "N", description = "A name for it (default: the release id).")
        String name;

        @Option(names = "--group", paramLabel = "G", required = true, description = {"A group, in order: a cumulative",
                "share like 10%% or 100%%, or explicit hosts clients:ID,ID. Repeat for each group."})
        List<String> groups;

        @Option(names = "--success-threshold", paramLabel = "P",
                description = "Percent of a group that must succeed before the next starts (default 100).")
        String success;

        @Option(names = "--error-threshold", paramLabel = "T", description = {"Failures in one group that halt the",
                "rollout: a count (1, the default) or a percent of the group (5%%)."})
        String error;

        @Option(names = "--soak", paramLabel = "D", description = {"How long a host must stay healthy after installing",
                "to count as a success: 0s, 30s, 10m, 1h (default 10m; at most 7d)."})
        String soak;

        @Option(names = "--action-type", paramLabel = "A", description = "FORCED (default), SOFT or DOWNLOAD_ONLY.")
        String actionType;

        @Option(names = "--policy", paramLabel = "P", description = "NOW (default), WHEN_IDLE, AFTER_COMMIT or ASK_USER.")
        String policy;

        @Option(names = "--json", description = "Machine-readable output (the rollout as the server answers).")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Create(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name != null ? name : release);
            body.put("releaseId", release);
            body.put("channel", channel);
            List<Object> parsed = new ArrayList<>();
            for (String group : groups) {
                parsed.add(group(group));
            }
            body.put("groups", parsed);
            if (success != null) {
                Matcher m = NUMBER.matcher(success.strip());
                if (!m.matches()) {
                    throw usage("--success-threshold: '" + success + "' is not a percent like 90 or 90%");
                }
                body.put("successThreshold", Integer.parseInt(m.group(1)));
            }
            if (error != null) {
                Matcher m = NUMBER.matcher(error.strip());
                if (!m.matches()) {
                    throw usage("--error-threshold: '" + error + "' is not a count like 1 or a percent like 5%");
                }
                body.put("errorThreshold", Map.of(m.group(2).isEmpty() ? "count" : "percent",
                        Integer.parseInt(m.group(1))));
            }
            if (soak != null) {
                body.put("soakSeconds", soak.strip().matches("0+[smhd]?") ? 0
                        : AdminCommands.EnrollToken.duration(spec, "--soak", soak).toSeconds());
            }
            if (actionType != null) {
                body.put("actionType", actionType);
            }
            if (policy != null) {
                body.put("policy", policy);
            }
            JsonNode rollout = admin.client().post(ROLLOUTS, body);
            return Status.print(io, rollout, json);
        }

        private Object group(String text) {
            String value = text.strip();
            Matcher percent = PERCENT.matcher(value);
            if (percent.matches()) {
                return Map.of("percent", Integer.parseInt(percent.group(1)));
            }
            if (value.startsWith("clients:") && value.length() > "clients:".length()) {
                List<String> ids = new ArrayList<>();
                for (String id : value.substring("clients:".length()).split(",")) {
                    if (!id.isBlank()) {
                        ids.add(id.strip());
                    }
                }
                return Map.of("clientIds", ids);
            }
            throw usage("--group: '" + text + "' is neither a share like 10% nor clients:ID,ID");
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {"A rollout's state, halt reason, each",
            "group's counts (succeeded, failed, soaking, pending) and its recent history."})
    static final class Status implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "ID", description = "The rollout id (printed by create and list).")
        String id;

        @Option(names = "--json", description = "Machine-readable output: the server's answer as is.")
        boolean json;

        Status(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            return print(io, admin.client().get(ROLLOUTS + "/status?id=" + ListingCommands.encode(id)), json);
        }

        /** Skipped hosts named one per line; the rest are counted (all of them are in --json). */
        static final int SKIPPED_SHOWN = 10;

        static int print(Io io, JsonNode r, boolean json) {
            if (json) {
                AdminCommands.printJson(io, r);
                return 0;
            }
            var out = io.out();
            JsonNode error = r.path("errorThreshold");
            out.println("Rollout " + t(r, "id") + " (" + t(r, "name") + "): release " + t(r, "releaseId")
                    + " to channel " + t(r, "channel") + ", " + t(r, "state"));
            out.println("  success threshold " + t(r, "successThreshold") + " %, error threshold "
                    + (error.path("count").isNumber() ? error.get("count").asInt() + " failure(s)"
                    : error.path("percent").asInt() + " %") + ", soak " + t(r, "soakSeconds") + "s, "
                    + t(r, "actionType") + "/" + t(r, "policy")
                    + (r.path("previousReleaseId").isTextual() ? ", channel ran " + t(r, "previousReleaseId") : ""));
            if (r.path("haltReason").isTextual()) {
                out.println("  HALTED: " + Table.oneLine(t(r, "haltReason")));
            }
            JsonNode back = r.path("rollbackDeployments");
            if (!back.isEmpty()) {
                for (JsonNode d : back) {
                    out.println("  rolled back: " + d.path("clientIds").size() + " host(s) to " + t(d, "releaseId")
                            + " (level " + t(d, "level") + ") by deployment " + t(d, "deploymentId"));
                }
                JsonNode skipped = r.path("rollbackSkipped");
                for (int i = 0; i < Math.min(skipped.size(), SKIPPED_SHOWN); i++) {
                    out.println("  not rolled back: " + t(skipped.get(i), "clientId") + ": "
                            + Table.oneLine(t(skipped.get(i), "reason")));
                }
                if (skipped.size() > SKIPPED_SHOWN) {
                    out.println("  not rolled back: " + (skipped.size() - SKIPPED_SHOWN) + " more (see --json)");
                }
            } else if (r.path("rollbackDeploymentId").isTextual()) {
                out.println("  rolled forward by deployment " + t(r, "rollbackDeploymentId"));
            }
            Table table = new Table("GROUP", "SELECTOR", "STATE", "SIZE", "SUCCEEDED", "FAILED", "SOAKING", "PENDING",
                    "STARTED", "DEPLOYMENT");
            for (JsonNode g : r.path("groups")) {
                table.row(t(g, "index"), t(g, "selector"), t(g, "state"), t(g, "size"), t(g, "succeeded"),
                        t(g, "failed"), t(g, "soaking"), t(g, "pending"), t(g, "startedAt"), t(g, "deploymentId"));
            }
            table.print(out);
            JsonNode events = r.path("events");
            for (int i = Math.max(0, events.size() - 10); i < events.size(); i++) {
                JsonNode e = events.get(i);
                out.println("  " + t(e, "at") + "  " + t(e, "kind") + (e.path("group").isNumber()
                        ? " group " + t(e, "group") : "") + (e.path("detail").isTextual()
                        ? ": " + Table.oneLine(t(e, "detail")) : ""));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Rollouts, newest first.")
    static final class ListRollouts implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (1-1000, default ${DEFAULT-VALUE}).")
        int limit = 100;

        @Option(names = "--json", description = "Machine-readable output: {\"rollouts\":[…]}.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        ListRollouts(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            if (limit < 1 || limit > ListingCommands.PAGE) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 1.." + ListingCommands.PAGE);
            }
            JsonNode answer = admin.client().get(ROLLOUTS + "/list?limit=" + limit);
            if (json) {
                AdminCommands.printJson(io, answer);
                return 0;
            }
            Table table = new Table("ROLLOUT", "NAME", "RELEASE", "CHANNEL", "STATE", "CREATED", "HALT-REASON");
            for (JsonNode r : answer.path("rollouts")) {
                table.row(t(r, "id"), t(r, "name"), t(r, "releaseId"), t(r, "channel"), t(r, "state"),
                        t(r, "createdAt"), t(r, "haltReason"));
            }
            table.print(io.out());
            io.out().println(table.size() + " rollout(s)");
            io.out().flush();
            return 0;
        }
    }

    @Command(mixinStandardHelpOptions = true, description = {"pause: no further group starts (the running one goes on",
            "and may still halt); resume; cancel: the running group's deployment is cancelled; rollback (HALTED only,",
            "once): take the hosts that committed the release back to the release each committed before (a host",
            "applies it only if it committed exactly those bytes before; hosts that ran their initial bundles are",
            "listed as not rolled back), or with --release move them forward to that release, one above it."})
    static final class Action implements Callable<Integer> {
        private final Io io;
        private final String action;

        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "ID", description = "The rollout id.")
        String id;

        @Option(names = "--release", paramLabel = "R", description = {"rollback only: roll forward to release R (above",
                "the halted one) instead of back to each host's previous release."})
        String release;

        @Option(names = "--json", description = "Machine-readable output (the rollout after the change).")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Action(Io io, String action) {
            this.io = io;
            this.action = action;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id);
            if (release != null) {
                if (!action.equals("rollback")) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--release applies to rollback only");
                }
                body.put("releaseId", release);
            }
            return Status.print(io, admin.client().post(ROLLOUTS + "/" + action, body), json);
        }
    }

    private static String t(JsonNode node, String field) {
        return AdminCommands.text(node, field);
    }
}
