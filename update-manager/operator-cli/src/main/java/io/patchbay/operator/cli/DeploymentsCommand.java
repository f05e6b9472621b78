package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code patchbay deployments}: the deployments, newest first (active and cancelled, or {@code --active}), or with
 * {@code --status D} the per-deployment report: each client the deployment names, its state, last report and
 * policy summary. {@code --json} prints {@code {"deployments":[…]}}, or for {@code --status} the server's answer
 * with every page's clients in one array, field names as in the admin API.
 */
@Command(name = "deployments", mixinStandardHelpOptions = true,
        description = {"List deployments, newest first: release, target (channel or clients), action type, policy,",
                "created and cancelled times. --status D: each client of deployment D with its state (PENDING,",
                "AT_LEVEL, REVOKED or its last reported state), last report and policy summary."})
final class DeploymentsCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    AdminOptions admin;

    @Option(names = "--active", description = "Only deployments not cancelled.")
    boolean active;

    @Option(names = "--status", paramLabel = "D", description = "The per-client report of deployment D.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N deployments (1-1000, default ${DEFAULT-VALUE}).")
    int limit = 100;

    @Option(names = "--json", description = "Machine-readable output: {\"deployments\":[…]}, or the status report.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    DeploymentsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (limit < 1 || limit > ListingCommands.PAGE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 1.." + ListingCommands.PAGE);
        }
        if (status != null) {
            if (active) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--active does not apply to --status");
            }
            return status(admin.client());
        }
        JsonNode answer = admin.client().get("/admin/v1/deployments/list?limit=" + limit + (active ? "&active=true" : ""));
        if (json) {
            ObjectNode doc = OperatorConfig.MAPPER.createObjectNode();
            doc.set("deployments", answer.path("deployments"));
            AdminCommands.printJson(io, doc);
            return 0;
        }
        Table table = new Table("DEPLOYMENT", "RELEASE", "TARGET", "TYPE", "POLICY", "CREATED", "CANCELLED");
        for (JsonNode d : answer.path("deployments")) {
            String target = d.path("channel").isTextual() ? "channel " + d.get("channel").asText()
                    : d.path("clientIds").size() + " client(s)";
            table.row(t(d, "deploymentId"), t(d, "releaseId"), target, t(d, "actionType"), policy(d.path("policy")),
                    t(d, "createdAt"), t(d, "cancelledAt"));
        }
        table.print(io.out());
        io.out().println(table.size() + (active ? " active" : "") + " deployment(s)");
        io.out().flush();
        return 0;
    }

    private int status(AdminClient client) {
        String path = "/admin/v1/deployments/status?id=" + ListingCommands.encode(status) + "&limit=" + ListingCommands.PAGE;
        JsonNode first = client.get(path);
        ArrayNode clients = ListingCommands.allPages(client, path, "clients");
        if (json) {
            ObjectNode doc = ((ObjectNode) first.deepCopy());
            doc.remove("next");
            doc.set("clients", clients);
            AdminCommands.printJson(io, doc);
            return 0;
        }
        io.out().println("Deployment " + t(first, "deploymentId") + ": release " + t(first, "releaseId") + " (level "
                + t(first, "level") + ")" + (first.path("cancelledAt").isTextual()
                ? ", cancelled " + first.get("cancelledAt").asText() : ""));
        Table table = new Table("CLIENT", "STATE", "SEQUENCE", "LAST-SEEN", "LAST-REPORT", "POLICY", "CAUSE");
        for (JsonNode c : clients) {
            JsonNode p = c.path("policy");
            String summary = p.isObject() ? "deferrals " + t(p, "deferrals") + ", choice " + t(p, "lastChoice")
                    + ", warnings " + p.path("warningsSent").size() + (p.path("enforced").asBoolean() ? ", enforced" : "")
                    + (p.path("lastDecision").isTextual() ? ", " + p.get("lastDecision").asText() : "") : null;
            table.row(t(c, "clientId"), t(c, "state"), t(c, "patchSequence"), t(c, "lastSeen"),
                    t(c.path("lastReport"), "receivedAt"), summary, t(c.path("lastReport"), "cause"));
        }
        table.print(io.out());
        io.out().println(table.size() + " client(s)");
        io.out().flush();
        return 0;
    }

    private static String policy(JsonNode p) {
        String name = t(p, "name");
        if (p.path("deadline").isTextual()) {
            name += " " + p.get("deadline").asText() + " " + t(p, "deadlineAction")
                    + (p.path("features").isArray() ? " " + p.get("features").toString() : "");
        }
        return name;
    }

    private static String t(JsonNode node, String field) {
        return AdminCommands.text(node, field);
    }
}
