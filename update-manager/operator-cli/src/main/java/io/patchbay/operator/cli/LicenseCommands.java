package io.patchbay.operator.cli;

import static io.patchbay.operator.cli.AdminCommands.printJson;
import static io.patchbay.operator.cli.AdminCommands.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code patchbay license issue|list|show|revoke|suspend|reinstate|flags|offline-activate|keys}: the license server's
 * admin API ({@code /admin/v1/licenses/...}, served when patchbay-license-server is on the server's class path). Only
 * HTTP: this module has no compile dependency on the license manager. {@code --json} prints the server's answer.
 */
final class LicenseCommands {
    static final String BASE = "/admin/v1/licenses";
    private static final Pattern FEATURE = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63})(?:@(\\S+))?");
    private static final Pattern LIMIT = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63})\\.([A-Za-z0-9][A-Za-z0-9_-]{0,63})=(\\d{1,18})");

    private LicenseCommands() {
    }

    /** The command group, with every subcommand writing to {@code io}. */
    static CommandLine create(Io io) {
        CommandLine license = new CommandLine(new Group());
        license.addSubcommand("issue", new Issue(io));
        license.addSubcommand("list", new ListLicenses(io));
        license.addSubcommand("show", new Show(io));
        license.addSubcommand("revoke", new ChangeStatus(io, "revoke", "Revoked"));
        license.addSubcommand("suspend", new ChangeStatus(io, "suspend", "Suspended"));
        license.addSubcommand("reinstate", new ChangeStatus(io, "reinstate", "Reinstated"));
        license.addSubcommand("flags", new Flags(io));
        license.addSubcommand("offline-activate", new OfflineActivate(io));
        license.addSubcommand("keys", new Keys(io));
        return license;
    }

    @Command(name = "license", description = "Issue and manage licenses: activations, seats, misuse flags (license server).")
    static final class Group implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "'license issue|list|show|revoke|suspend|reinstate|flags|offline-activate|keys' is needed");
        }
    }

    /** What every license command shares: the admin connection and --json. */
    abstract static class Base implements Callable<Integer> {
        final Io io;

        @Mixin
        AdminOptions admin;

        @Option(names = "--json", description = "Print the server's answer as JSON.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        Base(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() throws Exception {
            JsonNode answer = fetch();
            if (json) {
                printJson(io, answer);
            } else {
                human(answer);
                io.out().flush();
            }
            return 0;
        }

        abstract JsonNode fetch() throws Exception;

        abstract void human(JsonNode answer);
    }

    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = {"Issue a license. Its key is printed once (the server keeps only its hash): give it to the",
                    "customer, whose instances activate with it."})
    static final class Issue extends Base {
        @Option(names = "--customer", required = true, paramLabel = "NAME", description = "Who it is for.")
        String customer;

        @Option(names = "--feature", required = true, paramLabel = "NAME[@EXPIRY]",
                description = "A licensed feature, optionally with its own expiry (ISO-8601); repeatable.")
        List<String> features;

        @Option(names = "--limit", paramLabel = "FEATURE.NAME=N", description = "A numeric limit of a feature; repeatable.")
        List<String> limits = new ArrayList<>();

        @Option(names = "--expires", paramLabel = "INSTANT", description = "End of validity (ISO-8601); default: perpetual.")
        String expires;

        @Option(names = "--not-before", paramLabel = "INSTANT", description = "Start of validity; default: now.")
        String notBefore;

        @Option(names = "--max-machines", paramLabel = "N", description = "Machines it may be active on (default 1; with --seats 10000).")
        Integer maxMachines;

        @Option(names = "--seats", paramLabel = "N", description = "Floating: at most N concurrent leases.")
        Integer seats;

        @Option(names = "--seat-timeout", paramLabel = "DURATION", description = "A seat without heartbeat dies after this (default 15m).")
        String seatTimeout;

        @Option(names = "--check-in", paramLabel = "DURATION", description = "Lease: renew every DURATION (trials, subscriptions).")
        String checkIn;

        @Option(names = "--offline-grace", paramLabel = "DURATION", description = "Lease: features keep running this long offline.")
        String offlineGrace;

        @Option(names = "--max-transfers", paramLabel = "N", description = "Moves to a new machine allowed (default 0).")
        Integer maxTransfers;

        @Option(names = "--max-activations-per-day", paramLabel = "N", description = "Churn above this is misuse (default 20; with --seats 4 per seat).")
        Integer maxActivationsPerDay;

        @Option(names = "--misuse-action", paramLabel = "ACTION", description = "flag (record only, default) or suspend.")
        String misuseAction;

        Issue(Io io) {
            super(io);
        }

        @Override
        JsonNode fetch() {
            Map<String, Map<String, Long>> featureLimits = new LinkedHashMap<>();
            for (String limit : limits) {
                Matcher m = LIMIT.matcher(limit);
                if (!m.matches()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--limit " + limit + ": FEATURE.NAME=N");
                }
                featureLimits.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2), Long.parseLong(m.group(3)));
            }
            List<Map<String, Object>> grants = new ArrayList<>();
            for (String feature : features) {
                Matcher m = FEATURE.matcher(feature);
                if (!m.matches()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--feature " + feature + ": NAME[@EXPIRY]");
                }
                Map<String, Object> grant = new LinkedHashMap<>();
                grant.put("name", m.group(1));
                grant.put("expiresAt", m.group(2));
                grant.put("limits", featureLimits.remove(m.group(1)));
                grants.add(grant);
            }
            if (!featureLimits.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit names features not issued: "
                        + featureLimits.keySet());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("customer", customer);
            body.put("features", grants);
            body.put("notBefore", notBefore);
            body.put("expiresAt", expires);
            body.put("maxMachines", maxMachines);
            body.put("maxSeats", seats);
            body.put("seatTimeoutSeconds", seconds("--seat-timeout", seatTimeout));
            body.put("checkInSeconds", seconds("--check-in", checkIn));
            body.put("offlineGraceSeconds", seconds("--offline-grace", offlineGrace));
            body.put("maxTransfers", maxTransfers);
            body.put("maxActivationsPerDay", maxActivationsPerDay);
            body.put("misuseAction", misuseAction == null ? null : misuseAction.toUpperCase(java.util.Locale.ROOT));
            return admin.client().post(BASE, body);
        }

        private Long seconds(String option, String value) {
            if (value == null) {
                return null;
            }
            Duration d = AdminCommands.EnrollToken.duration(spec, option, value);
            return d.toSeconds();
        }

        @Override
        void human(JsonNode answer) {
            io.out().println(text(answer, "licenseKey"));
            io.out().println("(license " + text(answer.path("license"), "id") + " for "
                    + text(answer.path("license"), "customer") + "; the key is shown this once)");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List licenses, newest first.")
    static final class ListLicenses extends Base {
        @Option(names = "--status", paramLabel = "S", description = "Only ACTIVE, SUSPENDED or REVOKED licenses.")
        String status;

        ListLicenses(Io io) {
            super(io);
        }

        @Override
        JsonNode fetch() {
            return admin.client().get(BASE + "/list?limit=500" + (status == null ? ""
                    : "&status=" + status.toUpperCase(java.util.Locale.ROOT)));
        }

        @Override
        void human(JsonNode answer) {
            Table table = new Table("ID", "CUSTOMER", "STATUS", "FEATURES", "MACHINES", "SEATS", "EXPIRES");
            for (JsonNode l : answer.path("licenses")) {
                List<String> names = new ArrayList<>();
                l.path("features").forEach(f -> names.add(f.path("name").asText()));
                table.row(text(l, "id"), text(l, "customer"), text(l, "status"), String.join(",", names),
                        text(l.path("policy"), "maxMachines"), text(l.path("policy"), "maxSeats"), text(l, "expiresAt"));
            }
            table.print(io.out());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A license with its activations, seats, misuse flags and latest audit entries.")
    static final class Show extends Base {
        @Parameters(paramLabel = "ID", description = "The license id (from list).")
        String id;

        Show(Io io) {
            super(io);
        }

        @Override
        JsonNode fetch() {
            return admin.client().get(BASE + "/show?id=" + id(spec, id));
        }

        @Override
        void human(JsonNode answer) {
            JsonNode l = answer.path("license");
            io.out().println(text(l, "id") + "  " + text(l, "customer") + "  " + text(l, "status")
                    + (l.path("statusReason").isTextual() ? " (" + text(l, "statusReason") + ")" : ""));
            io.out().println("policy: " + l.path("policy"));
            Table activations = new Table("ACTIVATION", "INSTANCE", "ACTIVATED", "LAST SEEN", "ENDED");
            answer.path("activations").forEach(a -> activations.row(text(a, "id"), text(a, "instanceKey"),
                    text(a, "activatedAt"), text(a, "lastSeenAt"), text(a, "deactivatedWhy")));
            activations.print(io.out());
            printFlags(io, answer.path("flags"));
        }
    }

    @Command(name = "flags", mixinStandardHelpOptions = true, description = "Misuse flags, of one license or all, with reasons.")
    static final class Flags extends Base {
        @Parameters(arity = "0..1", paramLabel = "ID", description = "Only this license's flags.")
        String id;

        Flags(Io io) {
            super(io);
        }

        @Override
        JsonNode fetch() {
            return admin.client().get(BASE + "/flags?limit=500" + (id == null ? "" : "&id=" + id(spec, id)));
        }

        @Override
        void human(JsonNode answer) {
            printFlags(io, answer.path("flags"));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Change a license's status; instances learn it at their next renewal.")
    static final class ChangeStatus extends Base {
        private final String action;
        private final String done;

        @Parameters(paramLabel = "ID", description = "The license id.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the audit trail).")
        String reason;

        ChangeStatus(Io io, String action, String done) {
            super(io);
            this.action = action;
            this.done = done;
        }

        @Override
        JsonNode fetch() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", id(spec, id));
            body.put("reason", reason);
            return admin.client().post(BASE + "/" + action, body);
        }

        @Override
        void human(JsonNode answer) {
            io.out().println(done + " license " + id + " (" + answer.path("notified").asInt() + " instance(s) woken"
                    + " through push; the others learn it at their next renewal)");
        }
    }

    @Command(name = "offline-activate", mixinStandardHelpOptions = true,
            description = {"Turn an air-gapped host's signed activation request file into its license token, written",
                    "to --out (or printed); the host imports that file."})
    static final class OfflineActivate extends Base {
        @Parameters(paramLabel = "REQUEST", description = "The request file the host wrote.")
        Path request;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the token (default: stdout).")
        Path out;

        OfflineActivate(Io io) {
            super(io);
        }

        @Override
        JsonNode fetch() {
            String jws;
            try {
                if (Files.size(request) > 32 * 1024) {
                    throw new CliException(CliException.FAILED, request + " is larger than a request file can be");
                }
                jws = Files.readString(request, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new CliException(CliException.FAILED, "cannot read " + request + ": " + e.getMessage(), e);
            }
            JsonNode answer = admin.client().post(BASE + "/offline-activate", Map.of("request", jws));
            if (out != null) {
                try {
                    Files.writeString(out, text(answer, "token") + "\n", StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new CliException(CliException.FAILED, "cannot write " + out + ": " + e.getMessage(), e);
                }
            }
            return answer;
        }

        @Override
        void human(JsonNode answer) {
            if (out == null) {
                io.out().println(text(answer, "token"));
            } else {
                io.out().println("Wrote the token of license " + text(answer, "licenseId") + " to " + out);
            }
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "The vendor public keys hosts verify license tokens with (key id, base64url, active).")
    static final class Keys extends Base {
        Keys(Io io) {
            super(io);
        }

        @Override
        JsonNode fetch() {
            return admin.client().get(BASE + "/keys");
        }

        @Override
        void human(JsonNode answer) {
            Table table = new Table("KEY ID", "PUBLIC KEY", "ACTIVE");
            answer.path("keys").forEach(k -> table.row(text(k, "keyId"), text(k, "publicKey"), text(k, "active")));
            table.print(io.out());
        }
    }

    static void printFlags(Io io, JsonNode flags) {
        Table table = new Table("LICENSE", "KIND", "ACTION", "COUNT", "LAST", "REASON");
        flags.forEach(f -> table.row(text(f, "licenseId"), text(f, "kind"), text(f, "action"), text(f, "occurrences"),
                text(f, "lastAt"), text(f, "reason")));
        table.print(io.out());
    }

    /** A license id as typed: refused here when it cannot be one, so nothing odd reaches a URL. */
    static String id(CommandLine.Model.CommandSpec spec, String id) {
        if (!id.matches("lic_[0-9a-f]{24}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + id + "' is not a license id (lic_ and 24 hex digits)");
        }
        return id;
    }
}
