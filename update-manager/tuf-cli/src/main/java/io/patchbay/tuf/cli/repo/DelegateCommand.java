package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.repo.DelegationSpec;
import io.patchbay.tuf.repo.TufRepository;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "delegate", description = "Delegate target paths (or hash prefixes) to a role, or change an existing "
        + "delegation; a new role starts empty.")
final class DelegateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RepoOptions options;

    @Option(names = "--name", required = true, paramLabel = "ROLE", description = "Delegated role name.")
    String name;

    @Option(names = "--from", defaultValue = "targets", paramLabel = "ROLE",
            description = "Delegating role (default ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--key", required = true, paramLabel = "KEYID|FILE.pub",
            description = "Key of the delegated role: a key id (prefix) in the ring or a .pub file (repeatable).")
    List<String> keys;

    @Option(names = "--threshold", defaultValue = "1", paramLabel = "N")
    int threshold;

    @Option(names = "--terminating", description = "Stop the search at this role for the paths it matches.")
    boolean terminating;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    static final class Scope {
        @Option(names = "--path", paramLabel = "PATTERN", description = "Path pattern, e.g. 'bundles/*.jar' (repeatable).")
        List<String> paths;

        @Option(names = "--hash-prefix", paramLabel = "HEX", description = "Prefix of SHA-256(target path) (repeatable).")
        List<String> hashPrefixes;
    }

    private final Clock clock;

    DelegateCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        TufRepository repo = options.open(clock);
        List<TufKey> resolved = KeyArgs.resolve(keys, options.ring());
        repo.delegate(new DelegationSpec(name, from, resolved, threshold, terminating, scope.paths, scope.hashPrefixes));
        return RepoOptions.report(repo.publish(), spec.commandLine().getOut());
    }
}
