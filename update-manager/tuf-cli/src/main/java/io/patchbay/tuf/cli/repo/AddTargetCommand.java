package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.repo.TufRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "add-target", description = "Add files (bundle jars get custom.bundle from their manifest) and publish.")
final class AddTargetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOptions options;

    @Option(names = "--role", defaultValue = "targets", paramLabel = "ROLE",
            description = "Targets role that lists them (default ${DEFAULT-VALUE}; or a delegated role).")
    String role;

    @Option(names = "--path", paramLabel = "TARGETPATH", description = "Target path (only with a single file).")
    String path;

    @Option(names = "--path-prefix", defaultValue = "", paramLabel = "PREFIX",
            description = "Prefix for target paths made from file names, e.g. bundles/.")
    String pathPrefix;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    private final Clock clock;

    AddTargetCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (path != null && files.size() != 1) {
            throw new IllegalArgumentException("--path names one target; give exactly one FILE with it");
        }
        TufRepository repo = options.open(clock);
        for (Path file : files) {
            String targetPath = path != null ? path : pathPrefix + file.getFileName();
            TargetFile target = repo.addTarget(file, targetPath, role);
            spec.commandLine().getOut().println("target " + target.path() + " length=" + target.length()
                    + " sha256=" + target.hashes().get("sha256")
                    + (target.custom() == null ? "" : " bundle=" + target.custom().path("bundle")));
        }
        return RepoOptions.report(repo.publish(), spec.commandLine().getOut());
    }
}
