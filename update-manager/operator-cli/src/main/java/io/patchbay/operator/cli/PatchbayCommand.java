package io.patchbay.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code patchbay}: the operator's command line (see docs/guides/operator.md). */
@Command(name = "patchbay", mixinStandardHelpOptions = true, version = "patchbay 0.1.0-SNAPSHOT",
        description = "Operate a Patchbay update server: set it up, publish and deploy bundles, watch the fleet.",
        footer = {"", "Exit codes: 0 ok, 1 local failure, 2 usage error, 3 server refused, 4 server unreachable,",
                "5 server key not the pinned one (nothing sent), 6 certificate renewal phase out of order,",
                "7 certificate renewal waiting for clients (activate --force overrides)."})
final class PatchbayCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of failures.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
    }

    /** The command tree, with every command writing to {@code io}. */
    static CommandLine create(Io io) {
        CommandLine root = new CommandLine(new PatchbayCommand());
        CommandLine server = new CommandLine(new ServerCommands());
        server.addSubcommand("init", new ServerCommands.Init(io));
        server.addSubcommand("start", new ServerCommands.Start(io));
        CommandLine rotate = new CommandLine(new RotateCertCommand());
        rotate.addSubcommand("status", new RotateCertCommand.Status(io));
        rotate.addSubcommand("stage", new RotateCertCommand.Stage(io));
        rotate.addSubcommand("activate", new RotateCertCommand.Activate(io));
        rotate.addSubcommand("finish", new RotateCertCommand.Finish(io));
        server.addSubcommand("rotate-cert", rotate);
        server.addSubcommand("rotate-push-key", new PushCommand.RotateKey(io));
        server.addSubcommand("move-location", MoveLocationCommand.create(io));
        root.addSubcommand("server", server);
        root.addSubcommand("enroll-token", new AdminCommands.EnrollToken(io));
        root.addSubcommand("publish", new PublishCommand(io));
        root.addSubcommand("deploy", new DeployCommand(io));
        root.addSubcommand("cancel", new AdminCommands.Cancel(io));
        root.addSubcommand("releases", new ListingCommands.Releases(io));
        root.addSubcommand("fleet", new ListingCommands.Fleet(io));
        root.addSubcommand("reports", new ListingCommands.Reports(io));
        root.addSubcommand("deployments", new DeploymentsCommand(io));
        root.addSubcommand("license", LicenseCommands.create(io));
        CommandLine tokens = new CommandLine(new AccessCommands.AdminToken());
        tokens.addSubcommand("create", new AccessCommands.Create(io));
        tokens.addSubcommand("list", new AccessCommands.List(io));
        tokens.addSubcommand("revoke", new AccessCommands.Revoke(io));
        root.addSubcommand("admin-token", tokens);
        root.addSubcommand("revoke", new AccessCommands.RevokeClient(io));
        CommandLine push = new CommandLine(new PushCommand());
        push.addSubcommand("check-now", new PushCommand.CheckNow(io));
        push.addSubcommand("report-home", new PushCommand.ReportHome(io));
        push.addSubcommand("status", new PushCommand.Status(io));
        root.addSubcommand("push", push);
        root.addSubcommand("rollout", RolloutCommand.create(io));
        return root;
    }
}
