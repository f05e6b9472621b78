package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The listings: {@code fleet} ({@code --dead}, {@code --lagging}), {@code reports}, {@code releases}. With
 * {@code --json} each prints one JSON object whose array holds the server's records unchanged (field names as
 * in the admin API): {@code {"clients":[…]}}, {@code {"installs":[…]}}, {@code {"releases":[…]}}.
 */
final class ListingCommands {
    static final int PAGE = 1000;

    private ListingCommands() {
    }

    @Command(name = "fleet", mixinStandardHelpOptions = true,
            description = {"List enrolled clients: state (ALIVE, DEAD, NEVER_SEEN, REVOKED), patch sequence, last seen,",
                    "and the health its host's checks reported at that check-in (UP, DOWN with the failing checks).",
                    "--dead: only clients silent for the server's dead-after intervals; --lagging: clients below",
                    "the level of the deployment assigned to them."})
    static final class Fleet implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--dead", description = "Only dead clients.")
        boolean dead;

        @Option(names = "--lagging", description = "Only clients behind their assigned deployment.")
        boolean lagging;

        @Option(names = "--channel", paramLabel = "C", description = "Only clients of channel C (not with --lagging).")
        String channel;

        @Option(names = "--json", description = "Machine-readable output: {\"clients\":[…]}.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Fleet(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            if (dead && lagging) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dead and --lagging are exclusive");
            }
            if (lagging && channel != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--channel does not apply to --lagging");
            }
            AdminClient client = admin.client();
            String path = lagging ? "/admin/v1/clients/lagging?limit=" + PAGE
                    : "/admin/v1/clients?limit=" + PAGE + (dead ? "&dead=true" : "")
                    + (channel == null ? "" : "&channel=" + encode(channel));
            ArrayNode clients = allPages(client, path, "clients");
            if (json) {
                ObjectNode doc = OperatorConfig.MAPPER.createObjectNode();
                doc.set("clients", clients);
                AdminCommands.printJson(io, doc);
                return 0;
            }
            Table table = lagging
                    ? new Table("CLIENT", "CHANNEL", "SEQUENCE", "ASSIGNED", "RELEASE", "DEPLOYMENT", "LAST-SEEN")
                    : new Table("CLIENT", "CHANNEL", "STATE", "SEQUENCE", "LAST-SEEN", "HEALTH");
            for (JsonNode c : clients) {
                if (lagging) {
                    table.row(t(c, "clientId"), t(c, "channel"), t(c, "patchSequence"), t(c, "assignedLevel"),
                            t(c, "releaseId"), t(c, "deploymentId"), t(c, "lastSeen"));
                } else {
                    table.row(t(c, "clientId"), t(c, "channel"), t(c, "state"), t(c, "patchSequence"), t(c, "lastSeen"),
                            health(c));
                }
            }
            table.print(io.out());
            io.out().println(clients.size() + (lagging ? " lagging" : dead ? " dead" : "") + " client(s)");
            io.out().flush();
            return 0;
        }
    }

    /** UP, DOWN (the failing checks), or - when the host reports no health. */
    static String health(JsonNode client) {
        String health = client.path("health").asText("");
        if (health.isEmpty()) {
            return "-";
        }
        String failing = client.path("healthFailing").asText("");
        return failing.isEmpty() ? health : health + " (" + failing + ")";
    }

    @Command(name = "reports", mixinStandardHelpOptions = true,
            description = "List failed installs (rejected, rolled back, crashed) with their causes, newest first.")
    static final class Reports implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--limit", paramLabel = "N", description = "At most N reports (1-1000, default ${DEFAULT-VALUE}).")
        int limit = 100;

        @Option(names = "--json", description = "Machine-readable output: {\"installs\":[…]} with timings and log excerpts.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Reports(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            if (limit < 1 || limit > PAGE) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 1.." + PAGE);
            }
            JsonNode answer = admin.client().get("/admin/v1/installs/failed?limit=" + limit);
            if (json) {
                ObjectNode doc = OperatorConfig.MAPPER.createObjectNode();
                doc.set("installs", answer.path("installs"));
                AdminCommands.printJson(io, doc);
                return 0;
            }
            Table table = new Table("RECEIVED", "CLIENT", "SEQUENCE", "STATE", "CAUSE");
            for (JsonNode r : answer.path("installs")) {
                table.row(t(r, "receivedAt"), t(r, "clientId"), t(r, "targetSequence"), t(r, "state"), t(r, "cause"));
            }
            table.print(io.out());
            io.out().println(table.size() + " failed install(s)");
            io.out().flush();
            return 0;
        }
    }

    @Command(name = "releases", mixinStandardHelpOptions = true, description = "List sealed releases, newest first.")
    static final class Releases implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--json", description = "Machine-readable output: {\"releases\":[…]}.")
        boolean json;

        Releases(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            JsonNode answer = admin.client().get("/admin/v1/releases/list?limit=" + PAGE);
            if (json) {
                ObjectNode doc = OperatorConfig.MAPPER.createObjectNode();
                doc.set("releases", answer.path("releases"));
                AdminCommands.printJson(io, doc);
                return 0;
            }
            Table table = new Table("RELEASE", "LEVEL", "CREATED", "BUNDLES");
            for (JsonNode r : answer.path("releases")) {
                StringBuilder bundles = new StringBuilder();
                for (JsonNode b : r.path("targets")) {
                    bundles.append(bundles.length() == 0 ? "" : ", ").append(t(b, "symbolicName")).append(' ')
                            .append(t(b, "version"));
                }
                table.row(t(r, "releaseId"), t(r, "level"), t(r, "createdAt"), bundles);
            }
            table.print(io.out());
            return 0;
        }
    }

    /** Follows the server's {@code next} cursor ({@code after=}) until the last page. */
    static ArrayNode allPages(AdminClient client, String path, String field) {
        ArrayNode all = OperatorConfig.MAPPER.createArrayNode();
        String after = null;
        do {
            JsonNode page = client.get(path + (after == null ? "" : "&after=" + encode(after)));
            page.path(field).forEach(all::add);
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (after != null);
        return all;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String t(JsonNode node, String field) {
        return AdminCommands.text(node, field);
    }
}
