package io.patchbay.operator.cli;

import static io.patchbay.operator.cli.AdminCommands.printJson;
import static io.patchbay.operator.cli.AdminCommands.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Who may do what: admin tokens ({@code admin-token create|list|revoke}) and revoking a client ({@code revoke}). */
final class AccessCommands {
    private AccessCommands() {
    }

    @Command(name = "admin-token", description = "Issue, list and revoke admin tokens (OPERATOR token needed).")
    static final class AdminToken implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "'admin-token create|list|revoke' is needed");
        }
    }

    enum Role {
        READ_ONLY, OPERATOR;

        /** Accepts read-only, READ_ONLY, operator... */
        static Role parse(String text) {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Issue an admin token; its value is printed once (the server keeps only its hash).",
                    "A read-only token sees the fleet, releases and reports and can change nothing."})
    static final class Create implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--role", required = true, paramLabel = "ROLE", converter = RoleConverter.class,
                description = "read-only or operator.")
        Role role;

        @Option(names = "--label", paramLabel = "TEXT", description = "Who or what holds it (shown by list).")
        String label;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        Create(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("role", role.name());
            body.put("label", label);
            JsonNode answer = admin.client().post("/admin/v1/admin-tokens", body);
            if (json) {
                printJson(io, answer);
            } else {
                io.out().println(text(answer, "token"));
                io.out().println("(id " + text(answer, "id") + ", " + text(answer, "role") + "; shown this once)");
                io.out().flush();
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List admin tokens (never their values).")
    static final class List implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--json", description = "Machine-readable output: {\"tokens\":[…]}.")
        boolean json;

        List(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            JsonNode answer = admin.client().get("/admin/v1/admin-tokens/list");
            if (json) {
                printJson(io, answer);
                return 0;
            }
            Table table = new Table("ID", "ROLE", "LABEL", "CREATED", "REVOKED");
            for (JsonNode t : answer.path("tokens")) {
                table.row(text(t, "id"), text(t, "role"), text(t, "label"), text(t, "createdAt"), text(t, "revokedAt"));
            }
            table.print(io.out());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an admin token at once (not the last OPERATOR token).")
    static final class Revoke implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "ID", description = "The token's id (from list).")
        String id;

        Revoke(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            admin.client().post("/admin/v1/admin-tokens/revoke", Map.of("id", id));
            io.out().println("Revoked admin token " + id);
            io.out().flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a client's keys: its requests are refused from now on, and it must enroll again",
                    "with a new enrollment token (a stolen or decommissioned host)."})
    static final class RevokeClient implements Callable<Integer> {
        private final Io io;

        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "CLIENT", description = "The client id (from fleet).")
        String clientId;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        RevokeClient(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            JsonNode answer = admin.client().post("/admin/v1/clients/revoke", Map.of("clientId", clientId));
            if (json) {
                printJson(io, answer);
            } else {
                io.out().println(answer.path("revoked").asBoolean() ? "Revoked client " + clientId
                        : "Client " + clientId + " was already revoked");
                io.out().flush();
            }
            return 0;
        }
    }

    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a role: read-only or operator");
            }
        }
    }
}
